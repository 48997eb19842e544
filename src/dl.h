/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading libcurl and libmicrohttpd at run time, only when HTTP is needed. */
#ifndef AC_DL_H
#define AC_DL_H

#include <stdbool.h>
#include <stddef.h>

#include "src/err.h"

/*
 * astcert does not link libcurl or libmicrohttpd: with their dependencies
 * (GnuTLS, Kerberos, LDAP, nghttp2, ...) they made every command, even
 * `astcert --version`, spend most of its start-up in the dynamic loader.
 * src/dl_curl.c and src/dl_mhd.c define the curl_* and MHD_* functions the
 * engine calls as trampolines into the library, which is dlopen()ed by the
 * loaders below.
 *
 * Call ac_dl_curl() before the first curl_* call and ac_dl_mhd() before
 * the first MHD_* call.  Both are idempotent and thread-safe; once true,
 * they stay true for the life of the process (the library is never
 * unloaded).  On failure (library or one of its functions missing) err
 * says "Cannot load SONAME: REASON. Install the PACKAGE package." and the
 * call may be retried.  A trampoline called before its loader succeeded is
 * a programming error and aborts.
 */
bool ac_dl_curl(struct ac_err *err);
bool ac_dl_mhd(struct ac_err *err);

/* One function to resolve: its name and where to store its address. */
struct ac_dl_sym {
	const char *name;
	void **slot;
};

/*
 * The loaders' common part, exposed for the unit test: dlopen()s soname
 * (RTLD_NOW | RTLD_LOCAL) and resolves every symbol in syms[0..n) into its
 * slot.  On failure every slot is left NULL and err names soname, the
 * reason and the Debian package to install.  Not thread-safe by itself:
 * the loaders serialise their calls.
 */
bool ac_dl_open(const char *soname, const char *package,
		const struct ac_dl_sym *syms, size_t n, struct ac_err *err);

/* A trampoline was called before its library was loaded: aborts. */
void ac_dl_unloaded(const char *function) __attribute__((noreturn, cold));

#endif
