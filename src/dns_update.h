/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS-01 records by RFC 2136 dynamic update with TSIG, and where they go. */
#ifndef AC_DNS_UPDATE_H
#define AC_DNS_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "src/dns.h"
#include "src/err.h"
#include "src/xalloc.h"

/* ---- TSIG keys (RFC 8945), read from BIND's tsig-keygen format ---- */

enum ac_tsig_alg {
	AC_TSIG_HMAC_SHA256,
	AC_TSIG_HMAC_SHA512,
};

struct ac_tsig_key {
	char *name;		/* the key's name, lower case, no final dot */
	enum ac_tsig_alg alg;
	unsigned char *secret;	/* decoded; cleansed by ac_tsig_key_clear */
	size_t secret_len;
	char *path;		/* the file it came from, for messages */
};

/*
 * Reads the first key "NAME" { algorithm hmac-sha256|hmac-sha512; secret
 * "BASE64"; }; of path.  The file must be a regular file (no symlink),
 * owned by us or root, with no access for others and not writable by the
 * group; else AC_ERR_USAGE with one line saying what to do.  A malformed
 * file or another algorithm is AC_ERR_INPUT.  key is untouched on failure.
 */
bool ac_tsig_key_read(const char *path, struct ac_tsig_key *key,
		      struct ac_err *err);

/* Releases key's contents (the secret cleansed). */
void ac_tsig_key_clear(struct ac_tsig_key *key);

/*
 * The parser of ac_tsig_key_read, on text (exposed for unit tests and the
 * fuzzer).  path only names the file in messages.
 */
bool ac_tsig_key_parse(const char *text, const char *path,
		       struct ac_tsig_key *key, struct ac_err *err);

/* ---- RFC 2136 updates ---- */

/* One TXT record to add or delete (name: absolute, no final dot). */
struct ac_dns_change {
	const char *name;
	const char *txt;	/* one string, at most 255 bytes */
	bool add;		/* false: delete this very record */
};

/*
 * Builds the UPDATE message for zone with changes (TTL ttl for additions),
 * signed with key at time now (seconds since the epoch).  *mac receives
 * the request's MAC (new buffer, *mac_len bytes) for checking the answer.
 * False (AC_ERR_INPUT) for a name too long or a value over 255 bytes.
 */
bool ac_dns_update_build(const char *zone, const struct ac_dns_change *c,
			 size_t n, unsigned ttl, const struct ac_tsig_key *key,
			 unsigned id, long long now, struct ac_buf *msg,
			 unsigned char **mac, size_t *mac_len,
			 struct ac_err *err);

/*
 * Sends an UPDATE of zone to server ("IPv4[:PORT]" or "[IPv6]:PORT", TCP)
 * and checks the answer: its TSIG (when the server signed it) and its
 * code.  Fails with one line naming the server and what to do: the key
 * refused (BADSIG, BADKEY), the clocks apart (BADTIME), the update refused
 * (update-policy), not the primary, no answer.  Blocks at most about
 * timeout_s seconds.
 */
bool ac_dns_update(const char *server, const char *zone,
		   const struct ac_dns_change *c, size_t n, unsigned ttl,
		   const struct ac_tsig_key *key, long timeout_s,
		   struct ac_err *err);

/* ---- where the records go (dns_zone.c) ---- */

/*
 * The owner of the DNS-01 record for name (without "*."):
 * _acme-challenge.NAME, or the end of its CNAME chain asked through d.
 * New string.
 */
char *ac_dns_zone_target(struct ac_dns *d, const char *name,
			 struct ac_err *err);

/*
 * The zone that holds fqdn: hint when fqdn is in it, else found by asking
 * d for the SOA of fqdn and each name above it.  New string, no final dot.
 */
char *ac_dns_zone_find(struct ac_dns *d, const char *fqdn, const char *hint,
		       struct ac_err *err);

/*
 * The zone's authoritative servers: the names of its NS records and one
 * address each (resolved through d), in *names and *addrs (same order,
 * appended).  The zone's primary (its SOA MNAME) in *primary (new) when
 * primary is not NULL.  Fails when the zone has no servers with an
 * address.
 */
bool ac_dns_zone_servers(struct ac_dns *d, const char *zone,
			 struct ac_strv *names, struct ac_strv *addrs,
			 char **primary, struct ac_err *err);

/*
 * Asks the server at addr (an IP address, port 53) directly for the TXT
 * records of fqdn: 1 when value is among them, 0 when not (yet), -1 when
 * the server did not answer (err set).
 */
int ac_dns_zone_has_txt(const char *addr, const char *fqdn,
			const char *value, struct ac_err *err);

#endif
