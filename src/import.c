/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading what CAs and Windows exports give: PEM, DER, PKCS#7, PKCS#12. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "src/i18n.h"
#include "src/import.h"
#include "src/keys.h"
#include "src/util.h"

struct ac_import_opts *
ac_import_opts_new(void)
{
	return xcalloc(1, sizeof(struct ac_import_opts));
}

void
ac_import_opts_free(struct ac_import_opts *opts)
{
	if (!opts)
		return;
	free(opts->cert_path);
	free(opts->key_path);
	ac_strv_clear(&opts->chain_paths);
	ac_secret_free(opts->passphrase, 0);
	free(opts->ca_file);
	ac_names_clear(&opts->names);
	free(opts);
}

void
ac_import_bundle_clear(struct ac_import_bundle *b)
{
	if (!b)
		return;
	sk_X509_pop_free(b->certs, X509_free);
	ac_strv_clear(&b->srcs);
	EVP_PKEY_free(b->key);
	free(b->key_src);
	memset(b, 0, sizeof(*b));
}

/* Takes cert (owned) into the bundle unless it is already there. */
static bool
add_cert(struct ac_import_bundle *b, X509 *cert, const char *what,
	 struct ac_err *err)
{
	if (!b->certs)
		b->certs = sk_X509_new_null();
	for (int i = 0; i < sk_X509_num(b->certs); i++) {
		if (X509_cmp(sk_X509_value(b->certs, i), cert) == 0) {
			X509_free(cert);
			return true;
		}
	}
	if (sk_X509_num(b->certs) >= AC_IMPORT_MAX_CERTS) {
		X509_free(cert);
		return ac_err_set(err, AC_ERR_INPUT,
				  ngettext("%s: more than %d certificate; give only the certificate and its chain.",
					   "%s: more than %d certificates; give only the certificate and its chain.",
					   AC_IMPORT_MAX_CERTS),
				  what, AC_IMPORT_MAX_CERTS);
	}
	sk_X509_push(b->certs, cert);
	ac_strv_add(&b->srcs, what);
	return true;
}

/* Takes key (owned) unless the bundle holds a different one already. */
static bool
add_key(struct ac_import_bundle *b, EVP_PKEY *key, const char *what,
	struct ac_err *err)
{
	if (b->key) {
		bool same = EVP_PKEY_eq(b->key, key) == 1;

		EVP_PKEY_free(key);
		ERR_clear_error();
		if (same)
			return true;
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: a second, different private key (the first is in %s); give only the certificate's key."),
				  what, b->key_src);
	}
	b->key = key;
	b->key_src = xstrdup(what);
	return true;
}

static bool
add_p7(struct ac_import_bundle *b, PKCS7 *p7, const char *what,
       struct ac_err *err)
{
	STACK_OF(X509) *certs = NULL;
	bool ok = true;

	if (PKCS7_type_is_signed(p7) && p7->d.sign)
		certs = p7->d.sign->cert;
	if (sk_X509_num(certs) <= 0)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: the PKCS#7 file holds no certificates."),
				  what);
	for (int i = 0; ok && i < sk_X509_num(certs); i++) {
		X509 *c = sk_X509_value(certs, i);

		X509_up_ref(c);
		ok = add_cert(b, c, what, err);
	}
	return ok;
}

/* A certificate or PKCS#7 in DER; false without error when it is neither. */
static bool
parse_der_certs(const unsigned char *der, long len, const char *what,
		struct ac_import_bundle *b, bool *done, struct ac_err *err)
{
	const unsigned char *p = der;
	X509 *cert;
	PKCS7 *p7;
	bool ok;

	*done = false;
	cert = d2i_X509(NULL, &p, len);
	if (cert && p == der + len) {
		*done = true;
		return add_cert(b, cert, what, err);
	}
	X509_free(cert);
	p = der;
	p7 = d2i_PKCS7(NULL, &p, len);
	if (p7 && p == der + len) {
		*done = true;
		ok = add_p7(b, p7, what, err);
		PKCS7_free(p7);
		return ok;
	}
	PKCS7_free(p7);
	ERR_clear_error();
	return true;
}

