/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command-line front end: dispatch, environment, shared options. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/text.h"
#include "src/xalloc.h"
#include "ui/cli.h"

static const struct cli_command commands[] = {
	{ "acme", cli_acme,
	  N_("get a certificate from Let's Encrypt or another ACME CA") },
	{ "ca", cli_ca, N_("private CA: server and phone certificates") },
	{ "check", cli_check,
	  N_("check names, DNS, CAA, port 80 and clock before asking a CA") },
	{ "csr", cli_csr,
	  N_("make a key and a certificate request for a commercial CA") },
	{ "deploy", cli_deploy,
	  N_("write Asterisk include files, reload, check what is served") },
	{ "import", cli_import,
	  N_("install a purchased certificate (PEM, DER, PKCS#7, PKCS#12)") },
	{ "renew", cli_renew, N_("renew what is due (for the systemd timer)") },
	{ "revoke", cli_revoke, N_("ask the ACME CA to revoke a certificate") },
	{ "selfsigned", cli_selfsigned,
	  N_("make a self-signed server certificate and key") },
	{ "show", cli_show, N_("show what a certificate file holds") },
	{ "status", cli_status, N_("list managed certificates and days left") },
	{ "wizard", cli_wizard,
	  N_("the interactive wizard (the default on a terminal)") },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *out, const char *prog)
{
	fprintf(out, _("Usage: %s [OPTION]... COMMAND [ARG]...\n"), prog);
	fputs(_("Secure an Asterisk server's SIP-TLS and SRTP with certificates.\n"
		"Without a command on a terminal, the wizard starts.\n\n"), out);
	/* TRANSLATORS: heading of the list of commands in --help */
	fputs(_("Commands:\n"), out);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name,
			_(commands[i].summary));
	fprintf(out, _("\nOptions:\n"
		       "      --answers FILE the wizard, filled from an answers file\n"
		       "      --config FILE  configuration file\n"
		       "                     (default %s)\n"
		       "      --help         show this help and exit\n"
		       "      --version      show the version and exit\n\n"),
		AC_DEFAULT_CONF);
	fprintf(out, _("'%s COMMAND --help' shows a command's options.\n"), prog);
	fputs(_("Exit status: 0 success, 1 failure, 2 bad usage or input (nothing done).\n"), out);
}

const char *
cli_field_option(const struct cli *cli, enum ac_field field)
{
	static const struct {
		enum ac_field field;
		const char *option;
	} options[] = {
		{ AC_FIELD_IP, "--ip" }, { AC_FIELD_CN, "--cn" },
		{ AC_FIELD_DAYS, "--days" }, { AC_FIELD_KEY_TYPE, "--key" },
		{ AC_FIELD_OUT_DIR, "--out" }, { AC_FIELD_NAME, "--name" },
		{ AC_FIELD_OWNER, "--owner" }, { AC_FIELD_CERT, "--cert" },
		{ AC_FIELD_KEY, "--key" }, { AC_FIELD_CHAIN, "--chain" },
		{ AC_FIELD_PASSPHRASE, "--passphrase-file" },
		{ AC_FIELD_CA_FILE, "--ca-file" },
		{ AC_FIELD_FETCH, "--fetch-intermediates" },
		{ AC_FIELD_MAC, "--mac" }, { AC_FIELD_SERVER, "--server" },
		{ AC_FIELD_STAGING, "--staging" }, { AC_FIELD_EMAIL, "--email" },
		{ AC_FIELD_TOS, "--agree-tos" },
		{ AC_FIELD_EAB, "--eab-kid, --eab-hmac-key-file" },
		{ AC_FIELD_WEBROOT, "--webroot" },
		{ AC_FIELD_HTTP_PORT, "--http-port" },
		{ AC_FIELD_CA_BUNDLE, "--ca-bundle" },
		{ AC_FIELD_SKIP_CHECKS, "--skip-checks" },
		{ AC_FIELD_REASON, "--reason" },
		{ AC_FIELD_PREFERRED_CHAIN, "--preferred-chain" },
		{ AC_FIELD_PROFILE, "--profile" },
		{ AC_FIELD_DNS_SERVER, "--dns-server" },
		{ AC_FIELD_DNS_ZONE, "--dns-zone" },
		{ AC_FIELD_DNS_TSIG_KEY, "--dns-tsig-key-file" },
		{ AC_FIELD_DNS_HOOK, "--dns-hook" },
	};

	/* only check takes --resolver; acme asks the system's server */
	if (field == AC_FIELD_RESOLVER)
		return cli->cmd && strcmp(cli->cmd, "check") == 0
			? "--resolver" : NULL;
	/* the names: --domain for ACME, --dns elsewhere */
	if (field == AC_FIELD_DNS)
		return cli->cmd && (strcmp(cli->cmd, "acme") == 0 ||
				    strcmp(cli->cmd, "check") == 0)
			? "--domain" : "--dns";
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (options[i].field == field)
			return options[i].option;
	return NULL;
}

