/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The curl_* functions the engine calls, forwarded to a dlopen()ed libcurl. */
#include <config.h>

#include <pthread.h>
#include <stdarg.h>

#include <curl/curl.h>

#include "src/dl.h"

/*
 * Why trampolines rather than linking -lcurl: Debian's libcurl4-openssl
 * brings about 25 more shared libraries (GnuTLS, Kerberos, LDAP, nghttp2,
 * librtmp, libssh2, ...), linked with BIND_NOW, and GnuTLS runs a
 * constructor.  Linked in, they cost every command about 2.6 ms of CPU
 * and 4 MiB of RSS before main() (an empty main() with all our libraries:
 * 4.6 ms / 8.0 MiB, without libcurl and libmicrohttpd: 2.0 ms / 3.8 MiB),
 * a quarter of a whole `selfsigned --key p256`.  Only ACME, the HTTP
 * checks and AIA fetching need libcurl.
 *
 * The call sites keep calling curl_easy_setopt() & co. against curl's own
 * headers, so curl's compile-time option type checks (typecheck-gcc.h)
 * still apply.  The definitions are hidden: the executable never exports
 * them, so libcurl's internal calls can never bind to them.
 */
#define TRAMPOLINE __attribute__((visibility("hidden")))

#define CURL_FUNCTIONS(X) \
	X(curl_easy_cleanup) X(curl_easy_getinfo) X(curl_easy_header) \
	X(curl_easy_init) X(curl_easy_perform) X(curl_easy_setopt) \
	X(curl_easy_strerror) X(curl_free) X(curl_getdate) \
	X(curl_global_init) X(curl_slist_append) X(curl_slist_free_all) \
	X(curl_url) X(curl_url_cleanup) X(curl_url_get) X(curl_url_set)

#define POINTER(f) static __typeof__(f) *p_##f;
CURL_FUNCTIONS(POINTER)

#define SYMBOL(f) { #f, (void **)&p_##f },
static const struct ac_dl_sym symbols[] = { CURL_FUNCTIONS(SYMBOL) };

/* Every trampoline goes through here: libcurl must be loaded. */
#define CALL(f) (p_##f ? p_##f : (ac_dl_unloaded(#f), p_##f))

bool
ac_dl_curl(struct ac_err *err)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static bool loaded;
	bool ok;

	pthread_mutex_lock(&lock);
	if (!loaded)
		loaded = ac_dl_open(ASTCERT_CURL_SONAME, ASTCERT_CURL_PACKAGE,
				    symbols, sizeof(symbols) / sizeof(*symbols),
				    err);
	ok = loaded;
	pthread_mutex_unlock(&lock);
	return ok;
}

TRAMPOLINE CURLcode
curl_global_init(long flags)
{
	return CALL(curl_global_init)(flags);
}

TRAMPOLINE CURL *
curl_easy_init(void)
{
	return CALL(curl_easy_init)();
}

/*
 * Like libcurl itself, read the one argument with the type the option's
 * number range stands for.  The name is in parentheses because curl's
 * headers define curl_easy_setopt() as a type-checking macro.
 */
TRAMPOLINE CURLcode
(curl_easy_setopt)(CURL *curl, CURLoption option, ...)
{
	__typeof__(curl_easy_setopt) *fn = CALL(curl_easy_setopt);
	CURLcode rc;
	va_list ap;

	va_start(ap, option);
	if (option < CURLOPTTYPE_OBJECTPOINT)
		rc = fn(curl, option, va_arg(ap, long));
	else if (option < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn(curl, option, va_arg(ap, void *));
	else if (option < CURLOPTTYPE_OFF_T)
		rc = fn(curl, option, va_arg(ap, void (*)(void)));
	else if (option < CURLOPTTYPE_BLOB)
		rc = fn(curl, option, va_arg(ap, curl_off_t));
	else
		rc = fn(curl, option, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

/* Every CURLINFO_* takes one pointer to where the answer goes. */
TRAMPOLINE CURLcode
(curl_easy_getinfo)(CURL *curl, CURLINFO info, ...)
{
	__typeof__(curl_easy_getinfo) *fn = CALL(curl_easy_getinfo);
	void *out;
	va_list ap;

	va_start(ap, info);
	out = va_arg(ap, void *);
	va_end(ap);
	return fn(curl, info, out);
}

TRAMPOLINE CURLcode
curl_easy_perform(CURL *curl)
{
	return CALL(curl_easy_perform)(curl);
}

TRAMPOLINE void
curl_easy_cleanup(CURL *curl)
{
	CALL(curl_easy_cleanup)(curl);
}

TRAMPOLINE CURLHcode
curl_easy_header(CURL *easy, const char *name, size_t index,
		 unsigned int origin, int request, struct curl_header **hout)
{
	return CALL(curl_easy_header)(easy, name, index, origin, request,
				      hout);
}

TRAMPOLINE const char *
curl_easy_strerror(CURLcode code)
{
	return CALL(curl_easy_strerror)(code);
}

TRAMPOLINE void
curl_free(void *p)
{
	CALL(curl_free)(p);
}

TRAMPOLINE time_t
curl_getdate(const char *p, const time_t *unused)
{
	return CALL(curl_getdate)(p, unused);
}

TRAMPOLINE struct curl_slist *
curl_slist_append(struct curl_slist *list, const char *data)
{
	return CALL(curl_slist_append)(list, data);
}

TRAMPOLINE void
curl_slist_free_all(struct curl_slist *list)
{
	CALL(curl_slist_free_all)(list);
}

TRAMPOLINE CURLU *
curl_url(void)
{
	return CALL(curl_url)();
}

TRAMPOLINE void
curl_url_cleanup(CURLU *handle)
{
	CALL(curl_url_cleanup)(handle);
}

TRAMPOLINE CURLUcode
curl_url_get(CURLU *handle, CURLUPart what, char **part, unsigned int flags)
{
	return CALL(curl_url_get)(handle, what, part, flags);
}

TRAMPOLINE CURLUcode
curl_url_set(CURLU *handle, CURLUPart what, const char *part,
	     unsigned int flags)
{
	return CALL(curl_url_set)(handle, what, part, flags);
}
