/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private keys: generation, PEM in and out, matching a certificate. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "src/i18n.h"
#include "src/keys.h"
#include "src/util.h"

static const struct {
	const char *name;
	enum ac_key_type type;
} key_names[] = {
	{ "rsa2048", AC_KEY_RSA2048 },
	{ "rsa3072", AC_KEY_RSA3072 },
	{ "rsa4096", AC_KEY_RSA4096 },
	{ "p256", AC_KEY_P256 },
	{ "p384", AC_KEY_P384 },
	{ "ec256", AC_KEY_P256 },
	{ "ec384", AC_KEY_P384 },
};

bool
ac_key_type_parse(const char *s, enum ac_key_type *out)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcasecmp(s, key_names[i].name) == 0) {
			*out = key_names[i].type;
			return true;
		}
	}
	return false;
}

const char *
ac_key_type_name(enum ac_key_type type)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].type == type)
			return key_names[i].name;
	return "?";
}

EVP_PKEY *
ac_key_generate(enum ac_key_type type, struct ac_err *err)
{
	EVP_PKEY *key = NULL;

	switch (type) {
	case AC_KEY_RSA2048:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
		break;
	case AC_KEY_RSA3072:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
		break;
	case AC_KEY_RSA4096:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096);
		break;
	case AC_KEY_P256:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		break;
	case AC_KEY_P384:
		key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
		break;
	}
	if (!key) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not generate a %s key."),
			   ac_key_type_name(type));
		ac_err_ssl(err);
	}
	return key;
}

bool
ac_key_to_pem(EVP_PKEY *key, struct ac_buf *out, struct ac_err *err)
{
	BIO *bio = BIO_new(BIO_s_secmem());
	char *data;
	long len;
	bool ok = false;

	if (!bio)
		bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL,
					      NULL)) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not encode the key."));
		ac_err_ssl(err);
		goto out;
	}
	len = BIO_get_mem_data(bio, &data);
	out->secret = true;
	ac_buf_add(out, data, (size_t)len);
	ok = true;
out:
	BIO_free(bio);
	return ok;
}

/* a * b, or LONG_MAX when it does not fit; both >= 0 */
static long
mul_sat(long a, long b)
{
	return a && b > LONG_MAX / a ? LONG_MAX : a * b;
}

static long
int_param(const ASN1_INTEGER *i)
{
	int64_t v = 0;

	if (!i || !ASN1_INTEGER_get_int64(&v, i) || v < 0)
		return -1;
	return v > LONG_MAX ? LONG_MAX : (long)v;
}

/* scrypt's N * r * p; OpenSSL's own memory cap bounds N * r only */
static long
scrypt_work(const SCRYPT_PARAMS *sc)
{
	long n = int_param(sc->costParameter);
	long r = int_param(sc->blockSize);
	long p = int_param(sc->parallelizationParameter);

	if (n < 0 || r < 0 || p < 0)
		return -1;
	return mul_sat(mul_sat(n, r), p);
}

long
ac_key_pbe_work(const X509_ALGOR *alg)
{
	PBE2PARAM *p2;
	PBKDF2PARAM *kdf;
	SCRYPT_PARAMS *sc;
	PBEPARAM *p1;
	long n = -1;

	if (OBJ_obj2nid(alg->algorithm) != NID_pbes2) {
		p1 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM),
					       alg->parameter);
		if (p1)
			n = int_param(p1->iter);
		PBEPARAM_free(p1);
		return n;
	}
	p2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
	if (!p2 || !p2->keyfunc)
		goto out;
	switch (OBJ_obj2nid(p2->keyfunc->algorithm)) {
	case NID_id_pbkdf2:
		kdf = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM),
						p2->keyfunc->parameter);
		if (kdf)
			n = int_param(kdf->iter);
		PBKDF2PARAM_free(kdf);
		break;
	case NID_id_scrypt:
		sc = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS),
					       p2->keyfunc->parameter);
		if (sc)
			n = scrypt_work(sc);
		SCRYPT_PARAMS_free(sc);
		break;
	default:
		break;
	}
out:
	PBE2PARAM_free(p2);
	return n;
}

/* The work of the EncryptedPrivateKeyInfo at der, or 0 when it is not one. */
static long
epki_work(const unsigned char *der, long len)
{
	const unsigned char *p = der;
	X509_SIG *sig = d2i_X509_SIG(NULL, &p, len);
	const X509_ALGOR *alg = NULL;
	long n = 0;

	if (sig) {
		X509_SIG_get0(sig, &alg, NULL);
		n = ac_key_pbe_work(alg);
	}
	X509_SIG_free(sig);
	return n < 0 ? 0 : n;
}

/* The work of the PEM block starting at begin (0 when it is damaged). */
static long
pem_block_work(const char *begin, const char *end)
{
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long dlen = 0, n = 0;
	BIO *bio = BIO_new_mem_buf(begin, (int)(end - begin));

	if (bio && PEM_read_bio(bio, &name, &header, &der, &dlen) == 1)
		n = epki_work(der, dlen);
	BIO_free(bio);
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(der);
	return n;
}

