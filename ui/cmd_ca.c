/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert ca: the private CA for phones (init, server, phone, list, revoke, export). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "src/ca.h"
#include "src/i18n.h"
#include "src/names.h"
#include "src/source.h"
#include "src/step.h"
#include "src/text.h"
#include "src/util.h"
#include "ui/cli.h"

enum {
	OPT_MAC = CLI_OPT_FIRST_COMMAND,
	OPT_PASSWORD_FILE,
	OPT_PASSWORD,
	OPT_LEGACY,
	OPT_PERMIT,
};

#define CA_OPTIONS \
	{ "mac", required_argument, NULL, OPT_MAC }, \
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE }, \
	{ "password", required_argument, NULL, OPT_PASSWORD }, \
	{ "legacy-p12", no_argument, NULL, OPT_LEGACY }, \
	{ "permit", required_argument, NULL, OPT_PERMIT }

static void
help(void)
{
	printf("%s", _("Usage: astcert ca init [--cn NAME] [--permit DOMAIN]... [OPTION]...\n"
		       "       astcert ca server --dns NAME... [--ip ADDRESS]... [OPTION]...\n"
		       "       astcert ca phone --mac MAC [--password-file FILE] [OPTION]...\n"
		       "       astcert ca list [--json]\n"
		       "       astcert ca revoke SERIAL|MAC|NAME [--out DIR]\n"
		       "       astcert ca export [--out DIR] [--mac MAC --password-file FILE]\n"
		       "A private CA for a PBX and its phones: phones trust the CA once, and the\n"
		       "server and every phone get certificates it signs.\n\n"
		       "  init    make the CA (ECDSA P-384, or --key rsa4096; 10 years; pathlen 0)\n"
		       "          and export it as NAME.crt (PEM) and NAME.der (DER) to --out\n"
		       "  server  a server certificate for Asterisk (at most 825 days), installed\n"
		       "          and renewed like every managed certificate\n"
		       "  phone   a client certificate whose CN is the phone's MAC address\n"
		       "          (00:04:F2:A1:B2:C3, 00-04-f2-a1-b2-c3, 0004.f2a1.b2c3 or\n"
		       "          0004f2a1b2c3), as a PEM pair and, with --password-file, PKCS#12\n"
		       "  list    what the CA issued, with days left and revocations\n"
		       "  revoke  revoke by serial, MAC or name, and write a new CRL\n"
		       "  export  the CA (PEM, DER, and the CRL once one exists) again, or a\n"
		       "          phone's files with --mac\n\n"
		       "Private CA options:\n"
		       "      --permit DOMAIN   init: the CA may only sign names under DOMAIN\n"
		       "                        (name constraints; repeatable)\n"
		       "      --mac MAC         phone, export: the phone's MAC address\n"
		       "      --password-file FILE  PKCS#12 password from the first line of FILE\n"
		       "                        (never on the command line)\n"
		       "      --legacy-p12      3DES/SHA-1 PKCS#12 for old phones (default AES-256)\n"));
	cli_job_options_help(stdout);
	printf("%s", _("\nExamples:\n"
		       "  astcert ca init --cn 'ShiftEight PBX CA' --org ShiftEight\n"
		       "  astcert ca server --dns pbx.shifteight.org --ip 192.0.2.10\n"
		       "  astcert ca phone --mac 00:04:F2:A1:B2:C3 --password-file pw.txt --out phones\n"));
}

static void
print_files(const struct ac_strv *files)
{
	if (!files->n)
		return;
	/* TRANSLATORS: heading of a list of file paths */
	printf("%s\n", _("Files written:"));
	for (size_t i = 0; i < files->n; i++)
		printf("  %s\n", files->v[i]);
}

