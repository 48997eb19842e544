/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ARI (RFC 9773): the CA's renewal window for a certificate, and its cache. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "src/acme_int.h"
#include "src/i18n.h"
#include "src/jws.h"
#include "src/layout.h"
#include "src/store.h"
#include "src/util.h"

char *
ac_acme_ari_certid(X509 *cert, struct ac_err *err)
{
	const ASN1_OCTET_STRING *kid = X509_get0_authority_key_id(cert);
	unsigned char *der = NULL;
	const unsigned char *p;
	long clen = 0;
	int len, tag, cls;
	char *aki, *serial, *id = NULL;

	if (!kid || ASN1_STRING_length(kid) <= 0) {
		ac_err_set(err, AC_ERR_INPUT, _("The certificate has no Authority Key Identifier, so the CA's renewal window cannot be asked for."));
		return NULL;
	}
	/* the serial as DER: its content octets keep the sign byte */
	len = i2d_ASN1_INTEGER(X509_get0_serialNumber(cert), &der);
	p = der;
	if (len <= 0 ||
	    (ASN1_get_object(&p, &clen, &tag, &cls, len) & 0x80) ||
	    tag != V_ASN1_INTEGER || clen <= 0) {
		OPENSSL_free(der);
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot encode the certificate's serial number."));
		ac_err_ssl(err);
		return NULL;
	}
	aki = ac_base64url(ASN1_STRING_get0_data(kid),
			   (size_t)ASN1_STRING_length(kid));
	serial = ac_base64url(p, (size_t)clen);
	id = xasprintf("%s.%s", aki, serial);
	free(serial);
	free(aki);
	OPENSSL_free(der);
	return id;
}

void
ac_ari_window_clear(struct ac_ari_window *w)
{
	free(w->explanation);
	memset(w, 0, sizeof(*w));
}

/* n decimal digits at *p. */
static bool
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*p)++) {
		if (!isdigit((unsigned char)**p))
			return false;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return true;
}

