/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An ACME order from newOrder to the certificate, and revocation. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/x509.h>

#include "src/acme_int.h"
#include "src/challenge.h"
#include "src/i18n.h"
#include "src/jws.h"
#include "src/solver.h"

/* Alternate chains fetched at most, looking for --preferred-chain. */
#define ACME_MAX_ALTERNATES 8

static const char *
status_of(const json_t *obj)
{
	const char *st = json_string_value(json_object_get(obj, "status"));

	return st ? st : "";
}

/* The next poll interval: Retry-After between the floor and the cap, else
 * twice the last one (up to the cap). */
static long
next_wait(const struct ac_acme *a, const struct ac_http_response *resp,
	  long wait_ms)
{
	long secs = ac_http_retry_after(resp->retry_after, ac_now(a->ctx), -1,
					a->limits.poll_max_ms / 1000 + 1);

	wait_ms = secs >= 0 ? secs * 1000 : wait_ms * 2;
	if (secs >= 0 && wait_ms < ACME_POLL_FLOOR_MS)
		wait_ms = ACME_POLL_FLOOR_MS;
	return wait_ms > a->limits.poll_max_ms ? a->limits.poll_max_ms
					       : wait_ms;
}

/*
 * POST-as-GET url until its status is neither pending nor processing,
 * within poll_timeout seconds on the monotonic clock, whatever the CA
 * says about waiting.  Returns the last object (new reference).
 */
static json_t *
poll(struct ac_acme *a, const char *url, struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	long long deadline = ac_acme_clock_ms(a) + a->limits.poll_timeout * 1000LL;
	long wait_ms = a->limits.poll_ms;
	json_t *obj = NULL;

	for (;;) {
		long long left;
		const char *st;

		if (!ac_acme_sleep(a, wait_ms, err))
			break;
		ac_http_response_clear(&resp);
		obj = ac_acme_post_json(a, url, NULL, &resp, err);
		if (!obj)
			break;
		st = status_of(obj);
		if (strcmp(st, "pending") != 0 && strcmp(st, "processing") != 0)
			break;
		json_decref(obj);
		obj = NULL;
		left = deadline - ac_acme_clock_ms(a);
		if (left <= 0) {
			ac_err_set(err, AC_ERR_CA,
				   ngettext("The CA did not finish in %ld second: try again later.",
					    "The CA did not finish in %ld seconds: try again later.",
					    (unsigned long)a->limits.poll_timeout),
				   a->limits.poll_timeout);
			break;
		}
		wait_ms = next_wait(a, &resp, wait_ms);
		/* the last poll comes at the deadline, not a wait after it */
		if (wait_ms > left)
			wait_ms = (long)left;
	}
	ac_http_response_clear(&resp);
	return obj;
}

/* Why an authorization failed: its challenge's problem, with the name. */
static bool
authz_failed(const json_t *authz, struct ac_err *err)
{
	char *name = ac_acme_escape(json_string_value(
		json_object_get(json_object_get(authz, "identifier"), "value")));
	char *status = ac_acme_escape(status_of(authz));
	json_t *chals = json_object_get(authz, "challenges"), *c;
	size_t i;
	bool told = false;

	json_array_foreach(chals, i, c) {
		json_t *problem = json_object_get(c, "error");

		if (json_is_object(problem)) {
			ac_acme_problem(problem, 0, err);
			ac_err_prefix(err, "%s", *name ? name : "?");
			told = true;
			break;
		}
	}
	if (!told)
		ac_err_set(err, AC_ERR_CA, _("%s: the CA did not accept the challenge (status %s)."),
			   *name ? name : "?", status);
	free(status);
	free(name);
	return false;
}

/*
 * The order's challenges: the solver presents each one, and once it says
 * they are visible, the CA is told to look at them all.
 */
struct proof {
	const struct ac_solver *solver;
	void *state;
	const struct ac_names *names;	/* the order's */
	struct ac_strv challenges;	/* challenge URLs to trigger */
	struct ac_strv authzs;		/* authorization URLs to poll */
};