bool
ac_key_kdf_work(const char *data, size_t len, const char *what, long *work,
		struct ac_err *err)
{
	/*
	 * Every block, whatever its label: OpenSSL's decoders take an
	 * EncryptedPrivateKeyInfo labelled "PRIVATE KEY" too.
	 */
	static const char begin[] = "-----BEGIN ";
	const char *p = data, *end = data + len, *q, *next;
	long n = 0, sum = 0;

	if (len > (size_t)INT_MAX)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: too large for a certificate or key file."),
				  what);
	if (!memmem(data, len, begin, sizeof(begin) - 1)) {
		n = epki_work((const unsigned char *)data, (long)len);
		sum = n;
		p = end;
	}
	q = p < end ? memmem(p, (size_t)(end - p), begin, sizeof(begin) - 1)
		    : NULL;
	while (q) {
		/* each block read up to the next one: linear in len */
		p = q + sizeof(begin) - 1;
		next = memmem(p, (size_t)(end - p), begin, sizeof(begin) - 1);
		n = pem_block_work(q, next ? next : end);
		sum = n > LONG_MAX - sum ? LONG_MAX : sum + n;
		if (n > AC_KEY_MAX_ROUNDS)
			break;
		q = next;
	}
	ERR_clear_error();
	if (n > AC_KEY_MAX_ROUNDS)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: the private key asks for more than %ld key derivation rounds; export it again with usual settings."),
				  what, AC_KEY_MAX_ROUNDS);
	*work = sum;
	return true;
}

static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t n;

	(void)rwflag;
	if (!pass)
		return -1;
	n = strlen(pass);
	if (n > (size_t)size)
		n = (size_t)size;
	memcpy(buf, pass, n);
	return (int)n;
}

EVP_PKEY *
ac_key_from_mem(const char *data, size_t len, const char *pass,
		const char *what, struct ac_err *err)
{
	OSSL_DECODER_CTX *dctx = NULL;
	EVP_PKEY *key = NULL;
	const unsigned char *p = (const unsigned char *)data;
	size_t left = len;
	unsigned long e;
	long work;

	if (!ac_key_kdf_work(data, len, what, &work, err))
		return NULL;
	dctx = OSSL_DECODER_CTX_new_for_pkey(&key, NULL, NULL, NULL,
					     EVP_PKEY_KEYPAIR, NULL, NULL);
	if (!dctx) {
		ac_err_set(err, AC_ERR_CRYPTO, _("%s: cannot read keys."), what);
		ac_err_ssl(err);
		return NULL;
	}
	if (pass)
		OSSL_DECODER_CTX_set_passphrase(dctx,
						(const unsigned char *)pass,
						strlen(pass));
	else
		OSSL_DECODER_CTX_set_pem_password_cb(dctx, pass_cb, NULL);
	if (!OSSL_DECODER_from_data(dctx, &p, &left) || !key) {
		e = ERR_peek_last_error();
		if (!pass && ac_pem_has_encrypted_key(data, len))
			ac_err_set_field(err, AC_FIELD_PASSPHRASE, AC_ERR_INPUT,
					 _("%s: the private key is encrypted; give its passphrase."),
					 what);
		else if (pass && e && ERR_GET_REASON(e) != 0 &&
			 ac_pem_has_encrypted_key(data, len))
			ac_err_set_field(err, AC_FIELD_PASSPHRASE, AC_ERR_INPUT,
					 _("%s: wrong passphrase for the private key."),
					 what);
		else
			ac_err_set(err, AC_ERR_INPUT,
				   _("%s: no private key found (expected PEM or DER)."),
				   what);
		ac_err_ssl(err);
		key = NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	ERR_clear_error();
	return key;
}

EVP_PKEY *
ac_key_load(const char *path, const char *pass, struct ac_err *err)
{
	struct ac_buf b = { .secret = true };
	EVP_PKEY *key;

	if (!ac_read_file(path, &b, err))
		return NULL;
	key = ac_key_from_mem(b.data, b.len, pass, path, err);
	ac_buf_clear(&b);
	return key;
}

bool
ac_key_matches(X509 *cert, EVP_PKEY *key)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	bool ok = pub && EVP_PKEY_eq(pub, key) == 1;

	ERR_clear_error();
	return ok;
}

void
ac_key_describe(EVP_PKEY *key, char *buf, size_t size)
{
	char group[64] = "";
	size_t glen = 0;

	if (EVP_PKEY_is_a(key, "RSA")) {
		snprintf(buf, size, "RSA %d", EVP_PKEY_get_bits(key));
	} else if (EVP_PKEY_is_a(key, "EC")) {
		EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME,
					       group, sizeof(group), &glen);
		if (strcmp(group, "prime256v1") == 0)
			snprintf(buf, size, "ECDSA P-256");
		else if (strcmp(group, "secp384r1") == 0)
			snprintf(buf, size, "ECDSA P-384");
		else if (strcmp(group, "secp521r1") == 0)
			snprintf(buf, size, "ECDSA P-521");
		else
			snprintf(buf, size, "ECDSA %s", glen ? group : "?");
	} else {
		snprintf(buf, size, "%s %d", EVP_PKEY_get0_type_name(key),
			 EVP_PKEY_get_bits(key));
	}
}
