/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the escaper of untrusted text, and its users. */
#include <config.h>

#include "tests/unit/unit.h"

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "src/certinfo.h"
#include "src/err.h"
#include "src/text.h"

static void
expect(const char *in, size_t len, const char *want)
{
	char *out = ac_text_escape(in, len);

	assert_string_equal(out, want);
	free(out);
}

#define EXPECT(lit, want) expect(lit, sizeof(lit) - 1, want)

static void
test_plain_kept(void **state)
{
	(void)state;
	EXPECT("pbx.example.com", "pbx.example.com");
	EXPECT("Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale", /* accents */
	       "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale");
	EXPECT("\xe6\x9d\xb1\xe4\xba\xac", "\xe6\x9d\xb1\xe4\xba\xac");
	EXPECT("\xf0\x9f\x93\x9e", "\xf0\x9f\x93\x9e");	/* emoji */
	EXPECT("", "");
	assert_true(ac_text_is_plain("CN=pbx, O=Acme"));
	assert_false(ac_text_is_plain("a\\b"));
}

static void
test_controls(void **state)
{
	(void)state;
	EXPECT("b\033]0;pwn\007x", "b\\x1b]0;pwn\\x07x");
	EXPECT("\033[2J", "\\x1b[2J");
	EXPECT("d\nFAKE LINE: 999 days left", "d\\nFAKE LINE: 999 days left");
	EXPECT("a\rb\tc\x7f", "a\\rb\\tc\\x7f");
	EXPECT("paypal.com\0.evil.example.com",
	       "paypal.com\\x00.evil.example.com");
}

static void
test_backslash_cannot_forge(void **state)
{
	char *out;

	(void)state;
	/* a literal "\x1b" and a real ESC stay told apart */
	EXPECT("\\x1b", "\\\\x1b");
	EXPECT("\\", "\\\\");
	out = ac_text_esc_rendered("CN=a\\,b\033");
	assert_string_equal(out, "CN=a\\,b\\x1b");
	free(out);
}

static void
test_c1_bidi_invalid(void **state)
{
	(void)state;
	EXPECT("c\x9b" "1m", "c\\x9b1m");	/* 8-bit CSI, not UTF-8 */
	EXPECT("c\xc2\x9b" "1m", "c\\u009b1m");	/* CSI as UTF-8 */
	EXPECT("\xc2\x85", "\\u0085");		/* NEL */
	EXPECT("Evil\xe2\x80\xae" "Corp", "Evil\\u202eCorp");
	EXPECT("\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8e\xd8\x9c",
	       "\\u202a\\u2066\\u2069\\u200e\\u061c");
	EXPECT("\xe2\x80\xa8", "\\u2028");	/* line separator */
	EXPECT("\xef\xbb\xbf", "\\ufeff");
	EXPECT("\xc0\xaf", "\\xc0\\xaf");	/* overlong '/' */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	EXPECT("\xe2\x80", "\\xe2\\x80");	/* cut short */
	EXPECT("\xff", "\\xff");
}

static void
test_null_input(void **state)
{
	char *out = ac_text_esc(NULL);

	(void)state;
	assert_string_equal(out, "");
	free(out);
	out = ac_text_escape(NULL, 5);
	assert_string_equal(out, "");
	free(out);
}

/* Errors carry server and file text: msg and detail lines are escaped. */
static void
test_err_escapes(void **state)
{
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	ac_err_set(&err, AC_ERR_CA, "The ACME server refused the request: %s",
		   "x\033[2J\nastcert: all good");
	assert_string_equal(err.msg, "The ACME server refused the request: "
			    "x\\x1b[2J\\nastcert: all good");
	ac_err_detail(&err, "detail: %s", "a\033]0;pwn\007FAKE\xe2\x80\xae");
	ac_err_detail(&err, "passed on:\n%s", "line");
	assert_string_equal(err.detail, "detail: a\\x1b]0;pwn\\x07FAKE\\u202e"
			    "\npassed on:\nline");
	ac_err_prefix(&err, "%s", "f\033ile");
	assert_non_null(strstr(err.msg, "f\\x1bile: The ACME"));
	ac_err_clear(&err);
	/* escaping again changes nothing: an error passed on stays readable */
	ac_err_set(&err, AC_ERR_CA, "%s", "already \\x1b escaped");
	assert_string_equal(err.msg, "already \\x1b escaped");
	ac_err_clear(&err);
}

