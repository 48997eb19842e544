/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Building certificates and CSRs: subject, SANs, extensions, signing. */
#include <config.h>

#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "src/i18n.h"
#include "src/keys.h"
#include "src/names.h"
#include "src/util.h"
#include "src/x509.h"

static const struct field {
	const char *key;	/* in the slash form */
	size_t offset;
	int nid;
	size_t max;		/* RFC 5280 upper bounds */
	const char *label;	/* for messages */
} fields[] = {
	{ "C", offsetof(struct ac_subject, country), NID_countryName, 2,
	  /* TRANSLATORS: certificate subject field (C) */
	  N_("Country") },
	{ "ST", offsetof(struct ac_subject, state),
	  NID_stateOrProvinceName, 128, N_("State or province") },
	{ "L", offsetof(struct ac_subject, locality), NID_localityName, 128,
	  /* TRANSLATORS: certificate subject field (L): the city */
	  N_("Locality") },
	{ "O", offsetof(struct ac_subject, org), NID_organizationName, 64,
	  /* TRANSLATORS: certificate subject field (O) */
	  N_("Organization") },
	{ "OU", offsetof(struct ac_subject, unit),
	  /* TRANSLATORS: certificate subject field (OU) */
	  NID_organizationalUnitName, 64, N_("Organizational unit") },
	{ "CN", offsetof(struct ac_subject, cn), NID_commonName, 64,
	  /* TRANSLATORS: certificate subject field (CN) */
	  N_("Common name") },
	{ "emailAddress", offsetof(struct ac_subject, email),
	  /* TRANSLATORS: certificate subject field */
	  NID_pkcs9_emailAddress, 128, N_("E-mail address") },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static char **
field_ptr(struct ac_subject *s, const struct field *f)
{
	return (char **)((char *)s + f->offset);
}

static const char *
field_get(const struct ac_subject *s, const struct field *f)
{
	const char *v = *(char *const *)((const char *)s + f->offset);

	return v && *v ? v : NULL;
}

void
ac_subject_set(char **dst, const char *value)
{
	free(*dst);
	*dst = value ? xstrdup(value) : NULL;
}

void
ac_subject_copy(struct ac_subject *dst, const struct ac_subject *src)
{
	for (size_t i = 0; i < NFIELDS; i++)
		ac_subject_set(field_ptr(dst, &fields[i]),
			       field_get(src, &fields[i]));
}

void
ac_subject_clear(struct ac_subject *s)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		free(*field_ptr(s, &fields[i]));
		*field_ptr(s, &fields[i]) = NULL;
	}
}

bool
ac_subject_parse(const char *s, struct ac_subject *out, struct ac_err *err)
{
	struct ac_subject parsed = { 0 };
	struct ac_buf key = { 0 }, val = { 0 };
	const char *p = s;
	bool ok = false;

	if (!s || s[0] != '/')
		return ac_err_set(err, AC_ERR_INPUT,
				  _("The subject \"%s\" must start with '/', like /C=CA/O=Example/CN=pbx.example.com."),
				  s ? s : "");
	while (*p == '/') {
		const struct field *f = NULL;

		p++;
		key.len = val.len = 0;
		ac_buf_add(&key, "", 0);
		ac_buf_add(&val, "", 0);
		while (*p && *p != '=' && *p != '/')
			ac_buf_add(&key, p++, 1);
		if (*p != '=') {
			ac_err_set(err, AC_ERR_INPUT,
				   _("The subject \"%s\" does not parse: \"%s\" has no '='."),
				   s, key.data);
			goto out;
		}
		p++;
		while (*p && *p != '/') {
			if (*p == '\\' && p[1])
				p++;
			ac_buf_add(&val, p++, 1);
		}
		for (size_t i = 0; i < NFIELDS; i++)
			if (strcasecmp(key.data, fields[i].key) == 0)
				f = &fields[i];
		if (!f) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("The subject \"%s\" does not parse: unknown field \"%s\" (use C, ST, L, O, OU, CN)."),
				   s, key.data);
			goto out;
		}
		ac_subject_set(field_ptr(&parsed, f), val.data);
	}
	if (*p) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("The subject \"%s\" does not parse."), s);
		goto out;
	}
	for (size_t i = 0; i < NFIELDS; i++)
		if (field_get(&parsed, &fields[i]))
			ac_subject_set(field_ptr(out, &fields[i]),
				       field_get(&parsed, &fields[i]));
	ok = true;
