/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Program entry: locale, then the CLI (the wizard comes with no arguments). */
#include <config.h>

#include <locale.h>
#include <stdlib.h>

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

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bind_catalogues();
	return cli_main(argc, argv);
}
