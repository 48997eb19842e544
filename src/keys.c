/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private keys: generation, PEM in and out, matching a certificate. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>

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
			ac_err_set(err, AC_ERR_INPUT,
				   _("%s: the private key is encrypted; give its passphrase."),
				   what);
		else if (pass && e && ERR_GET_REASON(e) != 0 &&
			 ac_pem_has_encrypted_key(data, len))
			ac_err_set(err, AC_ERR_INPUT,
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
	ac_buf_free(&b);
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
