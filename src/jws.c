/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON Web Signatures for ACME: JWK, thumbprint, ES256/RS256, EAB. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "src/i18n.h"
#include "src/jws.h"

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
ac_base64url(const unsigned char *data, size_t len)
{
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *p = out;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned)data[i] << 16 |
			     (unsigned)data[i + 1] << 8 | data[i + 2];

		*p++ = b64url[v >> 18 & 63];
		*p++ = b64url[v >> 12 & 63];
		*p++ = b64url[v >> 6 & 63];
		*p++ = b64url[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned)data[i] << 16;

		if (i + 1 < len)
			v |= (unsigned)data[i + 1] << 8;
		*p++ = b64url[v >> 18 & 63];
		*p++ = b64url[v >> 12 & 63];
		if (i + 1 < len)
			*p++ = b64url[v >> 6 & 63];
	}
	*p = '\0';
	return out;
}

static int
b64_value(char c)
{
	const char *p;

	if (c == '+')
		return 62;	/* tolerate the standard alphabet too */
	if (c == '/')
		return 63;
	p = c ? strchr(b64url, c) : NULL;
	return p ? (int)(p - b64url) : -1;
}

bool
ac_base64url_decode(const char *s, struct ac_buf *out)
{
	unsigned v = 0;
	int bits = 0;

	for (; *s && *s != '='; s++) {
		int d = b64_value(*s);

		if (d < 0)
			return false;
		v = (v << 6 | (unsigned)d) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			unsigned char c = (unsigned char)(v >> (bits - 8));

			ac_buf_add(out, &c, 1);
			bits -= 8;
		}
	}
	while (*s == '=')
		s++;
	return *s == '\0' && bits < 6;
}

const char *
ac_jws_alg(EVP_PKEY *key)
{
	char group[32];

	if (EVP_PKEY_is_a(key, "RSA"))
		return "RS256";
	if (!EVP_PKEY_is_a(key, "EC") ||
	    !EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME,
					    group, sizeof(group), NULL))
		return NULL;
	if (strcmp(group, "prime256v1") == 0 || strcmp(group, "P-256") == 0)
		return "ES256";
	if (strcmp(group, "secp384r1") == 0 || strcmp(group, "P-384") == 0)
		return "ES384";
	return NULL;
}

/* A big number as base64url, left-padded to width bytes (0 = minimal). */
static char *
bn_param(EVP_PKEY *key, const char *name, int width)
{
	unsigned char buf[1024];
	BIGNUM *bn = NULL;
	int n;
	char *s;

	if (!EVP_PKEY_get_bn_param(key, name, &bn))
		return NULL;
	n = width ? width : BN_num_bytes(bn);
	if (n > (int)sizeof(buf) || BN_bn2binpad(bn, buf, n) != n) {
		BN_free(bn);
		return NULL;
	}
	BN_free(bn);
	s = ac_base64url(buf, (size_t)n);
	return s;
}

static bool
jwk_set(json_t *jwk, const char *member, char *value)
{
	if (!value)
		return false;
	json_object_set_new(jwk, member, json_string(value));
	free(value);
	return true;
}

json_t *
ac_jwk(EVP_PKEY *key, struct ac_err *err)
{
	const char *alg = ac_jws_alg(key);
	json_t *jwk = json_object();
	bool ok;

	if (alg && alg[0] == 'R') {
		json_object_set_new(jwk, "kty", json_string("RSA"));
		ok = jwk_set(jwk, "n", bn_param(key, OSSL_PKEY_PARAM_RSA_N, 0)) &&
		     jwk_set(jwk, "e", bn_param(key, OSSL_PKEY_PARAM_RSA_E, 0));
	} else if (alg) {
		int width = strcmp(alg, "ES256") == 0 ? 32 : 48;

		json_object_set_new(jwk, "kty", json_string("EC"));
		json_object_set_new(jwk, "crv", json_string(width == 32 ? "P-256"
								      : "P-384"));
		ok = jwk_set(jwk, "x", bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, width)) &&
		     jwk_set(jwk, "y", bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, width));
	} else {
		ac_err_set(err, AC_ERR_INPUT, _("The account key must be RSA, ECDSA P-256 or P-384."));
		json_decref(jwk);
		return NULL;
	}
	if (!ok) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot read the account key's public part."));
		ac_err_ssl(err);
		json_decref(jwk);
		return NULL;
	}
	return jwk;
}

char *
ac_jwk_thumbprint(const json_t *jwk, struct ac_err *err)
{
	static const char *const members[][4] = {
		{ "EC", "crv", "x", "y" },
		{ "RSA", "e", "n", NULL },
		{ "oct", "k", NULL, NULL },
	};
	const char *kty = json_string_value(json_object_get(jwk, "kty"));
	unsigned char md[32];
	json_t *req = NULL;
	char *text, *out = NULL;

	for (size_t i = 0; kty && i < 3; i++) {
		if (strcmp(kty, members[i][0]) != 0)
			continue;
		req = json_object();
		json_object_set_new(req, "kty", json_string(kty));
		for (size_t j = 1; j < 4 && members[i][j]; j++) {
			json_t *v = json_object_get(jwk, members[i][j]);

			if (!json_is_string(v)) {
				json_decref(req);
				req = NULL;
				break;
			}
			json_object_set(req, members[i][j], v);
		}
		break;
	}
	if (!req) {
		ac_err_set(err, AC_ERR_INTERNAL, _("Cannot compute the key thumbprint."));
		return NULL;
	}
	/* RFC 7638: sorted members, no whitespace */
	text = json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(req);
	if (text && EVP_Q_digest(NULL, "SHA256", NULL, text, strlen(text), md,
				 NULL))
		out = ac_base64url(md, sizeof(md));
	else
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot compute the key thumbprint."));
	free(text);
	return out;
}

