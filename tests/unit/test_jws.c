/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JWS for ACME: base64url, JWK, the RFC 7638 thumbprint, signatures, EAB. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "src/http.h"
#include "src/jws.h"
#include "src/keys.h"

/* RFC 7638 section 3.1 */
static const char rfc_n[] =
	"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
static const char rfc_thumbprint[] = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

static void
test_base64url(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" },
		{ "\xfb\xff", "-_8" }, { "\xff\xfe\xfd", "__79" },
	};
	struct ac_buf b = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *e = ac_base64url((const unsigned char *)v[i].in, strlen(v[i].in));

		assert_string_equal(e, v[i].out);
		free(e);
		assert_true(ac_base64url_decode(v[i].out, &b));
		assert_int_equal(b.len, strlen(v[i].in));
		assert_memory_equal(b.data ? b.data : "", v[i].in, b.len);
		ac_buf_clear(&b);
	}
	assert_true(ac_base64url_decode("Zm8=", &b));	/* padding tolerated */
	ac_buf_clear(&b);
	assert_false(ac_base64url_decode("Zm 8", &b));
	ac_buf_clear(&b);
	assert_false(ac_base64url_decode("Z", &b));	/* 6 bits: truncated */
	ac_buf_clear(&b);
}

static void
test_thumbprint_rfc7638(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	json_t *jwk = json_pack("{s:s, s:s, s:s, s:s, s:s}", "kty", "RSA",
				"n", rfc_n, "e", "AQAB", "alg", "RS256",
				"kid", "2011-04-29");
	char *t = ac_jwk_thumbprint(jwk, &err);

	(void)state;
	assert_non_null(t);
	assert_string_equal(t, rfc_thumbprint);
	free(t);
	json_decref(jwk);
	jwk = json_pack("{s:s}", "kty", "RSA");		/* members missing */
	assert_null(ac_jwk_thumbprint(jwk, &err));
	ac_err_clear(&err);
	json_decref(jwk);
}

/* The RFC's public key as an EVP_PKEY: ac_jwk must give back its JWK. */
static void
test_jwk_rsa_from_key(void **state)
{
	struct ac_buf n = { 0 };
	struct ac_err err = AC_ERR_INIT;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *key = NULL;
	OSSL_PARAM *params;
	BIGNUM *bn, *e = BN_new();
	json_t *jwk;
	char *t;

	(void)state;
	assert_true(ac_base64url_decode(rfc_n, &n));
	bn = BN_bin2bn((unsigned char *)n.data, (int)n.len, NULL);
	BN_set_word(e, 65537);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
	params = OSSL_PARAM_BLD_to_param(bld);
	assert_int_equal(EVP_PKEY_fromdata_init(pctx), 1);
	assert_int_equal(EVP_PKEY_fromdata(pctx, &key, EVP_PKEY_PUBLIC_KEY, params), 1);
	assert_string_equal(ac_jws_alg(key), "RS256");
	jwk = ac_jwk(key, &err);
	assert_non_null(jwk);
	assert_string_equal(json_string_value(json_object_get(jwk, "n")), rfc_n);
	assert_string_equal(json_string_value(json_object_get(jwk, "e")), "AQAB");
	t = ac_jwk_thumbprint(jwk, &err);
	assert_string_equal(t, rfc_thumbprint);
	free(t);
	json_decref(jwk);
	EVP_PKEY_free(key);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(pctx);
	BN_free(bn);
	BN_free(e);
	ac_buf_clear(&n);
}

/* Decodes a flattened JWS; checks the signature over protected.payload. */
static json_t *
check_jws(const char *text, EVP_PKEY *key, size_t sig_len)
{
	json_t *jws = json_loads(text, 0, NULL), *hdr;
	const char *p = json_string_value(json_object_get(jws, "protected"));
	const char *pl = json_string_value(json_object_get(jws, "payload"));
	struct ac_buf sig = { 0 }, raw = { 0 };
	char *input = xasprintf("%s.%s", p, pl);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *der = NULL;
	int der_len;

	assert_non_null(jws);
	assert_true(ac_base64url_decode(
		json_string_value(json_object_get(jws, "signature")), &sig));
	if (sig_len) {
		/* ES256: raw r || s, 32 bytes each; OpenSSL verifies DER */
		ECDSA_SIG *es = ECDSA_SIG_new();

		assert_int_equal(sig.len, sig_len);
		ECDSA_SIG_set0(es, BN_bin2bn((unsigned char *)sig.data, 32, NULL),
			       BN_bin2bn((unsigned char *)sig.data + 32, 32, NULL));
		der_len = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
	} else {
		der = (unsigned char *)xmalloc(sig.len);
		memcpy(der, sig.data, sig.len);
		der_len = (int)sig.len;
	}
	assert_int_equal(EVP_DigestVerifyInit_ex(md, NULL, "SHA256", NULL, NULL,
						 key, NULL), 1);
	assert_int_equal(EVP_DigestVerify(md, der, (size_t)der_len,
					  (unsigned char *)input, strlen(input)), 1);
	assert_true(ac_base64url_decode(p, &raw));
	hdr = json_loads(raw.data, 0, NULL);
	assert_non_null(hdr);
	if (sig_len)
		OPENSSL_free(der);
	else
		free(der);
	EVP_MD_CTX_free(md);
	free(input);
	ac_buf_clear(&sig);
	ac_buf_clear(&raw);
	json_decref(jws);
	return hdr;
}