/*
 * Objects made inside a private library context must not outlive it: they
 * are copied into the default context through their DER encoding.
 */
static X509 *
x509_to_default(X509 *in)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	X509 *out = NULL;
	int len = i2d_X509(in, &der);

	if (len > 0) {
		p = der;
		out = d2i_X509(NULL, &p, len);
	}
	OPENSSL_free(der);
	return out;
}

static EVP_PKEY *
key_to_default(EVP_PKEY *in)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	EVP_PKEY *out = NULL;
	int len = i2d_PrivateKey(in, &der);

	if (len > 0) {
		p = der;
		out = d2i_AutoPrivateKey(NULL, &p, len);
		OPENSSL_clear_free(der, (size_t)len);
	}
	return out;
}

struct p12_out {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *ca;
};

static void
p12_out_free(struct p12_out *o)
{
	EVP_PKEY_free(o->key);
	X509_free(o->cert);
	sk_X509_pop_free(o->ca, X509_free);
	memset(o, 0, sizeof(*o));
}

/*
 * Windows and older tools encrypt PKCS#12 with RC2-40 and 3DES, which
 * OpenSSL 3 keeps in its legacy provider.  It is loaded into a library
 * context of its own, made the default for this thread only while the file
 * is decrypted, and gone afterwards: no other code path sees it.
 */
static bool
p12_parse_legacy(PKCS12 *p12, const char *pass, struct p12_out *out)
{
	OSSL_LIB_CTX *lctx = OSSL_LIB_CTX_new(), *prev;
	OSSL_PROVIDER *legacy = NULL, *dflt = NULL;
	struct p12_out in = { 0 };
	bool ok = false;

	if (!lctx)
		return false;
	legacy = OSSL_PROVIDER_load(lctx, "legacy");
	dflt = OSSL_PROVIDER_load(lctx, "default");
	if (!legacy || !dflt)
		goto out;
	prev = OSSL_LIB_CTX_set0_default(lctx);
	ok = PKCS12_parse(p12, pass, &in.key, &in.cert, &in.ca) == 1;
	OSSL_LIB_CTX_set0_default(prev);
	if (!ok)
		goto out;
	if (in.key && !(out->key = key_to_default(in.key)))
		ok = false;
	if (in.cert && !(out->cert = x509_to_default(in.cert)))
		ok = false;
	out->ca = sk_X509_new_null();
	for (int i = 0; ok && i < sk_X509_num(in.ca); i++) {
		X509 *c = x509_to_default(sk_X509_value(in.ca, i));

		ok = c != NULL;
		if (c)
			sk_X509_push(out->ca, c);
	}
	if (!ok)
		p12_out_free(out);
out:
	p12_out_free(&in);
	OSSL_PROVIDER_unload(dflt);
	OSSL_PROVIDER_unload(legacy);
	OSSL_LIB_CTX_free(lctx);
	return ok;
}

/* The password that opens p12: pass, or for none the empty ones. */
static bool
p12_password(PKCS12 *p12, const char *pass, const char **use)
{
	if (!PKCS12_mac_present(p12)) {
		*use = pass ? pass : "";
		return true;
	}
	if (pass) {
		*use = pass;
		return PKCS12_verify_mac(p12, pass, -1) == 1;
	}
	if (PKCS12_verify_mac(p12, "", 0) == 1) {
		*use = "";
		return true;
	}
	*use = NULL;
	return PKCS12_verify_mac(p12, NULL, 0) == 1;
}

/*
 * Adds the key derivation work alg asks for to b's and says whether both
 * it and the import's sum stay within their caps.
 */
static bool
add_work(struct ac_import_bundle *b, long n)
{
	if (n < 0)
		return true;	/* unreadable: decryption fails and says so */
	if (n > AC_IMPORT_MAX_ITER || n > AC_IMPORT_MAX_WORK - b->kdf_work)
		return false;
	b->kdf_work += n;
	return true;
}

static bool
rounds_ok(struct ac_import_bundle *b, const X509_ALGOR *alg)
{
	return add_work(b, ac_key_pbe_work(alg));
}

