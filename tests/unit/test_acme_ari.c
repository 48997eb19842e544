/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARI (RFC 9773) against a fake transport: CertID, windows, decisions. */
#include <config.h>

#include <ctype.h>

#include <jansson.h>
#include <openssl/x509v3.h>

#include "src/acme.h"
#include "src/http.h"
#include "src/jws.h"
#include "src/keys.h"
#include "src/x509.h"
#include "tests/unit/unit.h"

#define DIR_URL "https://ca.test/dir"
#define RI_URL "https://ca.test/renewal-info"
#define DIR_ARI "{\"newNonce\":\"https://ca.test/nonce\"," \
	"\"newAccount\":\"https://ca.test/acct\"," \
	"\"newOrder\":\"https://ca.test/order\"," \
	"\"renewalInfo\":\"" RI_URL "/\"}"
#define DIR_NO_ARI "{\"newNonce\":\"https://ca.test/nonce\"," \
	"\"newAccount\":\"https://ca.test/acct\"," \
	"\"newOrder\":\"https://ca.test/order\"}"

/* RFC 9773 appendix A: the example certificate's CertID */
#define RFC_AKI "\x69\x88\x5b\x6b\x87\x46\x40\x41\xe1\xb3\x7b\x84\x7b\xa0" \
	"\xae\x2c\xde\x01\xc8\xd4"
#define RFC_CERTID "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"

/* 2030-01-01T00:00:00Z and one day */
#define T2030 1893456000LL
#define DAY 86400LL
#define WINDOW "{\"suggestedWindow\":{\"start\":\"2030-01-01T00:00:00Z\"," \
	"\"end\":\"2030-01-03T00:00:00Z\"}," \
	"\"explanationURL\":\"https://ca.test/why\"}"

struct answer {
	long status;
	const char *body;
	const char *retry_after;
};

struct fake {
	const struct answer *script;
	size_t n, next;
	struct ac_strv requests;	/* "METHOD URL" */
};

static bool
fake_fn(void *arg, const struct ac_http_request *req,
	struct ac_http_response *resp, struct ac_err *err)
{
	struct fake *f = arg;
	const struct answer *a;

	(void)err;
	ac_strv_add_owned(&f->requests, xasprintf("%s %s", req->method, req->url));
	assert_null(req->body);	/* ARI is an unauthenticated GET */
	assert_true(f->next < f->n);
	a = &f->script[f->next++];
	resp->status = a->status;
	ac_buf_addstr(&resp->body, a->body ? a->body : "");
	resp->retry_after = a->retry_after ? xstrdup(a->retry_after) : NULL;
	return true;
}

static struct ac_ctx ctx;

static struct ac_acme *
session(struct fake *f, const char *dir, const struct answer *script,
	size_t n)
{
	static struct answer all[8];
	struct ac_err err = AC_ERR_INIT;
	struct ac_acme *a;

	assert_true(n < 8);
	memset(f, 0, sizeof(*f));
	all[0] = (struct answer){ 200, dir, NULL };
	if (n)
		memcpy(all + 1, script, n * sizeof(*script));
	f->script = all;
	f->n = n + 1;
	a = ac_acme_new(&ctx, ac_http_new_fn(fake_fn, f), DIR_URL);
	assert_true(ac_acme_directory(a, &err));
	return a;
}

static void
done(struct fake *f, struct ac_acme *a)
{
	assert_int_equal(f->next, f->n);	/* the whole script was used */
	ac_acme_free(a);
	ac_strv_clear(&f->requests);
}