/* ECDSA signatures are DER in OpenSSL, r || s of fixed width in JWS. */
static bool
der_to_raw(const unsigned char *der, size_t len, int width,
	   unsigned char *raw)
{
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &der, (long)len);
	bool ok;

	if (!sig)
		return false;
	ok = BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, width) == width &&
	     BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + width, width) == width;
	ECDSA_SIG_free(sig);
	return ok;
}

static char *
sign(EVP_PKEY *key, const char *alg, const char *input, struct ac_err *err)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char *sig = NULL, raw[96];
	size_t len = 0;
	char *out = NULL;
	const char *digest = strcmp(alg, "ES384") == 0 ? "SHA384" : "SHA256";

	if (!md || EVP_DigestSignInit_ex(md, NULL, digest, NULL, NULL, key,
					 NULL) != 1 ||
	    EVP_DigestSign(md, NULL, &len, (const unsigned char *)input,
			   strlen(input)) != 1)
		goto out;
	sig = xmalloc(len);
	if (EVP_DigestSign(md, sig, &len, (const unsigned char *)input,
			   strlen(input)) != 1)
		goto out;
	if (alg[0] == 'E') {
		int width = digest[3] == '2' ? 32 : 48;

		if (der_to_raw(sig, len, width, raw))
			out = ac_base64url(raw, (size_t)width * 2);
	} else {
		out = ac_base64url(sig, len);
	}
out:
	if (!out) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot sign the request to the ACME server."));
		ac_err_ssl(err);
	}
	free(sig);
	EVP_MD_CTX_free(md);
	return out;
}

static char *
b64_text(const char *text)
{
	return ac_base64url((const unsigned char *)text, strlen(text));
}

/* {"protected":..,"payload":..,"signature":..} from the parts. */
static char *
flattened(json_t *protected_hdr, const char *payload,
	  char *(*signer)(void *, const char *, struct ac_err *), void *arg,
	  json_t **as_object, struct ac_err *err)
{
	char *hdr = json_dumps(protected_hdr, JSON_COMPACT);
	char *p64 = b64_text(hdr), *b64 = b64_text(payload ? payload : "");
	char *input = xasprintf("%s.%s", p64, payload ? b64 : "");
	char *sig = signer(arg, input, err), *out = NULL;
	json_t *jws;

	if (sig) {
		jws = json_object();
		json_object_set_new(jws, "protected", json_string(p64));
		json_object_set_new(jws, "payload",
				    json_string(payload ? b64 : ""));
		json_object_set_new(jws, "signature", json_string(sig));
		if (as_object)
			*as_object = jws;
		else {
			out = json_dumps(jws, JSON_COMPACT);
			json_decref(jws);
		}
	}
	free(sig);
	free(input);
	free(b64);
	free(p64);
	free(hdr);
	return out;
}

struct key_signer {
	EVP_PKEY *key;
	const char *alg;
};

static char *
key_sign(void *arg, const char *input, struct ac_err *err)
{
	struct key_signer *s = arg;

	return sign(s->key, s->alg, input, err);
}

char *
ac_jws_sign(EVP_PKEY *key, const char *kid, const char *nonce,
	    const char *url, const char *payload, struct ac_err *err)
{
	struct key_signer s = { key, ac_jws_alg(key) };
	json_t *hdr, *jwk = NULL;
	char *out;

	if (!s.alg) {
		ac_err_set(err, AC_ERR_INPUT, _("The account key must be RSA, ECDSA P-256 or P-384."));
		return NULL;
	}
	if (!kid && !(jwk = ac_jwk(key, err)))
		return NULL;
	hdr = json_object();
	json_object_set_new(hdr, "alg", json_string(s.alg));
	if (kid)
		json_object_set_new(hdr, "kid", json_string(kid));
	else
		json_object_set_new(hdr, "jwk", jwk);
	if (nonce)
		json_object_set_new(hdr, "nonce", json_string(nonce));
	json_object_set_new(hdr, "url", json_string(url));
	out = flattened(hdr, payload, key_sign, &s, NULL, err);
	json_decref(hdr);
	return out;
}

static char *
hmac_sign(void *arg, const char *input, struct ac_err *err)
{
	struct ac_buf *key = arg;
	unsigned char mac[32];
	size_t len = 0;

	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key->data, key->len,
		       (const unsigned char *)input, strlen(input), mac,
		       sizeof(mac), &len)) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot compute the external account binding."));
		ac_err_ssl(err);
		return NULL;
	}
	return ac_base64url(mac, len);
}

json_t *
ac_jws_eab(EVP_PKEY *account_key, const char *eab_kid, const char *hmac_b64,
	   const char *url, struct ac_err *err)
{
	struct ac_buf mac_key = { .secret = true };
	json_t *jwk, *hdr, *out = NULL;
	char *payload;

	if (!ac_base64url_decode(hmac_b64, &mac_key) || mac_key.len == 0) {
		ac_buf_clear(&mac_key);
		ac_err_set(err, AC_ERR_USAGE, _("The EAB HMAC key is not base64url: copy it exactly as the CA shows it."));
		return NULL;
	}
	jwk = ac_jwk(account_key, err);
	if (!jwk) {
		ac_buf_clear(&mac_key);
		return NULL;
	}
	payload = json_dumps(jwk, JSON_COMPACT);
	json_decref(jwk);
	hdr = json_object();
	json_object_set_new(hdr, "alg", json_string("HS256"));
	json_object_set_new(hdr, "kid", json_string(eab_kid));
	json_object_set_new(hdr, "url", json_string(url));
	flattened(hdr, payload, hmac_sign, &mac_key, &out, err);
	json_decref(hdr);
	free(payload);
	ac_buf_clear(&mac_key);
	return out;
}
