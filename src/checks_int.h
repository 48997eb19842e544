/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared between the checks' source files only: one run's state. */
#ifndef AC_CHECKS_INT_H
#define AC_CHECKS_INT_H

#include <time.h>

#include "src/checks.h"
#include "src/dns.h"
#include "src/http.h"

enum port_state {
	PORT_UNKNOWN,		/* not checked */
	PORT_FREE,		/* we could bind it */
	PORT_PLAIN,		/* held by something that does not speak HTTP */
	PORT_WEB,		/* held by a web server */
	PORT_DENIED,		/* free, but we may not bind it */
};

/* What one name's checks learnt, for the checks after them. */
struct name_state {
	char *ascii;		/* NULL when the name is invalid */
	bool wildcard;
	struct ac_strv addrs;	/* from DNS, A then AAAA */
	bool ours;		/* one of addrs is on an interface here */
	bool nat;		/* public address elsewhere, we are private */
	/* DNS-01 (the zone check): where the TXT record goes */
	char *target;		/* _acme-challenge.NAME or its CNAME's end */
	char *zone;		/* the zone holding target */
	char *primary;		/* the zone's primary server (SOA MNAME) */
};

struct check_run {
	const struct ac_ctx *ctx;
	const struct ac_check_opts *opts;
	const char *resolver;	/* opts' or ctx's; NULL = the system's */
	const char *ca_bundle;	/* opts' or ctx's; NULL = the system's */
	struct ac_dns *dns;
	struct name_state *names;
	int port;

	bool have_local;
	struct ac_strv local;	/* this host's interface addresses */

	bool dir_fetched;
	bool dir_ok;
	char *dir_error;	/* why the fetch failed (translated) */
	time_t dir_date;	/* the server's Date; 0 = none */
	struct ac_strv caa_ids;

	enum port_state port_state;
	char *port_owner;	/* "nginx (pid 12)" or NULL */

	/* the self-test's token, served once for every name */
	struct ac_responder *responder;
	struct ac_webroot *webroot;
	bool token_served;
	char *token_error;	/* why it could not be served (translated) */
	char *token;
	char *keyauth;
};

/* Sets a result: reason and fix are owned strings (fix may be NULL). */
void ac_checks_set(struct ac_check *c, enum ac_check_status status,
		   char *reason, char *fix);

/* checks_host.c */
void ac_checks_port(struct check_run *r, struct ac_check *c);
void ac_checks_asterisk(struct check_run *r, struct ac_check *c);
/* Fills r->local from getifaddrs once. */
void ac_checks_local_addresses(struct check_run *r);
/* 0 loopback, 1 private (RFC 1918, CGNAT, link-local, ULA), 2 public. */
int ac_checks_address_scope(const char *addr);

/* checks_dns01.c */
void ac_checks_zone(struct check_run *r, size_t i, struct ac_check *c);
void ac_checks_update(struct check_run *r, size_t i, struct ac_check *c);
void ac_checks_dnssec(struct check_run *r, size_t i, struct ac_check *c);

/* checks_http.c */
/*
 * GETs url (https only when https is true) with ac_http_get, no proxy,
 * resolving its host through r->dns when a resolver is configured, or
 * through resolve ("HOST:PORT:ADDR" list, CURLOPT_RESOLVE) when not NULL.
 * Reads at most 1 MiB.  out is filled (ac_http_reply_clear) even when
 * the fetch fails.
 */
bool ac_checks_http_get(struct check_run *r, const char *url, bool https,
			const char *resolve, long timeout,
			struct ac_http_reply *out, struct ac_err *err);
void ac_checks_ca(struct check_run *r, struct ac_check *c);
void ac_checks_clock(struct check_run *r, struct ac_check *c);
void ac_checks_selftest(struct check_run *r, size_t i, struct ac_check *c);
/* Stops the self-test's responder or removes its webroot files. */
void ac_checks_selftest_cleanup(struct check_run *r);
/* Fetches the directory once (Date header, meta.caaIdentities). */
void ac_checks_fetch_directory(struct check_run *r);

#endif