/* What the person setting up the phones needs. */
static void
handoff(const char *fingerprint)
{
	char *grouped = ac_fingerprint_group(fingerprint, 8);
	char *line, *save = NULL;

	printf("\n%s\n", _("For the phones:"));
	printf("  %s\n", _("Load the CA certificate (PEM or DER) as a trusted CA on each phone and"));
	printf("  %s\n", _("compare its SHA-256 fingerprint with what the phone shows:"));
	for (line = strtok_r(grouped, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("    %s\n", line);
	printf("  %s\n", _("Phones check certificate dates: give them the right time (NTP) first,"));
	printf("  %s\n", _("or they reject every certificate as not yet valid or expired."));
	free(grouped);
}

static int
finish_job(struct cli *cli, struct ac_job *job, const char *cmd)
{
	const struct ac_job_result *r = &job->result;

	if (cli->json || job->kind == AC_JOB_CA_SERVER) {
		cli_print_result(cli, job,
				 _("Server certificate from the private CA installed."));
		if (!cli->json)
			printf("\n%s\n",
			       _("Next: 'astcert deploy' writes the Asterisk include files and checks the result."));
		if (!cli->json && job->ca && job->ca->fingerprint)
			handoff(job->ca->fingerprint);
		return CLI_EXIT_OK;
	}
	cli_print_warnings(cli, &r->warnings);
	printf("%s\n\n", strcmp(cmd, "init") == 0
			 ? _("Private CA created.")
			 : _("Phone certificate issued."));
	if (r->have_info) {
		cli_print_certinfo(cli, &r->info);
		putchar('\n');
	}
	print_files(&r->files);
	if (job->ca && job->ca->fingerprint)
		handoff(job->ca->fingerprint);
	return CLI_EXIT_OK;
}

/* Options of the CA commands that are not job options. */
static int
ca_option(struct cli *cli, struct ac_job *job, int opt, const char *arg,
	  struct ac_err *err)
{
	switch (opt) {
	case OPT_MAC:
		free(job->ca->mac);
		job->ca->mac = ac_mac_normalize(arg, err);
		return job->ca->mac ? 1 : -1;
	case OPT_PASSWORD_FILE:
		ac_secret_free(job->ca->password, 0);
		job->ca->password = ac_ca_read_password(arg, err);
		return job->ca->password ? 1 : -1;
	case OPT_PASSWORD:
		ac_err_set(err, AC_ERR_USAGE,
			   _("A password on the command line is visible to every user (ps): put it in a file and give --password-file FILE."));
		return -1;
	case OPT_LEGACY:
		job->ca->p12 = AC_P12_LEGACY;
		return 1;
	case OPT_PERMIT:
		{
			struct ac_names n = { 0 };
			bool ok = ac_names_add_dns(&n, arg, 0, err);

			if (ok)
				ac_strv_add(&job->ca->permitted_dns, n.dns.v[0]);
			ac_names_clear(&n);
			return ok ? 1 : -1;
		}
	}
	return cli_job_option(cli, job, opt, arg, err);
}

static int
fail(struct cli *cli, struct ac_err *err)
{
	int status = cli_fail(cli, err);

	ac_err_clear(err);
	return status;
}

static int
run_issue(struct cli *cli, enum ac_job_kind kind, const char *cmd, int argc,
	  char **argv)
{
	static const struct option opts[] = {
		CLI_JOB_OPTIONS,
		CA_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_job job;
	int status;

	ac_job_init(&job, kind, &cli->cfg);
	job.ca = ac_ca_opts_new();
	if (kind == AC_JOB_CA_INIT) {
		job.key_type = AC_KEY_P384;
		job.days = AC_CA_DAYS;
	}
	status = cli_parse_job(cli, "ca", argc, argv, opts, &job, ca_option,
			       help);
	if (status < 0)
		status = cli_run_job(cli, &job, NULL);
	if (status == CLI_EXIT_OK && job.result.files.n)
		status = finish_job(cli, &job, cmd);
	ac_job_clear(&job);
	return status;
}

/* What 'ca list' shows of a certificate's kind and state, translated. */
static const char *
entry_kind(const struct ac_ca_entry *e)
{
	/* TRANSLATORS: kind of certificate in 'ca list' (JSON keeps
	 * "server" and "phone") */
	return strcmp(e->kind, "server") == 0 ? C_("ca list", "server")
	       /* TRANSLATORS: kind of certificate in 'ca list' */
	       : C_("ca list", "phone");
}

static const char *
entry_state(const struct ac_ca_entry *e)
{
	/* TRANSLATORS: state of a certificate in 'ca list': issued by a
	 * run that was undone */
	return e->voided ? _("void")
	       /* TRANSLATORS: state of a certificate in 'ca list' */
	       : e->revoked ? _("revoked")
	       /* TRANSLATORS: state of a certificate in 'ca list' */
	       : e->days_left < 0 ? _("expired")
	       /* TRANSLATORS: state of a certificate in 'ca list': a newer
		* one replaced it */
	       : e->replaced ? _("replaced")
	       /* TRANSLATORS: state of a certificate in 'ca list' */
	       : _("valid");
}

enum { COL_KIND, COL_SERIAL, COL_NAME, COL_DAYS, COL_STATE, NCOLS };

/* The table of 'ca list': each column as wide as its widest cell on the
 * terminal (a translated header or a CJK name), the days right-aligned. */
static void
print_list(const struct ac_ca_entry *e, size_t n)
{
	char **cell = xcalloc((n + 1) * NCOLS, sizeof(*cell));
	int width[NCOLS] = { 0 };

	/* TRANSLATORS: column headers of 'astcert ca list', in a table
	 * the program aligns: no padding needed */
	cell[COL_KIND] = xstrdup(_("KIND"));
	/* TRANSLATORS: column header: the certificate's serial number */
	cell[COL_SERIAL] = xstrdup(_("SERIAL"));
	/* TRANSLATORS: column header: the certificate's name */
	cell[COL_NAME] = xstrdup(_("NAME"));
	/* TRANSLATORS: column header: days until the certificate expires */
	cell[COL_DAYS] = xstrdup(_("DAYS LEFT"));
	/* TRANSLATORS: column header: valid, revoked, expired... */
	cell[COL_STATE] = xstrdup(_("STATE"));
	for (size_t i = 0; i < n; i++) {
		char **row = cell + (i + 1) * NCOLS;

		row[COL_KIND] = xstrdup(entry_kind(&e[i]));
		row[COL_SERIAL] = xstrdup(e[i].serial);
		/* a host name beside its Unicode form (a CN with a backslash
		 * is no host name: escaped as it is) */
		row[COL_NAME] = e[i].cn && ac_text_is_plain(e[i].cn)
					? ac_name_shown(e[i].cn, cli_utf8())
					: ac_text_esc(e[i].cn);
		row[COL_DAYS] = xasprintf("%ld", e[i].days_left);
		row[COL_STATE] = xstrdup(entry_state(&e[i]));
	}
	for (size_t i = 0; i < (n + 1) * NCOLS; i++)
		if (cli_columns(cell[i]) > width[i % NCOLS])
			width[i % NCOLS] = cli_columns(cell[i]);
	for (size_t i = 0; i < n + 1; i++) {
		char **row = cell + i * NCOLS;

		for (int c = 0; c < COL_STATE; c++) {
			if (c == COL_DAYS)
				printf("%*s", width[c] - cli_columns(row[c]), "");
			cli_print_padded(row[c], c == COL_DAYS ? 0 : width[c]);
			fputs("  ", stdout);
		}
		printf("%s\n", row[COL_STATE]);
	}
	for (size_t i = 0; i < (n + 1) * NCOLS; i++)
		free(cell[i]);
	free(cell);
}

static int
run_list(struct cli *cli)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_ca_entry *e = NULL;
	json_t *arr;
	size_t n = 0;
	char *s;

	if (!ac_ca_list(&cli->ctx, &e, &n, &err))
		return fail(cli, &err);
	if (cli->json) {
		arr = json_array();
		for (size_t i = 0; i < n; i++) {
			char na[32];

			ac_time_utc(e[i].not_after, na, sizeof(na));
			json_array_append_new(arr, json_pack(
				"{s:s, s:o, s:s, s:s, s:I, s:b, s:b, s:b}",
				"serial", e[i].serial, "cn", cli_json_text(e[i].cn),
				"kind", e[i].kind, "not_after", na,
				"days_left", (json_int_t)e[i].days_left,
				"revoked", e[i].revoked,
				"void", e[i].voided,
				"replaced", e[i].replaced));
		}
		s = json_dumps(arr, CLI_JSON_FLAGS);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(arr);
	} else {
		print_list(e, n);
	}
	ac_ca_entries_free(e, n);
	return CLI_EXIT_OK;
}

/*
 * revoke and export take --out, --name, --owner, --mac, --password-file
 * into a job.  Returns 0 to go on, 1 after --help, -1 on a bad value (err
 * set), -2 on an unknown option.
 */
static int
parse_small(struct cli *cli, int argc, char **argv, struct ac_job *job,
	    struct ac_err *err)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, CLI_OPT_OUT },
		{ "name", required_argument, NULL, CLI_OPT_NAME },
		{ "owner", required_argument, NULL, CLI_OPT_OWNER },
		CA_OPTIONS,
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt, r;

	cli->argv = argv;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == CLI_OPT_HELP) {
			help();
			return 1;
		}
		r = ca_option(cli, job, opt, optarg, err);
		if (r == 0)
			return -2;
		if (r < 0)
			return -1;
	}
	return 0;
}

