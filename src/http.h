/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTTP for the engine: ACME's session (one reused libcurl handle, or a test
 * transport) and one-shot GETs (AIA intermediates, the checks' fetches).
 */
#ifndef AC_HTTP_H
#define AC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/xalloc.h"

/* Largest response body we accept (a certificate chain is a few KiB). */
#define AC_HTTP_MAX_BODY (1024 * 1024)

struct ac_http_request {
	const char *method;	/* "GET", "HEAD" or "POST" */
	const char *url;
	const char *content_type;	/* POST only */
	const char *body;	/* POST only */
	size_t len;
};

/* What came back.  Every string is owned; free with ac_http_response_clear. */
struct ac_http_response {
	long status;
	struct ac_buf body;
	char *content_type;
	char *nonce;		/* Replay-Nonce */
	char *location;		/* Location */
	char *retry_after;	/* Retry-After, as sent */
	struct ac_strv alternates;	/* Link: <URL>;rel="alternate" */
};

void ac_http_response_clear(struct ac_http_response *resp);

/*
 * A transport: performs one request, fills resp (which is clear on entry).
 * Returns false only when no HTTP response arrived (connection, TLS,
 * timeout: AC_ERR_NET; cancelled: AC_ERR_CANCELLED).  An HTTP error status
 * is a response, not a failure.
 */
typedef bool (*ac_http_fn)(void *arg, const struct ac_http_request *req,
			   struct ac_http_response *resp, struct ac_err *err);

struct ac_http;

/*
 * The real transport: one libcurl easy handle, so one TLS connection is
 * reused for every request.  https only; the peer is always verified,
 * against ca_bundle when given, else the system store.  Sends
 * "User-Agent: astcert/VERSION".  Cancel: ac_cancelled(ctx) is checked
 * from curl's progress callback.  ctx must outlive the handle.
 */
struct ac_http *ac_http_new(const struct ac_ctx *ctx, const char *ca_bundle,
			    struct ac_err *err);

/* A transport that calls fn (unit tests). */
struct ac_http *ac_http_new_fn(ac_http_fn fn, void *arg);

/* Performs one request through the transport. */
bool ac_http_do(struct ac_http *h, const struct ac_http_request *req,
		struct ac_http_response *resp, struct ac_err *err);

/* How many requests and new connections so far (for tests and bench). */
unsigned ac_http_requests(const struct ac_http *h);
unsigned ac_http_connections(const struct ac_http *h);

void ac_http_free(struct ac_http *h);

/* A one-shot GET outside the ACME session. */
struct ac_http_get {
	const char *url;
	const char *protocols;	/* schemes allowed: "https", "http,https" */
	const char *ca_bundle;	/* https peers verified against it, else
				 * against the system store */
	long timeout;		/* seconds for the whole transfer */
	long connect_timeout;	/* seconds to connect, 0 = as timeout */
	size_t max_body;	/* a larger answer fails: AC_HTTP_GET_TOO_BIG */
	int max_redirs;		/* 0 = redirects are not followed */
	bool direct;		/* no proxy (a check of the host itself) */
	const char *resolve;	/* "HOST:PORT:ADDR,..." pinned, or NULL */
};

enum ac_http_get_status {
	AC_HTTP_GET_OK,		/* an HTTP answer, whatever its status */
	AC_HTTP_GET_SETUP,	/* nothing sent: err says why */
	AC_HTTP_GET_CANCELLED,
	AC_HTTP_GET_TOO_BIG,
	AC_HTTP_GET_FAILED,	/* no answer: reply->error says why */
};

/* What a GET brought back; free with ac_http_reply_clear. */
struct ac_http_reply {
	long status;		/* 0 = no HTTP answer */
	struct ac_buf body;
	char *server;		/* Server header or NULL */
	time_t date;		/* Date header or 0 */
	char *error;		/* curl's reason (plain ASCII) or NULL */
};

void ac_http_reply_clear(struct ac_http_reply *reply);

/*
 * GETs get->url with the same libcurl setup as the ACME session (TLS
 * always verified, size cap, timeouts, "User-Agent: astcert/VERSION",
 * cancel through ac_cancelled(ctx)).  reply is filled on every status
 * but AC_HTTP_GET_SETUP (then err is).  Blocking.
 */
enum ac_http_get_status ac_http_get(const struct ac_ctx *ctx,
				    const struct ac_http_get *get,
				    struct ac_http_reply *reply,
				    struct ac_err *err);

/*
 * Parses a Retry-After value (delay-seconds or an HTTP date) into seconds
 * from now, capped at cap.  Missing or unparsable values give dflt.
 */
long ac_http_retry_after(const char *value, time_t now, long dflt, long cap);

/* True for an https:// URL with a host part, all printable ASCII (no
 * spaces, controls or raw UTF-8). */
bool ac_http_url_ok(const char *url);

#endif
