/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ACME session: directory, nonces, signed requests, retries, problems. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/acme.h"
#include "src/acme_int.h"
#include "src/util.h"
#include "src/i18n.h"
#include "src/jws.h"

#define PROBLEM_NS "urn:ietf:params:acme:error:"

static const struct ac_acme_limits default_limits = {
	.bad_nonce_retries = 30,
	.wait_retries = 3,
	.retry_after_cap = 120,
	.net_retries = 3,
	.backoff_ms = 500,
	.poll_ms = 50,
	.poll_max_ms = 3000,
	.poll_timeout = 300,
};

/* Sleeps in short steps so that cancel is seen within 50 ms. */
static bool
real_sleep(void *arg, long ms)
{
	const struct ac_ctx *ctx = ((struct ac_acme *)arg)->ctx;

	while (ms > 0) {
		long step = ms > 50 ? 50 : ms;
		struct timespec ts = { 0, step * 1000000L };

		if (ac_cancelled(ctx))
			return false;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		ms -= step;
	}
	return !ac_cancelled(ctx);
}

struct ac_acme *
ac_acme_new(const struct ac_ctx *ctx, struct ac_http *http,
	    const char *directory_url)
{
	struct ac_acme *a = xcalloc(1, sizeof(*a));

	a->ctx = ctx;
	a->http = http;
	a->directory_url = xstrdup(directory_url);
	a->limits = default_limits;
	if (ctx && ctx->poll_timeout > 0)
		a->limits.poll_timeout = ctx->poll_timeout;
	a->sleep_ms = real_sleep;
	a->sleep_arg = a;
	return a;
}

void
ac_acme_free(struct ac_acme *a)
{
	if (!a)
		return;
	ac_http_free(a->http);
	json_decref(a->dir);
	free(a->directory_url);
	free(a->nonce);
	free(a->kid);
	free(a->problem);
	EVP_PKEY_free(a->key);
	free(a);
}

struct ac_acme_limits *
ac_acme_limits(struct ac_acme *a)
{
	return &a->limits;
}

void
ac_acme_set_sleep(struct ac_acme *a, bool (*sleep_ms)(void *, long),
		  void *arg)
{
	a->sleep_ms = sleep_ms;
	a->sleep_arg = arg;
}

long long
ac_acme_clock_ms(const struct ac_acme *a)
{
	return ac_mono_ms() + a->slept_fake_ms;
}

bool
ac_acme_sleep(struct ac_acme *a, long ms, struct ac_err *err)
{
	if (a->sleep_ms != real_sleep)
		a->slept_fake_ms += ms;
	if (a->sleep_ms(a->sleep_arg, ms) && !ac_cancelled(a->ctx))
		return true;
	return ac_err_set(err, AC_ERR_CANCELLED,
			  _("Cancelled; nothing was installed."));
}

void
ac_acme_set_account(struct ac_acme *a, EVP_PKEY *key, const char *kid)
{
	if (key != a->key) {
		EVP_PKEY_free(a->key);
		EVP_PKEY_up_ref(key);
		a->key = key;
	}
	free(a->kid);
	a->kid = kid ? xstrdup(kid) : NULL;
}

const char *
ac_acme_nonce(const struct ac_acme *a)
{
	return a->nonce;
}

const json_t *
ac_acme_get0_directory(const struct ac_acme *a)
{
	return a->dir;
}

const char *
ac_acme_dir_url(const struct ac_acme *a, const char *name)
{
	return json_string_value(json_object_get(a->dir, name));
}

/* Every response carries the next nonce; keep the newest. */
static void
take_nonce(struct ac_acme *a, struct ac_http_response *resp)
{
	if (resp->nonce && *resp->nonce) {
		free(a->nonce);
		a->nonce = resp->nonce;
		resp->nonce = NULL;
	}
}