static void
test_sign_es256(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	json_t *jwk, *hdr;
	char *jws;

	(void)state;
	assert_string_equal(ac_jws_alg(key), "ES256");
	jwk = ac_jwk(key, &err);
	assert_string_equal(json_string_value(json_object_get(jwk, "crv")), "P-256");
	assert_int_equal(strlen(json_string_value(json_object_get(jwk, "x"))), 43);
	assert_int_equal(strlen(json_string_value(json_object_get(jwk, "y"))), 43);

	/* new account: the JWK in the header */
	jws = ac_jws_sign(key, NULL, "nonce-1", "https://ca.test/acct", "{\"a\":1}", &err);
	assert_non_null(jws);
	hdr = check_jws(jws, key, 64);
	assert_string_equal(json_string_value(json_object_get(hdr, "alg")), "ES256");
	assert_string_equal(json_string_value(json_object_get(hdr, "nonce")), "nonce-1");
	assert_string_equal(json_string_value(json_object_get(hdr, "url")), "https://ca.test/acct");
	assert_true(json_equal(json_object_get(hdr, "jwk"), jwk));
	assert_null(json_object_get(hdr, "kid"));
	json_decref(hdr);
	free(jws);

	/* POST-as-GET with a kid: empty payload, no JWK */
	jws = ac_jws_sign(key, "https://ca.test/acct/7", "n2", "https://ca.test/o", NULL, &err);
	hdr = check_jws(jws, key, 64);
	assert_string_equal(json_string_value(json_object_get(hdr, "kid")), "https://ca.test/acct/7");
	assert_null(json_object_get(hdr, "jwk"));
	assert_non_null(strstr(jws, "\"payload\":\"\""));
	json_decref(hdr);
	free(jws);
	json_decref(jwk);
	EVP_PKEY_free(key);
}

static void
test_sign_rs256(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *key = ac_key_generate(AC_KEY_RSA2048, &err);
	json_t *hdr;
	char *jws;

	(void)state;
	jws = ac_jws_sign(key, NULL, "n", "https://ca.test/x", "{}", &err);
	assert_non_null(jws);
	hdr = check_jws(jws, key, 0);
	assert_string_equal(json_string_value(json_object_get(hdr, "alg")), "RS256");
	assert_string_equal(json_string_value(
		json_object_get(json_object_get(hdr, "jwk"), "e")), "AQAB");
	json_decref(hdr);
	free(jws);
	EVP_PKEY_free(key);
}

static void
test_eab(void **state)
{
	static const char hmac_b64[] = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	struct ac_buf mac_key = { 0 }, hdr_raw = { 0 }, payload = { 0 };
	json_t *eab, *hdr, *jwk, *inner;
	unsigned char mac[32];
	size_t mac_len;
	char *input, *expect;

	(void)state;
	eab = ac_jws_eab(key, "kid-1", hmac_b64, "https://ca.test/acct", &err);
	assert_non_null(eab);
	assert_true(ac_base64url_decode(json_string_value(json_object_get(eab, "protected")), &hdr_raw));
	hdr = json_loads(hdr_raw.data, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(hdr, "alg")), "HS256");
	assert_string_equal(json_string_value(json_object_get(hdr, "kid")), "kid-1");
	assert_string_equal(json_string_value(json_object_get(hdr, "url")), "https://ca.test/acct");
	assert_null(json_object_get(hdr, "nonce"));	/* RFC 8555 7.3.4 */
	/* the payload is the account key's JWK */
	assert_true(ac_base64url_decode(json_string_value(json_object_get(eab, "payload")), &payload));
	inner = json_loads(payload.data, 0, NULL);
	jwk = ac_jwk(key, &err);
	assert_true(json_equal(inner, jwk));
	/* HS256 over protected.payload with the decoded key */
	assert_true(ac_base64url_decode(hmac_b64, &mac_key));
	input = xasprintf("%s.%s", json_string_value(json_object_get(eab, "protected")),
			  json_string_value(json_object_get(eab, "payload")));
	assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, mac_key.data,
				  mac_key.len, (unsigned char *)input, strlen(input),
				  mac, sizeof(mac), &mac_len));
	expect = ac_base64url(mac, mac_len);
	assert_string_equal(json_string_value(json_object_get(eab, "signature")), expect);
	free(expect);
	free(input);
	json_decref(jwk);
	json_decref(inner);
	json_decref(hdr);
	json_decref(eab);
	ac_buf_clear(&mac_key);
	ac_buf_clear(&hdr_raw);
	ac_buf_clear(&payload);
	assert_null(ac_jws_eab(key, "kid-1", "not base64!", "https://ca.test/acct", &err));
	assert_int_equal(err.code, AC_ERR_USAGE);
	ac_err_clear(&err);
	EVP_PKEY_free(key);
}

static void
test_url_ok(void **state)
{
	(void)state;
	assert_true(ac_http_url_ok("https://acme-v02.api.letsencrypt.org/directory"));
	assert_true(ac_http_url_ok("https://127.0.0.1:14000/dir"));
	assert_false(ac_http_url_ok("http://example.com/dir"));
	/* a URL from the CA reaches error details: nothing a terminal acts on */
	assert_false(ac_http_url_ok("https://ca.test/authz/\x1b[2J"));
	assert_false(ac_http_url_ok("https://ca.test/\xe2\x80\xae"));
	assert_false(ac_http_url_ok("https://ca.test/a\x7f"));
	assert_false(ac_http_url_ok("https://"));
	assert_false(ac_http_url_ok("https:///x"));
	assert_false(ac_http_url_ok("https://a b/"));
	assert_false(ac_http_url_ok(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64url),
		cmocka_unit_test(test_thumbprint_rfc7638),
		cmocka_unit_test(test_jwk_rsa_from_key),
		cmocka_unit_test(test_sign_es256),
		cmocka_unit_test(test_sign_rs256),
		cmocka_unit_test(test_eab),
		cmocka_unit_test(test_url_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
