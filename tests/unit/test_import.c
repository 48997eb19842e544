/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the import parser and the chain logic (src/import, chain). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include "src/chain.h"
#include "src/import.h"
#include "src/keys.h"
#include "src/x509.h"

/* A small PKI made once: root -> int1 -> int2 -> leaf. */
struct pki {
	struct ac_ctx ctx;
	EVP_PKEY *root_key, *int1_key, *int2_key, *leaf_key, *other_key;
	X509 *root, *int1, *int2, *leaf;
	char ca_file[64];
};

static struct pki P;

static X509 *
issue(const char *cn, enum ac_x509_usage usage, EVP_PKEY *key, X509 *issuer,
      EVP_PKEY *issuer_key, int days)
{
	struct ac_subject subject = { 0 };
	struct ac_names names = { 0 };
	struct ac_x509_spec spec = {
		.subject = &subject, .names = &names, .usage = usage,
		.days = days, .pathlen = -1,
	};
	struct ac_err err = AC_ERR_INIT;
	X509 *cert;

	ac_subject_set(&subject.cn, cn);
	if (usage != AC_USAGE_CA) {
		assert_true(ac_names_add_dns(&names, "pbx.example.test", 1, &err));
		assert_true(ac_names_add_dns(&names, "*.voip.example.test", 1, &err));
		assert_true(ac_names_add_ip(&names, "192.0.2.7", &err));
	}
	cert = ac_x509_issue(&P.ctx, key, &spec, issuer, issuer_key, &err);
	assert_non_null(cert);
	ac_names_clear(&names);
	ac_subject_clear(&subject);
	return cert;
}

static EVP_PKEY *
ec_key(void)
{
	struct ac_err err = AC_ERR_INIT;
	EVP_PKEY *k = ac_key_generate(AC_KEY_P256, &err);

	assert_non_null(k);
	return k;
}

static int
setup(void **state)
{
	FILE *f;
	int fd;

	(void)state;
	P.ctx.now_override = time(NULL);
	P.root_key = ec_key();
	P.int1_key = ec_key();
	P.int2_key = ec_key();
	P.leaf_key = ec_key();
	P.other_key = ec_key();
	P.root = issue("Root", AC_USAGE_CA, P.root_key, NULL, P.root_key, 3650);
	P.int1 = issue("Int 1", AC_USAGE_CA, P.int1_key, P.root, P.root_key, 3650);
	P.int2 = issue("Int 2", AC_USAGE_CA, P.int2_key, P.int1, P.int1_key, 3650);
	P.leaf = issue("pbx.example.test", AC_USAGE_SERVER, P.leaf_key, P.int2,
		       P.int2_key, 90);
	strcpy(P.ca_file, "/tmp/test_import.XXXXXX");
	fd = mkstemp(P.ca_file);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	PEM_write_X509(f, P.root);
	fclose(f);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(P.ca_file);
	X509_free(P.leaf);
	X509_free(P.int2);
	X509_free(P.int1);
	X509_free(P.root);
	EVP_PKEY_free(P.other_key);
	EVP_PKEY_free(P.leaf_key);
	EVP_PKEY_free(P.int2_key);
	EVP_PKEY_free(P.int1_key);
	EVP_PKEY_free(P.root_key);
	return 0;
}

static void
add_pem(struct ac_buf *b, X509 *c)
{
	struct ac_err err = AC_ERR_INIT;

	assert_true(ac_x509_to_pem(c, b, &err));
}

static void
add_key_pem(struct ac_buf *b, EVP_PKEY *k)
{
	struct ac_buf kb = { 0 };
	struct ac_err err = AC_ERR_INIT;

	assert_true(ac_key_to_pem(k, &kb, &err));
	ac_buf_add(b, kb.data, kb.len);
	ac_buf_clear(&kb);
}

/* Parses data; returns the error message (or NULL) and fills b. */
static char *
parse(const void *data, size_t len, const char *pass,
      struct ac_import_bundle *b)
{
	struct ac_err err = AC_ERR_INIT;

	if (ac_import_parse(data, len, pass, "in", b, &err))
		return NULL;
	assert_non_null(err.msg);
	free(err.detail);
	return err.msg;
}