/* The challenge of the solver's type in authz (borrowed), or NULL. */
static json_t *
challenge_of(const json_t *authz, const char *type)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(authz, "challenges"), i, c) {
		const char *t = json_string_value(json_object_get(c, "type"));

		if (t && strcmp(t, type) == 0)
			return c;
	}
	return NULL;
}

/* True when the order asked for the authorization's identifier (a name
 * with "*." when wildcard, or an IP address). */
static bool
ordered(const struct ac_names *names, const json_t *authz)
{
	const json_t *id = json_object_get(authz, "identifier");
	const char *name = json_string_value(json_object_get(id, "value"));
	const char *type = json_string_value(json_object_get(id, "type"));
	bool wildcard = json_is_true(json_object_get(authz, "wildcard"));

	if (!name || !type)
		return false;
	if (strcmp(type, "ip") == 0)
		return !wildcard && ac_strv_contains(&names->ip, name);
	for (size_t i = 0; strcmp(type, "dns") == 0 && i < names->dns.n; i++) {
		const char *n = names->dns.v[i];

		if (wildcard != (strncmp(n, "*.", 2) == 0))
			continue;
		if (strcasecmp(wildcard ? n + 2 : n, name) == 0)
			return true;
	}
	return false;
}

/* Presents the challenge of one pending authorization. */
static bool
present(struct proof *p, const json_t *authz, const char *thumb,
	const char *authz_url, struct ac_err *err)
{
	json_t *chal = challenge_of(authz, p->solver->type);
	const char *token = json_string_value(json_object_get(chal, "token"));
	const char *url = json_string_value(json_object_get(chal, "url"));
	struct ac_challenge c = { 0 };
	char *key_auth;
	bool ok;

	if (!chal || !token || !ac_http_url_ok(url))
		return ac_err_set(err, AC_ERR_CA, _("The CA offers no %s challenge for this name: use another CA or method."),
				  p->solver->type);
	if (!ac_challenge_token_ok(token))
		return ac_err_set(err, AC_ERR_CA, _("The CA sent an invalid challenge token."));
	c.name = json_string_value(json_object_get(
		json_object_get(authz, "identifier"), "value"));
	c.wildcard = json_is_true(json_object_get(authz, "wildcard"));
	c.token = token;
	key_auth = xasprintf("%s.%s", token, thumb);
	c.key_authorization = key_auth;
	/* a solver acts on the name (DNS updates): only on ours */
	ok = ordered(p->names, authz) &&
	     p->solver->present(p->state, &c, err);
	if (!ordered(p->names, authz))
		ac_err_set(err, AC_ERR_CA, _("The CA sent an authorization for a name that was not ordered: nothing was installed."));
	free(key_auth);
	if (ok) {
		ac_strv_add(&p->challenges, url);
		ac_strv_add(&p->authzs, authz_url);
	}
	return ok;
}

/* Fetches one authorization and presents its challenge when pending. */
static bool
start_authz(struct ac_acme *a, struct proof *p, const char *thumb,
	    const char *url, struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	json_t *authz;
	bool ok;

	authz = ac_acme_post_json(a, url, NULL, &resp, err);
	ac_http_response_clear(&resp);
	if (!authz)
		return false;
	if (strcmp(status_of(authz), "valid") == 0)
		ok = true;
	else if (strcmp(status_of(authz), "pending") != 0)
		ok = authz_failed(authz, err);
	else
		ok = present(p, authz, thumb, url, err);
	json_decref(authz);
	return ok;
}

/* Tells the CA to look at every challenge presented. */
static bool
trigger(struct ac_acme *a, const struct proof *p, struct ac_err *err)
{
	for (size_t i = 0; i < p->challenges.n; i++) {
		struct ac_http_response resp = { 0 };
		/* the challenge object comes back; its status is polled on
		 * the authz */
		json_t *r = ac_acme_post_json(a, p->challenges.v[i], "{}", &resp,
					   err);

		ac_http_response_clear(&resp);
		if (!r)
			return false;
		json_decref(r);
	}
	return true;
}

