/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: keys, subjects, certificates, CSRs and certinfo. */
#include <config.h>

#include "tests/unit/unit.h"

#include <openssl/bn.h>
#include <openssl/x509v3.h>

#include "src/certinfo.h"
#include "src/keys.h"
#include "src/x509.h"

/* 2026-01-01T00:00:00Z: tests never depend on the real clock */
#define T0 ((time_t)1767225600)

static void
test_subject_parse_book_form(void **state)
{
	struct ac_subject s = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_subject_parse(
		"/C=CA/ST=Ontario/L=Toronto/O=ShiftEight/CN=shifteight.org", &s,
		&err));
	assert_string_equal(s.country, "CA");
	assert_string_equal(s.state, "Ontario");
	assert_string_equal(s.locality, "Toronto");
	assert_string_equal(s.org, "ShiftEight");
	assert_string_equal(s.cn, "shifteight.org");
	assert_true(ac_subject_parse("/O=A\\/B Inc./OU=VoIP", &s, &err));
	assert_string_equal(s.org, "A/B Inc.");
	assert_string_equal(s.unit, "VoIP");
	assert_string_equal(s.cn, "shifteight.org");	/* merged, kept */
	assert_true(ac_subject_validate(&s, true, &err));
	ac_subject_clear(&s);
}

static void
test_subject_errors(void **state)
{
	struct ac_subject s = { 0 };
	struct ac_err err = AC_ERR_INIT;
	const char *bad[] = { "C=CA/CN=x", "/C=CA/CN", "/X=1/CN=x", NULL };

	(void)state;
	for (int i = 0; bad[i]; i++) {
		assert_false(ac_subject_parse(bad[i], &s, &err));
		assert_int_equal(err.code, AC_ERR_INPUT);
		assert_non_null(strstr(err.msg, bad[i]));
		ac_err_clear(&err);
	}
	ac_subject_set(&s.cn, "pbx");
	ac_subject_set(&s.country, "CAN");
	assert_false(ac_subject_validate(&s, true, &err));
	assert_non_null(strstr(err.msg, "two-letter"));
	ac_err_clear(&err);
	ac_subject_set(&s.country, "ca");
	assert_true(ac_subject_validate(&s, true, &err));
	ac_subject_set(&s.cn, "");
	assert_false(ac_subject_validate(&s, true, &err));
	assert_non_null(strstr(err.msg, "CN"));
	ac_err_clear(&err);
	ac_subject_set(&s.cn, "a\x01b");
	assert_false(ac_subject_validate(&s, true, &err));
	ac_err_clear(&err);
	ac_subject_set(&s.cn, "0123456789012345678901234567890123456789012345678901234567890123456789");
	assert_false(ac_subject_validate(&s, true, &err));
	assert_non_null(strstr(err.msg, "too long"));
	ac_err_clear(&err);
	ac_subject_clear(&s);
}

static void
test_keys(void **state)
{
	const enum ac_key_type types[] = { AC_KEY_P256, AC_KEY_P384,
					   AC_KEY_RSA2048 };
	const char *want[] = { "ECDSA P-256", "ECDSA P-384", "RSA 2048" };
	struct ac_err err = AC_ERR_INIT;
	enum ac_key_type t;

	(void)state;
	assert_true(ac_key_type_parse("RSA4096", &t));
	assert_int_equal(t, AC_KEY_RSA4096);
	assert_false(ac_key_type_parse("dsa", &t));
	for (size_t i = 0; i < 3; i++) {
		struct ac_buf pem = { 0 };
		EVP_PKEY *k = ac_key_generate(types[i], &err), *back;
		char desc[32];

		assert_non_null(k);
		ac_key_describe(k, desc, sizeof(desc));
		assert_string_equal(desc, want[i]);
		assert_true(ac_key_to_pem(k, &pem, &err));
		assert_true(pem.secret);
		assert_non_null(strstr(pem.data, "BEGIN PRIVATE KEY"));
		back = ac_key_from_mem(pem.data, pem.len, NULL, "mem", &err);
		assert_non_null(back);
		assert_int_equal(EVP_PKEY_eq(k, back), 1);
		EVP_PKEY_free(back);
		ac_buf_clear(&pem);
		EVP_PKEY_free(k);
	}
	assert_null(ac_key_from_mem("junk", 4, NULL, "junk.key", &err));
	assert_non_null(strstr(err.msg, "junk.key"));
	ac_err_clear(&err);
}

