/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTTP for the engine: ACME's session (one reused libcurl handle, or a test
 * transport) and one-shot GETs, all with one libcurl setup.
 */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "src/dl.h"
#include "src/http.h"
#include "src/i18n.h"
#include "src/util.h"

struct ac_http {
	ac_http_fn fn;
	void *arg;
	/* the libcurl transport */
	const struct ac_ctx *ctx;
	CURL *curl;
	char errbuf[CURL_ERROR_SIZE];
	struct ac_buf *sink;	/* where the body goes */
	size_t max_body;
	bool too_big;
	unsigned requests;
	unsigned connections;
};

void
ac_http_response_clear(struct ac_http_response *resp)
{
	resp->status = 0;
	ac_buf_clear(&resp->body);
	free(resp->content_type);
	free(resp->nonce);
	free(resp->location);
	free(resp->retry_after);
	ac_strv_clear(&resp->alternates);
	resp->content_type = resp->nonce = NULL;
	resp->location = resp->retry_after = NULL;
}

bool
ac_http_url_ok(const char *url)
{
	if (!url || strncasecmp(url, "https://", 8) != 0 || !url[8] ||
	    url[8] == '/')
		return false;
	/* RFC 3986: printable ASCII only; a CA's URL reaches error details */
	for (const char *p = url; *p; p++)
		if (*p <= ' ' || *p >= 0x7f)
			return false;
	return true;
}

/* curl's error text can quote the server: printable ASCII only */
static void
plain_ascii(char *s)
{
	for (; *s; s++)
		if (*s < ' ' || *s >= 0x7f)
			*s = '?';
}

long
ac_http_retry_after(const char *value, time_t now, long dflt, long cap)
{
	struct tm tm = { 0 };
	const char *end;
	long v = dflt;

	if (value) {
		while (isspace((unsigned char)*value))
			value++;
		if (isdigit((unsigned char)*value)) {
			char *e;
			unsigned long long n = strtoull(value, &e, 10);

			while (isspace((unsigned char)*e))
				e++;
			if (!*e)
				v = n > (unsigned long long)cap ? cap : (long)n;
		} else if ((end = strptime(value, "%a, %d %b %Y %H:%M:%S GMT",
					   &tm)) && !*end) {
			time_t when = timegm(&tm);

			v = when <= now ? 0 : (long)(when - now);
		}
	}
	/* a missing value gives dflt as it is: -1 must stay "none" */
	return v > cap ? cap : v;
}

static bool
no_transport(void *arg, const struct ac_http_request *req,
	struct ac_http_response *resp, struct ac_err *err)
{
	(void)arg;
	(void)req;
	(void)resp;
	return ac_err_set(err, AC_ERR_INTERNAL, "no transport");
}

struct ac_http *
ac_http_new_fn(ac_http_fn fn, void *arg)
{
	struct ac_http *h = xcalloc(1, sizeof(*h));

	h->fn = fn ? fn : no_transport;
	h->arg = arg;
	return h;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct ac_http *h = arg;

	if (h->sink->len + size * n > h->max_body) {
		h->too_big = true;
		return 0;	/* curl then fails with CURLE_WRITE_ERROR */
	}
	ac_buf_add(h->sink, data, size * n);
	return size * n;
}

static int
on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
	    curl_off_t ultotal, curl_off_t ulnow)
{
	struct ac_http *h = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return ac_cancelled(h->ctx) ? 1 : 0;
}

