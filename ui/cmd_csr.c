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
		       "--out, --owner and --days have no effect here: give --out and --owner\n"
		       "to the import.\n\n"));
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
	struct ac_job job;
	int status;

	ac_job_init(&job, AC_JOB_CSR, &cli->cfg);
	status = cli_parse_job(cli, "csr", argc, argv, opts, &job, NULL, help);
	if (status < 0)
		status = cli_run_job(cli, &job, cli->json ? "" : NULL);
	if (status == CLI_EXIT_OK && !cli->json && job.result.csr_pem) {
		cli_print_warnings(cli, &job.result.warnings);
		fputs(job.result.csr_pem, stdout);
		fprintf(stderr, _("Send the request above to the CA.  The key is kept in %s\n"
				  "(do not delete it).  When the certificate arrives, run:\n"
				  "  astcert import --cert FILE\n"),
			job.result.files.n > 1 ? job.result.files.v[1] : "?");
	}
	ac_job_clear(&job);
	return status;
}
