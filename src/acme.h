/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The RFC 8555 ACME client: account, order, HTTP-01, finalize, download. */
#ifndef AC_ACME_H
#define AC_ACME_H

#include <stdbool.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/http.h"
#include "src/x509.h"

/*
 * How the CA checks control of the names: one solver each (src/solver.h).
 * Named in renewal profiles and answers files (key "mode") as "standalone",
 * "webroot", "rfc2136", "hook", "manual"; the DNS settings are kept under
 * the keys dns_server, dns_zone, dns_tsig_key_file (a path) and dns_hook
 * (a list: the argv), in the "acme" group of both files.
 */
enum ac_acme_mode {
	AC_ACME_STANDALONE,	/* HTTP-01: our own responder on port 80 */
	AC_ACME_WEBROOT,	/* HTTP-01: files under the web server's root */
	AC_ACME_DNS_RFC2136,	/* DNS-01: RFC 2136 dynamic update with TSIG */
	AC_ACME_DNS_HOOK,	/* DNS-01: the admin's command adds/removes */
	AC_ACME_DNS_MANUAL,	/* DNS-01: the admin adds the record by hand */
	AC_ACME_MODES
};

/* The ACME path's options (owned by the job: ac_job_clear frees them). */
struct ac_acme_opts {
	char *server;		/* directory URL; NULL = staging or config */
	bool staging;		/* Let's Encrypt staging (a rehearsal) */
	char *email;		/* contact; NULL = the configured one */
	bool agree_tos;
	char *eab_kid;		/* external account binding (both or none) */
	char *eab_hmac;		/* base64url MAC key: a secret */
	enum ac_acme_mode mode;
	char *http_address;	/* standalone: NULL = every address */
	int http_port;		/* standalone: 0 = 80 */
	char *webroot;		/* webroot: the document root */
	char *dns_server;	/* rfc2136: the primary, "HOST[:PORT]" */
	char *dns_zone;		/* rfc2136: NULL = found by walking SOA */
	char *dns_tsig_key_file;	/* rfc2136: tsig-keygen file (only the
					   path is kept, never the secret) */
	struct ac_strv dns_hook;	/* hook: the command's argv */
	char *preferred_chain;	/* issuer CN of the chain's top certificate */
	char *profile;		/* certificate profile, when the CA has them */
	bool skip_checks;	/* do not run the domain checks first */
	char *ca_bundle;	/* trust for the ACME server; NULL = ctx's */
	char *replaces;		/* ARI CertID of the certificate this order
				   renews (RFC 9773 "replaces"), or NULL */
};

struct ac_acme_opts *ac_acme_opts_new(void);

void ac_acme_opts_free(struct ac_acme_opts *o);

/*
 * Reads the EAB HMAC key from the first line of path into *hmac (replaced;
 * a secret).  The file must be a regular file, not a symlink, owned by us
 * or root, and neither readable nor writable by group or others; else
 * AC_ERR_USAGE with a line saying what to do.
 */
bool ac_acme_eab_read(const char *path, char **hmac, struct ac_err *err);

/* The directory URL the options select (borrowed). */
const char *ac_acme_opts_url(const struct ac_acme_opts *o,
			     const struct ac_cfg *cfg);

/*
 * True when url is the directory of a known public CA (Let's Encrypt and
 * its staging, ZeroSSL, Google Trust Services, Buypass, SSL.com, Sectigo):
 * a CA on the internet, which never certifies a special-use name.
 */
bool ac_acme_public_ca(const char *url);

/*
 * Refuses, with one line naming the name (field DNS), a name no public CA
 * certifies (ac_name_special_use) when url is a public CA's directory.
 */
bool ac_acme_names_for_ca(const struct ac_strv *dns, const char *url,
			  struct ac_err *err);

/*
 * Checks the options before anything is generated: URL https, e-mail
 * syntax, EAB complete, mode settings.  Fails with AC_ERR_USAGE.
 */