static X509 *
make(EVP_PKEY *key, enum ac_x509_usage usage, X509 *issuer,
     EVP_PKEY *issuer_key, int days)
{
	struct ac_ctx ctx = { .now_override = T0 };
	struct ac_subject subj = { 0 };
	struct ac_names names = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_x509_spec spec = { &subj, &names, usage, days, -1, NULL };
	X509 *cert;

	ac_subject_set(&subj.cn, usage == AC_USAGE_CA ? "Test CA"
						      : "pbx.example.com");
	ac_subject_set(&subj.country, "ca");
	assert_true(ac_names_add_dns(&names, "pbx.example.com", 0, &err));
	assert_true(ac_names_add_dns(&names, "PBX.example.com", 0, &err));
	assert_true(ac_names_add_ip(&names, "192.0.2.10", &err));
	cert = ac_x509_issue(&ctx, key, &spec, issuer, issuer_key, &err);
	if (!cert)
		fail_msg("%s\n%s", err.msg, err.detail ? err.detail : "");
	ac_names_clear(&names);
	ac_subject_clear(&subj);
	return cert;
}

static void
test_selfsigned_server(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_ctx ctx = { .now_override = T0 + 3600 };
	struct ac_certinfo info = { 0 };
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	X509 *cert = make(key, AC_USAGE_SERVER, NULL, key, 825);
	BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
	uint32_t flags = X509_get_extension_flags(cert);

	(void)state;
	assert_int_equal(X509_get_version(cert), X509_VERSION_3);
	assert_true(BN_num_bits(serial) >= 64);
	assert_false(flags & EXFLAG_CA);	/* CA:FALSE, an end entity */
	assert_true(flags & EXFLAG_BCONS);
	assert_true(X509_get_extended_key_usage(cert) & XKU_SSL_SERVER);
	assert_non_null(X509_get0_subject_key_id(cert));
	assert_int_equal(ASN1_OCTET_STRING_cmp(X509_get0_subject_key_id(cert),
					       X509_get0_authority_key_id(cert)),
			 0);
	assert_int_equal(X509_get_signature_nid(cert), NID_ecdsa_with_SHA256);
	assert_true(ac_certinfo_get(&ctx, cert, &info, &err));
	assert_int_equal(info.dns.n, 1);	/* duplicate dropped */
	assert_string_equal(info.dns.v[0], "pbx.example.com");
	assert_string_equal(info.ip.v[0], "192.0.2.10");
	assert_string_equal(info.cn, "pbx.example.com");
	assert_string_equal(info.key, "ECDSA P-256");
	/* one hour after issue, 825 days from issue: 824 whole days left */
	assert_int_equal(info.days_left, 824);
	/* validity is exactly 825 days, notBefore five minutes back */
	assert_int_equal(info.not_after - info.not_before, 825L * 86400);
	assert_int_equal(T0 - info.not_before, 300);
	assert_true(info.self_signed);
	assert_false(info.is_ca);
	assert_int_equal(strlen(info.sha256), 95);
	ac_certinfo_clear(&info);
	BN_free(serial);
	X509_free(cert);
	EVP_PKEY_free(key);
}

