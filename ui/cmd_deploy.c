/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert deploy: Asterisk include files, reload, and a check of what is served. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/asterisk.h"
#include "src/deploy.h"
#include "src/i18n.h"
#include "src/inventory.h"
#include "ui/cli.h"

enum {
	OPT_NO_RELOAD = CLI_OPT_FIRST_COMMAND,
	OPT_VERIFY_ONLY,
	OPT_CONF_DIR,
	OPT_METHOD,
	OPT_TLS_BIND,
	OPT_HTTPS_BIND,
	OPT_VERIFY_CLIENTS,
	OPT_USER,
};

static void
help(void)
{
	printf("%s", _("Usage: astcert deploy [--name NAME] [OPTION]...\n"
		       "Point Asterisk at a managed certificate through include files that astcert\n"
		       "owns (CONF/astcert/pjsip.conf and CONF/astcert/http.conf), after checking\n"
		       "that the key matches and the asterisk user can read both files; then run\n"
		       "the reload commands and check that the TLS ports serve the certificate.\n"
		       "Your own pjsip.conf and http.conf are never changed: add the #include\n"
		       "lines it prints once.\n\n"
		       "      --name NAME         the managed certificate (default: the only one)\n"
		       "      --no-reload         write the files only; no reload, no check\n"
		       "      --verify-only       only check what the TLS ports serve\n"
		       "      --conf-dir DIR      Asterisk's configuration (default /etc/asterisk)\n"
		       "      --method METHOD     TLS method of the transport (default tlsv1_2;\n"
		       "                          tlsv1_3 = TLS 1.3 only; sslv23 = TLS 1.2 and 1.3)\n"
		       "      --tls-bind ADDR     SIP-TLS address (default 0.0.0.0:5061)\n"
		       "      --https-bind ADDR   HTTPS/WSS address (default 0.0.0.0:8089)\n"
		       "      --verify-clients    require phone certificates from the private CA\n"
		       "      --user USER         who must read the files (default asterisk)\n"
		       "      --verbose           show the reload commands' output\n\n"
		       "Exit status: 0 done (unreachable ports are warnings), 1 failed or a port\n"
		       "serves another certificate, 2 bad usage.\n"));
}

static const char *
ep_state(enum ac_endpoint_state s)
{
	switch (s) {
	case AC_EP_MATCH:
		/* TRANSLATORS: the TLS port serves the new certificate */
		return _("match");
	case AC_EP_MISMATCH:
		/* TRANSLATORS: the TLS port serves another certificate */
		return _("MISMATCH");
	case AC_EP_UNREACHABLE:
		break;
	}
	/* TRANSLATORS: the TLS port did not answer */
	return _("unreachable");
}

/* Shared with 'astcert renew': reload runs and endpoint results. */
void
cli_print_deploy(struct cli *cli, const struct ac_deploy_report *r)
{
	for (size_t i = 0; i < r->nruns; i++) {
		const struct ac_reload_run *run = &r->runs[i];

		if (run->timed_out)
			printf(_("Reload: %s (stopped after %d s)\n"),
			       run->command, AC_RELOAD_TIMEOUT);
		else
			printf(_("Reload: %s (exit %d)\n"), run->command,
			       run->status);
		if (cli->verbose && run->output && *run->output)
			printf("  %s\n", run->output);
	}
	for (size_t i = 0; i < r->neps; i++) {
		const struct ac_endpoint *ep = &r->eps[i];

		printf(_("Check %s: %s\n"), ep->addr, ep_state(ep->state));
		if (ep->served && ep->state != AC_EP_MATCH) {
			fputs("  ", stdout);
			printf(_("serves SHA-256 %s\n"), ep->served);
		}
		if (ep->cause && *ep->cause)
			printf("  %s\n", ep->cause);
	}
}

struct deploy_args {
	const char *name;
	bool no_reload, verify_only;
	struct ac_asterisk_opts opts;
};

static int
parse(struct cli *cli, int argc, char **argv, struct deploy_args *a)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, CLI_OPT_NAME },
		{ "no-reload", no_argument, NULL, OPT_NO_RELOAD },
		{ "verify-only", no_argument, NULL, OPT_VERIFY_ONLY },
		{ "conf-dir", required_argument, NULL, OPT_CONF_DIR },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "tls-bind", required_argument, NULL, OPT_TLS_BIND },
		{ "https-bind", required_argument, NULL, OPT_HTTPS_BIND },
		{ "verify-clients", no_argument, NULL, OPT_VERIFY_CLIENTS },
		{ "user", required_argument, NULL, OPT_USER },
		/* no --json: the output is for people and syslog */
		{ "verbose", no_argument, NULL, CLI_OPT_VERBOSE },
		{ "help", no_argument, NULL, CLI_OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case CLI_OPT_NAME: a->name = optarg; break;
		case OPT_NO_RELOAD: a->no_reload = true; break;
		case OPT_VERIFY_ONLY: a->verify_only = true; break;
		case OPT_CONF_DIR: a->opts.conf_dir = optarg; break;
		case OPT_METHOD:
			if (strcmp(optarg, "tlsv1_2") && strcmp(optarg, "sslv23") &&
			    strcmp(optarg, "tlsv1_3"))
				return cli_usage_error(cli, "deploy",
						       _("--method must be tlsv1_2, tlsv1_3 or sslv23"));
			a->opts.method = optarg;
			break;
		case OPT_TLS_BIND: a->opts.tls_bind = optarg; break;
		case OPT_HTTPS_BIND: a->opts.https_bind = optarg; break;
		case OPT_VERIFY_CLIENTS: a->opts.verify_clients = true; break;
		case OPT_USER: a->opts.user = optarg; break;
		case CLI_OPT_VERBOSE: cli->verbose = true; break;
		case CLI_OPT_HELP: help(); return -1;
		default: return cli_bad_option(cli, "deploy");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "deploy", _("unexpected argument \"%s\""),
				       argv[optind]);
	return CLI_EXIT_OK;
}

