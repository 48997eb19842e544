/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Domain checks before any CA is contacted: each a status, reason and fix. */
#ifndef AC_CHECKS_H
#define AC_CHECKS_H

#include <stdbool.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/store.h"
#include "src/xalloc.h"

/* The checks, in the order they run. */
enum ac_check_id {
	AC_CHECK_NAME,		/* syntax, IDN, wildcard/IP vs HTTP-01 */
	AC_CHECK_DNS,		/* A/AAAA vs this host's addresses */
	AC_CHECK_CAA,		/* RFC 8659 */
	AC_CHECK_PORT,		/* the HTTP-01 port: free, ours, a web server */
	AC_CHECK_SELFTEST,	/* serve a token, fetch it by name */
	AC_CHECK_CA,		/* the ACME directory answers */
	AC_CHECK_CLOCK,		/* skew against the ACME server's Date */
	AC_CHECK_ASTERISK,	/* user, group, key directory readable */
	AC_CHECK_ZONE,		/* DNS-01: the zone, its servers answer */
	AC_CHECK_UPDATE,	/* DNS-01: TSIG key accepted / hook runnable */
	AC_CHECK_DNSSEC,	/* DNS-01: the zone's chain validates */
	AC_CHECK_COUNT,
};

#define AC_CHECK_BIT(id) (1u << (id))
#define AC_CHECKS_ALL ((1u << AC_CHECK_COUNT) - 1)
/* What each challenge needs checked (which = 0 selects these). */
#define AC_CHECKS_DNS01_ONLY (AC_CHECK_BIT(AC_CHECK_ZONE) | \
			      AC_CHECK_BIT(AC_CHECK_UPDATE) | \
			      AC_CHECK_BIT(AC_CHECK_DNSSEC))
#define AC_CHECKS_HTTP01_ONLY (AC_CHECK_BIT(AC_CHECK_DNS) | \
			       AC_CHECK_BIT(AC_CHECK_PORT) | \
			       AC_CHECK_BIT(AC_CHECK_SELFTEST))
#define AC_CHECKS_HTTP01 (AC_CHECKS_ALL & ~AC_CHECKS_DNS01_ONLY)
#define AC_CHECKS_DNS01 (AC_CHECKS_ALL & ~AC_CHECKS_HTTP01_ONLY)

/* How DNS-01 records get published (the update check tests it). */
enum ac_check_dns_method {
	AC_CHECK_DNS_RFC2136,	/* dynamic update signed with a TSIG key */
	AC_CHECK_DNS_HOOK,	/* the admin's program */
	AC_CHECK_DNS_MANUAL,	/* by hand: nothing to test */
};

enum ac_check_status {
	AC_STATUS_OK,
	AC_STATUS_WARN,		/* may work; read the reason */
	AC_STATUS_FAIL,		/* the CA would refuse: fix it first */
	AC_STATUS_SKIP,		/* not applicable or not asked for */
};

/* Skew limits in seconds (a warning above the first, failure above). */
#define AC_CLOCK_WARN 120
#define AC_CLOCK_FAIL 3600

/* Identity assumed when no directory is given or it names none. */
#define AC_CAA_DEFAULT_IDENTITY "letsencrypt.org"

struct ac_check;

/* Called after each check, for front ends that show them live. */
typedef void (*ac_check_fn)(void *arg, const struct ac_check *check,
			    size_t index, size_t total);

/* What to check.  Strings borrowed; NULL = the default in brackets. */
struct ac_check_opts {
	struct ac_strv names;	/* as the user typed them (IDN allowed);
				   borrowed: never freed by the checks */
	const char *directory;	/* ACME directory URL [none: no clock check,
				   CAA identity AC_CAA_DEFAULT_IDENTITY] */
	int http_port;		/* [80]; the port the CA connects to */
	const char *bind_address;	/* responder address [every address] */
	const char *webroot;	/* set: a web server answers challenges */
	bool standalone;	/* the built-in responder must get the port
				   (a web server there is then a failure) */
	const char *key_dir;	/* [AC_DEFAULT_KEY_DIR], mapped into ctx root */
	const struct ac_owner *owner;	/* of the key [ac_owner_default] */
	const char *asterisk_user;	/* ["asterisk"] */
	const char *asterisk_group;	/* ["asterisk"] */
	const char *resolver;	/* DNS server IP[:PORT] [ctx->resolver] */
	const char *ca_bundle;	/* for the directory's TLS [ctx->ca_bundle] */
	const char *caa_identity;	/* the CA's CAA name when its directory
					   does not publish one [unknown] */
	bool dns01;		/* the DNS-01 challenge: wildcards allowed, no
				   address, port or self-test checks; the
				   zone, the update method and DNSSEC instead */
	enum ac_check_dns_method dns_method;
	const char *dns_server;	/* rfc2136: the primary [the zone's SOA] */
	const char *dns_zone;	/* rfc2136: [found by SOA] */
	const char *dns_tsig_key_file;	/* rfc2136: tsig-keygen's file */
	const char *dns_hook;	/* hook: the program (argv[0]) */
	unsigned which;		/* 1u << AC_CHECK_* bits; 0 = all of the
				   challenge's (AC_CHECKS_HTTP01/DNS01) */
	double progress_from;	/* the part of the caller's progress bar the */
	double progress_to;	/* checks fill [0 to 1] */
	ac_check_fn on_check;
	void *on_check_arg;
};

/* The result of one check.  All strings owned and translated. */
struct ac_check {
	enum ac_check_id id;
	char *subject;		/* the name it is about, display form; or NULL */
	char *title;		/* "DNS for pbx.example.com" */
	enum ac_check_status status;
	char *reason;		/* one line */
	char *fix;		/* one line; NULL when there is nothing to do */
	enum ac_field field;	/* the answer the fix changes, or NONE */
};

struct ac_check_list {
	struct ac_check *v;
	size_t n;
};

void ac_check_list_clear(struct ac_check_list *l);

/* Short machine name of a check ("dns") and its parse; -1 if unknown. */
const char *ac_check_id_name(enum ac_check_id id);
int ac_check_id_parse(const char *s);
/* "ok", "warning", "failure", "skipped" (untranslated, for JSON). */
const char *ac_check_status_name(enum ac_check_status s);

/*
 * Runs the selected checks in order, appending each result to list and
 * reporting it through ctx's progress (step = title, message = reason) and
 * opts->on_check.  Uses the resolver for DNS (also to reach NAME in the
 * self-test and the directory's host: with a resolver set, the system's is
 * never asked), the CA bundle for the directory, ac_now(ctx) as our clock.
 * Blocks: DNS and HTTP time out after a few seconds each.  Returns false
 * only when it could not run (bad resolver, cancelled: err set); failed
 * checks are results, not errors.
 */
bool ac_checks_run(const struct ac_ctx *ctx, const struct ac_check_opts *opts,
		   struct ac_check_list *list, struct ac_err *err);

/* The worst status in the list (SKIP counts as OK). */
enum ac_check_status ac_checks_worst(const struct ac_check_list *list);

/*
 * For the ACME path, before the CA is contacted: runs every check.  Each
 * warning is appended to warnings as "TITLE: REASON".  Fails with
 * AC_ERR_CHECK (message: the first failure's title, reason and fix; detail:
 * every failure) when any check failed.
 */
bool ac_checks_preflight(const struct ac_ctx *ctx,
			 const struct ac_check_opts *opts,
			 struct ac_strv *warnings, struct ac_err *err);

#endif