/* Presents every pending authorization's challenge, waits until the
 * solver says they are visible, has the CA check them, polls. */
static bool
prove(struct ac_acme *a, struct proof *p, const json_t *urls,
      const char *thumb, struct ac_err *err)
{
	json_t *u;
	size_t i;

	json_array_foreach(urls, i, u) {
		const char *url = json_string_value(u);

		if (!ac_http_url_ok(url))
			return ac_err_set(err, AC_ERR_CA, _("The CA sent an order without valid authorization URLs."));
		ac_progress(a->ctx, _("Proving control of the names"),
			    0.3 + 0.3 * (double)i / (double)json_array_size(urls), NULL);
		if (!start_authz(a, p, thumb, url, err))
			return false;
	}
	if (!p->authzs.n)
		return true;
	if (p->solver->wait && !p->solver->wait(p->state, err))
		return false;
	if (!trigger(a, p, err))
		return false;
	for (i = 0; i < p->authzs.n; i++) {
		json_t *authz = poll(a, p->authzs.v[i], err);
		bool ok = authz && (strcmp(status_of(authz), "valid") == 0 ||
				    authz_failed(authz, err));

		json_decref(authz);
		if (!ok)
			return false;
	}
	return true;
}

/* Every authorization of the order, valid or err set. */
static bool
authorize(struct ac_acme *a, struct proof *p, const struct ac_names *names,
	  const json_t *order, struct ac_err *err)
{
	json_t *urls = json_object_get(order, "authorizations");
	json_t *jwk = ac_jwk(a->key, err);
	char *thumb = jwk ? ac_jwk_thumbprint(jwk, err) : NULL;
	bool ok = thumb != NULL;

	json_decref(jwk);
	/* one per identifier (RFC 8555 7.1.3): more is a CA wasting our time */
	if (ok && json_array_size(urls) > names->dns.n + names->ip.n)
		ok = ac_err_set(err, AC_ERR_CA, _("The CA sent an order with more authorizations (%zu) than names: nothing was installed."),
				json_array_size(urls));
	ok = ok && prove(a, p, urls, thumb, err);
	free(thumb);
	return ok;
}

static json_t *
new_order(struct ac_acme *a, const struct ac_acme_opts *o,
	  const struct ac_names *names, char **order_url, struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	json_t *req = json_object(), *ids = json_array(), *order;
	json_t *profiles = json_object_get(json_object_get(a->dir, "meta"),
					   "profiles");
	char *payload;

	for (size_t i = 0; i < names->dns.n; i++)
		json_array_append_new(ids, json_pack("{s:s,s:s}", "type", "dns",
						     "value", names->dns.v[i]));
	for (size_t i = 0; i < names->ip.n; i++)
		json_array_append_new(ids, json_pack("{s:s,s:s}", "type", "ip",
						     "value", names->ip.v[i]));
	json_object_set_new(req, "identifiers", ids);
	if (o->profile) {
		if (!json_object_get(profiles, o->profile)) {
			const char *k;
			json_t *v;
			struct ac_buf list = { 0 };

			json_object_foreach(profiles, k, v) {
				char *shown = ac_acme_escape(k);

				ac_buf_printf(&list, "%s%s",
					      list.len ? ", " : "", shown);
				free(shown);
			}
			ac_err_set(err, AC_ERR_USAGE, _("The CA does not offer the profile \"%s\" (it offers: %s)."),
				   /* TRANSLATORS: no profile: the list of the
				    * CA's certificate profiles is empty */
				   o->profile, list.len ? list.data : _("none"));
			ac_buf_clear(&list);
			json_decref(req);
			return NULL;
		}
		json_object_set_new(req, "profile", json_string(o->profile));
	}
	/* RFC 9773 5: lets the CA relax limits and track the replacement */
	if (o->replaces && ac_acme_dir_url(a, "renewalInfo"))
		json_object_set_new(req, "replaces", json_string(o->replaces));
	payload = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	order = ac_acme_post_json(a, ac_acme_dir_url(a, "newOrder"), payload, &resp, err);
	free(payload);
	if (order && !ac_http_url_ok(resp.location)) {
		json_decref(order);
		order = NULL;
		ac_err_set(err, AC_ERR_CA, _("The ACME server did not return the order URL."));
	}
	if (order)
		*order_url = xstrdup(resp.location);
	ac_http_response_clear(&resp);
	return order;
}

