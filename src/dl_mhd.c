/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The MHD_* functions the responder calls, forwarded to libmicrohttpd. */
#include <config.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <microhttpd.h>

#include "src/dl.h"

/*
 * libmicrohttpd is loaded only for the HTTP-01 responder, for the same
 * reason as libcurl (src/dl_curl.c): linked in, it and GnuTLS slowed the
 * start-up of every command.  The definitions are hidden so that the
 * executable never exports them.
 */
#define TRAMPOLINE __attribute__((visibility("hidden")))

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

/* MHD_start_daemon() is variadic: it goes through MHD_start_daemon_va(). */
#define MHD_FUNCTIONS(X) \
	X(MHD_add_response_header) X(MHD_create_response_from_buffer) \
	X(MHD_destroy_response) X(MHD_get_connection_info) \
	X(MHD_queue_response) X(MHD_start_daemon_va) X(MHD_stop_daemon)

#define POINTER(f) static __typeof__(f) *p_##f;
MHD_FUNCTIONS(POINTER)

#define SYMBOL(f) { #f, (void **)&p_##f },
static const struct ac_dl_sym symbols[] = { MHD_FUNCTIONS(SYMBOL) };

/* Every trampoline goes through here: libmicrohttpd must be loaded. */
#define CALL(f) (p_##f ? p_##f : (ac_dl_unloaded(#f), p_##f))

bool
ac_dl_mhd(struct ac_err *err)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static bool loaded;
	bool ok;

	pthread_mutex_lock(&lock);
	if (!loaded)
		loaded = ac_dl_open(ASTCERT_MHD_SONAME, ASTCERT_MHD_PACKAGE,
				    symbols, sizeof(symbols) / sizeof(*symbols),
				    err);
	ok = loaded;
	pthread_mutex_unlock(&lock);
	return ok;
}

TRAMPOLINE struct MHD_Daemon *
MHD_start_daemon(unsigned int flags, uint16_t port,
		 MHD_AcceptPolicyCallback apc, void *apc_cls,
		 MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
	__typeof__(MHD_start_daemon_va) *fn = CALL(MHD_start_daemon_va);
	struct MHD_Daemon *daemon;
	va_list ap;

	va_start(ap, dh_cls);
	daemon = fn(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return daemon;
}

TRAMPOLINE void
MHD_stop_daemon(struct MHD_Daemon *daemon)
{
	CALL(MHD_stop_daemon)(daemon);
}

TRAMPOLINE struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
				enum MHD_ResponseMemoryMode mode)
{
	return CALL(MHD_create_response_from_buffer)(size, buffer, mode);
}

TRAMPOLINE MHD_RESULT
MHD_add_response_header(struct MHD_Response *response, const char *header,
			const char *content)
{
	return CALL(MHD_add_response_header)(response, header, content);
}

TRAMPOLINE MHD_RESULT
MHD_queue_response(struct MHD_Connection *connection,
		   unsigned int status_code, struct MHD_Response *response)
{
	return CALL(MHD_queue_response)(connection, status_code, response);
}

TRAMPOLINE void
MHD_destroy_response(struct MHD_Response *response)
{
	CALL(MHD_destroy_response)(response);
}

/* Variadic too: the responder asks only for what takes no more arguments. */
TRAMPOLINE const union MHD_ConnectionInfo *
MHD_get_connection_info(struct MHD_Connection *connection,
			enum MHD_ConnectionInfoType info_type, ...)
{
	return CALL(MHD_get_connection_info)(connection, info_type);
}