static int
run_export(struct cli *cli, const char *cmd, int argc, char **argv)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_strv files = { 0 };
	struct ac_job job;
	char *out = NULL;
	const char *name;
	bool revoke = strcmp(cmd, "revoke") == 0, ok;
	int r, status = CLI_EXIT_OK, positional = revoke ? 1 : 0;

	ac_job_init(&job, AC_JOB_CA_PHONE, &cli->cfg);
	job.ca = ac_ca_opts_new();
	r = parse_small(cli, argc, argv, &job, &err);
	if (r != 0 || optind + positional < argc) {
		ac_job_clear(&job);
		if (r == 1)
			return CLI_EXIT_OK;
		if (r == -1)
			return fail(cli, &err);
		if (r == -2)
			return cli_bad_option(cli, "ca");
		return cli_usage_error(cli, "ca", _("unexpected argument \"%s\""),
				       argv[optind + positional]);
	}
	if (!ac_step_owner(&cli->cfg, &job, &err))
		goto fail;
	if (revoke) {
		size_t count = 0;

		if (optind >= argc) {
			ac_job_clear(&job);
			return cli_usage_error(cli, "ca", "%s",
					       _("ca revoke needs a serial, MAC or name"));
		}
		if (!ac_ca_revoke(&cli->ctx, argv[optind], &count, &err))
			goto fail;
		printf(ngettext("Revoked %zu certificate; the new CRL is in the CA's state directory.\n",
				"Revoked %zu certificates; the new CRL is in the CA's state directory.\n",
				count),
		       count);
		if (!job.out_dir)
			goto done;
	}
	out = ac_step_out_dir(&cli->ctx, &cli->cfg, &job);
	if (job.ca->mac) {
		name = job.name ? job.name : job.ca->mac;
		ok = ac_ca_export_phone(&cli->ctx, job.ca->mac, out, name,
					&job.owner, job.ca->password,
					job.ca->p12, &files, &err);
	} else {
		name = job.name ? job.name : AC_CA_DEFAULT_NAME;
		ok = ac_ca_export(&cli->ctx, out, name, &job.owner, &files, &err);
	}
	if (!ok)
		goto fail;
	print_files(&files);
	if (!job.ca->mac) {
		X509 *ca = NULL;

		if (ac_ca_load(&cli->ctx, &ca, NULL, &err)) {
			char *fp = ac_cert_fingerprint(ca);

			handoff(fp);
			free(fp);
		}
		X509_free(ca);
		ac_err_clear(&err);
	}
	goto done;
