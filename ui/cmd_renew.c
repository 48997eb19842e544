/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert renew: renew what is due, reload, verify; quiet and logged for timers. */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/renew.h"
#include "src/text.h"
#include "src/util.h"
#include "ui/cli.h"

enum {
	OPT_FORCE = CLI_OPT_FIRST_COMMAND,
	OPT_NO_RELOAD,
	OPT_WAIT,
	OPT_NO_WAIT,
};

#define DEFAULT_WAIT 300	/* seconds a second run waits for the first */

static void
help(void)
{
	printf("%s", _("Usage: astcert renew [--force] [--name NAME] [OPTION]...\n"
		       "Renew every managed certificate that is due, in place (same file names),\n"
		       "then run the reload commands and check that the TLS ports serve the new\n"
		       "certificate.  Due: ACME certificates at a random time in the CA's renewal\n"
		       "window (ARI, RFC 9773) where it offers one, else when a third of their\n"
		       "lifetime is left; self-signed and private-CA ones renew.days_before (30)\n"
		       "days before expiry.  Silent when nothing is due; results go to syslog too.\n\n"
		       "      --force        renew even when not due\n"
		       "      --name NAME    only this certificate\n"
		       "      --no-reload    install only: no reload, no check\n"
		       "      --wait SECS    wait this long for another running renew (default 300)\n"
		       "      --no-wait      exit at once with status 4 when another renew runs\n"
		       "      --verbose      details of errors and reload output\n"
		       "      --help         show this help and exit\n\n"
		       "Exit status: 0 nothing was due, 3 renewed (and verified), 1 a renewal,\n"
		       "reload or check failed, 4 another renew holds the lock, 2 bad usage.\n"));
}

/* Replaces *s with its escaped form (rendered: backslashes kept). */
static void
escape_in_place(char **s, bool rendered)
{
	char *safe;

	if (!*s)
		return;
	safe = rendered ? ac_text_esc_rendered(*s) : ac_text_esc(*s);
	free(*s);
	*s = safe;
}

/* What the report quotes from files and the CA reaches the terminal and
 * syslog only escaped (src/text.h): messages, names, ARI explanations. */
static void
report_make_safe(struct ac_renew_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		escape_in_place(&r->items[i].name, false);
		escape_in_place(&r->items[i].message, true);
		escape_in_place(&r->items[i].explanation, false);
	}
	escape_in_place(&r->reload_error, true);
	escape_in_place(&r->crl_error, true);
}

/*
 * The log is in English whatever LANG says: one language for log parsers
 * and for searching, so nothing here is translated.  Its lines are fixed
 * sentences around what no language changes (names, fingerprints,
 * addresses, exit statuses, the kind of failure); the translated
 * explanation goes to the terminal and to the state 'astcert status'
 * shows.
 */
static const char *
failure_kind(enum ac_code code)
{
	switch (code) {
	case AC_ERR_USAGE: return "bad usage";
	case AC_ERR_INPUT: return "bad input";
	case AC_ERR_IO: return "file system error";
	case AC_ERR_CRYPTO: return "cryptography error";
	case AC_ERR_NET: return "network error";
	case AC_ERR_CA: return "refused by the CA";
	case AC_ERR_CHECK: return "a check failed";
	case AC_ERR_CANCELLED: return "cancelled";
	case AC_ERR_BUSY: return "another renew holds the lock";
	default: return "internal error";
	}
}

static void
log_report(const struct ac_renew_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ac_renew_item *it = &r->items[i];

		if (it->state == AC_RENEW_DONE)
			syslog(LOG_NOTICE, "renewed %s (SHA-256 %s)", it->name,
			       it->new_sha256);
		else if (it->state == AC_RENEW_FAILED)
			syslog(LOG_ERR, "renewal of %s failed (%s); 'astcert status' shows why",
			       it->name, failure_kind(it->code));
		else if (it->state == AC_RENEW_SKIPPED)
			syslog(LOG_WARNING, "%s is due but is renewed by hand; 'astcert status' shows how",
			       it->name);
	}
	if (r->crl_refreshed)
		syslog(LOG_NOTICE, "signed a new CRL for the private CA");
	if (r->crl_error)
		syslog(LOG_ERR, "the private CA's CRL could not be signed; 'astcert renew' says why");
	if (r->reload_error)
		syslog(LOG_ERR, "reload failed; 'astcert renew --verbose' says why");
	for (size_t i = 0; i < r->deploy.nruns; i++)
		syslog(LOG_INFO, "reload: %s (exit %d%s)", r->deploy.runs[i].command,
		       r->deploy.runs[i].status,
		       r->deploy.runs[i].timed_out ? ", timed out" : "");
	for (size_t i = 0; i < r->deploy.neps; i++) {
		const struct ac_endpoint *ep = &r->deploy.eps[i];

		syslog(ep->state == AC_EP_MATCH ? LOG_INFO
		       : ep->state == AC_EP_MISMATCH ? LOG_ERR : LOG_WARNING,
		       "check %s: %s", ep->addr,
		       ep->state == AC_EP_MATCH ? "match"
		       : ep->state == AC_EP_MISMATCH ? "mismatch" : "unreachable");
	}
}

