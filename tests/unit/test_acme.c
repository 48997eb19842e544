/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ACME session against a fake transport: nonces, retries, problems. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "src/acme.h"
#include "src/http.h"
#include "src/jws.h"
#include "src/keys.h"
#include "src/profile.h"
#include "src/step.h"

#define DIR_URL "https://ca.test/dir"
#define DIR_JSON "{\"newNonce\":\"https://ca.test/nonce\"," \
	"\"newAccount\":\"https://ca.test/acct\"," \
	"\"newOrder\":\"https://ca.test/order\"," \
	"\"meta\":{\"termsOfService\":\"https://ca.test/tos\"}}"

/* One scripted answer: status, body, nonce, Retry-After; net = no answer. */
struct answer {
	long status;
	const char *body;
	const char *nonce;
	const char *retry_after;
	bool net;
};

struct fake {
	const struct answer *script;
	size_t n, next;
	struct ac_strv methods;	/* "METHOD URL" per request */
	struct ac_strv nonces;	/* the nonce each POST carried */
	long slept[16];
	size_t nsleeps;
};

/* The nonce in a JWS body's protected header (new string or NULL). */
static char *
jws_nonce(const char *body)
{
	json_t *jws = json_loads(body, 0, NULL), *hdr;
	struct ac_buf raw = { 0 };
	char *nonce = NULL;

	assert_non_null(jws);
	assert_true(ac_base64url_decode(
		json_string_value(json_object_get(jws, "protected")), &raw));
	hdr = json_loads(raw.data, 0, NULL);
	assert_non_null(hdr);
	if (json_string_value(json_object_get(hdr, "nonce")))
		nonce = xstrdup(json_string_value(json_object_get(hdr, "nonce")));
	json_decref(hdr);
	json_decref(jws);
	ac_buf_clear(&raw);
	return nonce;
}

static bool
fake_fn(void *arg, const struct ac_http_request *req,
	struct ac_http_response *resp, struct ac_err *err)
{
	struct fake *f = arg;
	const struct answer *a;

	ac_strv_add_owned(&f->methods, xasprintf("%s %s", req->method, req->url));
	if (strcmp(req->method, "POST") == 0) {
		char *n = jws_nonce(req->body);

		ac_strv_add_owned(&f->nonces, n ? n : xstrdup("(none)"));
	}
	assert_true(f->next < f->n);
	a = &f->script[f->next++];
	if (a->net)
		return ac_err_set(err, AC_ERR_NET, "connection refused");
	resp->status = a->status;
	ac_buf_addstr(&resp->body, a->body ? a->body : "");
	resp->nonce = a->nonce ? xstrdup(a->nonce) : NULL;
	resp->retry_after = a->retry_after ? xstrdup(a->retry_after) : NULL;
	return true;
}

static bool
fake_sleep(void *arg, long ms)
{
	struct fake *f = arg;

	if (f->nsleeps < 16)
		f->slept[f->nsleeps++] = ms;
	return true;
}

static const struct ac_ctx ctx = { .root = NULL };

static struct ac_acme *
session(struct fake *f, const struct answer *script, size_t n,
	EVP_PKEY **key)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_acme *a;

	memset(f, 0, sizeof(*f));
	f->script = script;
	f->n = n;
	a = ac_acme_new(&ctx, ac_http_new_fn(fake_fn, f), DIR_URL);
	ac_acme_set_sleep(a, fake_sleep, f);
	assert_true(ac_acme_directory(a, &err));
	*key = ac_key_generate(AC_KEY_P256, &err);
	assert_non_null(*key);
	ac_acme_set_account(a, *key, "https://ca.test/acct/1");
	return a;
}

static void
done(struct fake *f, struct ac_acme *a, EVP_PKEY *key)
{
	assert_int_equal(f->next, f->n);	/* the whole script was used */
	ac_acme_free(a);
	EVP_PKEY_free(key);
	ac_strv_clear(&f->methods);
	ac_strv_clear(&f->nonces);
}

static const char bad_nonce[] =
	"{\"type\":\"urn:ietf:params:acme:error:badNonce\",\"detail\":\"JWS has an invalid anti-replay nonce\"}";