out:
	ac_subject_clear(&parsed);
	ac_buf_clear(&key);
	ac_buf_clear(&val);
	return ok;
}

/* Valid UTF-8 without control characters; counts code points. */
static bool
text_ok(const char *s, size_t *chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p) {
		int extra;

		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (*p < 0x80)
			extra = 0;
		else if ((*p & 0xe0) == 0xc0 && *p >= 0xc2)
			extra = 1;
		else if ((*p & 0xf0) == 0xe0)
			extra = 2;
		else if ((*p & 0xf8) == 0xf0 && *p <= 0xf4)
			extra = 3;
		else
			return false;
		p++;
		for (int i = 0; i < extra; i++, p++)
			if ((*p & 0xc0) != 0x80)
				return false;
		n++;
	}
	*chars = n;
	return true;
}

bool
ac_subject_validate(const struct ac_subject *s, bool need_cn,
		    struct ac_err *err)
{
	const char *c = s->country && *s->country ? s->country : NULL;

	if (need_cn && (!s->cn || !*s->cn))
		return ac_err_set_field(err, AC_FIELD_CN, AC_ERR_INPUT,
				  _("The common name (CN) is empty: give the server's host name, e.g. pbx.example.com."));
	if (c && (strlen(c) != 2 || !isalpha((unsigned char)c[0]) ||
		  !isalpha((unsigned char)c[1])))
		return ac_err_set(err, AC_ERR_INPUT,
				  _("The country \"%s\" is not a two-letter ISO 3166 code (e.g. CA, DE, US)."),
				  c);
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = field_get(s, &fields[i]);
		size_t chars;

		if (!v)
			continue;
		if (!text_ok(v, &chars))
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s \"%s\" contains control characters or invalid UTF-8."),
					  _(fields[i].label), v);
		if (chars > fields[i].max)
			return ac_err_set(err, AC_ERR_INPUT,
					  ngettext("%s is too long: %zu character, at most %zu allowed.",
						   "%s is too long: %zu characters, at most %zu allowed.",
						   chars),
					  _(fields[i].label), chars, fields[i].max);
	}
	return true;
}

X509_NAME *
ac_subject_to_name(const struct ac_subject *s, struct ac_err *err)
{
	X509_NAME *name = X509_NAME_new();
	char cc[3];

	if (!name)
		goto fail;
	for (size_t i = 0; i < NFIELDS; i++) {
		const char *v = field_get(s, &fields[i]);

		if (!v)
			continue;
		if (fields[i].nid == NID_countryName && strlen(v) == 2) {
			cc[0] = (char)toupper((unsigned char)v[0]);
			cc[1] = (char)toupper((unsigned char)v[1]);
			cc[2] = '\0';
			v = cc;
		}
		if (!X509_NAME_add_entry_by_NID(name, fields[i].nid,
						MBSTRING_UTF8,
						(const unsigned char *)v, -1,
						-1, 0))
			goto fail;
	}
	return name;
fail:
	ac_err_set(err, AC_ERR_INPUT, _("The subject could not be encoded."));
	ac_err_ssl(err);
	X509_NAME_free(name);
	return NULL;
}