json_t *
ac_acme_json(const struct ac_http_response *resp, struct ac_err *err)
{
	json_error_t jerr;
	json_t *j = json_loadb(resp->body.data ? resp->body.data : "",
			       resp->body.len, JSON_REJECT_DUPLICATES, &jerr);

	if (!j || !json_is_object(j)) {
		char *why = ac_acme_escape(j ? "not an object" : jerr.text);

		json_decref(j);
		ac_err_set(err, AC_ERR_CA, _("The ACME server sent an answer that is not valid JSON: check the server URL."));
		ac_err_detail(err, "HTTP %ld: %s", resp->status, why);
		free(why);
		return NULL;
	}
	return j;
}

/* The code point of the UTF-8 sequence at s (its length in *n), or -1. */
static long
utf8_decode(const unsigned char *s, size_t *n)
{
	static const long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	long cp;

	if (len == 0 || s[0] > 0xf4)
		return -1;
	cp = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = len;
	return cp;
}

/* C1 controls, bidi controls and line separators: a terminal acts on them. */
static bool
unsafe_code_point(long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

char *
ac_acme_escape(const char *text)
{
	const unsigned char *s = (const unsigned char *)(text ? text : "");
	struct ac_buf b = { 0 };

	while (*s) {
		size_t n = 1;
		long cp = *s < 0x80 ? *s : utf8_decode(s, &n);

		if (cp < 0 || *s < 0x20 || *s == 0x7f)
			ac_buf_printf(&b, "\\x%02x", *s);
		else if (*s == '\\')
			ac_buf_addstr(&b, "\\\\");
		else if (unsafe_code_point(cp))
			ac_buf_printf(&b, "\\u%04lx", cp);
		else
			ac_buf_add(&b, s, n);
		s += cp < 0 ? 1 : n;
	}
	return ac_buf_steal(&b, NULL);
}

static const char *
str_or(const json_t *obj, const char *key, const char *dflt)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? v : dflt;
}

static const char *
problem_type(const json_t *problem)
{
	const char *t = json_string_value(json_object_get(problem, "type"));

	if (t && strncmp(t, PROBLEM_NS, strlen(PROBLEM_NS)) == 0)
		return t + strlen(PROBLEM_NS);
	return t ? t : "";
}

/*
 * The hint for one problem type; NULL when we have nothing better.
 * Challenge hints only fit problems from a challenge (http_status 0): an
 * "unauthorized" answer to a request is about the request.
 */
static const char *
problem_hint(const char *type, long http_status, enum ac_field *field)
{
	static const struct {
		const char *type;
		bool challenge;
		const char *hint;
		enum ac_field field;	/* the answer that fixes it */
	} hints[] = {
		{ "badNonce", false, N_("The ACME server kept rejecting the request nonce: try again later.") },
		{ "connection", true, N_("The CA could not connect to this server on port 80 for the HTTP-01 challenge: open port 80 in the firewall and any NAT, and point the name's DNS here.") },
		{ "dns", false, N_("The CA could not look up the name in DNS: check that its A/AAAA records exist and are public.") },
		{ "unauthorized", true, N_("The CA got a wrong answer for the challenge: the name's DNS points to another server, or another web server answers on port 80 (use webroot mode)."), AC_FIELD_WEBROOT },
		{ "incorrectResponse", true, N_("The CA got a wrong answer for the challenge: the name's DNS points to another server, or another web server answers on port 80 (use webroot mode)."), AC_FIELD_WEBROOT },
		{ "tls", true, N_("The CA could not connect to this server over TLS: check the firewall and the name's DNS.") },
		{ "caa", false, N_("A CAA record in the name's DNS forbids this CA: add the CA to the CAA record or remove it.") },
		{ "rateLimited", false, N_("The CA's rate limit was reached: wait before trying again, and rehearse with the staging CA."), AC_FIELD_STAGING },
		{ "externalAccountRequired", false, N_("This CA requires external account binding: give the EAB key ID and MAC key from your account at the CA."), AC_FIELD_EAB },
		{ "accountDoesNotExist", false, N_("The CA does not know the stored ACME account any more (the CA was reset, or the account deleted there): the next order registers a new one; to revoke, give the certificate's key."), AC_FIELD_KEY },
		{ "userActionRequired", false, N_("The CA requires an action from you (new terms of service?): see the details.") },
		{ "rejectedIdentifier", false, N_("The CA will not issue for this name: see the details.") },
		{ "unsupportedIdentifier", false, N_("The CA does not issue for this kind of name: see the details.") },
		{ "invalidContact", false, N_("The CA refused the e-mail address: give a working one."), AC_FIELD_EMAIL },
		{ "unsupportedContact", false, N_("The CA refused the e-mail address: give a working one."), AC_FIELD_EMAIL },
		{ "badCSR", false, N_("The CA refused the certificate request: see the details.") },
		{ "serverInternal", false, N_("The ACME server had an internal error: try again later.") },
		{ "alreadyRevoked", false, N_("The certificate is already revoked.") },
		{ "badRevocationReason", false, N_("The CA does not accept this revocation reason: give another one."), AC_FIELD_REASON },
		{ "malformed", false, N_("The ACME server rejected the request as malformed: see the details.") },
	};

	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		if (strcmp(type, hints[i].type) == 0 &&
		    (!hints[i].challenge || http_status == 0)) {
			if (field)
				*field = hints[i].field;
			return _(hints[i].hint);
		}
	return NULL;
}