/* True when s looks like an address the CA can write to (local@domain.tld). */
bool ac_acme_email_ok(const char *s);
bool ac_acme_opts_validate(const struct ac_acme_opts *o,
			   const struct ac_cfg *cfg, struct ac_err *err);

/*
 * Issues a certificate for names with cert_key: account (created, or the
 * stored one reused), order, HTTP-01 for every authorization, finalize with
 * a CSR (SANs = all names, CN = the first), download, preferred chain.
 * On success *leaf and *chain (intermediates) are new.  Blocks; reports
 * progress and honours cancel through ctx; the responder or webroot files
 * are gone when it returns, whatever happened.
 */
bool ac_acme_issue(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		   const struct ac_acme_opts *opts,
		   const struct ac_names *names, EVP_PKEY *cert_key,
		   X509 **leaf, STACK_OF(X509) **chain, struct ac_err *err);

/*
 * Revokes cert (RFC 8555 7.6).  Signed with cert_key when given, else with
 * the stored account key for the CA.  reason: RFC 5280 code (0 = none).
 */
bool ac_acme_revoke(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		    const struct ac_acme_opts *opts, X509 *cert,
		    EVP_PKEY *cert_key, int reason, struct ac_err *err);

/* ---- ARI: the CA's renewal window (RFC 9773) ---- */

/* Seconds between two renewalInfo requests without a usable Retry-After:
 * the default, and the bounds a Retry-After is clamped to. */
#define AC_ARI_RECHECK (6 * 3600)
#define AC_ARI_RECHECK_MIN 60
#define AC_ARI_RECHECK_MAX (24 * 3600)

/*
 * The ARI CertID of cert (RFC 9773 4.1): base64url of the Authority Key
 * Identifier's keyIdentifier, ".", base64url of the serial number's DER
 * content octets.  New string, or NULL (AC_ERR_INPUT) without an AKI.
 */
char *ac_acme_ari_certid(X509 *cert, struct ac_err *err);

/* A renewalInfo answer, and the time we picked in it. */
struct ac_ari_window {
	time_t start, end;	/* suggestedWindow; end > start */
	char *explanation;	/* explanationURL, or NULL */
	time_t chosen;		/* renew at this time, start <= chosen < end */
	time_t next_check;	/* ask the CA again from this time on
				   (Retry-After, clamped) */
};

void ac_ari_window_clear(struct ac_ari_window *w);

/*
 * Parses a renewalInfo body: suggestedWindow start and end (RFC 3339),
 * explanationURL.  Malformed JSON, missing or unparsable times, or an end
 * not after the start fail with AC_ERR_CA; w is untouched then.  Sets only
 * start, end and explanation.
 */
bool ac_acme_ari_parse(const char *body, size_t len, struct ac_ari_window *w,
		       struct ac_err *err);

/* An RFC 3339 date-time ("2025-01-02T03:04:05Z", offsets, fractions). */
bool ac_rfc3339_parse(const char *s, time_t *out);

/* A uniformly random time in [start, end) from the 64-bit value rnd. */
time_t ac_acme_ari_pick(time_t start, time_t end, unsigned long long rnd);

/*
 * GETs renewalInfo/CERTID (unauthenticated) through the session, whose
 * directory must be fetched.  Returns 1 with *w filled (chosen picked at
 * random, next_check from Retry-After, clamped), 0 when the directory
 * offers no renewalInfo, -1 with err on failure.
 */
struct ac_acme;
int ac_acme_ari_fetch(struct ac_acme *a, const char *certid,
		      struct ac_ari_window *w, struct ac_err *err);

/*
 * When the managed ACME certificate NAME (cert, ordered with o) is due,
 * by the CA's window.  The window is kept in STATE/certs/NAME/renewal-info
 * with the time picked in it, so every run agrees; the CA is asked again
 * only after its Retry-After (never when offline).  Returns true when a
 * window decides: *due is the picked time and o->replaces is set to the
 * certificate's CertID, so that the renewal's order says what it replaces.
 * Returns false when the CA offers no ARI, or the answer was unusable (err
 * says why; the caller keeps its own due time: a third of the lifetime).
 */
