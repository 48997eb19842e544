/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert selfsigned: one key and one self-signed server certificate. */
#include <config.h>

#include <stdio.h>

#include "src/i18n.h"
#include "ui/cli.h"

static void
help(void)
{
	printf("%s", _("Usage: astcert selfsigned [OPTION]...\n"
		       "Make a key and a self-signed server certificate (CA:FALSE, serverAuth)\n"
		       "and install them for Asterisk.  For phones that must trust the\n"
		       "server, a private CA ('astcert ca') is the better choice.\n\n"));
	cli_job_options_help(stdout);
	printf("%s", _("\nExample:\n"
		       "  astcert selfsigned --subject /C=CA/ST=Ontario/O=ShiftEight/CN=shifteight.org\n"));
}

int
cli_selfsigned(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_JOB_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_job job;
	int status;

	ac_job_init(&job, AC_JOB_SELFSIGNED, &cli->cfg);
	status = cli_parse_job(cli, "selfsigned", argc, argv, opts, &job, NULL,
			       help);
	if (status < 0)
		status = cli_run_job(cli, &job,
				     _("Self-signed certificate installed."));
	ac_job_clear(&job);
	return status;
}
