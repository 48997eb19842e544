/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Program entry: locale, then the CLI (the wizard comes with no arguments). */
#include <config.h>

#include <locale.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "src/i18n.h"
#include "ui/cli.h"

/*
 * ASTCERT_LOCALEDIR names a directory laid out like LOCALEDIR
 * (LL/LC_MESSAGES/astcert.mo) to read the catalogues from instead: the tests
 * run the binary from the build tree, where none is installed.  secure_getenv
 * ignores it in a set-user-ID context.
 */
static void
bind_catalogues(void)
{
#ifdef ENABLE_NLS
	const char *dir = secure_getenv("ASTCERT_LOCALEDIR");

	/* messages come in the locale's own charset (gettext converts
	 * them): a Latin-1 terminal shows Latin-1, never UTF-8 bytes */
	bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
#endif
}

/*
 * Keys, passphrases and EAB secrets pass through this process's memory: a
 * core file (ulimit -c unlimited, a crash) would hold them, readable by
 * whoever reads the core directory, and a dumpable process can be traced
 * by its user.  Neither, from the first instruction on; a failure here
 * leaves nothing worse than before, so it is not fatal.
 */
static void
no_core(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	int status;

	no_core();
	setlocale(LC_ALL, "");
	bind_catalogues();
	status = cli_main(argc, argv);
	cli_end_signalled();
	return status;
}
