/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks over HTTP: the ACME directory (clock, CAA identities), self-test. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/rand.h>

#include "src/challenge.h"
#include "src/checks_int.h"
#include "src/dl.h"
#include "src/http.h"
#include "src/i18n.h"
#include "src/names.h"

#define BODY_MAX (1024 * 1024)

/* "HOST:PORT:ADDR,[ADDR6]" for CURLOPT_RESOLVE. */
static char *
resolve_entry(const char *host, long port, const struct ac_strv *addrs)
{
	struct ac_buf b = { 0 };

	ac_buf_printf(&b, "%s:%ld:", host, port);
	for (size_t i = 0; i < addrs->n; i++)
		ac_buf_printf(&b, strchr(addrs->v[i], ':') ? "%s[%s]" : "%s%s",
			      i ? "," : "", addrs->v[i]);
	return ac_buf_steal(&b, NULL);
}

/* With a configured resolver, curl must not ask the system's. */
static bool
pin_host(struct check_run *r, const char *url, char **entry,
	 struct ac_err *err)
{
	struct ac_dns_rrs rrs = { 0 };
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	bool ok = true;

	*entry = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK) {
		ok = ac_err_set(err, AC_ERR_USAGE,
				_("\"%s\" is not a URL."), url);
	} else if (host[0] != '[' && !ac_ip_is_literal(host)) {
		if (ac_dns_addrs(r->dns, host, &rrs, err) != AC_DNS_OK)
			ok = ac_err_set(err, AC_ERR_NET,
					_("Cannot resolve %s through %s."),
					host, r->resolver);
		else
			*entry = resolve_entry(host, atol(port), &rrs.addrs);
	}
	ac_dns_rrs_clear(&rrs);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

bool
ac_checks_http_get(struct check_run *r, const char *url, bool https,
		   const char *resolve, long timeout,
		   struct ac_http_reply *out, struct ac_err *err)
{
	struct ac_http_get get = {
		.url = url,
		.protocols = https ? "https" : "http",
		.ca_bundle = r->ca_bundle,
		.timeout = timeout,
		.max_body = BODY_MAX,
		.direct = true,
		.resolve = resolve,
	};
	enum ac_http_get_status st;
	char *pinned = NULL;

	memset(out, 0, sizeof(*out));
	/* pin_host parses the URL with libcurl */
	if (!ac_dl_curl(err))
		return false;
	if (!resolve && r->resolver) {
		if (!pin_host(r, url, &pinned, err))
			return false;
		get.resolve = pinned;
	}
	st = ac_http_get(r->ctx, &get, out, err);
	if (st != AC_HTTP_GET_OK && st != AC_HTTP_GET_SETUP)
		ac_err_set(err, AC_ERR_NET, _("Cannot fetch %s: %s."), url,
			   out->error);
	free(pinned);
	return st == AC_HTTP_GET_OK;
}

static void
parse_directory(struct check_run *r, const struct ac_buf *body)
{
	json_t *root = json_loadb(body->data ? body->data : "", body->len, 0,
				  NULL);
	json_t *ids = json_object_get(json_object_get(root, "meta"),
				      "caaIdentities");
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v)
		if (json_is_string(v) && *json_string_value(v))
			ac_strv_add(&r->caa_ids, json_string_value(v));
	json_decref(root);
}

void
ac_checks_fetch_directory(struct check_run *r)
{
	struct ac_http_reply h = { 0 };
	struct ac_err e = AC_ERR_INIT;

	if (r->dir_fetched)
		return;
	r->dir_fetched = true;
	if (!ac_checks_http_get(r, r->opts->directory, true, NULL, 10, &h,
				&e)) {
		r->dir_error = xstrdup(e.msg);
	} else if (h.status != 200) {
		r->dir_error = xasprintf(_("The ACME directory %s answered HTTP %ld."),
					 r->opts->directory, h.status);
		r->dir_date = h.date;
	} else {
		r->dir_ok = true;
		r->dir_date = h.date;
		parse_directory(r, &h.body);
	}
	ac_http_reply_clear(&h);
	ac_err_clear(&e);
}

/* The directory fetched (once) for a check that needs it; false with c
 * skipped when no ACME server was given. */