static void
test_wildcards(void **state)
{
	static const struct {
		const char *name, *san;
		bool covered;
	} cases[] = {
		{ "pbx.example.test", "pbx.example.test", true },
		{ "PBX.Example.Test", "pbx.example.test", true },
		{ "a.voip.example.test", "*.voip.example.test", true },
		{ "xn--bcher-kva.example.test", "*.example.test", true },
		{ "voip.example.test", "*.voip.example.test", false },
		{ "a.b.voip.example.test", "*.voip.example.test", false },
		{ ".voip.example.test", "*.voip.example.test", false },
		{ "*.voip.example.test", "*.voip.example.test", true },
		{ "*.voip.example.test", "a.voip.example.test", false },
		{ "*.b.example.test", "*.example.test", false },
		{ "example.com", "*.com", false },
		{ "a.com", "*.com", false },
		{ "foo.example.test", "f*.example.test", false },
		{ "foo.example.test", "*o.example.test", false },
		{ "a.b.example.test", "a.*.example.test", false },
		{ "a.example.test", "*.*.test", false },
		{ "example.test", "example.test.evil", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = ac_chain_name_covered(cases[i].name, cases[i].san);

		if (got != cases[i].covered)
			fail_msg("%s vs %s: got %d", cases[i].name, cases[i].san,
				 got);
	}
}

static void
test_pem_any_order(void **state)
{
	struct ac_import_bundle b = { 0 };
	struct ac_buf in = { 0 }, crlf = { 0 };

	(void)state;
	ac_buf_addstr(&in, "Hello, your order:\n");
	add_pem(&in, P.int1);
	add_key_pem(&in, P.leaf_key);
	ac_buf_addstr(&in, "\n-- \nThe CA\n");
	add_pem(&in, P.root);
	add_pem(&in, P.leaf);
	add_pem(&in, P.int2);
	add_pem(&in, P.leaf);	/* a duplicate */
	ac_buf_addstr(&in, "-----BEGIN CERTIFICATE REQUEST-----\nAA==\n"
			   "-----END CERTIFICATE REQUEST-----\n");
	/* e-mail: BOM and CRLF */
	ac_buf_add(&crlf, "\xef\xbb\xbf", 3);
	for (size_t i = 0; i < in.len; i++) {
		if (in.data[i] == '\n')
			ac_buf_add(&crlf, "\r", 1);
		ac_buf_add(&crlf, in.data + i, 1);
	}
	assert_null(parse(crlf.data, crlf.len, NULL, &b));
	assert_int_equal(sk_X509_num(b.certs), 4);
	assert_int_equal(b.srcs.n, 4);
	assert_non_null(b.key);
	assert_string_equal(b.key_src, "in");
	assert_true(ac_key_matches(P.leaf, b.key));
	ac_import_bundle_clear(&b);
	ac_buf_clear(&crlf);
	ac_buf_clear(&in);
}

static void
test_der_and_pkcs7(void **state)
{
	struct ac_import_bundle b = { 0 };
	unsigned char *der = NULL;
	PKCS7 *p7 = PKCS7_new();
	BIO *bio = BIO_new(BIO_s_mem());
	char *pem;
	long pemlen;
	int len;

	(void)state;
	len = i2d_X509(P.leaf, &der);
	assert_null(parse(der, (size_t)len, NULL, &b));
	assert_int_equal(sk_X509_num(b.certs), 1);
	OPENSSL_free(der);
	der = NULL;

	PKCS7_set_type(p7, NID_pkcs7_signed);
	PKCS7_content_new(p7, NID_pkcs7_data);
	PKCS7_add_certificate(p7, P.int2);
	PKCS7_add_certificate(p7, P.leaf);
	PKCS7_add_certificate(p7, P.int1);
	len = i2d_PKCS7(p7, &der);
	assert_null(parse(der, (size_t)len, NULL, &b));
	assert_int_equal(sk_X509_num(b.certs), 3);	/* leaf was there */
	PEM_write_bio_PKCS7(bio, p7);
	pemlen = BIO_get_mem_data(bio, &pem);
	ac_import_bundle_clear(&b);
	assert_null(parse(pem, (size_t)pemlen, NULL, &b));
	assert_int_equal(sk_X509_num(b.certs), 3);
	assert_null(b.key);
	ac_import_bundle_clear(&b);
	BIO_free(bio);

	/* a PKCS#7 under a "CERTIFICATE" label, and OpenSSL's trusted form */
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio(bio, "CERTIFICATE", "", der, len);
	PEM_write_bio_X509_AUX(bio, P.root);
	pemlen = BIO_get_mem_data(bio, &pem);
	assert_non_null(strstr(pem, "TRUSTED CERTIFICATE"));
	assert_null(parse(pem, (size_t)pemlen, NULL, &b));
	assert_int_equal(sk_X509_num(b.certs), 4);
	ac_import_bundle_clear(&b);
	BIO_free(bio);
	OPENSSL_free(der);
	PKCS7_free(p7);
}

/* A PKCS#12 file; legacy ones are made in a context of their own. */
static unsigned char *
make_p12(bool legacy, int *len)
{
	STACK_OF(X509) *ca = sk_X509_new_null();
	OSSL_LIB_CTX *lctx = NULL;
	OSSL_PROVIDER *lp = NULL, *dp = NULL;
	unsigned char *der = NULL;
	PKCS12 *p12;

	sk_X509_push(ca, P.int2);
	sk_X509_push(ca, P.int1);
	if (legacy) {
		lctx = OSSL_LIB_CTX_new();
		lp = OSSL_PROVIDER_load(lctx, "legacy");
		dp = OSSL_PROVIDER_load(lctx, "default");
		assert_non_null(lp);
		p12 = PKCS12_create_ex("secret", "pbx", P.leaf_key, P.leaf, ca,
				       NID_pbe_WithSHA1And3_Key_TripleDES_CBC,
				       NID_pbe_WithSHA1And40BitRC2_CBC, 2048, 1,
				       0, lctx, NULL);
	} else {
		p12 = PKCS12_create("secret", "pbx", P.leaf_key, P.leaf, ca, 0,
				    0, 0, 0, 0);
	}
	assert_non_null(p12);
	*len = i2d_PKCS12(p12, &der);
	PKCS12_free(p12);
	sk_X509_free(ca);
	OSSL_PROVIDER_unload(dp);
	OSSL_PROVIDER_unload(lp);
	OSSL_LIB_CTX_free(lctx);
	return der;
}

static void
check_p12(bool legacy)
{
	struct ac_import_bundle b = { 0 };
	int len;
	unsigned char *der = make_p12(legacy, &len);
	char *msg;

	msg = parse(der, (size_t)len, NULL, &b);
	assert_non_null(strstr(msg, "protected by a password"));
	free(msg);
	msg = parse(der, (size_t)len, "wrong", &b);
	assert_non_null(strstr(msg, "wrong password"));
	free(msg);
	assert_null(parse(der, (size_t)len, "secret", &b));
	assert_int_equal(sk_X509_num(b.certs), 3);
	assert_non_null(b.key);
	assert_true(ac_key_matches(P.leaf, b.key));
	/* the legacy provider did not leak into the default context */
	assert_false(OSSL_PROVIDER_available(NULL, "legacy"));
	ac_import_bundle_clear(&b);
	OPENSSL_free(der);
}

static void
test_p12_modern(void **state)
{
	(void)state;
	check_p12(false);
}

static void
test_p12_legacy(void **state)
{
	(void)state;
	check_p12(true);
}

/*
 * Encrypted parts asking for too many rounds (behind a MAC of one round)
 * are refused before they are decrypted.  Making the file costs the rounds
 * once, so it is made with just one more than the limit.
 */
static void
check_p12_rounds(void)
{
	STACK_OF(X509) *ca = sk_X509_new_null();
	struct ac_import_bundle b = { 0 };

	sk_X509_push(ca, P.int2);
	/* the key only (shrouded key bag), then the certificates only */
	for (int i = 0; i < 2; i++) {
		unsigned char *der = NULL;
		PKCS12 *p12 = PKCS12_create("secret", "pbx",
					    i ? NULL : P.leaf_key,
					    i ? P.leaf : NULL, i ? ca : NULL,
					    0, 0, AC_IMPORT_MAX_ITER + 1, 1, 0);
		char *msg;
		int len;

		assert_non_null(p12);
		len = i2d_PKCS12(p12, &der);
		msg = parse(der, (size_t)len, "secret", &b);
		assert_non_null(msg);
		assert_non_null(strstr(msg, "key derivation rounds"));
		free(msg);
		PKCS12_free(p12);
		OPENSSL_free(der);
	}
	ac_import_bundle_clear(&b);
	sk_X509_free(ca);
}

static void
test_p12_limits(void **state)
{
	struct ac_import_bundle b = { 0 };
	const ASN1_INTEGER *iter = NULL;
	const unsigned char *p;
	unsigned char *der, *big = NULL;
	PKCS12 *p12;
	struct ac_buf pem = { 0 };
	char *msg;
	int len, derlen;

	(void)state;
	der = make_p12(false, &derlen);
	/* a file asking for two million MAC rounds is refused unopened */
	p = der;
	p12 = d2i_PKCS12(NULL, &p, derlen);
	assert_non_null(p12);
	PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
	ASN1_INTEGER_set((ASN1_INTEGER *)(uintptr_t)iter, 2000000);
	len = i2d_PKCS12(p12, &big);
	msg = parse(big, (size_t)len, "secret", &b);
	assert_non_null(strstr(msg, "key derivation rounds"));
	free(msg);
	check_p12_rounds();
	/* what a server sends: certificates only */
	b.certs_only = true;
	msg = parse(der, (size_t)derlen, "secret", &b);
	assert_non_null(strstr(msg, "not a certificate"));
	free(msg);
	add_key_pem(&pem, P.leaf_key);
	add_pem(&pem, P.int2);
	assert_null(parse(pem.data, pem.len, NULL, &b));
	assert_null(b.key);
	assert_int_equal(sk_X509_num(b.certs), 1);
	ac_import_bundle_clear(&b);
	ac_buf_clear(&pem);
	PKCS12_free(p12);
	OPENSSL_free(big);
	OPENSSL_free(der);
}

static void
expect_error(const char *data, size_t len, const char *want)
{
	struct ac_import_bundle b = { 0 };
	char *msg = parse(data, len, NULL, &b);

	if (!msg || !strstr(msg, want))
		fail_msg("wanted \"%s\", got \"%s\"", want, msg ? msg : "(ok)");
	free(msg);
	ac_import_bundle_clear(&b);
}

static void
test_bad_input(void **state)
{
	struct ac_buf many = { 0 };
	char label[200];

#define E(s, want) expect_error(s, sizeof(s) - 1, want)
	(void)state;
	expect_error("", 0, "empty");
	E("\xef\xbb\xbf", "empty");
	E("hello", "not a certificate");
	E("\x30\x03\x02\x01\x01", "not a certificate");
	E("-----BEGIN CERTIFICATE-----\nAAAA\n", "no END line");
	E("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
	  "damaged");
	E("-----BEGIN CERTIFICATE", "BEGIN line is damaged");
	memset(label, 'A', sizeof(label));
	memcpy(label, "-----BEGIN ", 11);
	memcpy(label + 190, "-----\n", 6);
	expect_error(label, 196, "BEGIN line is damaged");
	E("-----BEGIN X509 CRL-----\nAA==\n-----END X509 CRL-----\n",
	  "no certificate or private key");
	for (int i = 0; i <= AC_IMPORT_MAX_BLOCKS; i++)
		ac_buf_addstr(&many, "-----BEGIN FOO-----\n-----END FOO-----\n");
	expect_error(many.data, many.len, "PEM blocks");
	ac_buf_clear(&many);
}

static void
test_too_many_certs(void **state)
{
	struct ac_import_bundle b = { 0 };
	struct ac_buf in = { 0 };
	EVP_PKEY *k = ec_key();
	char *msg;

	(void)state;
	for (int i = 0; i <= AC_IMPORT_MAX_CERTS; i++) {
		X509 *c = issue("x", AC_USAGE_SERVER, k, P.int2, P.int2_key, 1);

		add_pem(&in, c);
		X509_free(c);
	}
	msg = parse(in.data, in.len, NULL, &b);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "more than"));
	free(msg);
	ac_import_bundle_clear(&b);
	ac_buf_clear(&in);
	EVP_PKEY_free(k);
}