static char *
header(CURL *curl, const char *name)
{
	struct curl_header *hh;

	/* -1: the last request of the transfer (no redirects are followed) */
	if (curl_easy_header(curl, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return NULL;
	return xstrdup(hh->value);
}

/* rel="alternate" or rel=alternate among the parameters in [p, end). */
static bool
rel_alternate(const char *p, const char *end)
{
	static const char *const forms[] = { "rel=\"alternate\"",
					     "rel=alternate" };

	for (; p < end; p++) {
		for (size_t i = 0; i < 2; i++) {
			size_t n = strlen(forms[i]);

			if ((size_t)(end - p) >= n &&
			    strncasecmp(p, forms[i], n) == 0 &&
			    (p + n == end || p[n] == ';' || p[n] == ' '))
				return true;
		}
	}
	return false;
}

/* Link: <url>; rel="alternate", <url2>; rel="up" (RFC 8288) */
static void
parse_links(const char *value, struct ac_strv *alternates)
{
	const char *p = value;

	while ((p = strchr(p, '<'))) {
		const char *close = strchr(p, '>'), *next;

		if (!close)
			return;
		next = strchr(close, ',');
		if (!next)
			next = close + strlen(close);
		if (rel_alternate(close + 1, next))
			ac_strv_add_owned(alternates,
					  xstrndup(p + 1, (size_t)(close - p - 1)));
		p = next;
	}
}

static void
collect_links(CURL *curl, struct ac_http_response *resp)
{
	struct curl_header *hh;

	if (curl_easy_header(curl, "Link", 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return;
	for (size_t i = 0, n = hh->amount; i < n; i++) {
		if (curl_easy_header(curl, "Link", i, CURLH_HEADER, -1, &hh) ==
		    CURLHE_OK)
			parse_links(hh->value, &resp->alternates);
	}
}

static bool
curl_fn(void *arg, const struct ac_http_request *req,
	struct ac_http_response *resp, struct ac_err *err)
{
	struct ac_http *h = arg;
	struct curl_slist *hdrs = NULL;
	CURLcode rc;
	long conns = 0;
	char *type;

	h->errbuf[0] = '\0';
	h->sink = &resp->body;
	h->too_big = false;
	curl_easy_setopt(h->curl, CURLOPT_URL, req->url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPGET, 1L);
	if (strcmp(req->method, "HEAD") == 0) {
		curl_easy_setopt(h->curl, CURLOPT_NOBODY, 1L);
	} else if (strcmp(req->method, "POST") == 0) {
		type = xasprintf("Content-Type: %s", req->content_type);
		hdrs = curl_slist_append(hdrs, type);
		free(type);
		hdrs = curl_slist_append(hdrs, "Expect:");
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)req->len);
		curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, req->body);
	}
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, hdrs);
	rc = curl_easy_perform(h->curl);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	curl_easy_getinfo(h->curl, CURLINFO_NUM_CONNECTS, &conns);
	h->connections += (unsigned)conns;
	if (rc != CURLE_OK) {
		if (rc == CURLE_ABORTED_BY_CALLBACK)
			return ac_err_set(err, AC_ERR_CANCELLED,
					  _("Cancelled; nothing was installed."));
		if (rc == CURLE_WRITE_ERROR)
			ac_err_set(err, AC_ERR_NET,
				   _("The ACME server sent a response that is too large."));
		else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
			 rc == CURLE_SSL_CACERT_BADFILE)
			ac_err_set_field(err, AC_FIELD_CA_BUNDLE, AC_ERR_NET,
				   _("The ACME server's certificate could not be verified: check the server URL, or give its CA in a CA bundle."));
		else
			ac_err_set(err, AC_ERR_NET,
				   _("Cannot reach the ACME server: check the URL, the network and any proxy or firewall."));
		plain_ascii(h->errbuf);
		ac_err_detail(err, "%s %s: %s", req->method, req->url,
			      h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
		return false;
	}
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &resp->status);
	resp->content_type = header(h->curl, "Content-Type");
	resp->nonce = header(h->curl, "Replay-Nonce");
	resp->location = header(h->curl, "Location");
	resp->retry_after = header(h->curl, "Retry-After");
	collect_links(h->curl, resp);
	return true;
}

/*
 * The setup every request shares: only the given schemes (redirects
 * included), TLS always verified (against ca_bundle when given), the body
 * cap, the user agent, cancel from the progress callback, no signals.
 */
static struct ac_http *
handle_new(const struct ac_ctx *ctx, const char *ca_bundle,
	   const char *protocols, size_t max_body, struct ac_err *err)
{
	struct ac_http *h;

	if (ca_bundle && !ac_file_regular(ca_bundle, err))
		return NULL;
	if (!ac_dl_curl(err))
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		ac_err_set(err, AC_ERR_INTERNAL, _("Cannot initialise libcurl."));
		return NULL;
	}
	h = ac_http_new_fn(curl_fn, NULL);
	h->arg = h;
	h->ctx = ctx;
	h->max_body = max_body;
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		ac_err_set(err, AC_ERR_INTERNAL, _("Cannot initialise libcurl."));
		return NULL;
	}
	/* what keeps the requests on HTTPS to a verified server: an older
	 * libcurl (the library is loaded at run time) that lacks one of them
	 * is refused, never ignored */
	if (curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, protocols) ||
	    curl_easy_setopt(h->curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols) ||
	    curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, 1L) ||
	    curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, 2L) ||
	    (ca_bundle &&
	     curl_easy_setopt(h->curl, CURLOPT_CAINFO, ca_bundle))) {
		curl_easy_cleanup(h->curl);
		free(h);
		ac_err_set(err, AC_ERR_INTERNAL,
			   _("This libcurl lacks what astcert needs for safe HTTPS: install libcurl 7.85 or newer."));
		return NULL;
	}
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "astcert/" PACKAGE_VERSION);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h->curl, CURLOPT_XFERINFODATA, h);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	return h;
}