bool
ac_rfc3339_parse(const char *s, time_t *out)
{
	const char *p = s;
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	time_t t;

	if (!s || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
	    *p++ != '-' || !digits(&p, 2, &d) ||
	    (*p != 'T' && *p != 't' && *p != ' '))
		return false;
	p++;
	if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
	    *p++ != ':' || !digits(&p, 2, &sec))
		return false;
	if (*p == '.') {
		if (!isdigit((unsigned char)*++p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return false;
	} else {
		return false;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec == 60 ? 59 : sec;	/* a leap second */
	t = timegm(&tm);
	/* timegm normalizes 31 February into March: refuse that */
	if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
		return false;
	*out = t - sign * (oh * 3600 + om * 60);
	return true;
}

/* A renewalInfo answer we cannot use: the lifetime rule applies. */
static bool
invalid(struct ac_err *err, const char *why)
{
	ac_err_set(err, AC_ERR_CA, _("The CA's renewal information (ARI) is not valid: renewing when a third of the lifetime is left."));
	ac_err_detail(err, "renewalInfo: %s", why);
	return false;
}

bool
ac_acme_ari_parse(const char *body, size_t len, struct ac_ari_window *w,
		  struct ac_err *err)
{
	json_error_t jerr;
	json_t *j = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES,
			       &jerr);
	json_t *win = json_object_get(j, "suggestedWindow");
	const char *url = json_string_value(json_object_get(j, "explanationURL"));
	time_t start, end;
	bool ok = false;

	if (!json_is_object(j) || !json_is_object(win))
		invalid(err, !j ? jerr.text : "no suggestedWindow object");
	else if (!ac_rfc3339_parse(json_string_value(json_object_get(win, "start")), &start) ||
		 !ac_rfc3339_parse(json_string_value(json_object_get(win, "end")), &end))
		invalid(err, "suggestedWindow start or end is not an RFC 3339 date-time");
	else if (end <= start)
		invalid(err, "the window does not end after it starts");
	else
		ok = true;
	if (ok) {
		w->start = start;
		w->end = end;
		free(w->explanation);
		w->explanation = url ? xstrdup(url) : NULL;
	}
	json_decref(j);
	return ok;
}

time_t
ac_acme_ari_pick(time_t start, time_t end, unsigned long long rnd)
{
	unsigned long long span;

	if (end <= start)
		return start;
	span = (unsigned long long)((long long)end - (long long)start);
	return (time_t)((long long)start + (long long)(rnd % span));
}

static unsigned long long
random_u64(void)
{
	unsigned char b[8];
	unsigned long long v = 0;

	/* without randomness the window's start is still a valid choice */
	if (RAND_bytes(b, sizeof(b)) != 1)
		return 0;
	for (size_t i = 0; i < sizeof(b); i++)
		v = v << 8 | b[i];
	return v;
}

int
ac_acme_ari_fetch(struct ac_acme *a, const char *certid,
		  struct ac_ari_window *w, struct ac_err *err)
{
	const char *base = ac_acme_dir_url(a, "renewalInfo");
	struct ac_http_response resp = { 0 };
	struct ac_ari_window got = { 0 };
	size_t blen;
	char *url;
	long secs;
	bool ok;

	if (!base)
		return 0;
	if (!ac_http_url_ok(base)) {
		ac_err_set(err, AC_ERR_CA, _("The CA's renewalInfo URL is not an https:// URL: renewing when a third of the lifetime is left."));
		return -1;
	}
	blen = strlen(base);
	while (blen && base[blen - 1] == '/')
		blen--;
	url = xasprintf("%.*s/%s", (int)blen, base, certid);
	ok = ac_acme_get(a, url, &resp, err);
	free(url);
	if (ok && resp.status != 200) {
		ac_err_set(err, AC_ERR_CA, _("The CA's renewal information (ARI) is not available: renewing when a third of the lifetime is left."));
		ac_err_detail(err, "renewalInfo: HTTP %ld", resp.status);
		ok = false;
	}
	if (ok)
		ok = ac_acme_ari_parse(resp.body.data, resp.body.len, &got, err);
	if (ok) {
		secs = ac_http_retry_after(resp.retry_after, ac_now(a->ctx),
					   AC_ARI_RECHECK, AC_ARI_RECHECK_MAX);
		if (secs < AC_ARI_RECHECK_MIN)
			secs = AC_ARI_RECHECK_MIN;
		got.next_check = ac_now(a->ctx) + secs;
		got.chosen = ac_acme_ari_pick(got.start, got.end, random_u64());
		ac_ari_window_clear(w);
		*w = got;
	}
	ac_http_response_clear(&resp);
	return ok ? 1 : -1;
}

/* ---- the cache, in the certificate's state directory ---- */

static char *
cache_path(const struct ac_ctx *ctx, const char *name)
{
	return ac_layout_cert_file(ctx, name, AC_LAYOUT_ARI);
}

/* The cached window for certid; false when there is none for it. */
static bool
cache_load(const struct ac_ctx *ctx, const char *name, const char *certid,
	   struct ac_ari_window *w)
{
	char *path = cache_path(ctx, name), *save = NULL;
	struct ac_buf b = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_ari_window c = { 0 };
	bool same = false;

	if (access(path, F_OK) == 0 && ac_read_file(path, &b, &err)) {
		for (char *l = strtok_r(b.data, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			char *v = strchr(l, '=');

			if (!v)
				continue;
			*v++ = '\0';
			if (!strcmp(l, "certid"))
				same = !strcmp(v, certid);
			else if (!strcmp(l, "start"))
				c.start = (time_t)strtoll(v, NULL, 10);
			else if (!strcmp(l, "end"))
				c.end = (time_t)strtoll(v, NULL, 10);
			else if (!strcmp(l, "chosen"))
				c.chosen = (time_t)strtoll(v, NULL, 10);
			else if (!strcmp(l, "next"))
				c.next_check = (time_t)strtoll(v, NULL, 10);
			else if (!strcmp(l, "explanation") && *v)
				ac_subject_set(&c.explanation, v);
		}
	}
	/* a stale or hand-edited file is ignored, not trusted */
	same = same && c.end > c.start && c.chosen >= c.start &&
	       c.chosen < c.end;
	if (same) {
		ac_ari_window_clear(w);
		*w = c;
	} else {
		ac_ari_window_clear(&c);
	}
	ac_err_clear(&err);
	ac_buf_clear(&b);
	free(path);
	return same;
}

static void
cache_save(const struct ac_ctx *ctx, const char *name, const char *certid,
	   const struct ac_ari_window *w)
{
	char *path = cache_path(ctx, name);
	char *text = xasprintf("certid=%s\nstart=%lld\nend=%lld\nchosen=%lld\n"
			       "next=%lld\nexplanation=%s\n", certid,
			       (long long)w->start, (long long)w->end,
			       (long long)w->chosen, (long long)w->next_check,
			       w->explanation && !strpbrk(w->explanation, "\r\n")
			       ? w->explanation : "");
	struct ac_store_file f = { path, text, strlen(text), 0600, geteuid(),
				   getegid() };
	struct ac_err err = AC_ERR_INIT;

	/* only a cache: without it the CA is simply asked again */
	ac_store_install(ctx, NULL, &f, 1, &err);
	ac_err_clear(&err);
	free(text);
	free(path);
}

static void
cache_remove(const struct ac_ctx *ctx, const char *name)
{
	char *path = cache_path(ctx, name);

	/* a leftover that cannot go is harmless: the next certificate's
	 * CertID will not match it */
	unlink(path);
	free(path);
}

/*
 * Asks the CA through session, or a session made for o when that is NULL;
 * 1 = fresh window, 0 = no ARI there, -1 = failed.
 */
static int
ask_ca(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
       const struct ac_acme_opts *o, struct ac_acme *session,
       const char *certid, struct ac_ari_window *w, struct ac_err *err)
{
	struct ac_acme *a = session ? session
				     : ac_acme_session(ctx, cfg, o, err);
	int r;

	if (!a)
		return -1;
	r = ac_acme_ari_fetch(a, certid, w, err);
	if (a != session)
		ac_acme_free(a);
	return r;
}

static bool
ari_due(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	struct ac_acme *session, const char *name, struct ac_acme_opts *o,
	X509 *cert, bool offline, time_t *due, struct ac_err *err)
{
	struct ac_ari_window cached = { 0 }, fresh = { 0 };
	const struct ac_ari_window *use = NULL;
	char *certid = ac_acme_ari_certid(cert, err);
	bool have;
	int r;

	if (!certid)
		return false;
	have = cache_load(ctx, name, certid, &cached);
	if (have && (offline || ac_now(ctx) < cached.next_check)) {
		use = &cached;
	} else if (offline) {
		ac_err_set(err, AC_ERR_CA, _("No renewal window from the CA yet."));
	} else if ((r = ask_ca(ctx, cfg, o, session, certid, &fresh,
			       err)) > 0) {
		/* the same window keeps its time, so runs agree */
		if (have && cached.start == fresh.start &&
		    cached.end == fresh.end)
			fresh.chosen = cached.chosen;
		cache_save(ctx, name, certid, &fresh);
		use = &fresh;
	} else if (r == 0) {
		cache_remove(ctx, name);
		ac_err_set(err, AC_ERR_CA, _("The CA offers no renewal information (ARI): renewing when a third of the lifetime is left."));
	} else if (have) {
		/* the CA did not answer well: the last window still holds */
		ac_err_clear(err);
		use = &cached;
	}
	if (use) {
		*due = use->chosen;
		free(o->replaces);
		o->replaces = certid;
		certid = NULL;
	}
	free(certid);
	ac_ari_window_clear(&fresh);
	ac_ari_window_clear(&cached);
	return use != NULL;
}

/* A URL safe to print: https, printable ASCII without spaces, bounded. */
static bool
url_printable(const char *s)
{
	size_t n = strlen(s);

	if (n >= 512 || strncmp(s, "https://", 8) != 0 || n == 8)
		return false;
	for (; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f)
			return false;
	return true;
}

char *
ac_acme_ari_explanation(const struct ac_ctx *ctx, const char *name,
			X509 *cert)
{
	struct ac_ari_window w = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char *certid = ac_acme_ari_certid(cert, &err), *url = NULL;

	if (certid && cache_load(ctx, name, certid, &w) && w.explanation &&
	    url_printable(w.explanation))
		url = xstrdup(w.explanation);
	ac_ari_window_clear(&w);
	ac_err_clear(&err);
	free(certid);
	return url;
}

bool
ac_acme_ari_due(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		const char *name, struct ac_acme_opts *o, X509 *cert,
		bool offline, time_t *due, struct ac_err *err)
{
	return ari_due(ctx, cfg, NULL, name, o, cert, offline, due, err);
}

bool
ac_acme_ari_due_session(struct ac_acme *a, const char *name,
			struct ac_acme_opts *o, X509 *cert, time_t *due,
			struct ac_err *err)
{
	return ari_due(a->ctx, NULL, a, name, o, cert, false, due, err);
}