/* CSR: SANs = all names, CN = the first; the order's finalize URL. */
static json_t *
finalize(struct ac_acme *a, const json_t *order, const char *order_url,
	 const struct ac_names *names, EVP_PKEY *cert_key, struct ac_err *err)
{
	struct ac_subject subject = { 0 };
	struct ac_http_response resp = { 0 };
	const char *url = json_string_value(json_object_get(order, "finalize"));
	unsigned char *der = NULL;
	X509_REQ *csr;
	json_t *done = NULL, *r;
	char *b64, *payload;
	int len;

	if (!ac_http_url_ok(url)) {
		ac_err_set(err, AC_ERR_CA, _("The CA sent an order without a finalize URL."));
		return NULL;
	}
	subject.cn = xstrdup(names->dns.n ? names->dns.v[0] : names->ip.v[0]);
	csr = ac_x509_csr(cert_key, &subject, names, err);
	ac_subject_clear(&subject);
	if (!csr)
		return NULL;
	len = i2d_X509_REQ(csr, &der);
	X509_REQ_free(csr);
	if (len <= 0) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot encode the certificate request."));
		ac_err_ssl(err);
		return NULL;
	}
	b64 = ac_base64url(der, (size_t)len);
	OPENSSL_free(der);
	r = json_pack("{s:s}", "csr", b64);
	payload = json_dumps(r, JSON_COMPACT);
	json_decref(r);
	free(b64);
	r = ac_acme_post_json(a, url, payload, &resp, err);
	free(payload);
	ac_http_response_clear(&resp);
	if (!r)
		return NULL;
	if (strcmp(status_of(r), "valid") == 0)
		return r;
	json_decref(r);
	done = poll(a, order_url, err);
	if (done && strcmp(status_of(done), "valid") != 0) {
		char *status = ac_acme_escape(status_of(done));

		ac_err_set(err, AC_ERR_CA, _("The CA did not issue the certificate (order %s)."),
			   status);
		free(status);
		json_decref(done);
		done = NULL;
	}
	return done;
}

/* True when the chain's top certificate was issued by (or is) name. */
static bool
chain_matches(STACK_OF(X509) *certs, const char *name)
{
	X509 *top = sk_X509_value(certs, sk_X509_num(certs) - 1);
	X509_NAME *names[2] = { X509_get_issuer_name(top),
				X509_get_subject_name(top) };
	char cn[256];

	/* by length too: a CN with a NUL inside is not the name before it */
	for (size_t i = 0; i < 2; i++) {
		int n = X509_NAME_get_text_by_NID(names[i], NID_commonName, cn,
						  sizeof(cn));

		if (n > 0 && (size_t)n == strlen(name) &&
		    memcmp(cn, name, (size_t)n) == 0)
			return true;
	}
	return false;
}

static STACK_OF(X509) *
fetch_chain(struct ac_acme *a, const char *url, struct ac_strv *alternates,
	    struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	STACK_OF(X509) *certs = NULL;

	if (ac_acme_post(a, url, NULL, &resp, err)) {
		certs = ac_x509_from_mem(resp.body.data, resp.body.len,
					 _("the CA's certificate"), err);
		if (alternates)
			ac_strv_copy(alternates, &resp.alternates);
	}
	ac_http_response_clear(&resp);
	return certs;
}

