/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert show: the summary of any certificate file. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "src/certinfo.h"
#include "src/i18n.h"
#include "src/text.h"
#include "src/x509.h"
#include "ui/cli.h"

static void
help(void)
{
	printf(_("Usage: astcert show [--json] FILE...\n"
		 "Show the certificates in each FILE (PEM or DER): subject, names,\n"
		 "issuer, serial, SHA-256 fingerprint, validity and days left.\n\n"
		 "      --json     print JSON\n"
		 "      --verbose  print technical details of errors\n"
		 "      --help     show this help and exit\n"));
}

static bool
show_file(struct cli *cli, const char *path, struct ac_err *err)
{
	STACK_OF(X509) *certs = ac_x509_load_file(path, err);
	bool ok = certs != NULL;

	for (int i = 0; ok && i < sk_X509_num(certs); i++) {
		struct ac_certinfo info = { 0 };

		ok = ac_certinfo_get(&cli->ctx, sk_X509_value(certs, i), &info,
				     err);
		if (ok) {
			/* a file name others chose (a glob) is shown escaped */
			char *shown = ac_text_esc(path);

			if (!cli->json)
				printf(i ? _("%s, certificate %d (chain):\n")
					 : _("%s, certificate %d:\n"),
				       shown, i + 1);
			free(shown);
			cli_print_certinfo(cli, &info);
		}
		ac_certinfo_clear(&info);
	}
	sk_X509_pop_free(certs, X509_free);
	return ok;
}

int
cli_show(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_err err = AC_ERR_INIT;
	int opt, status = CLI_EXIT_OK;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case CLI_OPT_JSON:
			cli->json = true;
			break;
		case CLI_OPT_VERBOSE:
			cli->verbose = true;
			break;
		case CLI_OPT_HELP:
			help();
			return CLI_EXIT_OK;
		default:
			return cli_bad_option(cli, "show");
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "show", _("no certificate file given"));
	for (int i = optind; i < argc; i++) {
		if (!show_file(cli, argv[i], &err)) {
			status = cli_fail(cli, &err);
			ac_err_clear(&err);
		}
	}
	return status;
}