static void
test_nonce_flow(void **state)
{
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },		/* HEAD newNonce */
		{ 200, "{}", "n2", NULL, false },
		{ 200, "{}", "n3", NULL, false },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 4, &key);

	(void)state;
	assert_null(ac_acme_nonce(a));
	assert_true(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_string_equal(ac_acme_nonce(a), "n2");
	assert_true(ac_acme_post(a, "https://ca.test/y", NULL, &resp, &err));
	assert_string_equal(f.methods.v[0], "GET " DIR_URL);
	assert_string_equal(f.methods.v[1], "HEAD https://ca.test/nonce");
	assert_string_equal(f.methods.v[2], "POST https://ca.test/x");
	/* each POST used the nonce of the response before it */
	assert_string_equal(f.nonces.v[0], "n1");
	assert_string_equal(f.nonces.v[1], "n2");
	assert_string_equal(ac_acme_nonce(a), "n3");
	assert_int_equal(f.nsleeps, 0);
	ac_http_response_clear(&resp);
	done(&f, a, key);
}

static void
test_bad_nonce_retried(void **state)
{
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },
		{ 400, bad_nonce, "n2", NULL, false },
		{ 400, bad_nonce, "n3", NULL, false },
		{ 400, bad_nonce, NULL, NULL, false },	/* no nonce: ask */
		{ 200, "", "n4", NULL, false },
		{ 201, "{\"status\":\"valid\"}", "n5", NULL, false },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 7, &key);

	(void)state;
	assert_true(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_int_equal(resp.status, 201);
	assert_int_equal(f.nonces.n, 4);
	assert_string_equal(f.nonces.v[0], "n1");
	assert_string_equal(f.nonces.v[1], "n2");
	assert_string_equal(f.nonces.v[2], "n3");
	assert_string_equal(f.nonces.v[3], "n4");
	assert_string_equal(f.methods.v[5], "HEAD https://ca.test/nonce");
	assert_int_equal(f.nsleeps, 0);	/* no waiting for a fresh nonce */
	ac_http_response_clear(&resp);
	done(&f, a, key);
}

static void
test_bad_nonce_exhausted(void **state)
{
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },
		{ 400, bad_nonce, "n2", NULL, false },
		{ 400, bad_nonce, "n3", NULL, false },
		{ 400, bad_nonce, "n4", NULL, false },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 5, &key);

	(void)state;
	ac_acme_limits(a)->bad_nonce_retries = 2;
	assert_false(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_int_equal(err.code, AC_ERR_CA);
	assert_non_null(strstr(err.msg, "nonce"));
	assert_non_null(strstr(err.detail, "urn:ietf:params:acme:error:badNonce"));
	assert_non_null(strstr(err.detail, "invalid anti-replay nonce"));
	ac_err_clear(&err);
	done(&f, a, key);
}

static void
test_rate_limited_waits(void **state)
{
	static const char limited[] =
		"{\"type\":\"urn:ietf:params:acme:error:rateLimited\",\"detail\":\"too many\"}";
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },
		{ 429, limited, "n2", "3", false },
		{ 503, "", "n3", "1", false },
		{ 200, "{}", "n4", NULL, false },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 5, &key);

	(void)state;
	assert_true(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_int_equal(f.nsleeps, 2);
	assert_int_equal(f.slept[0], 3000);
	assert_int_equal(f.slept[1], 1000);
	ac_http_response_clear(&resp);
	done(&f, a, key);
}

static void
test_rate_limited_too_long(void **state)
{
	static const char limited[] =
		"{\"type\":\"urn:ietf:params:acme:error:rateLimited\",\"detail\":\"too many certificates already issued\"}";
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },
		{ 429, limited, "n2", "86400", false },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 3, &key);

	(void)state;
	assert_false(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_int_equal(f.nsleeps, 0);	/* over the cap: no day-long wait */
	assert_non_null(strstr(err.msg, "rate limit"));
	assert_non_null(strstr(err.msg, "try again in 1440 minutes"));
	assert_non_null(strstr(err.detail, "Retry-After: 86400"));
	assert_non_null(strstr(err.detail, "too many certificates"));
	ac_err_clear(&err);
	done(&f, a, key);
}