/* One subproblem in the detail: "  NAME: TYPE: DETAIL", escaped. */
static void
subproblem_detail(const json_t *sub, struct ac_err *err)
{
	char *name = ac_acme_escape(str_or(json_object_get(sub, "identifier"),
					   "value", "?"));
	char *type = ac_acme_escape(str_or(sub, "type", "?"));
	char *detail = ac_acme_escape(str_or(sub, "detail", ""));

	ac_err_detail(err, "  %s: %s: %s", name, type, detail);
	free(detail);
	free(type);
	free(name);
}

/*
 * The CA's words reach a terminal, the Details and last-renewal: every
 * string from the document is escaped before it goes into err.
 */
bool
ac_acme_problem(const json_t *problem, long status, struct ac_err *err)
{
	const char *type = problem_type(problem);
	enum ac_field field = AC_FIELD_NONE;
	const char *hint = problem_hint(type, status, &field);
	const char *raw = json_string_value(json_object_get(problem, "detail"));
	char *detail = raw ? ac_acme_escape(raw) : NULL, *text;
	json_t *subs = json_object_get(problem, "subproblems"), *sub;
	size_t i;

	/* a compound problem is explained by its first specific subproblem */
	json_array_foreach(subs, i, sub) {
		enum ac_field f = AC_FIELD_NONE;
		const char *h = problem_hint(problem_type(sub), status, &f);

		if (h && (!hint || strcmp(type, "compound") == 0 ||
			  strcmp(type, "malformed") == 0)) {
			hint = h;
			field = f;
			break;
		}
	}
	text = ac_acme_escape(type);
	if (hint)
		ac_err_set_field(err, field, AC_ERR_CA, "%s", hint);
	else
		ac_err_set(err, AC_ERR_CA, _("The ACME server refused the request: %s"),
			   detail ? detail : text);
	free(text);
	text = ac_acme_escape(str_or(problem, "type", "(none)"));
	ac_err_detail(err, "type: %s", text);
	free(text);
	if (status)
		ac_err_detail(err, "status: %ld", status);
	if (detail)
		ac_err_detail(err, "detail: %s", detail);
	json_array_foreach(subs, i, sub)
		subproblem_detail(sub, err);
	free(detail);
	return false;
}

bool
ac_acme_problem_is(const struct ac_acme *a, const char *type)
{
	return a->problem && strcmp(a->problem, type) == 0;
}

/* The problem type of an error response, or NULL for other errors. */
static json_t *
response_problem(const struct ac_http_response *resp)
{
	json_t *j;

	if (resp->status < 400)
		return NULL;
	j = json_loadb(resp->body.data ? resp->body.data : "", resp->body.len,
		       0, NULL);
	if (j && json_is_object(j) && json_object_get(j, "type"))
		return j;
	json_decref(j);
	return NULL;
}

static bool
http_error(const struct ac_http_response *resp, const char *url,
	   struct ac_err *err)
{
	char *shown = ac_acme_escape(url);