/* A leaf with the given serial bytes and AKI key identifier (or none). */
static X509 *
cert_with(const unsigned char *serial, size_t slen, const char *aki,
	  size_t alen)
{
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	X509 *x = X509_new();
	BIGNUM *bn = BN_bin2bn(serial, (int)slen, NULL);

	assert_non_null(key);
	X509_set_version(x, 2);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	if (aki) {
		AUTHORITY_KEYID *ak = AUTHORITY_KEYID_new();

		ak->keyid = ASN1_OCTET_STRING_new();
		ASN1_OCTET_STRING_set(ak->keyid, (const unsigned char *)aki,
				      (int)alen);
		assert_int_equal(X509_add1_ext_i2d(x, NID_authority_key_identifier,
						   ak, 0, 0), 1);
		AUTHORITY_KEYID_free(ak);
	}
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	BN_free(bn);
	EVP_PKEY_free(key);
	return x;
}

static X509 *
rfc_cert(void)
{
	static const unsigned char serial[] = { 0x87, 0x65, 0x43, 0x21 };

	return cert_with(serial, sizeof(serial), RFC_AKI, 20);
}

static void
test_certid_rfc_example(void **state)
{
	static const unsigned char small[] = { 0x01, 0x02 };
	struct ac_err err = AC_ERR_INIT;
	X509 *x = rfc_cert();
	char *id = ac_acme_ari_certid(x, &err);

	(void)state;
	/* the serial's high bit set: DER keeps a 00 sign byte (AIdlQyE) */
	assert_string_equal(id, RFC_CERTID);
	free(id);
	X509_free(x);
	x = cert_with(small, sizeof(small), "\x01", 1);
	id = ac_acme_ari_certid(x, &err);
	assert_string_equal(id, "AQ.AQI");
	free(id);
	X509_free(x);
	x = cert_with(small, sizeof(small), NULL, 0);
	assert_null(ac_acme_ari_certid(x, &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "Authority Key Identifier"));
	ac_err_clear(&err);
	X509_free(x);
}

/* hex digits to bytes, skipping ':' and blanks */
static size_t
unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (*s && n < max) {
		if (sscanf(s, "%2x", &v) == 1 && s[1] && s[1] != ':') {
			out[n++] = (unsigned char)v;
			s += 2;
		} else {
			s++;
		}
	}
	return n;
}

/*
 * A certificate signed by a CA made here: the CertID against one derived
 * from what the openssl command prints (serial, keyid).
 */
static void
test_certid_matches_openssl_cli(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	char ca_cn[] = "ARI test CA", cn[] = "pbx.example.com";
	struct ac_subject ca_subj = { .cn = ca_cn };
	struct ac_subject subj = { .cn = cn };
	struct ac_x509_spec ca_spec = { &ca_subj, NULL, AC_USAGE_CA, 30, -1, NULL };
	struct ac_x509_spec spec = { &subj, NULL, AC_USAGE_SERVER, 30, -1, NULL };
	EVP_PKEY *ca_key = ac_key_generate(AC_KEY_P256, &err);
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	X509 *ca, *leaf;
	struct ac_buf pem = { 0 };
	const char *dir = unit_tmpdir("acme-ari");
	char path[4200], cmd[4400], line[512], *id, *expect, *a64, *s64;
	unsigned char serial[64], kid[64], *sp = serial;
	size_t slen = 0, klen = 0;
	FILE *f;

	(void)state;
	ca = ac_x509_issue(&ctx, ca_key, &ca_spec, NULL, ca_key, &err);
	assert_non_null(ca);
	leaf = ac_x509_issue(&ctx, key, &spec, ca, ca_key, &err);
	assert_non_null(leaf);
	assert_true(ac_x509_to_pem(leaf, &pem, &err));
	snprintf(path, sizeof(path), "%s/leaf.pem", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(pem.data, 1, pem.len, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "openssl x509 -in '%s' -noout -serial -ext authorityKeyIdentifier",
		 path);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " ");

		if (!strncmp(p, "serial=", 7))
			slen = unhex(p + 7, serial + 1, sizeof(serial) - 1);
		else if (!strncmp(p, "keyid:", 6))
			klen = unhex(p + 6, kid, sizeof(kid));
		else if (isxdigit((unsigned char)p[0]) && p[2] == ':' && !klen)
			klen = unhex(p, kid, sizeof(kid));	/* bare form */
	}
	assert_int_equal(pclose(f), 0);
	assert_true(slen > 0 && klen > 0);
	/* DER INTEGER content: a 00 sign byte before a high first byte */
	if (serial[1] & 0x80)
		serial[0] = 0, slen++;
	else
		sp = serial + 1;
	a64 = ac_base64url(kid, klen);
	s64 = ac_base64url(sp, slen);
	expect = xasprintf("%s.%s", a64, s64);
	id = ac_acme_ari_certid(leaf, &err);
	assert_non_null(id);
	assert_string_equal(id, expect);
	free(id);
	free(expect);
	free(a64);
	free(s64);
	ac_buf_clear(&pem);
	X509_free(leaf);
	X509_free(ca);
	EVP_PKEY_free(key);
	EVP_PKEY_free(ca_key);
}

