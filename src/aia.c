/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fetching a missing intermediate from a certificate's AIA caIssuers URL. */
#include <config.h>

#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/x509v3.h>

#include "src/chain.h"
#include "src/dl.h"
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

struct fetch {
	const struct ac_ctx *ctx;
	struct ac_buf body;
	bool too_big;
};

static size_t
on_data(char *data, size_t size, size_t n, void *arg)
{
	struct fetch *f = arg;
	size_t total = size * n;

	if (f->body.len + total > AC_AIA_MAX_BYTES) {
		f->too_big = true;
		return 0;
	}
	ac_buf_add(&f->body, data, total);
	return total;
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
	    curl_off_t ultotal, curl_off_t ulnow)
{
	struct fetch *f = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return ac_cancelled(f->ctx) ? 1 : 0;
}

bool
ac_chain_fetch(const struct ac_ctx *ctx, const char *url,
	       struct ac_import_bundle *out, struct ac_err *err)
{
	struct fetch f = { .ctx = ctx };
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *curl;
	long status = 0;
	CURLcode rc;
	bool ok = false;

	if (ctx->ca_bundle && !ac_file_regular(ctx->ca_bundle, err))
		return false;
	if (!ac_dl_curl(err))
		return false;
	if (!(curl = curl_easy_init()))
		return ac_err_set(err, AC_ERR_INTERNAL, _("Cannot start an HTTP client."));
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, AC_AIA_TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)AC_AIA_MAX_BYTES);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f);
	curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &f);
	if (ctx->ca_bundle)
		curl_easy_setopt(curl, CURLOPT_CAINFO, ctx->ca_bundle);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was written."));
	} else if (f.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		ac_err_set(err, AC_ERR_NET,
			   _("%s: the answer is larger than %u KiB, not an intermediate certificate."),
			   url, AC_AIA_MAX_BYTES / 1024);
	} else if (rc != CURLE_OK) {
		ac_err_set(err, AC_ERR_NET,
			   _("%s: cannot fetch the intermediate certificate: %s."),
			   url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
	} else if (status != 200) {
		ac_err_set(err, AC_ERR_NET,
			   _("%s: the server answered HTTP %ld instead of the intermediate certificate."),
			   url, status);
	} else if (f.body.len == 0) {
		ac_err_set(err, AC_ERR_NET, _("%s: the answer is empty."), url);
	} else {
		out->certs_only = true;
		ok = ac_import_parse(f.body.data, f.body.len, NULL, url, out,
				     err);
	}
	curl_easy_cleanup(curl);
	ac_buf_free(&f.body);
	return ok;
}