static void
print_report(struct cli *cli, const struct ac_renew_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ac_renew_item *it = &r->items[i];
		/* the Unicode form beside the xn-- one (src/names.h) */
		char *name = ac_name_shown(it->name, cli_utf8());

		if (it->state == AC_RENEW_DONE)
			printf(_("Renewed %s: SHA-256 %s\n"), name,
			       it->new_sha256);
		if (it->state == AC_RENEW_DONE && it->explanation) {
			char *url = ac_text_esc(it->explanation);

			fputs("  ", stdout);
			printf(_("The CA explains its renewal window at %s\n"),
			       url);
			free(url);
		} else if (it->state == AC_RENEW_FAILED)
			fprintf(stderr, _("%s: renewing %s failed: %s\n"),
				cli->prog, name, it->message);
		else if (it->state == AC_RENEW_SKIPPED)
			fprintf(stderr, _("%s: warning: %s: %s\n"), cli->prog,
				name, it->message);
		free(name);
	}
	if (r->crl_refreshed)
		printf("%s\n", _("Signed a new CRL for the private CA."));
	if (r->crl_error)
		fprintf(stderr, _("%s: the private CA's CRL: %s\n"), cli->prog,
			r->crl_error);
	if (r->reload_error)
		cli_say(cli, r->reload_error);
	if (r->reloaded)
		cli_print_deploy(cli, &r->deploy);
}

int
cli_renew(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "name", required_argument, NULL, CLI_OPT_NAME },
		{ "no-reload", no_argument, NULL, OPT_NO_RELOAD },
		{ "wait", required_argument, NULL, OPT_WAIT },
		{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
		/* no --json: the output is for people and syslog */
		{ "verbose", no_argument, NULL, CLI_OPT_VERBOSE },
		{ "help", no_argument, NULL, CLI_OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct ac_renew_opts o = { .lock_wait = DEFAULT_WAIT };
	struct ac_renew_report rep;
	struct ac_err err = AC_ERR_INIT;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_FORCE: o.force = true; break;
		case CLI_OPT_NAME: o.name = optarg; break;
		case OPT_NO_RELOAD: o.no_reload = true; break;
		case OPT_WAIT:
			if (!cli_parse_int(optarg, 0, 86400, &o.lock_wait))
				return cli_usage_error(cli, "renew",
						       _("--wait \"%s\" is not a number of seconds (0 to 86400)"),
						       optarg);
			break;
		case OPT_NO_WAIT: o.lock_wait = 0; break;
		case CLI_OPT_VERBOSE: cli->verbose = true; break;
		case CLI_OPT_HELP: help(); return CLI_EXIT_OK;
		default: return cli_bad_option(cli, "renew");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "renew", _("unexpected argument \"%s\""),
				       argv[optind]);
	/* the timer has no terminal: what is proved by hand waits for one */
	o.interactive = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	openlog("astcert", LOG_PID, LOG_DAEMON);
	/* systemd stops the timer's run with SIGTERM: stop at the next step */
	cli_catch_cancel(cli);
	if (!ac_renew_run(&cli->ctx, &cli->cfg, &o, &rep, &err)) {
		syslog(err.code == AC_ERR_BUSY ? LOG_WARNING : LOG_ERR,
		       "renew did not run (%s)", failure_kind(err.code));
		status = cli_fail(cli, &err);
		if (err.code == AC_ERR_BUSY)
			status = CLI_EXIT_BUSY;
		ac_err_clear(&err);
		closelog();
		return status;
	}
	report_make_safe(&rep);
	log_report(&rep);
	print_report(cli, &rep);
	if (rep.failed)
		status = CLI_EXIT_FAIL;
	else if (rep.renewed)
		status = CLI_EXIT_RENEWED;
	else
		status = CLI_EXIT_OK;
	ac_renew_report_clear(&rep);
	closelog();
	return status;
}