void
cli_say(const struct cli *cli, const char *msg)
{
	/* TRANSLATORS: the program's name, then a message: only the
	   punctuation is yours (French: "%s : %s") */
	fprintf(stderr, _("%s: %s\n"), cli->prog, msg);
}

int
cli_fail(struct cli *cli, const struct ac_err *err)
{
	const char *option = cli_field_option(cli, err->field);

	if (option)
		/* TRANSLATORS: an error, then the option that fixes it */
		fprintf(stderr, _("%s: %s (option %s)\n"), cli->prog,
			err->msg ? err->msg : _("unknown error"), option);
	else
		cli_say(cli, err->msg ? err->msg : _("unknown error"));
	if (err->detail && cli->verbose)
		fprintf(stderr, "%s\n", err->detail);
	else if (err->detail)
		fprintf(stderr, _("%s: run with --verbose for details.\n"),
			cli->prog);
	switch (err->code) {
	case AC_ERR_USAGE:
	case AC_ERR_INPUT:
		return CLI_EXIT_USAGE;
	default:
		return CLI_EXIT_FAIL;
	}
}

int
cli_usage_error(struct cli *cli, const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	cli_say(cli, msg ? msg : fmt);
	free(msg);
	if (cmd)
		fprintf(stderr, _("Try '%s %s --help' for more information.\n"),
			cli->prog, cmd);
	else
		fprintf(stderr, _("Try '%s --help' for more information.\n"),
			cli->prog);

	return CLI_EXIT_USAGE;
}

/*
 * opterr is 0, so getopt said nothing (it would have, in English or in
 * libc's words, after the command's name instead of astcert's): one line
 * in the user's language names the option.  A long option getopt knows
 * leaves its value in optopt (its argument is missing, or it takes none
 * and got "=x"); an unknown one leaves 0.  The commands take no short
 * option.
 */
int
cli_bad_option(struct cli *cli, const char *cmd)
{
	const char *arg = cli->argv && optind > 0 ? cli->argv[optind - 1] : "";
	bool is_long = strncmp(arg, "--", 2) == 0;
	char *name = is_long ? xstrndup(arg, strcspn(arg, "="))
		     : xasprintf("-%c", optopt ? optopt : '?');
	char *safe = ac_text_esc(name);
	int status;

	if (is_long && optopt && strchr(arg, '='))
		status = cli_usage_error(cli, cmd,
					 _("option \"%s\" takes no value"), safe);
	else if (is_long && optopt)
		status = cli_usage_error(cli, cmd,
					 _("option \"%s\" needs a value"), safe);
	else
		status = cli_usage_error(cli, cmd, _("unknown option \"%s\""),
					 safe);
	free(safe);
	free(name);
	return status;
}

/* ASTCERT_NOW: seconds since the epoch, or "YYYY-MM-DD[THH:MM:SS]" UTC. */
static time_t
parse_now(const char *s)
{
	struct tm tm = { 0 };
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!errno && !*end && v > 0)
		return (time_t)v;
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || *end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!end || *end)
		return 0;
	return timegm(&tm);
}

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* ASTCERT_POLL_TIMEOUT: seconds an ACME poll may last (a test control). */
static bool
poll_timeout(struct cli *cli, struct ac_err *err)
{
	const char *s = getenv("ASTCERT_POLL_TIMEOUT");
	char *end;
	long v;

	if (!s)
		return true;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 86400)
		return ac_err_set(err, AC_ERR_USAGE,
				  _("ASTCERT_POLL_TIMEOUT=\"%s\" is not a number of seconds: give 1 to 86400."),
				  s);
	cli->ctx.poll_timeout = v;
	return true;
}