static GENERAL_NAMES *
names_to_gens(const struct ac_names *n)
{
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();

	if (!gens)
		return NULL;
	for (size_t i = 0; i < n->dns.n; i++) {
		GENERAL_NAME *g = GENERAL_NAME_new();
		ASN1_IA5STRING *s = ASN1_IA5STRING_new();

		if (!g || !s || !ASN1_STRING_set(s, n->dns.v[i], -1)) {
			GENERAL_NAME_free(g);
			ASN1_IA5STRING_free(s);
			goto fail;
		}
		GENERAL_NAME_set0_value(g, GEN_DNS, s);
		sk_GENERAL_NAME_push(gens, g);
	}
	for (size_t i = 0; i < n->ip.n; i++) {
		GENERAL_NAME *g = GENERAL_NAME_new();
		ASN1_OCTET_STRING *ip = a2i_IPADDRESS(n->ip.v[i]);

		if (!g || !ip) {
			GENERAL_NAME_free(g);
			ASN1_OCTET_STRING_free(ip);
			goto fail;
		}
		GENERAL_NAME_set0_value(g, GEN_IPADD, ip);
		sk_GENERAL_NAME_push(gens, g);
	}
	return gens;
fail:
	GENERAL_NAMES_free(gens);
	return NULL;
}

static bool
add_ext(X509 *cert, X509V3_CTX *v3, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, v3, nid, value);
	bool ok = ext && X509_add_ext(cert, ext, -1);

	X509_EXTENSION_free(ext);
	return ok;
}

static bool
add_usage_exts(X509 *cert, X509V3_CTX *v3, EVP_PKEY *key,
	       const struct ac_x509_spec *spec)
{
	bool rsa = EVP_PKEY_is_a(key, "RSA");
	char bc[64];

	switch (spec->usage) {
	case AC_USAGE_CA:
		if (spec->pathlen >= 0)
			snprintf(bc, sizeof(bc), "critical,CA:TRUE,pathlen:%d",
				 spec->pathlen);
		else
			snprintf(bc, sizeof(bc), "critical,CA:TRUE");
		return add_ext(cert, v3, NID_basic_constraints, bc) &&
		       add_ext(cert, v3, NID_key_usage,
			       "critical,keyCertSign,cRLSign,digitalSignature");
	case AC_USAGE_SERVER:
		/*
		 * clientAuth too: Asterisk presents the same certificate when
		 * it connects out to a TLS peer (trunks, other PBXs).
		 */
		return add_ext(cert, v3, NID_basic_constraints,
			       "critical,CA:FALSE") &&
		       add_ext(cert, v3, NID_key_usage,
			       rsa ? "critical,digitalSignature,keyEncipherment"
				   : "critical,digitalSignature") &&
		       add_ext(cert, v3, NID_ext_key_usage,
			       "serverAuth,clientAuth");
	case AC_USAGE_CLIENT:
		return add_ext(cert, v3, NID_basic_constraints,
			       "critical,CA:FALSE") &&
		       add_ext(cert, v3, NID_key_usage,
			       rsa ? "critical,digitalSignature,keyEncipherment"
				   : "critical,digitalSignature") &&
		       add_ext(cert, v3, NID_ext_key_usage, "clientAuth");
	}
	return false;
}

static bool
add_name_constraints(X509 *cert, X509V3_CTX *v3, const struct ac_strv *dns)
{
	struct ac_buf b = { 0 };
	bool ok;

	ac_buf_addstr(&b, "critical");
	for (size_t i = 0; i < dns->n; i++)
		ac_buf_printf(&b, ",permitted;DNS:%s", dns->v[i]);
	ok = add_ext(cert, v3, NID_name_constraints, b.data);
	ac_buf_clear(&b);
	return ok;
}

const EVP_MD *
ac_x509_digest_for(EVP_PKEY *signer)
{
	if (EVP_PKEY_is_a(signer, "EC") && EVP_PKEY_get_bits(signer) >= 384)
		return EVP_sha384();
	return EVP_sha256();
}