	ac_err_set(err, AC_ERR_CA, _("The ACME server answered with HTTP status %ld: check the server URL, or try again later."),
		   resp->status);
	/* TRANSLATORS: a URL, then the HTTP status it answered */
	ac_err_detail(err, _("%s: HTTP %ld"), shown, resp->status);
	free(shown);
	return false;
}

/* How often each kind of failure has been retried in one exchange. */
struct tries {
	int bad_nonce, wait, net;
};

/* 1 = waited, try again; 0 = give up; -1 = cancelled while waiting. */
static int
retry_wait(struct ac_acme *a, const struct ac_http_response *resp,
	   const char *why, struct tries *t, struct ac_err *err)
{
	long secs = ac_http_retry_after(resp->retry_after, ac_now(a->ctx), 2,
					a->limits.retry_after_cap + 1);
	char *msg;

	if (++t->wait > a->limits.wait_retries ||
	    secs > a->limits.retry_after_cap)
		return 0;
	/* "Retry-After: 0" is no reason to hammer a busy server */
	if (secs < ACME_POLL_FLOOR_MS / 1000)
		secs = ACME_POLL_FLOOR_MS / 1000;
	msg = xasprintf(_("%s: waiting %ld s as the CA asks"), why, secs);
	/* TRANSLATORS: a progress step: the CA asked to wait */
	ac_progress(a->ctx, _("Waiting"), -1, msg);
	free(msg);
	return ac_acme_sleep(a, secs * 1000, err) ? 1 : -1;
}

/* A rate limit we did not wait out: say when to try again. */
static void
limited_for(struct ac_acme *a, const struct ac_http_response *resp,
	    const json_t *problem, struct ac_err *err)
{
	long secs;

	if (strcmp(problem_type(problem), "rateLimited") != 0 ||
	    !resp->retry_after)
		return;
	secs = ac_http_retry_after(resp->retry_after, ac_now(a->ctx), -1,
				   366L * 24 * 3600);
	if (secs > 0) {
		long minutes = (secs + 59) / 60;

		ac_err_set_field(err, AC_FIELD_STAGING, AC_ERR_CA,
			   ngettext("The CA's rate limit was reached: try again in %ld minute, and rehearse with the staging CA.",
				    "The CA's rate limit was reached: try again in %ld minutes, and rehearse with the staging CA.",
				    (unsigned long)minutes),
			   minutes);
	}
}

static bool
new_nonce(struct ac_acme *a, struct ac_err *err);

/*
 * One request with the retry rules.  sign: a JWS POST of payload, signed
 * afresh for every attempt with the newest nonce.
 */
static bool
exchange(struct ac_acme *a, const char *method, const char *url,
	 const char *payload, bool sign, struct ac_http_response *resp,
	 struct ac_err *err)
{
	struct tries t = { 0 };