static void
bundle_of(struct ac_import_bundle *b, X509 **certs, int n)
{
	b->certs = sk_X509_new_null();
	for (int i = 0; i < n; i++) {
		X509_up_ref(certs[i]);
		sk_X509_push(b->certs, certs[i]);
		ac_strv_add(&b->srcs, "bundle");
	}
}

static void
test_pick_leaf(void **state)
{
	struct ac_import_bundle b = { 0 };
	X509 *certs[] = { P.int1, P.root, P.leaf, P.int2 };
	struct ac_err err = AC_ERR_INIT;
	const char *src = NULL;

	(void)state;
	bundle_of(&b, certs, 4);
	assert_ptr_equal(ac_chain_pick_leaf(&b, P.leaf_key, "k", &src, &err), P.leaf);
	assert_ptr_equal(ac_chain_pick_leaf(&b, NULL, NULL, &src, &err), P.leaf);
	assert_null(ac_chain_pick_leaf(&b, P.other_key, "other.key", &src, &err));
	assert_string_equal(err.msg, "other.key: the private key does not belong to the certificate in bundle.");
	ac_err_clear(&err);
	ac_import_bundle_clear(&b);
}

static bool
build(X509 **certs, int n, X509 *leaf, const char *ca_file,
      const struct ac_names *names, struct ac_chain *out,
      struct ac_strv *warnings, struct ac_err *err)
{
	struct ac_import_bundle b = { 0 };
	struct ac_chain_opts o = { ca_file, false, names };
	bool ok;