fail:
	status = fail(cli, &err);
done:
	ac_strv_clear(&files);
	free(out);
	ac_job_clear(&job);
	return status;
}

int
cli_ca(struct cli *cli, int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		return cli_usage_error(cli, "ca", "%s",
				       _("ca needs a subcommand: init, server, phone, list, revoke or export"));
	}
	cmd = argv[1];
	if (!strcmp(cmd, "--help")) {
		help();
		return CLI_EXIT_OK;
	}
	/* the subcommand's options start after it */
	argc--;
	argv++;
	/* "ca init", "ca server", "ca phone": the sources' own commands */
	for (size_t i = 0; ac_source_at(i); i++) {
		const char *c = ac_source_at(i)->command;

		if (!strncmp(c, "ca ", 3) && !strcmp(c + 3, cmd))
			return run_issue(cli, ac_source_at(i)->kind, cmd, argc,
					 argv);
	}
	if (!strcmp(cmd, "revoke") || !strcmp(cmd, "export"))
		return run_export(cli, cmd, argc, argv);
	if (!strcmp(cmd, "list")) {
		static const struct option opts[] = {
			CLI_COMMON_OPTIONS,
			{ NULL, 0, NULL, 0 },
		};
		int opt;

		cli->argv = argv;
		while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
			if (opt == CLI_OPT_HELP) {
				help();
				return CLI_EXIT_OK;
			}
			if (opt == CLI_OPT_JSON)
				cli->json = true;
			else if (opt == CLI_OPT_VERBOSE)
				cli->verbose = true;
			else
				return cli_bad_option(cli, "ca");
		}
		return run_list(cli);
	}
	return cli_usage_error(cli, "ca", _("unknown subcommand \"%s\""), cmd);
}
