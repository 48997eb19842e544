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

enum ac_acme_mode {
	AC_ACME_STANDALONE,	/* our own responder on port 80 */
	AC_ACME_WEBROOT,	/* files under the running web server's root */
};

/* The ACME path's options (owned by the job: ac_job_free frees them). */
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
	char *preferred_chain;	/* issuer CN of the chain's top certificate */
	char *profile;		/* certificate profile, when the CA has them */
	bool skip_checks;	/* do not run the domain checks first */
	char *ca_bundle;	/* trust for the ACME server; NULL = ctx's */
};

struct ac_acme_opts *ac_acme_opts_new(void);
void ac_acme_opts_free(struct ac_acme_opts *o);

/* The directory URL the options select (borrowed). */
const char *ac_acme_opts_url(const struct ac_acme_opts *o,
			     const struct ac_cfg *cfg);

/*
 * Checks the options before anything is generated: URL https, e-mail
 * syntax, EAB complete, mode settings.  Fails with AC_ERR_USAGE.
 */
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
 * The AC_JOB_ACME case of ac_job_run: checks the names (no wildcards for
 * HTTP-01) and options, prepares the job, makes the key, issues, installs
 * (full chain leaf first, separate key, stable names, renewal profile).
 */
struct ac_job;
bool ac_acme_job_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     struct ac_job *job, struct ac_err *err);

/*
 * Revokes cert (RFC 8555 7.6).  Signed with cert_key when given, else with
 * the stored account key for the CA.  reason: RFC 5280 code (0 = none).
 */
bool ac_acme_revoke(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		    const struct ac_acme_opts *opts, X509 *cert,
		    EVP_PKEY *cert_key, int reason, struct ac_err *err);

/* ---- the session, exposed for unit tests with a fake transport ---- */

struct ac_acme;

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