static void
test_rfc3339(void **state)
{
	time_t t;

	(void)state;
	assert_true(ac_rfc3339_parse("2030-01-01T00:00:00Z", &t));
	assert_int_equal((long long)t, T2030);
	assert_true(ac_rfc3339_parse("2030-01-01t01:00:00.123456+01:00", &t));
	assert_int_equal((long long)t, T2030);
	assert_true(ac_rfc3339_parse("2029-12-31T23:30:00-00:30", &t));
	assert_int_equal((long long)t, T2030);
	assert_false(ac_rfc3339_parse("2030-02-30T00:00:00Z", &t));
	assert_false(ac_rfc3339_parse("2030-01-01T00:00:00", &t));
	assert_false(ac_rfc3339_parse("2030-01-01T24:00:00Z", &t));
	assert_false(ac_rfc3339_parse("2030-01-01T00:00:00Zjunk", &t));
	assert_false(ac_rfc3339_parse("2030-01-01T00:00:00.Z", &t));
	assert_false(ac_rfc3339_parse("1893456000", &t));
	assert_false(ac_rfc3339_parse("", &t));
	assert_false(ac_rfc3339_parse(NULL, &t));
}

static void
test_window_parse(void **state)
{
	static const char *const bad[] = {
		"not json",
		"[]",
		"{}",
		"{\"suggestedWindow\":\"soon\"}",
		"{\"suggestedWindow\":{\"start\":\"2030-01-01T00:00:00Z\"}}",
		"{\"suggestedWindow\":{\"start\":1893456000,\"end\":1893542400}}",
		"{\"suggestedWindow\":{\"start\":\"2030-01-03T00:00:00Z\",\"end\":\"2030-01-01T00:00:00Z\"}}",
		"{\"suggestedWindow\":{\"start\":\"2030-01-01T00:00:00Z\",\"end\":\"2030-01-01T00:00:00Z\"}}",
	};
	struct ac_ari_window w = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_acme_ari_parse(WINDOW, strlen(WINDOW), &w, &err));
	assert_int_equal((long long)w.start, T2030);
	assert_int_equal((long long)w.end, T2030 + 2 * DAY);
	assert_string_equal(w.explanation, "https://ca.test/why");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ac_ari_window v = { .start = 7 };

		assert_false(ac_acme_ari_parse(bad[i], strlen(bad[i]), &v, &err));
		assert_int_equal(v.start, 7);	/* untouched */
		assert_int_equal(err.code, AC_ERR_CA);
		assert_non_null(strstr(err.msg, "not valid"));
		assert_non_null(strstr(err.msg, "a third of the lifetime"));
		ac_err_clear(&err);
	}
	ac_ari_window_clear(&w);
}

static void
test_pick_uniform(void **state)
{
	time_t s = (time_t)T2030, e = (time_t)(T2030 + 10);
	int seen[10] = { 0 };

	(void)state;
	for (unsigned long long r = 0; r < 1000; r++) {
		time_t t = ac_acme_ari_pick(s, e, r * 7919);

		assert_true(t >= s && t < e);
		seen[t - s]++;
	}
	for (int i = 0; i < 10; i++)
		assert_int_equal(seen[i], 100);
	assert_int_equal(ac_acme_ari_pick(s, s, 12345), s);
}

