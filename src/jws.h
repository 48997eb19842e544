/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON Web Signatures for ACME: JWK, thumbprint, ES256/RS256, EAB. */
#ifndef AC_JWS_H
#define AC_JWS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "src/err.h"
#include "src/xalloc.h"

/* base64url without padding (RFC 4648 section 5); a new string. */
char *ac_base64url(const unsigned char *data, size_t len);

/* Decodes base64url (padding tolerated) into out; false on bad input. */
bool ac_base64url_decode(const char *s, struct ac_buf *out);

/* "ES256" (P-256), "ES384" (P-384), "RS256" (RSA); NULL for other keys. */
const char *ac_jws_alg(EVP_PKEY *key);

/* The public key as a JWK object (new reference); NULL and err on failure. */
json_t *ac_jwk(EVP_PKEY *key, struct ac_err *err);

/*
 * RFC 7638 thumbprint of a JWK object: base64url(SHA-256(the required
 * members in lexicographic order, no whitespace)).  New string.
 */
char *ac_jwk_thumbprint(const json_t *jwk, struct ac_err *err);

/*
 * A JWS in flattened JSON serialization (RFC 8555 6.2) as a new string.
 * The protected header carries alg, nonce, url and either kid (an account
 * URL) or, when kid is NULL, the key's JWK.  payload NULL is the empty
 * payload of a POST-as-GET; else JSON text.  nonce NULL is left out (EAB).
 */
char *ac_jws_sign(EVP_PKEY *key, const char *kid, const char *nonce,
		  const char *url, const char *payload, struct ac_err *err);

/*
 * The externalAccountBinding object (RFC 8555 7.3.4): a JWS over the
 * account key's JWK, HS256 with the CA's MAC key (base64url).  New reference.
 */
json_t *ac_jws_eab(EVP_PKEY *account_key, const char *eab_kid,
		   const char *hmac_b64, const char *url, struct ac_err *err);

#endif
