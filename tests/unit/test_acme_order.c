/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A whole ACME order against a fake CA: profile, HTTP-01 in a webroot,
 * finalize, polling, alternate chains, a failed challenge. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "src/acme.h"
#include "src/http.h"
#include "src/jws.h"
#include "src/keys.h"

#define CA "https://ca.test"

struct fake_ca {
	const struct ac_ctx *ctx;
	const char *webroot;
	bool fail_challenge;
	bool foreign_name;		/* the authz is for a name not ordered */
	int authz_polls;
	struct ac_strv requests;	/* "METHOD PATH" */
	struct ac_buf chain_default, chain_alt;
	char *key_auth_seen;		/* served when the challenge was posted */
	char *payload_order;		/* the newOrder payload */
	int nonce;
};

static char *
payload_of(const char *body)
{
	json_t *jws = json_loads(body, 0, NULL);
	struct ac_buf raw = { 0 };
	char *out;

	assert_non_null(jws);
	assert_true(ac_base64url_decode(
		json_string_value(json_object_get(jws, "payload")), &raw));
	out = xstrdup(raw.data ? raw.data : "");
	ac_buf_clear(&raw);
	json_decref(jws);
	return out;
}

static char *
read_text(const char *path)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
}

static bool
fake_ca_fn(void *arg, const struct ac_http_request *req,
	   struct ac_http_response *resp, struct ac_err *err)
{
	struct fake_ca *f = arg;
	const char *path = req->url + strlen(CA);
	const char *body = "{}";

	(void)err;
	ac_strv_add_owned(&f->requests, xasprintf("%s %s", req->method, path));
	resp->nonce = xasprintf("nonce-%d", ++f->nonce);
	resp->status = 200;
	if (strcmp(path, "/dir") == 0) {
		body = "{\"newNonce\":\"" CA "/nonce\",\"newAccount\":\"" CA "/acct\","
		       "\"newOrder\":\"" CA "/new-order\","
		       "\"renewalInfo\":\"" CA "/renewal-info\",\"meta\":{\"profiles\":"
		       "{\"classic\":\"90 days\",\"tlsserver\":\"no client auth\"}}}";
	} else if (strcmp(path, "/nonce") == 0) {
		body = "";
	} else if (strcmp(path, "/new-order") == 0) {
		f->payload_order = payload_of(req->body);
		resp->status = 201;
		resp->location = xstrdup(CA "/order/1");
		body = "{\"status\":\"pending\",\"authorizations\":[\"" CA "/authz/1\"],"
		       "\"finalize\":\"" CA "/finalize/1\"}";
	} else if (strcmp(path, "/authz/1") == 0) {
		if (f->authz_polls++ == 0 && f->foreign_name)
			body = "{\"status\":\"pending\",\"identifier\":{\"type\":\"dns\",\"value\":\"bank.example.net\"},"
			       "\"challenges\":[{\"type\":\"http-01\",\"url\":\"" CA "/chal/1\",\"token\":\"tok_1-A\"}]}";
		else if (f->authz_polls == 1)
			body = "{\"status\":\"pending\",\"identifier\":{\"type\":\"dns\",\"value\":\"pbx.example.com\"},"
			       "\"challenges\":[{\"type\":\"dns-01\",\"url\":\"" CA "/chal/dns\",\"token\":\"dnstok\"},"
			       "{\"type\":\"http-01\",\"url\":\"" CA "/chal/1\",\"token\":\"tok_1-A\"}]}";
		else if (f->authz_polls == 2)
			body = "{\"status\":\"pending\"}";	/* still validating */
		else if (f->fail_challenge)
			body = "{\"status\":\"invalid\",\"identifier\":{\"type\":\"dns\",\"value\":\"pbx.example.com\"},"
			       "\"challenges\":[{\"type\":\"http-01\",\"status\":\"invalid\",\"error\":"
			       "{\"type\":\"urn:ietf:params:acme:error:dns\",\"detail\":\"NXDOMAIN looking up A for pbx.example.com\"}}]}";
		else
			body = "{\"status\":\"valid\"}";
	} else if (strcmp(path, "/chal/1") == 0) {
		char *file = xasprintf("%s/.well-known/acme-challenge/tok_1-A", f->webroot);

		f->key_auth_seen = read_text(file);
		free(file);
		body = "{\"type\":\"http-01\",\"status\":\"pending\"}";
	} else if (strcmp(path, "/finalize/1") == 0) {
		body = "{\"status\":\"processing\"}";
		resp->retry_after = xstrdup("0");
	} else if (strcmp(path, "/order/1") == 0) {
		body = "{\"status\":\"valid\",\"certificate\":\"" CA "/cert/1\"}";
	} else if (strcmp(path, "/cert/1") == 0) {
		body = f->chain_default.data;
		ac_strv_add(&resp->alternates, CA "/cert/1/alt");
	} else if (strcmp(path, "/cert/1/alt") == 0) {
		body = f->chain_alt.data;
	} else {
		resp->status = 404;
		body = "{\"type\":\"urn:ietf:params:acme:error:malformed\",\"detail\":\"no such path\"}";
	}
	ac_buf_addstr(&resp->body, body);
	return true;
}