static void
test_fetch_and_retry_after(void **state)
{
	static const struct {
		const char *retry_after;
		long long expect;
	} cases[] = {
		{ "3600", 3600 },
		{ NULL, AC_ARI_RECHECK },
		{ "5", AC_ARI_RECHECK_MIN },		/* too eager: clamped */
		{ "9999999", AC_ARI_RECHECK_MAX },	/* too lazy: clamped */
	};
	X509 *x = rfc_cert();

	(void)state;
	ctx.now_override = (time_t)(T2030 - 10 * DAY);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct answer script[] = { { 200, WINDOW, cases[i].retry_after } };
		struct ac_ari_window w = { 0 };
		struct ac_err err = AC_ERR_INIT;
		struct fake f;
		struct ac_acme *a = session(&f, DIR_ARI, script, 1);

		assert_int_equal(ac_acme_ari_fetch(a, RFC_CERTID, &w, &err), 1);
		/* renewalInfo's trailing slash is not doubled */
		assert_string_equal(f.requests.v[1],
				    "GET " RI_URL "/" RFC_CERTID);
		assert_int_equal((long long)w.next_check,
				 (long long)ctx.now_override + cases[i].expect);
		assert_true(w.chosen >= w.start && w.chosen < w.end);
		ac_ari_window_clear(&w);
		done(&f, a);
	}
	{
		struct ac_ari_window w = { 0 };
		struct ac_err err = AC_ERR_INIT;
		struct fake f;
		struct ac_acme *a = session(&f, DIR_NO_ARI, NULL, 0);

		/* no renewalInfo in the directory: no request at all */
		assert_int_equal(ac_acme_ari_fetch(a, RFC_CERTID, &w, &err), 0);
		done(&f, a);
	}
	X509_free(x);
}

/* One decision at now: due time, whether a window decided, and err. */
static bool
decide(long long now, const char *dir, const struct answer *script,
       size_t n, time_t *due, struct ac_acme_opts *o, struct ac_err *err)
{
	struct fake f;
	struct ac_acme *a;
	X509 *x = rfc_cert();
	bool ok;

	ctx.now_override = (time_t)now;
	a = session(&f, dir, script, n);
	ok = ac_acme_ari_due_session(a, "pbx", o, x, due, err);
	done(&f, a);
	X509_free(x);
	return ok;
}