struct ac_http *
ac_http_new(const struct ac_ctx *ctx, const char *ca_bundle,
	    struct ac_err *err)
{
	struct ac_http *h = handle_new(ctx, ca_bundle, "https",
				       AC_HTTP_MAX_BODY, err);

	if (!h)
		return NULL;
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT, 15L);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_TCP_KEEPALIVE, 1L);
	return h;
}

void
ac_http_reply_clear(struct ac_http_reply *reply)
{
	ac_buf_clear(&reply->body);
	free(reply->server);
	free(reply->error);
	memset(reply, 0, sizeof(*reply));
}

static void
read_headers(CURL *curl, struct ac_http_reply *out)
{
	struct curl_header *hh;
	time_t t;

	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	out->server = header(curl, "Server");
	if (curl_easy_header(curl, "Date", 0, CURLH_HEADER, -1, &hh) ==
	    CURLHE_OK) {
		t = curl_getdate(hh->value, NULL);
		out->date = t > 0 ? t : 0;
	}
}

/* The options of one GET on top of the shared setup. */
static void
get_options(struct ac_http *h, const struct ac_http_get *get,
	    struct curl_slist *hosts)
{
	curl_easy_setopt(h->curl, CURLOPT_URL, get->url);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, get->timeout);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT,
			 get->connect_timeout ? get->connect_timeout
					      : get->timeout);
	curl_easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE,
			 (curl_off_t)get->max_body);
	if (get->max_redirs > 0) {
		curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(h->curl, CURLOPT_MAXREDIRS,
				 (long)get->max_redirs);
	}
	if (get->direct)
		curl_easy_setopt(h->curl, CURLOPT_PROXY, "");
	if (hosts)
		curl_easy_setopt(h->curl, CURLOPT_RESOLVE, hosts);
}

enum ac_http_get_status
ac_http_get(const struct ac_ctx *ctx, const struct ac_http_get *get,
	    struct ac_http_reply *reply, struct ac_err *err)
{
	struct curl_slist *hosts = NULL;
	enum ac_http_get_status st = AC_HTTP_GET_OK;
	struct ac_http *h;
	CURLcode rc;

	memset(reply, 0, sizeof(*reply));
	h = handle_new(ctx, get->ca_bundle, get->protocols, get->max_body, err);
	if (!h)
		return AC_HTTP_GET_SETUP;
	h->sink = &reply->body;
	if (get->resolve)
		hosts = curl_slist_append(NULL, get->resolve);
	get_options(h, get, hosts);
	rc = curl_easy_perform(h->curl);
	if (rc == CURLE_OK) {
		read_headers(h->curl, reply);
	} else {
		if (rc == CURLE_ABORTED_BY_CALLBACK)
			st = AC_HTTP_GET_CANCELLED;
		else if (h->too_big || rc == CURLE_FILESIZE_EXCEEDED)
			st = AC_HTTP_GET_TOO_BIG;
		else
			st = AC_HTTP_GET_FAILED;
		plain_ascii(h->errbuf);
		reply->error = xstrdup(h->errbuf[0] ? h->errbuf
					: curl_easy_strerror(rc));
	}
	curl_slist_free_all(hosts);
	ac_http_free(h);
	return st;
}

bool
ac_http_do(struct ac_http *h, const struct ac_http_request *req,
	   struct ac_http_response *resp, struct ac_err *err)
{
	ac_http_response_clear(resp);
	h->requests++;
	if (!h->fn(h->arg, req, resp, err)) {
		ac_http_response_clear(resp);
		return false;
	}
	return true;
}

unsigned
ac_http_requests(const struct ac_http *h)
{
	return h ? h->requests : 0;
}

unsigned
ac_http_connections(const struct ac_http *h)
{
	return h ? h->connections : 0;
}

void
ac_http_free(struct ac_http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	free(h);
}