static bool
no_sleep(void *arg, long ms)
{
	(void)arg;
	(void)ms;
	return true;
}

/* A certificate named cn for key, signed by issuer (NULL = self). */
static X509 *
make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key,
	  enum ac_x509_usage usage, const struct ac_names *names)
{
	static const struct ac_ctx ctx = { .root = NULL };
	struct ac_subject subject = { 0 };
	struct ac_x509_spec spec = { &subject, names, usage, 90, -1, NULL };
	struct ac_err err = AC_ERR_INIT;
	X509 *c;

	subject.cn = xstrdup(cn);
	c = ac_x509_issue(&ctx, key, &spec, issuer, issuer_key ? issuer_key : key, &err);
	assert_non_null(c);
	ac_subject_clear(&subject);
	return c;
}

struct world {
	EVP_PKEY *account, *cert_key, *root_key, *int_key;
	struct ac_names names;
	char webroot[64];
	struct fake_ca f;
	struct ac_acme *a;
};

static int
setup(void **state)
{
	static const struct ac_ctx ctx = { .root = NULL };
	struct world *w = xcalloc(1, sizeof(*w));
	struct ac_err err = AC_ERR_INIT;
	X509 *root_a, *root_b, *int_a, *int_b, *leaf;

	w->account = ac_key_generate(AC_KEY_P256, &err);
	w->cert_key = ac_key_generate(AC_KEY_P256, &err);
	w->root_key = ac_key_generate(AC_KEY_P256, &err);
	w->int_key = ac_key_generate(AC_KEY_P256, &err);
	ac_strv_add(&w->names.dns, "pbx.example.com");
	ac_strv_add(&w->names.dns, "sip.example.com");
	root_a = make_cert("Root A", w->root_key, NULL, NULL, AC_USAGE_CA, NULL);
	root_b = make_cert("Root B", w->root_key, NULL, NULL, AC_USAGE_CA, NULL);
	/* one intermediate key, certified by both roots: two chains */
	int_a = make_cert("Intermediate", w->int_key, root_a, w->root_key, AC_USAGE_CA, NULL);
	int_b = make_cert("Intermediate", w->int_key, root_b, w->root_key, AC_USAGE_CA, NULL);
	leaf = make_cert("pbx.example.com", w->cert_key, int_a, w->int_key,
			 AC_USAGE_SERVER, &w->names);
	assert_true(ac_x509_to_pem(leaf, &w->f.chain_default, &err));
	assert_true(ac_x509_to_pem(int_a, &w->f.chain_default, &err));
	assert_true(ac_x509_to_pem(leaf, &w->f.chain_alt, &err));
	assert_true(ac_x509_to_pem(int_b, &w->f.chain_alt, &err));
	X509_free(root_a);
	X509_free(root_b);
	X509_free(int_a);
	X509_free(int_b);
	X509_free(leaf);

	strcpy(w->webroot, "/tmp/test_acme_order.XXXXXX");
	assert_non_null(mkdtemp(w->webroot));
	w->f.webroot = w->webroot;
	w->a = ac_acme_new(&ctx, ac_http_new_fn(fake_ca_fn, &w->f), CA "/dir");
	ac_acme_set_sleep(w->a, no_sleep, NULL);
	assert_true(ac_acme_directory(w->a, &err));
	ac_acme_set_account(w->a, w->account, CA "/acct/1");
	*state = w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;
	char *p;

	ac_acme_free(w->a);
	EVP_PKEY_free(w->account);
	EVP_PKEY_free(w->cert_key);
	EVP_PKEY_free(w->root_key);
	EVP_PKEY_free(w->int_key);
	ac_names_clear(&w->names);
	ac_strv_clear(&w->f.requests);
	ac_buf_clear(&w->f.chain_default);
	ac_buf_clear(&w->f.chain_alt);
	free(w->f.key_auth_seen);
	free(w->f.payload_order);
	p = xasprintf("%s/.well-known", w->webroot);
	rmdir(p);
	free(p);
	rmdir(w->webroot);
	free(w);
	return 0;
}

