/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a shared library and resolving the functions astcert calls. */
#include <config.h>

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "src/dl.h"
#include "src/i18n.h"

/*
 * dlerror() says "PATH: REASON", PATH being the soname or the file it was
 * found in; the message names the soname already, so only the reason is
 * kept there (the whole text goes to the detail).
 */
static const char *
reason(const char *soname, const char *text)
{
	const char *sep = strstr(text, ": ");

	if (sep && memmem(text, (size_t)(sep - text), soname, strlen(soname)))
		return sep + 2;
	return text;
}

static bool
fail(const char *soname, const char *package, struct ac_err *err)
{
	const char *text = dlerror();

	if (!text)
		text = "unknown error";
	ac_err_set(err, AC_ERR_INTERNAL,
		   _("Cannot load %s: %s. Install the %s package."),
		   soname, reason(soname, text), package);
	ac_err_detail(err, "dlopen: %s", text);
	return false;
}

bool
ac_dl_open(const char *soname, const char *package,
	   const struct ac_dl_sym *syms, size_t n, struct ac_err *err)
{
	void *lib;
	size_t i;

	/*
	 * RTLD_NOW: a missing function shows here, as an error, rather than
	 * as a crash in the middle of an ACME order.  RTLD_LOCAL: nothing else
	 * should bind to the library's symbols.  The handle is never closed:
	 * the trampolines may be called until exit, and libcurl and GnuTLS do
	 * not support being unloaded.
	 */
	dlerror();
	lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return fail(soname, package, err);
	for (i = 0; i < n; i++) {
		*syms[i].slot = dlsym(lib, syms[i].name);
		if (!*syms[i].slot)
			break;
	}
	if (i == n)
		return true;
	fail(soname, package, err);
	for (i = 0; i < n; i++)
		*syms[i].slot = NULL;
	return false;
}

void
ac_dl_unloaded(const char *function)
{
	/*
	 * The engine never prints; the name is left where a debugger or a
	 * core dump shows it.  Only a missing ac_dl_curl()/ac_dl_mhd() call
	 * in the engine gets here, and every HTTP path has a test.
	 */
	static const char *volatile unloaded_function;

	unloaded_function = function;
	(void)unloaded_function;
	abort();
}