static void
test_network_backoff(void **state)
{
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },
		{ 0, NULL, NULL, NULL, true },	/* the POST */
		{ 0, NULL, NULL, NULL, true },	/* its nonce was spent: HEAD */
		{ 200, "", "n2", NULL, false },
		{ 200, "{}", "n3", NULL, false },
	};
	static const struct answer down[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 0, NULL, NULL, NULL, true },
		{ 0, NULL, NULL, NULL, true },
		{ 0, NULL, NULL, NULL, true },
		{ 0, NULL, NULL, NULL, true },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 6, &key);

	(void)state;
	assert_true(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_int_equal(f.nsleeps, 2);
	assert_int_equal(f.slept[0], 500);
	assert_int_equal(f.slept[1], 500);
	assert_string_equal(f.nonces.v[f.nonces.n - 1], "n2");
	ac_http_response_clear(&resp);
	done(&f, a, key);

	a = session(&f, down, 5, &key);
	assert_false(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_int_equal(err.code, AC_ERR_NET);
	/* three retries with a doubling back-off, then the report */
	assert_int_equal(f.nsleeps, 3);
	assert_int_equal(f.slept[0], 500);
	assert_int_equal(f.slept[1], 1000);
	assert_int_equal(f.slept[2], 2000);
	ac_err_clear(&err);
	done(&f, a, key);
}

static void
test_retry_after_parse(void **state)
{
	time_t now = 1700000000;	/* 2023-11-14 22:13:20 UTC */

	(void)state;
	assert_int_equal(ac_http_retry_after("120", now, 5, 300), 120);
	assert_int_equal(ac_http_retry_after(" 7 ", now, 5, 300), 7);
	assert_int_equal(ac_http_retry_after("100000", now, 5, 300), 300);
	assert_int_equal(ac_http_retry_after("99999999999999999999999", now, 5, 300), 300);
	assert_int_equal(ac_http_retry_after(NULL, now, 5, 300), 5);
	assert_int_equal(ac_http_retry_after("soon", now, 5, 300), 5);
	assert_int_equal(ac_http_retry_after("-3", now, 5, 300), 5);
	/* "no Retry-After" stays distinguishable from "0" */
	assert_int_equal(ac_http_retry_after(NULL, now, -1, 300), -1);
	assert_int_equal(ac_http_retry_after("0", now, -1, 300), 0);
	assert_int_equal(ac_http_retry_after("Tue, 14 Nov 2023 22:14:20 GMT", now, 5, 300), 60);
	assert_int_equal(ac_http_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now, 5, 300), 0);
	assert_int_equal(ac_http_retry_after("Wed, 15 Nov 2023 22:13:20 GMT", now, 5, 300), 300);
}

static void
test_problem_documents(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	json_t *p;

	(void)state;
	p = json_loads("{\"type\":\"urn:ietf:params:acme:error:compound\","
		       "\"detail\":\"Errors during validation\","
		       "\"subproblems\":[{\"type\":\"urn:ietf:params:acme:error:caa\","
		       "\"detail\":\"CAA record forbids issuance\","
		       "\"identifier\":{\"type\":\"dns\",\"value\":\"pbx.example.com\"}}]}",
		       0, NULL);
	assert_false(ac_acme_problem(p, 403, &err));
	assert_int_equal(err.code, AC_ERR_CA);
	assert_non_null(strstr(err.msg, "CAA"));
	assert_non_null(strstr(err.detail, "pbx.example.com: urn:ietf:params:acme:error:caa: CAA record forbids issuance"));
	assert_non_null(strstr(err.detail, "status: 403"));
	json_decref(p);
	ac_err_clear(&err);

	p = json_loads("{\"type\":\"urn:ietf:params:acme:error:connection\","
		       "\"detail\":\"Connection refused\"}", 0, NULL);
	ac_acme_problem(p, 0, &err);
	assert_non_null(strstr(err.msg, "port 80"));
	assert_non_null(strstr(err.detail, "detail: Connection refused"));
	json_decref(p);
	ac_err_clear(&err);

	p = json_loads("{\"type\":\"urn:ietf:params:acme:error:dns\",\"detail\":\"NXDOMAIN\"}", 0, NULL);
	ac_acme_problem(p, 0, &err);
	assert_non_null(strstr(err.msg, "DNS"));
	json_decref(p);
	ac_err_clear(&err);

	p = json_loads("{\"type\":\"urn:ietf:params:acme:error:unauthorized\",\"detail\":\"404\"}", 0, NULL);
	ac_acme_problem(p, 0, &err);
	assert_non_null(strstr(err.msg, "wrong answer"));
	ac_err_clear(&err);
	/* the same type as the answer to a request is about the request */
	ac_acme_problem(p, 403, &err);
	assert_null(strstr(err.msg, "wrong answer"));
	assert_non_null(strstr(err.msg, "404"));
	json_decref(p);
	ac_err_clear(&err);

	/* unknown types still reach the user, verbatim */
	p = json_loads("{\"type\":\"about:blank\",\"detail\":\"Something odd\"}", 0, NULL);
	ac_acme_problem(p, 400, &err);
	assert_non_null(strstr(err.msg, "Something odd"));
	json_decref(p);
	ac_err_clear(&err);
}