/* Every shrouded key in bags (and in nested bags) asks for few rounds. */
static bool
bags_rounds_ok(struct ac_import_bundle *b,
	       const STACK_OF(PKCS12_SAFEBAG) *bags, int depth)
{
	const X509_ALGOR *alg;

	for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); i++) {
		const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);

		switch (PKCS12_SAFEBAG_get_nid(bag)) {
		case NID_pkcs8ShroudedKeyBag:
			X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &alg, NULL);
			if (!rounds_ok(b, alg))
				return false;
			break;
		case NID_safeContentsBag:
			if (depth > 3 ||
			    !bags_rounds_ok(b, PKCS12_SAFEBAG_get0_safes(bag),
					    depth + 1))
				return false;
			break;
		default:
			break;
		}
	}
	return true;
}

/*
 * The MAC's round count is checked before anything; this checks the
 * encrypted parts the same way, each before it is decrypted, so a file
 * asking for billions of rounds is refused at once instead of running for
 * hours.  A part that cannot be unpacked is left to PKCS12_parse.
 */
static bool
p12_rounds_ok(struct ac_import_bundle *b, PKCS12 *p12, const char *pass)
{
	STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
	STACK_OF(PKCS12_SAFEBAG) *bags;
	bool ok = true;

	for (int i = 0; ok && i < sk_PKCS7_num(safes); i++) {
		PKCS7 *p7 = sk_PKCS7_value(safes, i);

		switch (OBJ_obj2nid(p7->type)) {
		case NID_pkcs7_data:
			bags = PKCS12_unpack_p7data(p7);
			break;
		case NID_pkcs7_encrypted:
			if (!p7->d.encrypted || !p7->d.encrypted->enc_data) {
				bags = NULL;
				break;
			}
			if (!rounds_ok(b, p7->d.encrypted->enc_data->algorithm)) {
				ok = false;
				bags = NULL;
				break;
			}
			bags = PKCS12_unpack_p7encdata(p7, pass, -1);
			break;
		default:
			bags = NULL;
			break;
		}
		ok = ok && bags_rounds_ok(b, bags, 0);
		sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	}
	sk_PKCS7_pop_free(safes, PKCS7_free);
	ERR_clear_error();
	return ok;
}

static bool
parse_p12(PKCS12 *p12, const char *pass, const char *what,
	  struct ac_import_bundle *b, struct ac_err *err)
{
	struct p12_out o = { 0 };
	const ASN1_INTEGER *iter = NULL;
	const char *use = NULL;
	bool ok;

	PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
	if (iter && (ASN1_INTEGER_get(iter) < 0 ||
		     !add_work(b, ASN1_INTEGER_get(iter)))) {
		ERR_clear_error();
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: the PKCS#12 file asks for more than %ld key derivation rounds; export it again with usual settings."),
				  what, AC_IMPORT_MAX_ITER);
	}
	if (!p12_password(p12, pass, &use)) {
		ERR_clear_error();
		if (!pass)
			return ac_err_set_field(err, AC_FIELD_PASSPHRASE,
						AC_ERR_INPUT,
						_("%s: the PKCS#12 file is protected by a password; give its password."),
						what);
		return ac_err_set_field(err, AC_FIELD_PASSPHRASE, AC_ERR_INPUT,
					_("%s: wrong password for the PKCS#12 file."),
					what);
	}
	if (!p12_rounds_ok(b, p12, use))
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: the PKCS#12 file asks for more than %ld key derivation rounds; export it again with usual settings."),
				  what, AC_IMPORT_MAX_ITER);
	if (PKCS12_parse(p12, use, &o.key, &o.cert, &o.ca) != 1) {
		ERR_clear_error();
		p12_out_free(&o);
		if (!p12_parse_legacy(p12, use, &o)) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("%s: cannot decrypt the PKCS#12 file (unknown encryption or damaged)."),
				   what);
			ac_err_ssl(err);
			return false;
		}
	}
	ERR_clear_error();
	ok = true;
	if (o.key) {
		ok = add_key(b, o.key, what, err);
		o.key = NULL;
	}
	if (ok && o.cert) {
		ok = add_cert(b, o.cert, what, err);
		o.cert = NULL;
	}
	for (int i = 0; ok && i < sk_X509_num(o.ca); i++) {
		X509 *c = sk_X509_value(o.ca, i);

		X509_up_ref(c);
		ok = add_cert(b, c, what, err);
	}
	p12_out_free(&o);
	return ok;
}

