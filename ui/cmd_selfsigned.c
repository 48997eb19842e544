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
		       "  astcert selfsigned --subject /C=CA/ST=Ontario/L=Toronto/O=ShiftEight/CN=shifteight.org\n"));
}

int
cli_selfsigned(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_JOB_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_err err = AC_ERR_INIT;
	struct ac_job job;
	int opt, status, r;

	ac_job_init(&job, AC_JOB_SELFSIGNED, &cli->cfg);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == CLI_OPT_HELP) {
			help();
			ac_job_free(&job);
			return CLI_EXIT_OK;
		}
		r = cli_job_option(cli, &job, opt, optarg, &err);
		if (r == 0) {
			ac_job_free(&job);
			return cli_bad_option(cli, "selfsigned");
		}
		if (r < 0)
			goto fail;
	}
	if (optind < argc) {
		ac_job_free(&job);
		return cli_usage_error(cli, "selfsigned",
				       _("unexpected argument \"%s\""), argv[optind]);
	}
	cli->ctx.progress = cli_progress;
	if (!ac_job_run(&cli->ctx, &cli->cfg, &job, &err))
		goto fail;
	cli_print_result(cli, &job, _("Self-signed certificate installed."));
	ac_job_free(&job);
	return CLI_EXIT_OK;
fail:
	status = cli_fail(cli, &err);
	ac_err_clear(&err);
	ac_job_free(&job);
	return status;
}
