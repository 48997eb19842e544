/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a certificate says, in the form the front ends show. */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "src/certinfo.h"
#include "src/i18n.h"
#include "src/keys.h"
#include "src/text.h"
#include "src/util.h"

static char *
name_text(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data, *raw, *s;
	long len;

	if (!bio)
		return xstrdup("");
	X509_NAME_print_ex(bio, name, 0,
			   XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	len = BIO_get_mem_data(bio, &data);
	raw = xstrndup(data, len > 0 ? (size_t)len : 0);
	BIO_free(bio);
	/* RFC 2253 escapes its own backslashes; bidi marks, C1 controls and
	 * the rest go through the one escaper */
	s = ac_text_esc_rendered(raw);
	free(raw);
	return s;
}

/*
 * A name as the front ends get it: its exact value when that is plain text
 * (src/text.h), else its escaped form, which no real name can take (a
 * backslash is not part of one).  A NUL ("paypal.com\0.evil.example.com"
 * would be cut short as a C string) or a control, or in a DNS name anything
 * but printable ASCII without backslash, also names it in *bad (once), for
 * the import to refuse.
 */
static char *
name_value(const unsigned char *data, int len, bool dns, char **bad)
{
	size_t n = len > 0 ? (size_t)len : 0;
	char *shown = ac_text_escape((const char *)data, n);
	bool refused = false;

	for (size_t i = 0; i < n && !refused; i++)
		refused = data[i] < 0x20 || data[i] == 0x7f ||
			  (dns && (data[i] >= 0x80 || data[i] == '\\'));
	if (refused && !*bad)
		*bad = xstrdup(shown);
	return shown;
}

static char *
name_cn(const X509_NAME *name, char **bad)
{
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	unsigned char *utf8 = NULL;
	char *s;
	int n;

	if (i < 0)
		return NULL;
	n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
					       X509_NAME_get_entry(name, i)));
	if (n < 0)
		return NULL;
	s = name_value(utf8, n, false, bad);
	OPENSSL_free(utf8);
	return s;
}

static void
upper(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

char *
ac_cert_fingerprint(X509 *cert)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char *hex;

	if (!X509_digest(cert, EVP_sha256(), md, &n))
		return xstrdup("?");
	hex = ac_hex(md, n, ':');
	upper(hex);
	return hex;
}

static char *
serial_text(X509 *cert)
{
	const ASN1_INTEGER *sn = X509_get0_serialNumber(cert);
	unsigned char buf[64];
	BIGNUM *bn = ASN1_INTEGER_to_BN(sn, NULL);
	int n = bn ? BN_num_bytes(bn) : -1;
	char *hex;

	if (n < 0 || n > (int)sizeof(buf)) {
		BN_free(bn);
		return xstrdup("?");
	}
	if (n == 0)
		buf[n++] = 0;
	else
		BN_bn2bin(bn, buf);
	BN_free(bn);
	hex = ac_hex(buf, (size_t)n, ':');
	upper(hex);
	return hex;
}

bool
ac_asn1_time(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm))
		return false;
	*out = timegm(&tm);
	return true;
}

static void
collect_sans(X509 *cert, struct ac_certinfo *info)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name,
					       NULL, NULL);
	int n = sk_GENERAL_NAME_num(gens);

	for (int i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		int type;
		ASN1_STRING *s = GENERAL_NAME_get0_value(g, &type);

		if (type == GEN_DNS) {
			ac_strv_add_owned(&info->dns,
					  name_value(ASN1_STRING_get0_data(s),
						     ASN1_STRING_length(s),
						     true, &info->bad_name));
		} else if (type == GEN_EMAIL || type == GEN_URI) {
			/* not kept, but a NUL in them is the same trick */
			free(name_value(ASN1_STRING_get0_data(s),
					ASN1_STRING_length(s), false,
					&info->bad_name));
		} else if (type == GEN_IPADD) {
			char text[INET6_ADDRSTRLEN] = "?";
			int len = ASN1_STRING_length(s);
			const unsigned char *d = ASN1_STRING_get0_data(s);

			if (len == 4 || len == 16)
				inet_ntop(len == 4 ? AF_INET : AF_INET6, d,
					  text, sizeof(text));
			ac_strv_add(&info->ip, text);
		}
	}
	GENERAL_NAMES_free(gens);
}

long
ac_days_until(const struct ac_ctx *ctx, time_t when)
{
	long long secs = (long long)when - (long long)ac_now(ctx);

	/* floor: a certificate expiring in 2 h has 0 days left, not 1 */
	return (long)(secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400));
}

bool
ac_certinfo_get(const struct ac_ctx *ctx, X509 *cert,
		struct ac_certinfo *info, struct ac_err *err)
{
	EVP_PKEY *pub = X509_get0_pubkey(cert);
	int nid = X509_get_signature_nid(cert);

	if (!ac_asn1_time(X509_get0_notBefore(cert), &info->not_before) ||
	    !ac_asn1_time(X509_get0_notAfter(cert), &info->not_after)) {
		ERR_clear_error();
		return ac_err_set(err, AC_ERR_INPUT,
				  _("The certificate's validity dates are malformed."));
	}
	info->subject = name_text(X509_get_subject_name(cert));
	info->issuer = name_text(X509_get_issuer_name(cert));
	info->cn = name_cn(X509_get_subject_name(cert), &info->bad_name);
	info->serial = serial_text(cert);
	info->sha256 = ac_cert_fingerprint(cert);
	collect_sans(cert, info);
	info->days_left = ac_days_until(ctx, info->not_after);
	if (pub)
		ac_key_describe(pub, info->key, sizeof(info->key));
	else
		snprintf(info->key, sizeof(info->key), "?");
	snprintf(info->sigalg, sizeof(info->sigalg), "%s",
		 nid != NID_undef ? OBJ_nid2ln(nid) : "?");
	info->is_ca = X509_check_ca(cert) > 0 &&
		      (X509_get_extension_flags(cert) & EXFLAG_BCONS);
	info->self_signed = (X509_get_extension_flags(cert) & EXFLAG_SS) != 0;
	ERR_clear_error();
	return true;
}

void
ac_certinfo_clear(struct ac_certinfo *info)
{
	if (!info)
		return;
	free(info->subject);
	free(info->issuer);
	free(info->cn);
	free(info->bad_name);
	free(info->serial);
	free(info->sha256);
	ac_strv_clear(&info->dns);
	ac_strv_clear(&info->ip);
	memset(info, 0, sizeof(*info));
}