/* An encrypted key's rounds, counted with the rest of the import's. */
static bool
key_work_ok(const char *data, size_t len, const char *what,
	    struct ac_import_bundle *b, struct ac_err *err)
{
	long work = 0;

	if (!ac_key_kdf_work(data, len, what, &work, err))
		return false;
	if (!add_work(b, work))
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: the keys given ask for more than %ld key derivation rounds in all; give only the certificate's key."),
				  what, AC_IMPORT_MAX_WORK);
	return true;
}

static bool
parse_der(const char *data, size_t len, const char *pass, const char *what,
	  struct ac_import_bundle *b, struct ac_err *err)
{
	const unsigned char *der = (const unsigned char *)data, *p;
	EVP_PKEY *key;
	PKCS12 *p12;
	bool done, ok;

	if (!parse_der_certs(der, (long)len, what, b, &done, err))
		return false;
	if (done)
		return true;
	if (b->certs_only)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: not a certificate (expected DER, PEM or PKCS#7)."),
				  what);
	p = der;
	p12 = d2i_PKCS12(NULL, &p, (long)len);
	if (p12 && p == der + len) {
		ok = parse_p12(p12, pass, what, b, err);
		PKCS12_free(p12);
		return ok;
	}
	PKCS12_free(p12);
	ERR_clear_error();
	if (!key_work_ok(data, len, what, b, err))
		return false;
	key = ac_key_from_mem(data, len, pass, what, NULL);
	if (key)
		return add_key(b, key, what, err);
	return ac_err_set(err, AC_ERR_INPUT,
			  _("%s: not a certificate, key, PKCS#7 or PKCS#12 file."),
			  what);
}

static bool
is_key_label(const char *label, size_t n)
{
	return n >= 11 && memcmp(label + n - 11, "PRIVATE KEY", 11) == 0;
}

static bool
label_is(const char *label, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(label, want, n) == 0;
}

/* The DER inside a PEM block of a certificate kind. */
static bool
block_certs(const unsigned char *der, long len, bool trusted,
	    const char *what, struct ac_import_bundle *b, bool *done,
	    struct ac_err *err)
{
	const unsigned char *p = der;
	X509 *cert;

	if (!trusted)
		return parse_der_certs(der, len, what, b, done, err);
	/* OpenSSL's "TRUSTED CERTIFICATE": a certificate plus trust settings */
	cert = d2i_X509_AUX(NULL, &p, len);
	*done = cert != NULL;
	return !cert || add_cert(b, cert, what, err);
}

/* One PEM block, text from its BEGIN line to its END line. */
static bool
parse_block(const char *block, size_t len, const char *label, size_t llen,
	    const char *pass, const char *what, struct ac_import_bundle *b,
	    struct ac_err *err)
{
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long dlen = 0;
	BIO *bio;
	bool ok, done = false;
	EVP_PKEY *key;

	if (is_key_label(label, llen) && b->certs_only)
		return true;
	if (is_key_label(label, llen)) {
		if (!key_work_ok(block, len, what, b, err))
			return false;
		key = ac_key_from_mem(block, len, pass, what, err);
		return key && add_key(b, key, what, err);
	}
	/* some CAs label a PKCS#7 bundle "CERTIFICATE": both are taken */
	if (!label_is(label, llen, "CERTIFICATE") &&
	    !label_is(label, llen, "X509 CERTIFICATE") &&
	    !label_is(label, llen, "TRUSTED CERTIFICATE") &&
	    !label_is(label, llen, "PKCS7") &&
	    !label_is(label, llen, "PKCS #7 SIGNED DATA"))
		return true;	/* CSRs, parameters, CRLs: not ours */
	bio = BIO_new_mem_buf(block, (int)len);
	ok = bio && PEM_read_bio(bio, &name, &header, &der, &dlen) == 1;
	BIO_free(bio);
	if (ok && !block_certs(der, dlen,
			       label_is(label, llen, "TRUSTED CERTIFICATE"),
			       what, b, &done, err)) {
		ok = false;	/* taken apart, but too many certificates */
	} else if (!ok || !done) {
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s: a \"%.*s\" block is damaged (check that it was copied whole)."),
				what, (int)llen, label);
		ac_err_ssl(err);
	}
	ERR_clear_error();
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(der);
	return ok;
}