/* A self-signed certificate whose CN and one SAN of type are given with
 * their exact bytes (NULs included). */
static X509 *
cert_with(const char *cn, size_t cn_len, int type, const char *san,
	  size_t san_len)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = X509_new();
	X509_NAME *name = X509_get_subject_name(x);
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	GENERAL_NAME *g = GENERAL_NAME_new();
	ASN1_IA5STRING *s = ASN1_IA5STRING_new();

	assert_non_null(key);
	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
				   (const unsigned char *)cn, (int)cn_len, -1, 0);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, key);
	ASN1_STRING_set(s, san, (int)san_len);
	GENERAL_NAME_set0_value(g, type, s);
	sk_GENERAL_NAME_push(gens, g);
	X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, 0);
	GENERAL_NAMES_free(gens);
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	EVP_PKEY_free(key);
	return x;
}

#define CERT(cn, type, san) \
	cert_with(cn, sizeof(cn) - 1, type, san, sizeof(san) - 1)

static void
expect_info(X509 *x, const char *cn, const char *dns, const char *bad)
{
	struct ac_ctx ctx = { 0 };
	struct ac_certinfo info = { 0 };
	struct ac_err err = AC_ERR_INIT;

	assert_true(ac_certinfo_get(&ctx, x, &info, &err));
	assert_string_equal(info.cn, cn);
	if (dns) {
		assert_int_equal(info.dns.n, 1);
		assert_string_equal(info.dns.v[0], dns);
	}
	if (bad)
		assert_string_equal(info.bad_name, bad);
	else
		assert_null(info.bad_name);
	ac_certinfo_clear(&info);
	X509_free(x);
}

/* Names are never cut at a NUL; one with a NUL or a control is named in
 * bad_name, whichever kind it is (issue 10, item 4). */
static void
test_certinfo_names(void **state)
{
	(void)state;
	expect_info(CERT("pbx.example.com", GEN_DNS, "pbx.example.com"),
		    "pbx.example.com", "pbx.example.com", NULL);
	expect_info(CERT("pbx", GEN_DNS, "paypal.com\0.evil.example.com"),
		    "pbx", "paypal.com\\x00.evil.example.com",
		    "paypal.com\\x00.evil.example.com");
	expect_info(CERT("paypal.com\0.evil", GEN_DNS, "pbx.example.com"),
		    "paypal.com\\x00.evil", "pbx.example.com",
		    "paypal.com\\x00.evil");
	expect_info(CERT("pbx", GEN_EMAIL, "a@paypal.com\0.evil"),
		    "pbx", NULL, "a@paypal.com\\x00.evil");
	expect_info(CERT("pbx", GEN_URI, "https://a\033[2J"),
		    "pbx", NULL, "https://a\\x1b[2J");
	/* plain but no host name: escaped, refused */
	expect_info(CERT("pbx", GEN_DNS, "a\\b.example.com"),
		    "pbx", "a\\\\b.example.com", "a\\\\b.example.com");
	/* a bidi mark in the CN: escaped, not refused */
	expect_info(CERT("Evil\xe2\x80\xae" "Corp", GEN_DNS, "pbx.example.com"),
		    "Evil\\u202eCorp", "pbx.example.com", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_kept),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_backslash_cannot_forge),
		cmocka_unit_test(test_c1_bidi_invalid),
		cmocka_unit_test(test_null_input),
		cmocka_unit_test(test_err_escapes),
		cmocka_unit_test(test_certinfo_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