static void
test_decisions_with_clock(void **state)
{
	static const struct answer window[] = { { 200, WINDOW, "3600" } };
	static const struct answer broken[] = { { 200, "{\"suggestedWindow\":", NULL } };
	static const struct answer gone[] = { { 404, "", NULL } };
	struct ac_acme_opts *o = ac_acme_opts_new();
	struct ac_err err = AC_ERR_INIT;
	char certs[4200];
	time_t due = 0, first;

	(void)state;
	ctx.state_dir = unit_tmpdir("acme-ari-state");
	snprintf(certs, sizeof(certs), "mkdir -p '%s/certs/pbx'", ctx.state_dir);
	assert_int_equal(system(certs), 0);

	/* malformed answer, nothing cached: refused, the caller's rule holds */
	assert_false(decide(T2030 - DAY, DIR_ARI, broken, 1, &due, o, &err));
	assert_int_equal(due, 0);
	assert_non_null(strstr(err.msg, "a third of the lifetime"));
	assert_null(o->replaces);
	ac_err_clear(&err);

	/* before the window: a time inside it, not due yet; replaces set */
	assert_true(decide(T2030 - DAY, DIR_ARI, window, 1, &due, o, &err));
	assert_true(due >= T2030 && due < T2030 + 2 * DAY);
	assert_true(ctx.now_override < due);
	assert_string_equal(o->replaces, RFC_CERTID);
	first = due;
	/* the CA's explanation, kept with the window */
	{
		X509 *x = rfc_cert();
		char *url = ac_acme_ari_explanation(&ctx, "pbx", x);

		assert_non_null(url);
		assert_string_equal(url, "https://ca.test/why");
		free(url);
		assert_null(ac_acme_ari_explanation(&ctx, "other", x));
		X509_free(x);
	}

	/* within Retry-After: the cached window, no request (script empty) */
	assert_true(decide(T2030 - DAY + 3599, DIR_ARI, NULL, 0, &due, o, &err));
	assert_int_equal(due, first);

	/* asked again, the same window: the same time (runs agree) */
	assert_true(decide(T2030 - DAY + 3600, DIR_ARI, window, 1, &due, o, &err));
	assert_int_equal(due, first);

	/* inside the window, at its last second: due */
	assert_true(decide(T2030 + 2 * DAY - 1, DIR_ARI, window, 1, &due, o, &err));
	assert_true(due <= ctx.now_override);

	/* past the window: due at once */
	assert_true(decide(T2030 + 30 * DAY, DIR_ARI, window, 1, &due, o, &err));
	assert_true(due < ctx.now_override);

	/* the CA answers badly later: the cached window still holds */
	assert_true(decide(T2030 + 31 * DAY, DIR_ARI, gone, 1, &due, o, &err));
	assert_int_equal(due, first);
	assert_false(ac_err_isset(&err));

	/* the CA drops ARI: the cache goes, the lifetime rule is back */
	free(o->replaces);
	o->replaces = NULL;
	due = 0;
	assert_false(decide(T2030 + 32 * DAY, DIR_NO_ARI, NULL, 0, &due, o, &err));
	assert_int_equal(due, 0);
	assert_non_null(strstr(err.msg, "offers no renewal information"));
	assert_null(o->replaces);
	ac_err_clear(&err);
	snprintf(certs, sizeof(certs), "%s/certs/pbx/renewal-info",
		 ctx.state_dir);
	assert_int_equal(access(certs, F_OK), -1);
	ac_acme_opts_free(o);
	ctx.state_dir = NULL;
}

/* Only a plain https URL of the CA's reaches the terminal. */
static void
test_explanation_printable(void **state)
{
	static const struct answer evil[] = { { 200,
		"{\"suggestedWindow\":{\"start\":\"2030-01-01T00:00:00Z\","
		"\"end\":\"2030-01-03T00:00:00Z\"},"
		"\"explanationURL\":\"https://ca.test/\\u001b[2Jwhy\"}", NULL } };
	static const struct answer plain[] = { { 200,
		"{\"suggestedWindow\":{\"start\":\"2030-01-01T00:00:00Z\","
		"\"end\":\"2030-01-03T00:00:00Z\"},"
		"\"explanationURL\":\"http://ca.test/why\"}", NULL } };
	struct ac_acme_opts *o = ac_acme_opts_new();
	struct ac_err err = AC_ERR_INIT;
	X509 *x = rfc_cert();
	char dir[4200];
	time_t due = 0;

	(void)state;
	ctx.state_dir = unit_tmpdir("acme-ari-explanation");
	snprintf(dir, sizeof(dir), "mkdir -p '%s/certs/pbx'", ctx.state_dir);
	assert_int_equal(system(dir), 0);
	assert_true(decide(T2030 - DAY, DIR_ARI, evil, 1, &due, o, &err));
	assert_null(ac_acme_ari_explanation(&ctx, "pbx", x));
	assert_true(decide(T2030 + 30 * DAY, DIR_ARI, plain, 1, &due, o, &err));
	assert_null(ac_acme_ari_explanation(&ctx, "pbx", x));
	X509_free(x);
	ac_acme_opts_free(o);
	ctx.state_dir = NULL;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_certid_rfc_example),
		cmocka_unit_test(test_certid_matches_openssl_cli),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_window_parse),
		cmocka_unit_test(test_pick_uniform),
		cmocka_unit_test(test_fetch_and_retry_after),
		cmocka_unit_test(test_explanation_printable),
		cmocka_unit_test(test_decisions_with_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