static char *
top_issuer(STACK_OF(X509) *chain)
{
	char cn[64] = "";

	X509_NAME_get_text_by_NID(X509_get_issuer_name(
		sk_X509_value(chain, sk_X509_num(chain) - 1)), NID_commonName,
		cn, sizeof(cn));
	return xstrdup(cn);
}

static void
test_order_webroot_profile_chain(void **state)
{
	struct world *w = *state;
	struct ac_acme_opts o = { .mode = AC_ACME_WEBROOT };
	struct ac_err err = AC_ERR_INIT;
	STACK_OF(X509) *chain = NULL;
	X509 *leaf = NULL;
	json_t *jwk, *order;
	char *thumb, *expect, *file, *issuer;
	struct stat st;

	o.webroot = w->webroot;
	o.profile = (char[]){ "tlsserver" };
	o.preferred_chain = (char[]){ "Root B" };
	o.replaces = (char[]){ "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE" };
	assert_true(ac_acme_order(w->a, &o, &w->names, w->cert_key, &leaf, &chain, &err));
	if (err.msg)
		print_message("%s\n%s\n", err.msg, err.detail ? err.detail : "");

	/* newOrder: every name, and the profile the directory offers */
	order = json_loads(w->f.payload_order, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(order, "profile")), "tlsserver");
	/* a renewal with ARI names what it replaces (RFC 9773 5) */
	assert_string_equal(json_string_value(json_object_get(order, "replaces")),
			    "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
	assert_int_equal(json_array_size(json_object_get(order, "identifiers")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(order, "identifiers"), 1), "value")), "sip.example.com");
	json_decref(order);

	/* the key authorization was in place when the challenge was posted */
	jwk = ac_jwk(w->account, &err);
	thumb = ac_jwk_thumbprint(jwk, &err);
	expect = xasprintf("tok_1-A.%s", thumb);
	assert_non_null(w->f.key_auth_seen);
	assert_string_equal(w->f.key_auth_seen, expect);
	/* ... and is gone now */
	file = xasprintf("%s/.well-known/acme-challenge/tok_1-A", w->webroot);
	assert_int_not_equal(stat(file, &st), 0);

	/* the preferred chain came from the Link: rel="alternate" URL */
	assert_true(ac_key_matches(leaf, w->cert_key));
	assert_int_equal(sk_X509_num(chain), 1);
	issuer = top_issuer(chain);
	assert_string_equal(issuer, "Root B");
	assert_string_equal(w->f.requests.v[w->f.requests.n - 1], "POST /cert/1/alt");
	/* the directory's nonce is used (no newNonce); polls: the authz
	 * twice (pending, then valid), the order once */
	assert_string_equal(w->f.requests.v[1], "POST /new-order");
	assert_string_equal(w->f.requests.v[3], "POST /chal/1");
	assert_string_equal(w->f.requests.v[4], "POST /authz/1");
	assert_string_equal(w->f.requests.v[5], "POST /authz/1");
	assert_string_equal(w->f.requests.v[6], "POST /finalize/1");
	assert_string_equal(w->f.requests.v[7], "POST /order/1");

	free(issuer);
	free(file);
	free(expect);
	free(thumb);
	json_decref(jwk);
	X509_free(leaf);
	sk_X509_pop_free(chain, X509_free);
}