static void
test_ca_chain_verifies(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *cakey = ac_key_generate(AC_KEY_P384, &err);
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	X509 *ca = make(cakey, AC_USAGE_CA, NULL, cakey, 3650);
	X509 *leaf = make(key, AC_USAGE_CLIENT, ca, cakey, 365);
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *vctx = X509_STORE_CTX_new();

	(void)state;
	assert_true(X509_get_extension_flags(ca) & EXFLAG_CA);
	assert_int_equal(X509_get_signature_nid(leaf), NID_ecdsa_with_SHA384);
	assert_true(X509_get_extended_key_usage(leaf) & XKU_SSL_CLIENT);
	assert_false(X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER);
	X509_STORE_add_cert(store, ca);
	X509_STORE_CTX_init(vctx, store, leaf, NULL);
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(vctx), T0 + 60);
	assert_int_equal(X509_verify_cert(vctx), 1);
	assert_true(ac_key_matches(leaf, key));
	assert_false(ac_key_matches(leaf, cakey));
	X509_STORE_CTX_free(vctx);
	X509_STORE_free(store);
	X509_free(leaf);
	X509_free(ca);
	EVP_PKEY_free(key);
	EVP_PKEY_free(cakey);
}

static void
test_csr(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_subject subj = { 0 };
	struct ac_names names = { 0 };
	struct ac_buf pem = { 0 };
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	X509_REQ *req;
	STACK_OF(X509_EXTENSION) *exts;

	(void)state;
	ac_subject_set(&subj.cn, "pbx.example.com");
	ac_names_add_dns(&names, "pbx.example.com", 0, &err);
	ac_names_add_dns(&names, "sip.example.com", 0, &err);
	req = ac_x509_csr(key, &subj, &names, &err);
	assert_non_null(req);
	assert_int_equal(X509_REQ_verify(req, key), 1);
	exts = X509_REQ_get_extensions(req);
	assert_int_equal(sk_X509_EXTENSION_num(exts), 1);
	assert_true(ac_csr_to_pem(req, &pem, &err));
	assert_non_null(strstr(pem.data, "BEGIN CERTIFICATE REQUEST"));
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	ac_buf_clear(&pem);
	X509_REQ_free(req);
	ac_names_clear(&names);
	ac_subject_clear(&subj);
	EVP_PKEY_free(key);
}

static void
test_pem_roundtrip_and_damage(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *key = ac_key_generate(AC_KEY_P256, &err);
	X509 *a = make(key, AC_USAGE_SERVER, NULL, key, 30);
	struct ac_buf pem = { 0 };
	STACK_OF(X509) *certs;
	char *cut;

	(void)state;
	ac_buf_addstr(&pem, "Text before the block\r\n");
	assert_true(ac_x509_to_pem(a, &pem, &err));
	assert_true(ac_x509_to_pem(a, &pem, &err));
	certs = ac_x509_from_mem(pem.data, pem.len, "bundle.pem", &err);
	assert_non_null(certs);
	assert_int_equal(sk_X509_num(certs), 2);
	sk_X509_pop_free(certs, X509_free);
	/* a truncated second block is damage, not a shorter chain */
	cut = strstr(pem.data + 40, "-----END CERTIFICATE-----");
	cut = strstr(cut + 10, "-----END CERTIFICATE-----");
	pem.len = (size_t)(cut - pem.data) - 30;
	assert_null(ac_x509_from_mem(pem.data, pem.len, "bundle.pem", &err));
	assert_non_null(strstr(err.msg, "damaged"));
	ac_err_clear(&err);
	assert_null(ac_x509_from_mem("hello", 5, "x.txt", &err));
	assert_non_null(strstr(err.msg, "no certificate"));
	ac_err_clear(&err);
	ac_buf_clear(&pem);
	X509_free(a);
	EVP_PKEY_free(key);
}

static void
test_days_until_floor(void **state)
{
	struct ac_ctx ctx = { .now_override = T0 };

	(void)state;
	assert_int_equal(ac_days_until(&ctx, T0 + 2 * 3600), 0);
	assert_int_equal(ac_days_until(&ctx, T0 + 86400), 1);
	assert_int_equal(ac_days_until(&ctx, T0 - 1), -1);
	assert_int_equal(ac_days_until(&ctx, T0 - 86400), -1);
	assert_int_equal(ac_days_until(&ctx, T0 - 86401), -2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_parse_book_form),
		cmocka_unit_test(test_subject_errors),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_selfsigned_server),
		cmocka_unit_test(test_ca_chain_verifies),
		cmocka_unit_test(test_csr),
		cmocka_unit_test(test_pem_roundtrip_and_damage),
		cmocka_unit_test(test_days_until_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
