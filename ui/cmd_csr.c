/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert csr: a key and a certificate request for a commercial CA. */
#include <config.h>

#include <stdio.h>

#include "src/i18n.h"
#include "ui/cli.h"

static void
help(void)
{
	printf("%s", _("Usage: astcert csr [OPTION]...\n"
		       "Make a key and a certificate signing request (CSR) with the subject\n"
		       "and names given, and print the CSR for the CA's order form.  The key\n"
		       "stays in astcert's state directory (mode 0600), so that 'astcert\n"
		       "import --cert FILE' of the certificate the CA sends back finds it.\n"
		       "The CSR goes to standard output, explanations to standard error.\n"
		       "--out, --owner and --days are used by the later import, not here.\n\n"));
	cli_job_options_help(stdout);
	printf("%s", _("\nExample:\n"
		       "  astcert csr --dns pbx.example.com --country CA --org ShiftEight > pbx.csr\n"));
}

int
cli_csr(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_JOB_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_err err = AC_ERR_INIT;
	struct ac_job job;
	int opt, status, r;

	ac_job_init(&job, AC_JOB_CSR, &cli->cfg);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == CLI_OPT_HELP) {
			help();
			ac_job_free(&job);
			return CLI_EXIT_OK;
		}
		r = cli_job_option(cli, &job, opt, optarg, &err);
		if (r == 0) {
			ac_job_free(&job);
			return cli_bad_option(cli, "csr");
		}
		if (r < 0)
			goto fail;
	}
	if (optind < argc) {
		ac_job_free(&job);
		return cli_usage_error(cli, "csr", _("unexpected argument \"%s\""),
				       argv[optind]);
	}
	cli->ctx.progress = cli_progress;
	if (!ac_job_run(&cli->ctx, &cli->cfg, &job, &err))
		goto fail;
	if (cli->json) {
		cli_print_result(cli, &job, "");
	} else {
		cli_print_warnings(cli, &job.result.warnings);
		fputs(job.result.csr_pem, stdout);
		fprintf(stderr, _("Send the request above to the CA.  The key is kept in %s\n"
				  "(do not delete it).  When the certificate arrives, run:\n"
				  "  astcert import --cert FILE\n"),
			job.result.files.n > 1 ? job.result.files.v[1] : "?");
	}
	ac_job_free(&job);
	return CLI_EXIT_OK;
fail:
	status = cli_fail(cli, &err);
	ac_err_clear(&err);
	ac_job_free(&job);
	return status;
}
