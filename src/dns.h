/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS lookups for the domain checks: A/AAAA (CNAMEs followed) and CAA. */
#ifndef AC_DNS_H
#define AC_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "src/err.h"
#include "src/xalloc.h"

/* CNAME chains longer than this are treated as a loop. */
#define AC_DNS_MAX_CNAMES 16

/* DNS record types used here (arpa/nameser.h may lack CAA). */
#define AC_DNS_T_A 1
#define AC_DNS_T_NS 2
#define AC_DNS_T_CNAME 5
#define AC_DNS_T_SOA 6
#define AC_DNS_T_TXT 16
#define AC_DNS_T_AAAA 28
#define AC_DNS_T_CAA 257

/* How a query ended. */
enum ac_dns_rcode {
	AC_DNS_OK,		/* records of the type were found */
	AC_DNS_NODATA,		/* the name exists, no records of the type */
	AC_DNS_NXDOMAIN,	/* the name does not exist */
	AC_DNS_FAIL,		/* timeout, SERVFAIL, REFUSED, bad answer */
};

/*
 * A resolver: a private res_state, never the process-wide _res.  Blocking;
 * one per thread.
 */
struct ac_dns;

/*
 * server is "IPv4[:PORT]", "IPv6" or "[IPv6]:PORT"; NULL uses the system's
 * resolver (/etc/resolv.conf).  Fails on a malformed server.
 */
struct ac_dns *ac_dns_new(const char *server, struct ac_err *err);
void ac_dns_free(struct ac_dns *d);

/* "IPv4[:PORT]", "IPv6" or "[IPv6]:PORT" as a socket address (port 53
 * when none is given); false when spec is not one. */
bool ac_dns_sockaddr(const char *spec, struct sockaddr_storage *ss,
		     socklen_t *len);

/*
 * The whole answer message to qname/type, when the server gave records
 * (*msg new, *len bytes; AC_DNS_OK); NXDOMAIN and NODATA leave them
 * untouched; on AC_DNS_FAIL err says why.  No CNAME is followed here.
 */
enum ac_dns_rcode ac_dns_query_raw(struct ac_dns *d, const char *qname,
				   int type, unsigned char **msg, size_t *len,
				   struct ac_err *err);

/* The records of one type an answer gave for a name. */
struct ac_dns_rrs {
	struct ac_strv cnames;	/* the CNAME chain followed, in order */
	struct ac_strv addrs;	/* A/AAAA as text */
	unsigned char **rdata;	/* other types: raw RDATA (owned) */
	size_t *rdlen;
	size_t nrdata;
};

void ac_dns_rrs_clear(struct ac_dns_rrs *r);

/*
 * Parses a DNS response to a query for qname/type: follows the CNAME chain
 * from qname inside the answer section (at most AC_DNS_MAX_CNAMES) and
 * collects the records of the type owned by the end of the chain.  Returns
 * the chain's end in *last (new string) when last is not NULL.  Fails on a
 * malformed message (err set, AC_ERR_NET).  Exposed for unit tests.
 */
bool ac_dns_parse(const unsigned char *msg, size_t len, const char *qname,
		  int type, struct ac_dns_rrs *out, char **last,
		  struct ac_err *err);

/*
 * Queries qname (an A-label name) for type and parses the answer, following
 * CNAMEs the resolver did not follow itself.  Returns the outcome; on
 * AC_DNS_FAIL err says why (not set for NXDOMAIN / NODATA).
 */
enum ac_dns_rcode ac_dns_query(struct ac_dns *d, const char *qname, int type,
			       struct ac_dns_rrs *out, struct ac_err *err);

/* A and AAAA of name together: AC_DNS_OK when either has records. */
enum ac_dns_rcode ac_dns_addrs(struct ac_dns *d, const char *name,
			       struct ac_dns_rrs *out, struct ac_err *err);

/* One CAA record (RFC 8659 4.1). */
struct ac_caa {
	bool critical;		/* issuer critical flag (bit 7 of flags) */
	char *tag;		/* lower-cased */
	char *value;
};

struct ac_caa_set {
	char *owner;		/* where the relevant RRset was found; NULL = none */
	struct ac_caa *v;
	size_t n;
};

void ac_caa_set_clear(struct ac_caa_set *s);

/* Parses one CAA RDATA; false when malformed. */
bool ac_caa_parse(const unsigned char *rdata, size_t len, struct ac_caa *out);

/*
 * Looks up one name's CAA RRset: the callback the climb uses, so that unit
 * tests can drive the climb without a server.
 */
typedef enum ac_dns_rcode (*ac_caa_lookup_fn)(void *arg, const char *name,
					      struct ac_caa_set *out,
					      struct ac_err *err);

/*
 * RFC 8659 3: the relevant RRset is the first non-empty CAA RRset found
 * climbing from name towards (not including) the root.  Fills out (owner
 * NULL when there is none anywhere: any CA may issue).  Fails when a lookup
 * fails (a CA must then refuse to issue).
 */
bool ac_caa_climb(const char *name, ac_caa_lookup_fn lookup, void *arg,
		  struct ac_caa_set *out, struct ac_err *err);

/* The lookup function for a real resolver (arg is a struct ac_dns). */
enum ac_dns_rcode ac_dns_caa_lookup(void *arg, const char *name,
				    struct ac_caa_set *out,
				    struct ac_err *err);

/* What a CAA RRset says about one CA. */
enum ac_caa_verdict {
	AC_CAA_PERMITTED,	/* no records, or the CA is named */
	AC_CAA_FORBIDDEN,	/* issue/issuewild records name other CAs only */
	AC_CAA_CRITICAL,	/* an unknown tag has the critical flag */
};

/*
 * Evaluates set for a CA known by identities (issuer domain names, e.g.
 * "letsencrypt.org") and a wildcard or plain name (RFC 8659 4.2-4.3:
 * issuewild wins for wildcards when present; parameters after ';' are
 * ignored; an empty issuer value forbids everyone).
 */
enum ac_caa_verdict ac_caa_evaluate(const struct ac_caa_set *set,
				    const struct ac_strv *identities,
				    bool wildcard);

/* The issuer domain of an issue/issuewild value (new string; "" for ";"). */
char *ac_caa_issuer(const char *value);

/* What a resolver said to one query, for the DNSSEC check. */
struct ac_dns_probe {
	int rcode;		/* 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ... */
	bool ad;		/* the answer is authenticated (validated) */
};

/*
 * Asks the resolver's first server qname/type once (UDP, EDNS0 with the DO
 * bit), with the CD (checking disabled) bit when cd is true, and reports
 * the answer's code and AD bit whatever the code: a validating resolver
 * answers SERVFAIL without CD and NOERROR with CD for a zone whose DNSSEC
 * chain is broken.  Blocks at most about 4 s.  Fails only when no answer
 * came.
 */
bool ac_dns_probe(struct ac_dns *d, const char *qname, int type, bool cd,
		  struct ac_dns_probe *out, struct ac_err *err);

#endif
