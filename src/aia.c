/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fetching a missing intermediate from a certificate's AIA caIssuers URL. */
#include <config.h>

#include <string.h>
#include <strings.h>

#include <openssl/x509v3.h>

#include "src/chain.h"
#include "src/http.h"
#include "src/i18n.h"
#include "src/util.h"

char *
ac_chain_aia_url(X509 *cert)
{
	AUTHORITY_INFO_ACCESS *aia;
	char *url = NULL;

	aia = X509_get_ext_d2i(cert, NID_info_access, NULL, NULL);
	for (int i = 0; aia && !url && i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		const ASN1_IA5STRING *uri;
		const char *s;

		if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers ||
		    ad->location->type != GEN_URI)
			continue;
		uri = ad->location->d.uniformResourceIdentifier;
		s = (const char *)ASN1_STRING_get0_data(uri);
		/* an embedded NUL or a non-http scheme is not followed */
		if ((size_t)ASN1_STRING_length(uri) != strlen(s))
			continue;
		if (strncasecmp(s, "http://", 7) == 0 ||
		    strncasecmp(s, "https://", 8) == 0)
			url = xstrdup(s);
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	return url;
}

/* The reply as the chain's intermediates, or why there are none. */
static bool
parse_reply(const char *url, enum ac_http_get_status st,
	    const struct ac_http_reply *r, struct ac_import_bundle *out,
	    struct ac_err *err)
{
	switch (st) {
	case AC_HTTP_GET_SETUP:
		return false;
	case AC_HTTP_GET_CANCELLED:
		return ac_err_set(err, AC_ERR_CANCELLED,
				  _("Cancelled; nothing was written."));
	case AC_HTTP_GET_TOO_BIG:
		return ac_err_set(err, AC_ERR_NET,
				  _("%s: the answer is larger than %u KiB, not an intermediate certificate."),
				  url, AC_AIA_MAX_BYTES / 1024);
	case AC_HTTP_GET_FAILED:
		return ac_err_set(err, AC_ERR_NET,
				  _("%s: cannot fetch the intermediate certificate: %s."),
				  url, r->error);
	case AC_HTTP_GET_OK:
		break;
	}
	if (r->status != 200)
		return ac_err_set(err, AC_ERR_NET,
				  _("%s: the server answered HTTP %ld instead of the intermediate certificate."),
				  url, r->status);
	if (r->body.len == 0)
		return ac_err_set(err, AC_ERR_NET, _("%s: the answer is empty."),
				  url);
	out->certs_only = true;
	return ac_import_parse(r->body.data, r->body.len, NULL, url, out, err);
}

bool
ac_chain_fetch(const struct ac_ctx *ctx, const char *url,
	       struct ac_import_bundle *out, struct ac_err *err)
{
	const struct ac_http_get get = {
		.url = url,
		.protocols = "http,https",
		.ca_bundle = ctx->ca_bundle,
		.timeout = AC_AIA_TIMEOUT_S,
		.connect_timeout = 10,
		.max_body = AC_AIA_MAX_BYTES,
		.max_redirs = 3,
	};
	struct ac_http_reply r;
	enum ac_http_get_status st = ac_http_get(ctx, &get, &r, err);
	bool ok = parse_reply(url, st, &r, out, err);

	ac_http_reply_clear(&r);
	return ok;
}
