/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the CA issued, checked before anything is installed: names, use, chain. */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "src/acme_int.h"
#include "src/i18n.h"

/* The SAN entry as text for comparing and showing (new string), or NULL
 * for a kind of name we never order. */
static char *
san_text(const GENERAL_NAME *gn, bool *is_ip)
{
	char ip[INET6_ADDRSTRLEN];
	const unsigned char *d;
	int len;

	*is_ip = false;
	if (gn->type == GEN_DNS) {
		d = ASN1_STRING_get0_data(gn->d.dNSName);
		len = ASN1_STRING_length(gn->d.dNSName);
		/* an embedded NUL would cut the name short */
		if (len <= 0 || memchr(d, '\0', (size_t)len))
			return NULL;
		return xstrndup((const char *)d, (size_t)len);
	}
	if (gn->type != GEN_IPADD)
		return NULL;
	d = ASN1_STRING_get0_data(gn->d.iPAddress);
	len = ASN1_STRING_length(gn->d.iPAddress);
	if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, d, ip, sizeof(ip)) ||
	    (len != 4 && len != 16))
		return NULL;
	*is_ip = true;
	return xstrdup(ip);
}

static bool
ordered(const struct ac_strv *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcasecmp(v->v[i], name) == 0)
			return true;
	return false;
}

/* True when the SANs hold name (DNS: any case; IP: canonical text). */
static bool
san_has(GENERAL_NAMES *sans, const char *name, bool ip)
{
	for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		bool is_ip;
		char *t = san_text(sk_GENERAL_NAME_value(sans, i), &is_ip);
		bool same = t && is_ip == ip && strcasecmp(t, name) == 0;

		free(t);
		if (same)
			return true;
	}
	return false;
}

/* Exactly the ordered names: none missing, none added. */
static bool
names_ok(X509 *leaf, const struct ac_names *names, struct ac_err *err)
{
	GENERAL_NAMES *sans = X509_get_ext_d2i(leaf, NID_subject_alt_name,
					       NULL, NULL);
	const struct ac_strv *kinds[2] = { &names->dns, &names->ip };
	bool ok = true;

	for (int i = 0; ok && i < sk_GENERAL_NAME_num(sans); i++) {
		bool is_ip;
		char *t = san_text(sk_GENERAL_NAME_value(sans, i), &is_ip);
		char *shown;

		if (t && ordered(kinds[is_ip ? 1 : 0], t)) {
			free(t);
			continue;
		}
		shown = ac_acme_escape(t ? t : "?");
		ok = ac_err_set(err, AC_ERR_CA, _("The CA's certificate names %s, which was not ordered: nothing was installed."),
				shown);
		free(shown);
		free(t);
	}
	for (size_t k = 0; ok && k < 2; k++)
		for (size_t i = 0; ok && i < kinds[k]->n; i++)
			if (!san_has(sans, kinds[k]->v[i], k == 1))
				ok = ac_err_set(err, AC_ERR_CA, _("The CA's certificate does not cover %s: nothing was installed."),
						kinds[k]->v[i]);
	GENERAL_NAMES_free(sans);
	return ok;
}

/* An end-entity server certificate: not a CA, serverAuth if it has EKU. */
static bool
usage_ok(X509 *leaf, struct ac_err *err)
{
	uint32_t flags = X509_get_extension_flags(leaf);

	if (flags & EXFLAG_INVALID)
		return ac_err_set(err, AC_ERR_CA, _("The CA's certificate has unreadable extensions: nothing was installed."));
	if (flags & EXFLAG_CA)
		return ac_err_set(err, AC_ERR_CA, _("The CA's certificate is a CA certificate (CA:TRUE), not a server certificate: nothing was installed."));
	if ((flags & EXFLAG_XKUSAGE) &&
	    !(X509_get_extended_key_usage(leaf) & XKU_SSL_SERVER))
		return ac_err_set(err, AC_ERR_CA, _("The CA's certificate is not for TLS servers (no serverAuth in its extended key usage): nothing was installed."));
	return true;
}

/* Each certificate signed by the next one the CA sent, each issuer a CA. */
static bool
chain_ok(STACK_OF(X509) *certs, struct ac_err *err)
{
	int n = sk_X509_num(certs);

	if (n < 2)
		return ac_err_set(err, AC_ERR_CA, _("The CA sent its certificate without the issuing certificate: nothing was installed."));
	for (int i = 0; i + 1 < n; i++) {
		X509 *cert = sk_X509_value(certs, i);
		X509 *issuer = sk_X509_value(certs, i + 1);
		EVP_PKEY *pub = X509_get0_pubkey(issuer);

		if (X509_check_issued(issuer, cert) != X509_V_OK ||
		    X509_check_ca(issuer) < 1 || !pub ||
		    X509_verify(cert, pub) != 1) {
			ERR_clear_error();
			if (i == 0)
				return ac_err_set(err, AC_ERR_CA, _("The CA's certificate is not signed by the chain the CA sent with it: nothing was installed."));
			return ac_err_set(err, AC_ERR_CA, _("The chain the CA sent is broken (certificate %d is not signed by the next): nothing was installed."),
					  i + 1);
		}
	}
	return true;
}

bool
ac_acme_cert_check(STACK_OF(X509) *certs, const struct ac_names *names,
		   struct ac_err *err)
{
	X509 *leaf = sk_X509_value(certs, 0);

	return names_ok(leaf, names, err) && usage_ok(leaf, err) &&
	       chain_ok(certs, err);
}