static bool
set_random_serial(X509 *cert)
{
	BIGNUM *bn = BN_new();
	bool ok;

	/* 127 random bits, positive, never zero: well over the 64 required */
	ok = bn && BN_rand(bn, 127, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) &&
	     BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
	BN_free(bn);
	return ok;
}

X509 *
ac_x509_issue(const struct ac_ctx *ctx, EVP_PKEY *key,
	      const struct ac_x509_spec *spec, X509 *issuer,
	      EVP_PKEY *issuer_key, struct ac_err *err)
{
	X509 *cert = NULL;
	X509_NAME *name = NULL;
	GENERAL_NAMES *gens = NULL;
	X509V3_CTX v3;
	time_t now = ac_now(ctx);

	if (spec->days <= 0 || spec->days > AC_DAYS_MAX) {
		ac_err_set(err, AC_ERR_INPUT,
			   ngettext("Validity of %d day is out of range (1 to %d).",
				    "Validity of %d days is out of range (1 to %d).",
				    ac_plural_n(spec->days)),
			   spec->days, AC_DAYS_MAX);
		return NULL;
	}
	name = ac_subject_to_name(spec->subject, err);
	if (!name)
		return NULL;
	cert = X509_new();
	if (!cert || !X509_set_version(cert, X509_VERSION_3) ||
	    !set_random_serial(cert) ||
	    /*
	     * Five minutes back for phones with a slightly slow clock, and
	     * exactly "days" in all: Apple clients count the 825-day limit
	     * from notBefore to notAfter.
	     */
	    !X509_time_adj_ex(X509_getm_notBefore(cert), 0, -300, &now) ||
	    !X509_time_adj_ex(X509_getm_notAfter(cert), spec->days, -300,
			      &now) ||
	    !X509_set_subject_name(cert, name) ||
	    !X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer)
					       : name) ||
	    !X509_set_pubkey(cert, key))
		goto fail;
	X509V3_set_ctx(&v3, issuer ? issuer : cert, cert, NULL, NULL, 0);
	if (!add_usage_exts(cert, &v3, key, spec) ||
	    !add_ext(cert, &v3, NID_subject_key_identifier, "hash") ||
	    !add_ext(cert, &v3, NID_authority_key_identifier, "keyid:always"))
		goto fail;
	if (spec->names && (spec->names->dns.n || spec->names->ip.n)) {
		gens = names_to_gens(spec->names);
		if (!gens || !X509_add1_ext_i2d(cert, NID_subject_alt_name, gens,
						0, X509V3_ADD_REPLACE))
			goto fail;
	}
	if (spec->usage == AC_USAGE_CA && spec->permitted_dns &&
	    spec->permitted_dns->n &&
	    !add_name_constraints(cert, &v3, spec->permitted_dns))
		goto fail;
	if (!X509_sign(cert, issuer_key, ac_x509_digest_for(issuer_key)))
		goto fail;
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	return cert;
fail:
	ac_err_set(err, AC_ERR_CRYPTO, _("Could not build the certificate."));
	ac_err_ssl(err);
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	X509_free(cert);
	return NULL;
}

X509_REQ *
ac_x509_csr(EVP_PKEY *key, const struct ac_subject *subject,
	    const struct ac_names *names, struct ac_err *err)
{
	X509_REQ *req = NULL;
	X509_NAME *name = NULL;
	GENERAL_NAMES *gens = NULL;
	STACK_OF(X509_EXTENSION) *exts = NULL;
	X509_EXTENSION *ext;

	name = ac_subject_to_name(subject, err);
	if (!name)
		return NULL;
	req = X509_REQ_new();
	if (!req || !X509_REQ_set_version(req, X509_REQ_VERSION_1) ||
	    !X509_REQ_set_subject_name(req, name) ||
	    !X509_REQ_set_pubkey(req, key))
		goto fail;
	if (names && (names->dns.n || names->ip.n)) {
		gens = names_to_gens(names);
		exts = sk_X509_EXTENSION_new_null();
		if (!gens || !exts)
			goto fail;
		ext = X509V3_EXT_i2d(NID_subject_alt_name, 0, gens);
		if (!ext || !sk_X509_EXTENSION_push(exts, ext)) {
			X509_EXTENSION_free(ext);
			goto fail;
		}
		if (!X509_REQ_add_extensions(req, exts))
			goto fail;
	}
	if (!X509_REQ_sign(req, key, ac_x509_digest_for(key)))
		goto fail;
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	return req;
fail:
	ac_err_set(err, AC_ERR_CRYPTO, _("Could not build the certificate signing request."));
	ac_err_ssl(err);
	sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
	GENERAL_NAMES_free(gens);
	X509_NAME_free(name);
	X509_REQ_free(req);
	return NULL;
}