/* True when s has a control character other than the detail's newlines. */
static bool
has_control(const char *s)
{
	for (; s && *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			return true;
	return false;
}

/* The CA's words reach a terminal and last-renewal: nothing it can act on. */
static void
test_problem_escaped(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	json_t *p;

	(void)state;
	p = json_loads("{\"type\":\"about:blank\\u001b]0;t\\u0007\","
		       "\"detail\":\"x\\u001b[2J\\ny\\u202ez\\u009b\\\\\","
		       "\"subproblems\":[{\"type\":\"t\",\"detail\":\"d\\r\","
		       "\"identifier\":{\"value\":\"a\\u001bb\"}}]}", 0, NULL);
	assert_non_null(p);
	ac_acme_problem(p, 400, &err);
	assert_string_equal(err.msg, "The ACME server refused the request: "
			    "x\\x1b[2J\\x0ay\\u202ez\\u009b\\\\");
	assert_false(has_control(err.msg));
	assert_false(has_control(err.detail));
	assert_null(strstr(err.detail, "\xe2\x80\xae"));
	assert_null(strstr(err.detail, "\xc2\x9b"));
	assert_non_null(strstr(err.detail, "a\\x1bb: t: d\\x0d"));
	json_decref(p);
	ac_err_clear(&err);
}

static void
test_problem_over_http(void **state)
{
	static const struct answer script[] = {
		{ 200, DIR_JSON, NULL, NULL, false },
		{ 200, "", "n1", NULL, false },
		{ 400, "{\"type\":\"urn:ietf:params:acme:error:malformed\",\"detail\":\"bad JWS\"}", "n2", NULL, false },
		{ 500, "<html>oops</html>", "n3", NULL, false },
	};
	struct ac_http_response resp = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct fake f;
	EVP_PKEY *key;
	struct ac_acme *a = session(&f, script, 4, &key);

	(void)state;
	assert_false(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_non_null(strstr(err.msg, "malformed"));
	assert_non_null(strstr(err.detail, "bad JWS"));
	ac_err_clear(&err);
	/* the failed request's nonce is still taken */
	assert_string_equal(ac_acme_nonce(a), "n2");
	assert_false(ac_acme_post(a, "https://ca.test/x", "{}", &resp, &err));
	assert_non_null(strstr(err.msg, "500"));
	ac_err_clear(&err);
	done(&f, a, key);
}

static void
test_bad_directory(void **state)
{
	static const struct answer script[] = {
		{ 200, "not json", NULL, NULL, false },
		{ 200, "{\"newNonce\":\"http://ca.test/n\"}", NULL, NULL, false },
	};
	struct ac_err err = AC_ERR_INIT;
	struct fake f = { script, 2, 0, { 0 }, { 0 }, { 0 }, 0 };
	struct ac_acme *a = ac_acme_new(&ctx, ac_http_new_fn(fake_fn, &f), DIR_URL);

	(void)state;
	assert_false(ac_acme_directory(a, &err));
	assert_non_null(strstr(err.msg, "JSON"));
	ac_err_clear(&err);
	assert_false(ac_acme_directory(a, &err));
	assert_non_null(strstr(err.msg, "not an ACME directory"));
	ac_err_clear(&err);
	ac_acme_free(a);
	ac_strv_clear(&f.methods);

	a = ac_acme_new(&ctx, ac_http_new_fn(fake_fn, &f), "http://ca.test/dir");
	assert_false(ac_acme_directory(a, &err));
	assert_int_equal(err.code, AC_ERR_USAGE);
	ac_err_clear(&err);
	ac_acme_free(a);
}

static void
test_opts_and_profile(void **state)
{
	struct ac_cfg cfg;
	struct ac_err err = AC_ERR_INIT;
	struct ac_acme_opts *o = ac_acme_opts_new();
	struct ac_job job, back;
	struct ac_buf text = { 0 };
	char path[] = "/tmp/test_acme.XXXXXX";
	int fd;

	(void)state;
	ac_cfg_defaults(&cfg);
	assert_string_equal(ac_acme_opts_url(o, &cfg), AC_LE_PRODUCTION);
	o->staging = true;
	assert_string_equal(ac_acme_opts_url(o, &cfg), AC_LE_STAGING);
	assert_true(ac_acme_opts_validate(o, &cfg, &err));
	o->server = xstrdup("https://acme.example/dir");
	assert_false(ac_acme_opts_validate(o, &cfg, &err));	/* both */
	ac_err_clear(&err);
	o->staging = false;
	o->email = xstrdup("not an address");
	assert_false(ac_acme_opts_validate(o, &cfg, &err));
	ac_err_clear(&err);
	free(o->email);
	o->email = xstrdup("admin@example.com");
	o->eab_kid = xstrdup("kid-1");
	assert_false(ac_acme_opts_validate(o, &cfg, &err));	/* no HMAC */
	ac_err_clear(&err);
	o->eab_hmac = xstrdup("zWNDZM6eQGHWpSRTPal5eIUYFTu7");
	assert_true(ac_acme_opts_validate(o, &cfg, &err));
	o->mode = AC_ACME_WEBROOT;
	assert_false(ac_acme_opts_validate(o, &cfg, &err));	/* no dir */
	ac_err_clear(&err);
	o->webroot = xstrdup("/var/www/html");
	o->preferred_chain = xstrdup("ISRG Root X1");
	o->profile = xstrdup("tlsserver");
	o->agree_tos = true;
	o->http_port = 8080;

	/* the renewal profile carries everything but the EAB secret */
	ac_job_init(&job, AC_JOB_ACME, &cfg);
	job.acme = o;
	ac_strv_add(&job.names.dns, "pbx.example.com");
	assert_true(ac_profile_render(&job, ac_step_name(&job),
				      "/etc/asterisk/keys", &text, &err));
	assert_null(strstr(text.data, "zWNDZM6"));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text.data, text.len), (ssize_t)text.len);
	close(fd);
	ac_job_init(&back, AC_JOB_SELFSIGNED, &cfg);
	assert_true(ac_job_load(path, &back, &err));
	unlink(path);
	assert_int_equal(back.kind, AC_JOB_ACME);
	assert_non_null(back.acme);
	assert_string_equal(back.acme->server, "https://acme.example/dir");
	assert_string_equal(back.acme->email, "admin@example.com");
	assert_string_equal(back.acme->eab_kid, "kid-1");
	assert_null(back.acme->eab_hmac);
	assert_int_equal(back.acme->mode, AC_ACME_WEBROOT);
	assert_string_equal(back.acme->webroot, "/var/www/html");
	assert_string_equal(back.acme->preferred_chain, "ISRG Root X1");
	assert_string_equal(back.acme->profile, "tlsserver");
	assert_int_equal(back.acme->http_port, 8080);
	assert_true(back.acme->agree_tos);
	assert_false(back.acme->staging);
	ac_buf_clear(&text);
	ac_job_clear(&back);
	ac_job_clear(&job);
	ac_cfg_clear(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nonce_flow),
		cmocka_unit_test(test_bad_nonce_retried),
		cmocka_unit_test(test_bad_nonce_exhausted),
		cmocka_unit_test(test_rate_limited_waits),
		cmocka_unit_test(test_rate_limited_too_long),
		cmocka_unit_test(test_network_backoff),
		cmocka_unit_test(test_retry_after_parse),
		cmocka_unit_test(test_problem_documents),
		cmocka_unit_test(test_problem_escaped),
		cmocka_unit_test(test_problem_over_http),
		cmocka_unit_test(test_bad_directory),
		cmocka_unit_test(test_opts_and_profile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