/* Only the front end reads the environment; the engine sees the ctx. */
static bool
setup(struct cli *cli, const char *conf, struct ac_err *err)
{
	const char *now = env("ASTCERT_NOW");
	struct ac_strv recovered = { 0 }, undone = { 0 };
	bool ok;

	cli->ctx.root = env("ASTCERT_ROOT");
	cli->ctx.conf_path = conf ? conf : env("ASTCERT_CONF");
	cli->ctx.state_dir = env("ASTCERT_STATE_DIR");
	cli->ctx.ca_bundle = env("ASTCERT_CA_BUNDLE");
	cli->ctx.resolver = env("ASTCERT_RESOLVER");
	cli->ctx.systemd_dir = env("ASTCERT_SYSTEMD_DIR");
	cli->data_dir = env("ASTCERT_DATA_DIR");
	if (!cli->data_dir)
		cli->data_dir = PKGDATADIR;
	if (now) {
		cli->ctx.now_override = parse_now(now);
		if (!cli->ctx.now_override)
			return ac_err_set(err, AC_ERR_USAGE,
					  _("ASTCERT_NOW=\"%s\" is not a time: give seconds since 1970 or YYYY-MM-DDTHH:MM:SS."),
					  now);
	}
	if (!poll_timeout(cli, err))
		return false;
	cli->color = isatty(STDOUT_FILENO) && !env("NO_COLOR");
	if (!ac_cfg_load(&cli->ctx, &cli->cfg, err))
		return false;
	for (size_t i = 0; i < cli->cfg.warnings.n; i++) {
		char *w = ac_text_esc_rendered(cli->cfg.warnings.v[i]);

		fprintf(stderr, _("%s: warning: %s (default kept)\n"),
			cli->prog, w);
		free(w);
	}
	ok = ac_store_recover(&cli->ctx, &recovered, &undone, err);
	for (size_t i = 0; i < recovered.n; i++) {
		char *name = ac_text_esc(recovered.v[i]);

		fprintf(stderr, _("%s: finished the interrupted install of %s\n"),
			cli->prog, name);
		free(name);
	}
	for (size_t i = 0; i < undone.n; i++) {
		char *name = ac_text_esc(undone.v[i]);

		fprintf(stderr, _("%s: put back the previous files of %s, whose install had failed\n"),
			cli->prog, name);
		free(name);
	}
	ac_strv_clear(&recovered);
	ac_strv_clear(&undone);
	return ok;
}

static int
close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, _("astcert: write error: %s\n"), strerror(errno));
		return CLI_EXIT_FAIL;
	}
	return status;
}

/* Runs the command NAME with argv[0..argc) (argv[0] is its name). */
static int
run_command(struct cli *cli, const char *conf, const char *name, int argc,
	    char **argv)
{
	struct ac_err err = AC_ERR_INIT;
	int status;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		if (strcmp(name, commands[i].name) != 0)
			continue;
		if (!setup(cli, conf, &err)) {
			status = cli_fail(cli, &err);
		} else {
			/* the command parses its own argv; 0 resets getopt */
			optind = 0;
			cli->argv = argv;
			cli->cmd = commands[i].name;
			status = commands[i].run(cli, argc, argv);
		}
		ac_err_clear(&err);
		ac_cfg_clear(&cli->cfg);
		return close_stdout(status);
	}
	fprintf(stderr, _("%s: unknown command \"%s\"\n"), cli->prog, name);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), cli->prog);
	return CLI_EXIT_USAGE;
}