static bool
directory_fetched(struct check_run *r, struct ac_check *c)
{
	if (!r->opts->directory) {
		ac_checks_set(c, AC_STATUS_SKIP,
			  xstrdup(_("Skipped: no ACME directory URL given.")),
			      NULL);
		return false;
	}
	ac_checks_fetch_directory(r);
	return true;
}

/* Whether the CA's directory answers: its own check, so that a CA out of
 * reach is not reported as a wrong clock. */
void
ac_checks_ca(struct check_run *r, struct ac_check *c)
{
	if (!directory_fetched(r, c))
		return;
	if (r->dir_ok) {
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("The CA's directory %s answers."),
			      r->opts->directory), NULL);
	} else {
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(r->dir_error),
			  xstrdup(_("Check the CA's directory URL and this host's network; a private CA's certificate must be in the CA bundle astcert trusts.")));
		c->field = AC_FIELD_CA_BUNDLE;
	}
}

/* The skew as one sentence per direction (translators never assemble
 * "behind" or "ahead of" into another sentence). */
static char *
skew_text(long long skew, bool minutes)
{
	unsigned long n = (unsigned long)(llabs(skew) / (minutes ? 60 : 1));

	if (minutes && skew < 0)
		return xasprintf(ngettext("This host's clock is %lu minute behind the ACME server's: certificates would look not yet valid or expired.",
					  "This host's clock is %lu minutes behind the ACME server's: certificates would look not yet valid or expired.",
					  n), n);
	if (minutes)
		return xasprintf(ngettext("This host's clock is %lu minute ahead of the ACME server's: certificates would look not yet valid or expired.",
					  "This host's clock is %lu minutes ahead of the ACME server's: certificates would look not yet valid or expired.",
					  n), n);
	if (skew < 0)
		return xasprintf(ngettext("This host's clock is %lu second behind the ACME server's.",
					  "This host's clock is %lu seconds behind the ACME server's.",
					  n), n);
	return xasprintf(ngettext("This host's clock is %lu second ahead of the ACME server's.",
				  "This host's clock is %lu seconds ahead of the ACME server's.",
				  n), n);
}

void
ac_checks_clock(struct check_run *r, struct ac_check *c)
{
	long long skew;

	if (!directory_fetched(r, c))
		return;
	if (!r->dir_date) {
		ac_checks_set(c, r->dir_ok ? AC_STATUS_WARN : AC_STATUS_SKIP,
			      r->dir_ok ? xstrdup(_("The ACME server sent no Date header to compare the clock with."))
			      : xstrdup(_("Skipped: the CA did not answer (see the CA check).")),
			      NULL);
		return;
	}
	skew = (long long)ac_now(r->ctx) - (long long)r->dir_date;
	if (llabs(skew) > AC_CLOCK_FAIL)
		ac_checks_set(c, AC_STATUS_FAIL, skew_text(skew, true),
			      xstrdup(_("Set the clock and keep it right with NTP (timedatectl set-ntp true).")));
	else if (llabs(skew) > AC_CLOCK_WARN)
		ac_checks_set(c, AC_STATUS_WARN, skew_text(skew, false),
			      xstrdup(_("Keep the clock right with NTP (timedatectl set-ntp true).")));
	else
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("The clock agrees with the ACME server's (%lld s apart)."),
			      llabs(skew)), NULL);
}

/* A random base64url token, as an ACME server would send; NULL when the
 * system has no randomness to give. */
static char *
random_token(void)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[32];
	char *t = xmalloc(sizeof(raw) + 1);

	if (RAND_bytes(raw, sizeof(raw)) != 1) {
		free(t);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(raw); i++)
		t[i] = b64[raw[i] & 63];
	t[sizeof(raw)] = '\0';
	return t;
}

/* Starts serving the token once, through the ACME path's responder. */
static bool
serve_token(struct check_run *r)
{
	struct ac_err e = AC_ERR_INIT;
	const struct ac_check_opts *o = r->opts;

	if (r->token_served || r->token_error)
		return r->token_served;
	r->token = random_token();
	if (!r->token) {
		r->token_error = xstrdup(_("No random numbers for a test token: the system's random source failed."));
		return false;
	}
	r->keyauth = xasprintf("%s.astcert-self-test", r->token);
	if (o->webroot) {
		r->webroot = ac_webroot_open(o->webroot, &e);
		r->token_served = r->webroot &&
			ac_webroot_put(r->webroot, r->token, r->keyauth, &e);
	} else {
		r->responder = ac_responder_start(o->bind_address, r->port,
						  &e);
		r->token_served = r->responder &&
			ac_responder_add(r->responder, r->token, r->keyauth);
	}
	if (!r->token_served)
		r->token_error = xstrdup(e.msg ? e.msg
					 : _("Cannot serve the test token."));
	ac_err_clear(&e);
	return r->token_served;
}