static bool
bio_to_buf(BIO *bio, struct ac_buf *out)
{
	char *data;
	long len = BIO_get_mem_data(bio, &data);

	if (len < 0)
		return false;
	ac_buf_add(out, data, (size_t)len);
	return true;
}

bool
ac_x509_to_pem(X509 *cert, struct ac_buf *out, struct ac_err *err)
{
	BIO *bio = BIO_new(BIO_s_mem());
	bool ok = bio && PEM_write_bio_X509(bio, cert) && bio_to_buf(bio, out);

	if (!ok) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not encode the certificate."));
		ac_err_ssl(err);
	}
	BIO_free(bio);
	return ok;
}

bool
ac_csr_to_pem(X509_REQ *req, struct ac_buf *out, struct ac_err *err)
{
	BIO *bio = BIO_new(BIO_s_mem());
	bool ok = bio && PEM_write_bio_X509_REQ(bio, req) &&
		  bio_to_buf(bio, out);

	if (!ok) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not encode the request."));
		ac_err_ssl(err);
	}
	BIO_free(bio);
	return ok;
}

STACK_OF(X509) *
ac_x509_from_mem(const char *data, size_t len, const char *what,
		 struct ac_err *err)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	BIO *bio = NULL;
	X509 *cert;
	unsigned long e;

	if (!certs || len > INT_MAX)
		goto bad;
	if (len > 0 && (unsigned char)data[0] == 0x30) {
		const unsigned char *p = (const unsigned char *)data;

		cert = d2i_X509(NULL, &p, (long)len);
		if (!cert || p != (const unsigned char *)data + len) {
			X509_free(cert);
			goto bad;
		}
		sk_X509_push(certs, cert);
		return certs;
	}
	bio = BIO_new_mem_buf(data, (int)len);
	if (!bio)
		goto bad;
	ERR_clear_error();
	while ((cert = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
		sk_X509_push(certs, cert);
	/* the only clean end is "no further BEGIN line" */
	e = ERR_peek_last_error();
	if (ERR_GET_LIB(e) != ERR_LIB_PEM ||
	    ERR_GET_REASON(e) != PEM_R_NO_START_LINE)
		goto bad;
	ERR_clear_error();
	if (sk_X509_num(certs) == 0) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: no certificate found (expected PEM or DER)."),
			   what);
		goto fail;
	}
	BIO_free(bio);
	return certs;
bad:
	ac_err_set(err, AC_ERR_INPUT,
		   _("%s: a certificate in it is damaged or not a certificate."),
		   what);
	ac_err_ssl(err);
fail:
	ERR_clear_error();
	BIO_free(bio);
	sk_X509_pop_free(certs, X509_free);
	return NULL;
}

STACK_OF(X509) *
ac_x509_load_file(const char *path, struct ac_err *err)
{
	struct ac_buf b = { 0 };
	STACK_OF(X509) *certs;

	if (!ac_read_file(path, &b, err))
		return NULL;
	certs = ac_x509_from_mem(b.data, b.len, path, err);
	ac_buf_clear(&b);
	return certs;
}