int
cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "answers", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { .prog = "astcert" };
	const char *conf = NULL;
	char *answers = NULL;
	int opt;

	opterr = 0;	/* cli_bad_option speaks instead, translated */
	cli.argv = argv;
	/* '+': stop at the command; its options are its own */
	while ((opt = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			answers = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'h':
			usage(stdout, cli.prog);
			return close_stdout(CLI_EXIT_OK);
		case 'V':
			printf("astcert %s\n", PACKAGE_VERSION);
			return close_stdout(CLI_EXIT_OK);
		default:
			return cli_bad_option(&cli, NULL);
		}
	}
	if (answers) {
		/* the answers are the wizard's: "astcert --answers FILE" is
		 * "astcert wizard --answers FILE" */
		char name[] = "wizard", opt_answers[] = "--answers";
		char *wargv[] = { name, opt_answers, answers, NULL };

		if (optind < argc) {
			fprintf(stderr, _("%s: --answers goes with the wizard only, not with \"%s\"\n"),
				cli.prog, argv[optind]);
			fprintf(stderr, _("Try '%s --help' for more information.\n"),
				cli.prog);
			return CLI_EXIT_USAGE;
		}
		return run_command(&cli, conf, "wizard", 3, wargv);
	}
	if (optind >= argc) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			usage(stdout, cli.prog);
			return close_stdout(CLI_EXIT_OK);
		}
		/* alone on a terminal: the wizard */
		return run_command(&cli, conf, "wizard", 1, argv);
	}
	return run_command(&cli, conf, argv[optind], argc - optind,
			   argv + optind);
}

bool
cli_parse_int(const char *arg, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < min || v > max)
		return false;
	*out = (int)v;
	return true;
}

static bool
parse_days(const char *arg, int *out, struct ac_err *err)
{
	return cli_parse_int(arg, 1, AC_DAYS_MAX, out) ||
	       ac_err_set(err, AC_ERR_USAGE,
			  _("--days \"%s\" is not a number of days from 1 to %d."),
			  arg, AC_DAYS_MAX);
}

bool
cli_parse_port(const char *opt, const char *arg, int *out, struct ac_err *err)
{
	return cli_parse_int(arg, 1, 65535, out) ||
	       ac_err_set(err, AC_ERR_USAGE,
			  _("%s \"%s\" is not a port number from 1 to 65535."),
			  opt, arg);
}

int
cli_job_option(struct cli *cli, struct ac_job *job, int opt, const char *arg,
	       struct ac_err *err)
{
	bool ok = true;

	switch (opt) {
	case CLI_OPT_NAME:
		ok = ac_store_name_ok(arg, err);
		if (ok)
			ac_subject_set(&job->name, arg);
		break;
	case CLI_OPT_OUT:
		ac_subject_set(&job->out_dir, arg);
		break;
	case CLI_OPT_OWNER:
		ok = ac_owner_parse(arg, &job->owner, err);
		job->owner_set = ok;
		break;
	case CLI_OPT_KEY:
		ok = ac_key_type_parse(arg, &job->key_type) ||
		     ac_err_set(err, AC_ERR_USAGE,
				_("Unknown key type \"%s\": use rsa2048, rsa3072, rsa4096, p256 or p384."),
				arg);
		break;
	case CLI_OPT_DAYS:
		ok = parse_days(arg, &job->days, err);
		break;
	case CLI_OPT_DNS:
		ok = ac_names_add_dns(&job->names, arg, AC_NAME_WILDCARD, err);
		break;
	case CLI_OPT_IP:
		ok = ac_names_add_ip(&job->names, arg, err);
		break;
	case CLI_OPT_SUBJECT:
		ok = ac_subject_parse(arg, &job->subject, err);
		break;
	case CLI_OPT_COUNTRY:
		ac_subject_set(&job->subject.country, arg);
		break;
	case CLI_OPT_STATE:
		ac_subject_set(&job->subject.state, arg);
		break;
	case CLI_OPT_LOCALITY:
		ac_subject_set(&job->subject.locality, arg);
		break;
	case CLI_OPT_ORG:
		ac_subject_set(&job->subject.org, arg);
		break;
	case CLI_OPT_UNIT:
		ac_subject_set(&job->subject.unit, arg);
		break;
	case CLI_OPT_CN:
		ac_subject_set(&job->subject.cn, arg);
		break;
	case CLI_OPT_JSON:
		cli->json = true;
#ifdef ENABLE_NLS
		/* JSON is UTF-8 whatever the locale's charset (RFC 8259) */
		bind_textdomain_codeset(PACKAGE, "UTF-8");
#endif
		break;
	case CLI_OPT_VERBOSE:
		cli->verbose = true;
		break;
	default:
		return 0;
	}
	return ok ? 1 : -1;
}

