/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private keys: generation, PEM in and out, matching a certificate. */
#ifndef AC_KEYS_H
#define AC_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "src/err.h"
#include "src/xalloc.h"

enum ac_key_type {
	AC_KEY_RSA2048,
	AC_KEY_RSA3072,
	AC_KEY_RSA4096,
	AC_KEY_P256,
	AC_KEY_P384,
};

#define AC_KEY_DEFAULT AC_KEY_RSA2048

/* "rsa2048", "rsa3072", "rsa4096", "p256", "p384" (also "ec256"/"ec384"). */
bool ac_key_type_parse(const char *s, enum ac_key_type *out);
const char *ac_key_type_name(enum ac_key_type type);

/* A new key.  Returns NULL and sets err on failure. */
EVP_PKEY *ac_key_generate(enum ac_key_type type, struct ac_err *err);

/*
 * The key as unencrypted PKCS#8 PEM into out (made secret: wiped on free).
 * out must be empty.
 */
bool ac_key_to_pem(EVP_PKEY *key, struct ac_buf *out, struct ac_err *err);

/*
 * Most key derivation work one encryption may ask for: PBKDF2 and PKCS#12
 * PBE rounds, scrypt N * r * p (about as costly per unit).  Usual exports
 * ask for 2,048 to 600,000; an attacker for 2^31, hours of CPU.
 */
#define AC_KEY_MAX_ROUNDS 1000000L

/*
 * The key derivation work alg (a PKCS#5 v1, PKCS#12 or PBES2 encryption
 * algorithm) asks for, in AC_KEY_MAX_ROUNDS units; LONG_MAX when it
 * overflows, -1 when the parameters cannot be read (decryption then fails
 * on its own).
 */
long ac_key_pbe_work(const X509_ALGOR *alg);

/*
 * The key derivation work of every encrypted PKCS#8 key in data (PEM
 * blocks of any label, or DER), added up; 0 for none.  Fails
 * without any key derivation, with a line naming what, when one of them
 * asks for more than AC_KEY_MAX_ROUNDS.  The old "Proc-Type: 4,ENCRYPTED"
 * PEM derives its key with one MD5 round: nothing to bound.
 */
bool ac_key_kdf_work(const char *data, size_t len, const char *what,
		     long *work, struct ac_err *err);

/*
 * Reads the first private key in PEM (PKCS#8, encrypted PKCS#8,
 * traditional RSA/EC) or DER.  pass may be NULL.  what names the source
 * for messages (a file name).  Refuses a key asking for more key
 * derivation work than AC_KEY_MAX_ROUNDS before deriving anything.
 */
EVP_PKEY *ac_key_from_mem(const char *data, size_t len, const char *pass,
			  const char *what, struct ac_err *err);

/* Reads a key file (see ac_key_from_mem). */
EVP_PKEY *ac_key_load(const char *path, const char *pass, struct ac_err *err);

/* True when the certificate's public key is the key's. */
bool ac_key_matches(X509 *cert, EVP_PKEY *key);

/* "RSA 2048", "ECDSA P-256"... into buf. */
void ac_key_describe(EVP_PKEY *key, char *buf, size_t size);

#endif