	bundle_of(&b, certs, n);
	ok = ac_chain_build(&P.ctx, &b, leaf, "leaf.pem", &o, out, warnings,
			    err);
	ac_import_bundle_clear(&b);
	return ok;
}

static void
test_order(void **state)
{
	X509 *stranger = issue("Stranger", AC_USAGE_CA, P.other_key, NULL,
			       P.other_key, 10);
	X509 *certs[] = { P.int1, stranger, P.root, P.leaf, P.int2 };
	struct ac_chain c = { 0 };
	struct ac_strv warnings = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(build(certs, 5, P.leaf, P.ca_file, NULL, &c, &warnings, &err));
	assert_ptr_equal(c.leaf, P.leaf);
	assert_int_equal(sk_X509_num(c.chain), 2);
	assert_ptr_equal(sk_X509_value(c.chain, 0), P.int2);
	assert_ptr_equal(sk_X509_value(c.chain, 1), P.int1);
	assert_int_equal(warnings.n, 1);
	assert_non_null(strstr(warnings.v[0], "\"Stranger\""));
	ac_chain_clear(&c);
	ac_strv_clear(&warnings);
	X509_free(stranger);
}

static void
expect_refusal(X509 *leaf, const struct ac_names *names, const char *want)
{
	X509 *certs[] = { leaf, P.int2, P.int1 };
	struct ac_chain c = { 0 };
	struct ac_strv warnings = { 0 };
	struct ac_err err = AC_ERR_INIT;

	assert_false(build(certs, 3, leaf, P.ca_file, names, &c, &warnings, &err));
	if (!strstr(err.msg, want))
		fail_msg("wanted \"%s\", got \"%s\"", want, err.msg);
	assert_int_equal(err.code, AC_ERR_INPUT);
	assert_null(c.leaf);
	ac_err_clear(&err);
	ac_strv_clear(&warnings);
}