bool ac_acme_ari_due(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     const char *name, struct ac_acme_opts *o, X509 *cert,
		     bool offline, time_t *due, struct ac_err *err);

/*
 * The explanationURL of the window ac_acme_ari_due keeps for NAME, when it
 * is for cert: a new string, or NULL without one.  The CA's text reaches a
 * terminal, so only a plain https URL (printable ASCII, no spaces, under
 * 512 bytes) is returned.
 */
char *ac_acme_ari_explanation(const struct ac_ctx *ctx, const char *name,
			      X509 *cert);

/* ---- the session, exposed for unit tests with a fake transport ---- */

/* ac_acme_ari_due asking through the session a (directory fetched). */
bool ac_acme_ari_due_session(struct ac_acme *a, const char *name,
			     struct ac_acme_opts *o, X509 *cert, time_t *due,
			     struct ac_err *err);

/* Limits: how hard the client tries before it reports failure. */
struct ac_acme_limits {
	int bad_nonce_retries;	/* badNonce: retried this often */
	int wait_retries;	/* rateLimited / 503 with Retry-After */
	long retry_after_cap;	/* seconds; longer waits fail at once */
	int net_retries;	/* connection errors and timeouts */
	long backoff_ms;	/* first network back-off, doubled each time */
	long poll_ms;		/* first poll interval without Retry-After */
	long poll_max_ms;	/* poll interval ceiling */
	long poll_timeout;	/* give up polling after this many seconds */
};

/* A session over http (which it takes over and frees). */
struct ac_acme *ac_acme_new(const struct ac_ctx *ctx, struct ac_http *http,
			    const char *directory_url);
void ac_acme_free(struct ac_acme *a);

struct ac_acme_limits *ac_acme_limits(struct ac_acme *a);

/* Replaces the sleep (milliseconds; returns false when cancelled). */
void ac_acme_set_sleep(struct ac_acme *a,
		       bool (*sleep_ms)(void *arg, long ms), void *arg);

/* Fetches the directory. */
bool ac_acme_directory(struct ac_acme *a, struct ac_err *err);
/* The directory (borrowed), or NULL before ac_acme_directory. */
const json_t *ac_acme_get0_directory(const struct ac_acme *a);

/* Uses key with a known account URL (kid), or with NULL kid for JWK. */
void ac_acme_set_account(struct ac_acme *a, EVP_PKEY *key, const char *kid);

/*
 * A signed POST (payload NULL = POST-as-GET) with the nonce, badNonce,
 * Retry-After and network retry rules.  A problem document fails with its
 * translated explanation and the document in the detail.  resp holds the
 * successful response.
 */
bool ac_acme_post(struct ac_acme *a, const char *url, const char *payload,
		  struct ac_http_response *resp, struct ac_err *err);

/*
 * The order itself, with the account already set: newOrder (with the
 * profile), HTTP-01 for each authorization, finalize, download, preferred
 * chain.  What ac_acme_issue runs after the account.
 */
bool ac_acme_order(struct ac_acme *a, const struct ac_acme_opts *o,
		   const struct ac_names *names, EVP_PKEY *cert_key,
		   X509 **leaf, STACK_OF(X509) **chain, struct ac_err *err);

/* The nonce the next request will use (borrowed; NULL = none yet). */
const char *ac_acme_nonce(const struct ac_acme *a);

/*
 * Turns a problem document (RFC 7807 / RFC 8555 6.7) into err: a
 * translated one-line explanation for the common types, the type, detail
 * and subproblems verbatim in the detail.  Always returns false.
 */
bool ac_acme_problem(const json_t *problem, long status, struct ac_err *err);

#endif