/* The certificate, with the preferred chain when the CA offers it. */
static STACK_OF(X509) *
download(struct ac_acme *a, const struct ac_acme_opts *o, const char *url,
	 struct ac_err *err)
{
	struct ac_strv alternates = { 0 };
	STACK_OF(X509) *certs = fetch_chain(a, url, &alternates, err);

	if (certs && o->preferred_chain && !chain_matches(certs, o->preferred_chain)) {
		/* a CA may offer a few chains, not a thousand requests */
		for (size_t i = 0; i < alternates.n && i < ACME_MAX_ALTERNATES;
		     i++) {
			STACK_OF(X509) *alt;

			if (!ac_http_url_ok(alternates.v[i]))
				continue;
			alt = fetch_chain(a, alternates.v[i], NULL, err);
			if (!alt)
				break;
			if (chain_matches(alt, o->preferred_chain)) {
				sk_X509_pop_free(certs, X509_free);
				certs = alt;
				break;
			}
			sk_X509_pop_free(alt, X509_free);
		}
		if (certs && !chain_matches(certs, o->preferred_chain))
			ac_progress(a->ctx, _("Downloading the certificate"), 0.9,
				    _("No chain matches the preferred chain asked for; the default chain is used."));
	}
	ac_strv_clear(&alternates);
	if (ac_err_isset(err)) {
		sk_X509_pop_free(certs, X509_free);
		return NULL;
	}
	return certs;
}

struct ac_acme *
ac_acme_session(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	     const struct ac_acme_opts *o, struct ac_err *err)
{
	struct ac_http *http;
	struct ac_acme *a;

	http = ac_http_new(ctx, o->ca_bundle ? o->ca_bundle : ctx->ca_bundle,
			   err);
	if (!http)
		return NULL;
	a = ac_acme_new(ctx, http, ac_acme_opts_url(o, cfg));
	ac_progress(ctx, _("Contacting the CA"), 0.05, a->directory_url);
	if (!ac_acme_directory(a, err)) {
		ac_acme_free(a);
		return NULL;
	}
	return a;
}

bool
ac_acme_order(struct ac_acme *a, const struct ac_acme_opts *o,
	      const struct ac_names *names, EVP_PKEY *cert_key, X509 **leaf,
	      STACK_OF(X509) **chain, struct ac_err *err)
{
	struct proof p = { .solver = ac_solver_get(o->mode), .names = names };
	json_t *order = NULL, *done = NULL;
	STACK_OF(X509) *certs = NULL;
	char *order_url = NULL;
	const char *cert_url;
	bool ok = false;

	if (!p.solver)
		return ac_err_set(err, AC_ERR_USAGE, _("This challenge method is not available in this build of astcert."));
	/* a solver that cannot work says so before the CA counts an order */
	p.state = p.solver->begin(a->ctx, o, names, err);
	if (!p.state)
		goto out;
	ac_progress(a->ctx, _("Ordering the certificate"), 0.2, NULL);
	order = new_order(a, o, names, &order_url, err);
	ok = order && authorize(a, &p, names, order, err);
	/* the order is past its challenges: nothing stays presented */
	p.solver->cleanup(p.state);
	p.state = NULL;
	if (!ok)
		goto out;
	ok = false;
	ac_progress(a->ctx, _("Finalizing the order"), 0.7, NULL);
	done = finalize(a, order, order_url, names, cert_key, err);
	if (!done)
		goto out;
	cert_url = json_string_value(json_object_get(done, "certificate"));
	if (!ac_http_url_ok(cert_url)) {
		ac_err_set(err, AC_ERR_CA, _("The CA issued no certificate URL."));
		goto out;
	}
	ac_progress(a->ctx, _("Downloading the certificate"), 0.85, NULL);
	certs = download(a, o, cert_url, err);
	if (!certs)
		goto out;
	if (!ac_key_matches(sk_X509_value(certs, 0), cert_key)) {
		ac_err_set(err, AC_ERR_CA, _("The CA returned a certificate for another key: nothing was installed."));
		goto out;
	}
	if (!ac_acme_cert_check(certs, names, err))
		goto out;
	*leaf = sk_X509_shift(certs);
	*chain = certs;
	certs = NULL;
	ok = true;
out:
	p.solver->cleanup(p.state);
	ac_strv_clear(&p.challenges);
	ac_strv_clear(&p.authzs);
	sk_X509_pop_free(certs, X509_free);
	free(order_url);
	json_decref(done);
	json_decref(order);
	return ok;
}