	free(a->problem);
	a->problem = NULL;
	for (;;) {
		struct ac_http_request req = { method, url, NULL, NULL, 0 };
		struct ac_err net = AC_ERR_INIT;
		char *body = NULL;
		json_t *problem;
		bool ok;

		if (ac_cancelled(a->ctx))
			return ac_err_set(err, AC_ERR_CANCELLED,
					  _("Cancelled; nothing was installed."));
		if (sign) {
			if (!a->nonce && !new_nonce(a, err))
				return false;
			body = ac_jws_sign(a->key, a->kid, a->nonce, url,
					   payload, err);
			if (!body)
				return false;
			/* a nonce is good for one request */
			free(a->nonce);
			a->nonce = NULL;
			req.content_type = "application/jose+json";
			req.body = body;
			req.len = strlen(body);
		}
		ok = ac_http_do(a->http, &req, resp, &net);
		free(body);
		if (!ok) {
			if (net.code != AC_ERR_NET ||
			    ++t.net > a->limits.net_retries) {
				ac_err_set(err, net.code, "%s", net.msg);
				if (net.detail)
					ac_err_detail(err, "%s", net.detail);
				ac_err_clear(&net);
				return false;
			}
			ac_progress(a->ctx, _("Waiting"), -1, net.msg);
			ac_err_clear(&net);
			if (!ac_acme_sleep(a, a->limits.backoff_ms << (t.net - 1),
					   err))
				return false;
			continue;
		}
		take_nonce(a, resp);
		if (resp->status < 400)
			return true;
		problem = response_problem(resp);
		if (problem && strcmp(problem_type(problem), "badNonce") == 0 &&
		    sign && ++t.bad_nonce <= a->limits.bad_nonce_retries) {
			json_decref(problem);
			continue;
		}
		if (resp->status == 503 || resp->status == 429 ||
		    (problem && strcmp(problem_type(problem), "rateLimited") == 0)) {
			int w = retry_wait(a, resp, resp->status == 503 ?
					   _("The ACME server is busy") :
					   /* TRANSLATORS: a progress step: the
					    * CA's rate limit */
					   _("Rate limited"), &t, err);

			if (w != 0) {
				json_decref(problem);
				ac_http_response_clear(resp);
				if (w < 0)
					return false;
				continue;
			}
		}
		if (problem) {
			free(a->problem);
			a->problem = xstrdup(problem_type(problem));
			limited_for(a, resp, problem, err);
			ac_acme_problem(problem, resp->status, err);
			if (resp->retry_after)
				ac_err_detail(err, "Retry-After: %s",
					      resp->retry_after);
			json_decref(problem);
		} else {
			http_error(resp, url, err);
		}
		ac_http_response_clear(resp);
		return false;
	}
}

static bool
new_nonce(struct ac_acme *a, struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	const char *url = ac_acme_dir_url(a, "newNonce");
	bool ok;

	if (!url)
		return ac_err_set(err, AC_ERR_CA, _("The ACME directory has no newNonce URL: check the server URL."));
	ok = exchange(a, "HEAD", url, NULL, false, &resp, err);
	ac_http_response_clear(&resp);
	if (ok && !a->nonce)
		return ac_err_set(err, AC_ERR_CA, _("The ACME server sent no nonce: check the server URL."));
	return ok;
}

bool
ac_acme_post(struct ac_acme *a, const char *url, const char *payload,
	     struct ac_http_response *resp, struct ac_err *err)
{
	if (!a->key)
		return ac_err_set(err, AC_ERR_INTERNAL, "no account key");
	return exchange(a, "POST", url, payload, true, resp, err);
}

bool
ac_acme_get(struct ac_acme *a, const char *url, struct ac_http_response *resp,
	    struct ac_err *err)
{
	return exchange(a, "GET", url, NULL, false, resp, err);
}

bool
ac_acme_directory(struct ac_acme *a, struct ac_err *err)
{
	struct ac_http_response resp = { 0 };
	static const char *const needed[] = { "newNonce", "newAccount",
					      "newOrder" };
	json_t *dir;

	if (!ac_http_url_ok(a->directory_url))
		return ac_err_set(err, AC_ERR_USAGE,
				  _("The ACME server URL \"%s\" is not an https:// URL."),
				  a->directory_url);
	if (!exchange(a, "GET", a->directory_url, NULL, false, &resp, err))
		return false;
	dir = ac_acme_json(&resp, err);
	ac_http_response_clear(&resp);
	if (!dir)
		return false;
	for (size_t i = 0; i < 3; i++) {
		if (!ac_http_url_ok(json_string_value(json_object_get(dir, needed[i])))) {
			json_decref(dir);
			ac_err_set(err, AC_ERR_CA, _("%s is not an ACME directory: check the server URL."),
				   a->directory_url);
			ac_err_detail(err, "missing %s", needed[i]);
			return false;
		}
	}
	json_decref(a->dir);
	a->dir = dir;
	return true;
}

/* POST url, parse the JSON answer. */
json_t *
ac_acme_post_json(struct ac_acme *a, const char *url, const char *payload,
		  struct ac_http_response *resp, struct ac_err *err)
{
	if (!ac_acme_post(a, url, payload, resp, err))
		return NULL;
	return ac_acme_json(resp, err);
}