void
ac_checks_selftest_cleanup(struct check_run *r)
{
	ac_responder_stop(r->responder);
	ac_webroot_close(r->webroot);
	free(r->token);
	free(r->keyauth);
	free(r->token_error);
}

/* The outcome of fetching the token. */
static void
judge_fetch(struct check_run *r, struct name_state *ns, const char *url,
	    bool fetched, const struct ac_http_reply *h, const char *why,
	    struct ac_check *c)
{
	const char *body = h->body.data ? h->body.data : "";
	size_t n = strcspn(body, "\r\n");
	enum ac_check_status bad = ns->nat ? AC_STATUS_WARN : AC_STATUS_FAIL;

	if (fetched && h->status == 200 && n == strlen(r->keyauth) &&
	    strncmp(body, r->keyauth, n) == 0) {
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("%s served the test token."), url),
			      NULL);
		return;
	}
	if (fetched)
		ac_checks_set(c, bad,
			      xasprintf(_("%s answered HTTP %ld without the test token: another server answers for this name."),
			      url, h->status),
			      xstrdup(_("Point the name at this host, or use webroot mode with the server that answers.")));
	else
		ac_checks_set(c, bad, xstrdup(why ? why : "?"),
			      ns->nat ? xasprintf(_("Forward TCP port %d to this host (from inside, hairpin NAT may be missing)."),
			      r->port)
			      : xasprintf(_("Check that the name points here and TCP port %d is open in the firewall."),
			      r->port));
}

void
ac_checks_selftest(struct check_run *r, size_t i, struct ac_check *c)
{
	struct name_state *ns = &r->names[i];
	struct ac_http_reply h = { 0 };
	struct ac_err e = AC_ERR_INIT;
	char *url, *resolve;
	bool fetched;

	if (!ns->ascii || ns->wildcard) {
		ac_checks_set(c, AC_STATUS_SKIP,
			      xstrdup(_("Skipped: the name is not usable for HTTP-01.")),
			      NULL);
		return;
	}
	if (!r->opts->webroot &&
	    (r->port_state == PORT_WEB || r->port_state == PORT_PLAIN)) {
		ac_checks_set(c, AC_STATUS_SKIP,
			      xasprintf(_("Skipped: port %d is held by another program."),
			      r->port), NULL);
		return;
	}
	if (!ns->addrs.n) {
		struct ac_dns_rrs rrs = { 0 };

		if (ac_dns_addrs(r->dns, ns->ascii, &rrs, NULL) == AC_DNS_OK)
			ac_strv_copy(&ns->addrs, &rrs.addrs);
		ac_dns_rrs_clear(&rrs);
	}
	if (!ns->addrs.n) {
		ac_checks_set(c, AC_STATUS_SKIP,
			      xstrdup(_("Skipped: the name has no address.")), NULL);
		return;
	}
	if (!serve_token(r)) {
		/* a webroot's refusal already says what to do */
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(r->token_error),
			      r->opts->webroot ? NULL
			      : xstrdup(_("Free the port (see the port check) and try again.")));
		return;
	}
	url = r->port == 80
	      ? xasprintf("http://%s%s%s", ns->ascii, AC_CHALLENGE_PATH,
			  r->token)
	      : xasprintf("http://%s:%d%s%s", ns->ascii, r->port,
			  AC_CHALLENGE_PATH, r->token);
	resolve = resolve_entry(ns->ascii, r->port, &ns->addrs);
	fetched = ac_checks_http_get(r, url, false, resolve, 5, &h, &e);
	judge_fetch(r, ns, url, fetched, &h, e.msg, c);
	ac_http_reply_clear(&h);
	ac_err_clear(&e);
	free(resolve);
	free(url);
}
