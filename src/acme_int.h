/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the ACME client: the session shared by acme.c and acme_order.c. */
#ifndef AC_ACME_INT_H
#define AC_ACME_INT_H


#include "src/acme.h"

struct ac_acme {
	const struct ac_ctx *ctx;
	struct ac_http *http;
	char *directory_url;
	json_t *dir;
	char *nonce;		/* for the next signed request */
	EVP_PKEY *key;		/* account key */
	char *kid;		/* account URL; NULL = sign with the JWK */
	bool account_made;	/* the account was registered by this run */
	char *problem;		/* type of the CA's last problem document
				   (without the ACME namespace), or NULL */
	struct ac_acme_limits limits;
	bool (*sleep_ms)(void *arg, long ms);
	void *sleep_arg;
	long long slept_fake_ms;	/* slept by a replaced sleep: counted on
					   the clock so deadlines still come */
};

/* The shortest wait between two polls, whatever Retry-After says. */
#define ACME_POLL_FLOOR_MS 1000L

/* A URL from the directory (borrowed), NULL when absent. */
const char *ac_acme_dir_url(const struct ac_acme *a, const char *name);

/* The response body as a JSON object (new reference). */
json_t *ac_acme_json(const struct ac_http_response *resp, struct ac_err *err);

/* ac_acme_post and then acme_json. */
json_t *ac_acme_post_json(struct ac_acme *a, const char *url,
			  const char *payload, struct ac_http_response *resp,
			  struct ac_err *err);

/* An unauthenticated GET with the retry rules (RFC 9773 renewalInfo). */
bool ac_acme_get(struct ac_acme *a, const char *url,
		 struct ac_http_response *resp, struct ac_err *err);

/* A session for o's CA with its directory fetched. */
struct ac_acme *ac_acme_session(const struct ac_ctx *ctx,
				const struct ac_cfg *cfg,
				const struct ac_acme_opts *o,
				struct ac_err *err);

/* Milliseconds on CLOCK_MONOTONIC (never set back, never ASTCERT_NOW):
 * what every deadline is measured on. */
long long ac_acme_clock_ms(const struct ac_acme *a);

/* Sleeps; false with AC_ERR_CANCELLED when the user cancelled. */
bool ac_acme_sleep(struct ac_acme *a, long ms, struct ac_err *err);

/*
 * Signs with the account stored for this CA (no request), else, when
 * create, makes a new key and account (terms, contact, EAB from o) and
 * stores both 0600 under STATE/accounts/HOST/.
 */
bool ac_acme_account(struct ac_acme *a, const struct ac_acme_opts *o,
		     const struct ac_cfg *cfg, bool create, struct ac_err *err);

/*
 * After the CA answered accountDoesNotExist for the stored account (a new
 * CA instance on the same URL, or the account deleted there), or refused
 * it as deactivated or revoked: registers again, with the stored key, or
 * a new one when the CA refuses it (a deactivated account keeps its key),
 * and stores the new account, the old files kept in the archive.  why is
 * the progress line that says which.
 */
bool ac_acme_account_again(struct ac_acme *a, const struct ac_acme_opts *o,
			   const struct ac_cfg *cfg, const char *why,
			   struct ac_err *err);

/*
 * Whether the stored account still signs requests: after an
 * "unauthorized" answer, a POST-as-GET of the account tells an account
 * the CA deactivated or revoked (refused, or a status other than "valid";
 * RFC 8555 7.3.6) from a request refused for its own sake.  A probe that
 * gets no answer says usable: nothing is registered on a guess.
 */
bool ac_acme_account_usable(struct ac_acme *a);

/*
 * text (from the CA: a problem detail, a name, a URL) with what a terminal
 * acts on made visible: C0 controls, DEL and bytes that are not UTF-8 as
 * \xHH, C1 and bidi controls and line separators as \uHHHH, a backslash
 * doubled.  New string; NULL gives "".
 */
char *ac_acme_escape(const char *text);

/* True when the CA's last problem document was of this type. */
bool ac_acme_problem_is(const struct ac_acme *a, const char *type);

/*
 * What the CA sent (leaf first, then its chain) before it is installed: the
 * leaf names exactly the ordered names, is an end-entity server certificate
 * (not CA:TRUE; serverAuth when it has an extended key usage), and each
 * certificate is signed by the next.  The error names what is wrong.
 */
bool ac_acme_cert_check(STACK_OF(X509) *certs, const struct ac_names *names,
			struct ac_err *err);

/* The email address in force (options, else configuration), or NULL. */
const char *ac_acme_email(const struct ac_acme_opts *o,
			  const struct ac_cfg *cfg);

#endif