static void
test_refusals(void **state)
{
	struct ac_names names = { 0 };
	struct ac_err err = AC_ERR_INIT;
	time_t now = P.ctx.now_override;
	EVP_PKEY *rsa1024 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	X509 *weak = issue("weak", AC_USAGE_SERVER, rsa1024, P.int2, P.int2_key, 9);
	X509 *client = issue("c", AC_USAGE_CLIENT, P.leaf_key, P.int2, P.int2_key, 9);
	X509 *sha1 = issue("s", AC_USAGE_SERVER, P.leaf_key, P.int2, P.int2_key, 9);
	X509 *ca = issue("ca", AC_USAGE_CA, P.leaf_key, P.int2, P.int2_key, 9);

	(void)state;
	X509_sign(sha1, P.int2_key, EVP_sha1());
	expect_refusal(weak, NULL, "1024-bit RSA");
	expect_refusal(client, NULL, "no serverAuth");
	expect_refusal(sha1, NULL, "signed with SHA1");
	expect_refusal(ca, NULL, "CA certificate");
	assert_true(ac_names_add_dns(&names, "x.example.test", 1, &err));
	expect_refusal(P.leaf, &names, "does not cover x.example.test");
	ac_names_clear(&names);
	assert_true(ac_names_add_ip(&names, "192.0.2.8", &err));
	expect_refusal(P.leaf, &names, "does not cover 192.0.2.8");
	ac_names_clear(&names);
	/* the engine's clock, not the machine's */
	P.ctx.now_override = now + 91 * 86400;
	expect_refusal(P.leaf, NULL, "expired on");
	P.ctx.now_override = now - 86400;
	expect_refusal(P.leaf, NULL, "valid only from");
	P.ctx.now_override = now;
	X509_free(ca);
	X509_free(sha1);
	X509_free(client);
	X509_free(weak);
	EVP_PKEY_free(rsa1024);
}