/* Start of the line holding "-----BEGIN " at or after p, or NULL. */
static const char *
next_begin(const char *p, const char *end)
{
	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), "-----BEGIN ", 11);

		if (!q)
			return NULL;
		if (q == p || q[-1] == '\n')
			return q;
		p = q + 1;
	}
	return NULL;
}

/* PEM text: data has had its BOM and CRs removed. */
static bool
parse_pem(const char *data, size_t len, const char *pass, const char *what,
	  struct ac_import_bundle *b, struct ac_err *err)
{
	const char *end = data + len, *p = data, *q;
	int blocks = 0;
	char marker[96];

	while ((q = next_begin(p, end)) != NULL) {
		const char *label = q + 11, *eol, *lend, *stop;
		size_t llen;

		eol = memchr(label, '\n', (size_t)(end - label));
		if (!eol)
			eol = end;
		lend = memmem(label, (size_t)(eol - label), "-----", 5);
		llen = lend ? (size_t)(lend - label) : 0;
		if (!lend || llen == 0 || llen > 64)
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s: a PEM BEGIN line is damaged."),
					  what);
		if (++blocks > AC_IMPORT_MAX_BLOCKS)
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s: more than %d PEM blocks; give only the certificate, its chain and its key."),
					  what, AC_IMPORT_MAX_BLOCKS);
		snprintf(marker, sizeof(marker), "\n-----END %.*s-----",
			 (int)llen, label);
		stop = memmem(eol, (size_t)(end - eol), marker, strlen(marker));
		if (!stop)
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s: the \"%.*s\" block has no END line (was it cut off?)."),
					  what, (int)llen, label);
		stop += strlen(marker);
		if (!parse_block(q, (size_t)(stop - q), label, llen, pass,
				 what, b, err))
			return false;
		p = stop;
	}
	return true;
}

bool
ac_import_parse(const char *data, size_t len, const char *pass,
		const char *what, struct ac_import_bundle *b,
		struct ac_err *err)
{
	size_t ncerts = (size_t)sk_X509_num(b->certs);
	struct ac_buf text = { .secret = true };
	bool key_before = b->key != NULL, ok;

	if (len > AC_MAX_FILE)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: too large for a certificate or key file."),
				  what);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (len == 0)
		return ac_err_set(err, AC_ERR_INPUT, _("%s: the file is empty."),
				  what);
	if (!memmem(data, len, "-----BEGIN ", 11))
		return parse_der(data, len, pass, what, b, err);
	/* e-mailed bundles come with CRLF line ends */
	for (const char *p = data, *end = data + len, *cr; p < end; p = cr + 1) {
		cr = memchr(p, '\r', (size_t)(end - p));
		if (!cr)
			cr = end;
		ac_buf_add(&text, p, (size_t)(cr - p));
	}
	ok = parse_pem(text.data, text.len, pass, what, b, err);
	ac_buf_clear(&text);
	if (ok && (size_t)sk_X509_num(b->certs) == ncerts &&
	    (key_before || !b->key))
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s: no certificate or private key found in it."),
				what);
	return ok;
}

bool
ac_import_parse_file(const char *path, const char *pass,
		     struct ac_import_bundle *b, struct ac_err *err)
{
	struct ac_buf data = { .secret = true };
	bool ok;

	ok = ac_read_file(path, &data, err) &&
	     ac_import_parse(data.data, data.len, pass, path, b, err);
	ac_buf_clear(&data);
	return ok;
}