static void
test_order_default_chain(void **state)
{
	struct world *w = *state;
	struct ac_acme_opts o = { .mode = AC_ACME_WEBROOT };
	struct ac_err err = AC_ERR_INIT;
	STACK_OF(X509) *chain = NULL;
	X509 *leaf = NULL;
	char *issuer;

	o.webroot = w->webroot;
	assert_true(ac_acme_order(w->a, &o, &w->names, w->cert_key, &leaf, &chain, &err));
	issuer = top_issuer(chain);
	assert_string_equal(issuer, "Root A");
	/* no preferred chain: the alternate is never fetched */
	assert_false(ac_strv_contains(&w->f.requests, "POST /cert/1/alt"));
	assert_null(strstr(w->f.payload_order, "profile"));
	assert_null(strstr(w->f.payload_order, "replaces"));
	free(issuer);
	X509_free(leaf);
	sk_X509_pop_free(chain, X509_free);
}

static void
test_order_challenge_fails(void **state)
{
	struct world *w = *state;
	struct ac_acme_opts o = { .mode = AC_ACME_WEBROOT };
	struct ac_err err = AC_ERR_INIT;
	STACK_OF(X509) *chain = NULL;
	X509 *leaf = NULL;
	char *file;
	struct stat st;

	o.webroot = w->webroot;
	w->f.fail_challenge = true;
	assert_false(ac_acme_order(w->a, &o, &w->names, w->cert_key, &leaf, &chain, &err));
	assert_null(leaf);
	assert_null(chain);
	assert_int_equal(err.code, AC_ERR_CA);
	assert_non_null(strstr(err.msg, "pbx.example.com: "));
	assert_non_null(strstr(err.msg, "DNS"));
	assert_non_null(strstr(err.detail, "NXDOMAIN looking up A for pbx.example.com"));
	assert_false(ac_strv_contains(&w->f.requests, "POST /finalize/1"));
	file = xasprintf("%s/.well-known/acme-challenge/tok_1-A", w->webroot);
	assert_int_not_equal(stat(file, &st), 0);
	free(file);
	ac_err_clear(&err);
}

/* A solver acts on the authorization's name (a DNS update, a file): a
 * name the order did not ask for is refused before it is presented. */
static void
test_order_foreign_name(void **state)
{
	struct world *w = *state;
	struct ac_acme_opts o = { .mode = AC_ACME_WEBROOT };
	struct ac_err err = AC_ERR_INIT;
	STACK_OF(X509) *chain = NULL;
	X509 *leaf = NULL;
	char *file;
	struct stat st;

	o.webroot = w->webroot;
	w->f.foreign_name = true;
	assert_false(ac_acme_order(w->a, &o, &w->names, w->cert_key, &leaf, &chain, &err));
	assert_int_equal(err.code, AC_ERR_CA);
	assert_non_null(strstr(err.msg, "not ordered"));
	assert_false(ac_strv_contains(&w->f.requests, "POST /chal/1"));
	file = xasprintf("%s/.well-known/acme-challenge/tok_1-A", w->webroot);
	assert_int_not_equal(stat(file, &st), 0);
	free(file);
	ac_err_clear(&err);
}

static void
test_order_profile_not_offered(void **state)
{
	struct world *w = *state;
	struct ac_acme_opts o = { .mode = AC_ACME_WEBROOT };
	struct ac_err err = AC_ERR_INIT;
	STACK_OF(X509) *chain = NULL;
	X509 *leaf = NULL;

	o.webroot = w->webroot;
	o.profile = (char[]){ "shortlived" };
	assert_false(ac_acme_order(w->a, &o, &w->names, w->cert_key, &leaf, &chain, &err));
	assert_int_equal(err.code, AC_ERR_USAGE);
	assert_non_null(strstr(err.msg, "classic, tlsserver"));
	/* refused before any order was placed */
	assert_false(ac_strv_contains(&w->f.requests, "POST /new-order"));
	ac_err_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order_webroot_profile_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_default_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_challenge_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_profile_not_offered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_foreign_name, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