static void
test_trust_and_warnings(void **state)
{
	X509 *certs[] = { P.leaf, P.int2, P.int1, P.root };
	X509 *partial[] = { P.leaf, P.int1 };
	struct ac_names names = { 0 };
	struct ac_chain c = { 0 };
	struct ac_strv warnings = { 0 };
	struct ac_err err = AC_ERR_INIT;
	time_t now = P.ctx.now_override;

	(void)state;
	/* the system store does not hold our root */
	assert_false(build(certs, 4, P.leaf, NULL, NULL, &c, &warnings, &err));
	assert_non_null(strstr(err.msg, "does not trust"));
	ac_err_clear(&err);
	/* an incomplete chain without AIA cannot be repaired */
	assert_false(build(partial, 2, P.leaf, P.ca_file, NULL, &c, &warnings, &err));
	assert_non_null(strstr(err.msg, "incomplete"));
	ac_err_clear(&err);
	/* a wildcard name asked for; 20 days left: warned */
	assert_true(ac_names_add_dns(&names, "b.voip.example.test", 1, &err));
	P.ctx.now_override = now + 70 * 86400;
	assert_true(build(certs, 4, P.leaf, P.ca_file, &names, &c, &warnings, &err));
	assert_int_equal(warnings.n, 1);
	assert_non_null(strstr(warnings.v[0], "expires in"));
	P.ctx.now_override = now;
	ac_names_clear(&names);
	ac_chain_clear(&c);
	ac_strv_clear(&warnings);
}

static void
test_expired_intermediate(void **state)
{
	X509 *old = issue("Old Int", AC_USAGE_CA, P.int2_key, P.int1, P.int1_key, 1);
	X509 *leaf = issue("pbx.example.test", AC_USAGE_SERVER, P.leaf_key, old,
			   P.int2_key, 90);
	X509 *certs[] = { leaf, old, P.int1 };
	struct ac_chain c = { 0 };
	struct ac_strv warnings = { 0 };
	struct ac_err err = AC_ERR_INIT;
	time_t now = P.ctx.now_override;

	(void)state;
	P.ctx.now_override = now + 3 * 86400;
	assert_false(build(certs, 3, leaf, P.ca_file, NULL, &c, &warnings, &err));
	assert_non_null(strstr(err.msg, "the chain certificate \"Old Int\" expired on"));
	P.ctx.now_override = now;
	ac_err_clear(&err);
	ac_strv_clear(&warnings);
	X509_free(leaf);
	X509_free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_pem_any_order),
		cmocka_unit_test(test_der_and_pkcs7),
		cmocka_unit_test(test_p12_modern),
		cmocka_unit_test(test_p12_legacy),
		cmocka_unit_test(test_p12_limits),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_too_many_certs),
		cmocka_unit_test(test_pick_leaf),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_trust_and_warnings),
		cmocka_unit_test(test_expired_intermediate),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
