/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Program entry: locale, then the CLI (the wizard comes with no arguments). */
#include <config.h>

#include <locale.h>

#include "src/i18n.h"
#include "ui/cli.h"

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	bindtextdomain(PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
#endif
	return cli_main(argc, argv);
}