bool
ac_acme_issue(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	      const struct ac_acme_opts *opts, const struct ac_names *names,
	      EVP_PKEY *cert_key, X509 **leaf, STACK_OF(X509) **chain,
	      struct ac_err *err)
{
	const char *why = NULL;
	struct ac_acme *a;
	bool ok;

	if (names->dns.n + names->ip.n == 0)
		return ac_err_set_field(err, AC_FIELD_DNS, AC_ERR_USAGE, _("Give at least one domain name."));
	if (!ac_acme_opts_validate(opts, cfg, err))
		return false;
	a = ac_acme_session(ctx, cfg, opts, err);
	if (!a)
		return false;
	ok = ac_acme_account(a, opts, cfg, true, err) &&
	     ac_acme_order(a, opts, names, cert_key, leaf, chain, err);
	/* a new CA instance on the same URL, or the account deactivated
	 * there: this run heals it */
	if (!ok && !a->account_made &&
	    ac_acme_problem_is(a, "accountDoesNotExist"))
		why = _("The CA does not know the stored ACME account any more: registering again.");
	else if (!ok && !a->account_made &&
		 ac_acme_problem_is(a, "unauthorized") &&
		 !ac_acme_account_usable(a))
		why = _("The stored ACME account was deactivated at the CA: registering a new one.");
	if (why) {
		ac_err_clear(err);
		ok = ac_acme_account_again(a, opts, cfg, why, err) &&
		     ac_acme_order(a, opts, names, cert_key, leaf, chain,
				   err);
	}
	if (ok) {
		char *msg = xasprintf(_("HTTP requests: %u, connections: %u"),
				      ac_http_requests(a->http),
				      ac_http_connections(a->http));

		/* TRANSLATORS: a progress step */
		ac_progress(ctx, _("Certificate received"), 0.9, msg);
		free(msg);
	}
	ac_acme_free(a);
	return ok;
}

bool
ac_acme_revoke(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	       const struct ac_acme_opts *opts, X509 *cert, EVP_PKEY *cert_key,
	       int reason, struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	unsigned char *der = NULL;
	const char *url;
	struct ac_acme *a;
	json_t *req;
	char *b64, *payload;
	int len;
	bool ok = false;

	if (!ac_acme_opts_validate(opts, cfg, err))
		return false;
	a = ac_acme_session(ctx, cfg, opts, err);
	if (!a)
		return false;
	url = ac_acme_dir_url(a, "revokeCert");
	if (!ac_http_url_ok(url)) {
		ac_err_set(err, AC_ERR_CA, _("This CA does not offer revocation."));
		goto out;
	}
	if (cert_key)
		ac_acme_set_account(a, cert_key, NULL);
	else if (!ac_acme_account(a, opts, cfg, false, err))
		goto out;
	len = i2d_X509(cert, &der);
	if (len <= 0) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot encode the certificate."));
		goto out;
	}
	b64 = ac_base64url(der, (size_t)len);
	OPENSSL_free(der);
	req = json_pack("{s:s}", "certificate", b64);
	free(b64);
	if (reason > 0)
		json_object_set_new(req, "reason", json_integer(reason));
	payload = json_dumps(req, JSON_COMPACT);
	json_decref(req);
	ac_progress(ctx, _("Revoking the certificate"), 0.5, NULL);
	ok = ac_acme_post(a, url, payload, &resp, err);
	free(payload);
out:
	ac_http_response_clear(&resp);
	ac_acme_free(a);
	return ok;
}