void
cli_job_options_help(FILE *out)
{
	fputs(_("Names and subject:\n"
		"      --dns NAME        a DNS name for the certificate (repeatable; IDN allowed)\n"
		"      --ip ADDRESS      an IP address for the certificate (repeatable)\n"
		"      --subject /C=../O=../CN=..  subject in OpenSSL's slash form\n"
		"      --country CC      two-letter country code\n"
		"      --state TEXT      state or province\n"
		"      --locality TEXT   city\n"
		"      --org TEXT        organization\n"
		"      --unit TEXT       organizational unit\n"
		"      --cn NAME         common name (default: the first --dns name)\n"
		"Key and validity:\n"
		"      --key TYPE        rsa2048 (default, best for phones), rsa3072, rsa4096,\n"
		"                        p256 or p384\n"
		"      --days N          validity in days (default 825)\n"
		"Installation:\n"
		"      --out DIR         directory Asterisk reads (default /etc/asterisk/keys)\n"
		"      --name NAME       file base name: NAME.crt and NAME.key\n"
		"                        (default: the first DNS name)\n"
		"      --owner USER:GROUP  owner of the installed files\n"
		"                        (default root:asterisk when that group exists)\n"
		"Output:\n"
		"      --json            print the result as JSON\n"
		"      --verbose         print technical details of errors\n"
		"      --help            show this help and exit\n"), out);
}

void
cli_progress(void *arg, const char *step, double fraction, const char *message)
{
	char *safe;

	(void)arg;
	(void)fraction;
	if (!isatty(STDERR_FILENO))
		return;
	/* the message may name a file or what a server said */
	safe = message ? ac_text_esc_rendered(message) : NULL;
	if (safe)
		fprintf(stderr, "  %s: %s\n", step, safe);
	else
		fprintf(stderr, "  %s\n", step);
	free(safe);
}

/* the signal that cancelled the run, 0 for none */
static volatile sig_atomic_t cancel_requested;

static void
on_signal(int sig)
{
	cancel_requested = sig;
}

/*
 * The first SIGINT or SIGTERM asks the engine to stop: it checks between
 * steps, aborts a transfer from curl's progress callback, and a blocked
 * system call returns EINTR (no SA_RESTART).  The work in between is
 * bounded (key derivation caps, time limits), so the run ends at once,
 * temp files removed, the install either done or not started (its renames
 * are one step).  SA_RESETHAND: a second signal ends the process where it
 * is; an install it interrupts is finished by the next run's journal.
 */
void
cli_catch_cancel(struct cli *cli)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cli->ctx.cancel = &cancel_requested;
}

void
cli_end_signalled(void)
{
	int sig = cancel_requested;
	sigset_t set;

	if (!sig)
		return;
	/* the shell and systemd see what ended the run: 128 + the signal */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}

int
cli_parse_job(struct cli *cli, const char *cmd, int argc, char **argv,
	      const struct option *opts, struct ac_job *job,
	      cli_option_fn option, void (*help)(void))
{
	struct ac_err err = AC_ERR_INIT;
	int opt, r, status;

	cli->argv = argv;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == CLI_OPT_HELP) {
			help();
			return CLI_EXIT_OK;
		}
		r = option ? option(cli, job, opt, optarg, &err)
			   : cli_job_option(cli, job, opt, optarg, &err);
		if (r == 0)
			return cli_bad_option(cli, cmd);
		if (r < 0) {
			status = cli_fail(cli, &err);
			ac_err_clear(&err);
			return status;
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, cmd, _("unexpected argument \"%s\""),
				       argv[optind]);
	return -1;
}

int
cli_run_job(struct cli *cli, struct ac_job *job, const char *headline)
{
	struct ac_err err = AC_ERR_INIT;
	int status;

	cli->ctx.progress = cli_progress;
	cli_catch_cancel(cli);
	if (!ac_job_run(&cli->ctx, &cli->cfg, job, &err)) {
		status = cli_fail(cli, &err);
		ac_err_clear(&err);
		return status;
	}
	if (headline)
		cli_print_result(cli, job, headline);
	return CLI_EXIT_OK;
}