/* The fingerprint the ports should serve, for --verify-only. */
static char *
installed_sha256(struct cli *cli, const char *name, struct ac_err *err)
{
	struct ac_job job;
	X509 *leaf = NULL;
	char *fp;

	if (!ac_inventory_load(&cli->ctx, &cli->cfg, name, &job, &leaf, err))
		return NULL;
	fp = ac_cert_fingerprint(leaf);
	X509_free(leaf);
	ac_job_clear(&job);
	return fp;
}

/*
 * The ca_list_file of the deployed include must accept the phones of the
 * current private CA: one left by a replaced CA refuses them all while
 * every port serves the right certificate.
 */
static bool
check_ca_list(const struct cli *cli, const struct ac_asterisk_opts *opts,
	      struct ac_err *err)
{
	char *ca_file = NULL;
	bool ok = ac_asterisk_check_ca_list(&cli->ctx, opts, &ca_file, err);

	if (ok && ca_file)
		printf(_("Check %s: accepts the private CA's phones\n"), ca_file);
	free(ca_file);
	return ok;
}

static void
print_deployed(const struct ac_asterisk_result *r)
{
	for (size_t i = 0; i < r->warnings.n; i++)
		fprintf(stderr, _("astcert: warning: %s\n"), r->warnings.v[i]);
	printf("%s\n", _("Asterisk include files written:"));
	for (size_t i = 0; i < r->files.n; i++)
		printf("  %s\n", r->files.v[i]);
	printf("%s\n", _("Add these lines once (astcert never edits your files):"));
	for (size_t i = 0; i < r->includes.n; i++)
		printf("  %s\n", r->includes.v[i]);
}

int
cli_deploy(struct cli *cli, int argc, char **argv)
{
	struct deploy_args a = { 0 };
	struct ac_asterisk_result res = { 0 };
	struct ac_deploy_report rep = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char *name = NULL, *deployed = NULL, *tdir, *expect = NULL;
	int status = parse(cli, argc, argv, &a);

	if (status != CLI_EXIT_OK)
		return status < 0 ? CLI_EXIT_OK : status;
	cli->ctx.progress = cli_progress;
	if (!a.name && a.verify_only)
		a.name = deployed = ac_asterisk_deployed(&cli->ctx);
	name = ac_inventory_pick(&cli->ctx, a.name, &err);
	if (!name)
		goto fail;
	tdir = xasprintf("%s/asterisk", cli->data_dir);
	a.opts.template_dir = tdir;
	if (!a.opts.user)
		a.opts.user = cli->cfg.asterisk_user;
	if (!a.verify_only) {
		bool ok = ac_asterisk_deploy(&cli->ctx, &cli->cfg, name, &a.opts,
					     &res, &err);

		free(tdir);
		if (!ok)
			goto fail;
		print_deployed(&res);
		expect = xstrdup(res.sha256);
	} else {
		free(tdir);
		expect = installed_sha256(cli, name, &err);
		if (!expect)
			goto fail;
	}
	if (a.no_reload && !a.verify_only)
		goto done;
	if (!a.verify_only && !ac_deploy_reload(&cli->ctx, &cli->cfg, &rep, &err)) {
		cli_print_deploy(cli, &rep);
		goto fail;
	}
	ac_deploy_verify(&cli->ctx, &cli->cfg, expect, NULL, &rep);
	cli_print_deploy(cli, &rep);
	if (!check_ca_list(cli, &a.opts, &err))
		goto fail;
	if (rep.mismatched)
		status = CLI_EXIT_FAIL;
	else if (rep.unreachable)
		fprintf(stderr, "%s\n",
			_("astcert: warning: some ports did not answer: is the #include in place and Asterisk running?"));
	goto done;
fail:
	status = cli_fail(cli, &err);
done:
	ac_err_clear(&err);
	ac_deploy_report_clear(&rep);
	ac_asterisk_result_clear(&res);
	free(expect);
	free(name);
	free(deployed);
	return status;
}
