/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert import: install a purchased certificate, checked and repaired. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "src/i18n.h"
#include "src/import.h"
#include "src/names.h"
#include "src/util.h"
#include "ui/cli.h"

enum {
	OPT_CERT = CLI_OPT_FIRST_COMMAND,
	OPT_KEYFILE,
	OPT_CHAIN,
	OPT_PASSFILE,
	OPT_CAFILE,
	OPT_FETCH,
	OPT_PASSPHRASE,
};

static void
help(void)
{
	printf("%s", _("Usage: astcert import --cert FILE [OPTION]...\n"
		       "Install a certificate bought from a CA, in any format: PEM (key,\n"
		       "certificate and chain in any order, in one file or several), DER,\n"
		       "PKCS#7 (.p7b) or PKCS#12 (.pfx/.p12).  astcert checks that the key\n"
		       "matches, orders the chain, verifies it, checks names, expiry and key\n"
		       "strength, and installs the full chain and an unencrypted key.\n\n"
		       "Files:\n"
		       "      --cert FILE       the certificate (may hold the chain and key too)\n"
		       "      --key FILE        the private key (default: in --cert, or the key\n"
		       "                        kept by 'astcert csr')\n"
		       "      --chain FILE      intermediate certificates (repeatable)\n"
		       "      --passphrase-file FILE  first line: the passphrase of an\n"
		       "                        encrypted key or PKCS#12 file\n"
		       "Checks:\n"
		       "      --dns NAME        a name the certificate must cover (repeatable)\n"
		       "      --ip ADDRESS      an address the certificate must cover (repeatable)\n"
		       "      --ca-file FILE    trust these roots instead of the system's\n"
		       "      --fetch-intermediates  download a missing intermediate from the\n"
		       "                        address in the certificate (AIA)\n"
		       "Installation:\n"
		       "      --out DIR         directory Asterisk reads (default /etc/asterisk/keys)\n"
		       "      --name NAME       file base name: NAME.crt and NAME.key\n"
		       "                        (default: the certificate's first DNS name)\n"
		       "      --owner USER:GROUP  owner of the installed files\n"
		       "                        (default root:asterisk when that group exists)\n"
		       "Output:\n"
		       "      --json            print the result as JSON\n"
		       "      --verbose         print technical details of errors\n"
		       "      --help            show this help and exit\n\n"
		       "Example:\n"
		       "  astcert import --cert pbx_example_com.p7b --key pbx.key\n"));
}

/* The first line of the file, kept secret. */
static bool
read_passphrase(const char *path, char **out, struct ac_err *err)
{
	struct ac_buf b = { .secret = true };
	size_t n;

	if (!ac_read_file(path, &b, err))
		return false;
	n = strcspn(b.data, "\r\n");
	ac_secret_free(*out, 0);
	*out = xstrndup(b.data, n);
	ac_buf_clear(&b);
	return true;
}

static int
option(struct cli *cli, struct ac_job *job, int opt, const char *arg,
       struct ac_err *err)
{
	struct ac_import_opts *o = job->import;
	bool ok = true;

	switch (opt) {
	case OPT_PASSPHRASE:
		/* other users see command lines in ps */
		return ac_err_set(err, AC_ERR_USAGE,
				  _("A passphrase on the command line is visible to every user: put it in a file and give --passphrase-file FILE.")) ? 1 : -1;
	case OPT_CERT:
		ac_subject_set(&o->cert_path, arg);
		break;
	case OPT_KEYFILE:
		ac_subject_set(&o->key_path, arg);
		break;
	case OPT_CHAIN:
		ac_strv_add(&o->chain_paths, arg);
		break;
	case OPT_PASSFILE:
		ok = read_passphrase(arg, &o->passphrase, err);
		break;
	case OPT_CAFILE:
		ac_subject_set(&o->ca_file, arg);
		break;
	case OPT_FETCH:
		o->fetch_intermediates = true;
		break;
	case CLI_OPT_DNS:
		ok = ac_names_add_dns(&o->names, arg, AC_NAME_WILDCARD, err);
		break;
	case CLI_OPT_IP:
		ok = ac_names_add_ip(&o->names, arg, err);
		break;
	default:
		return cli_job_option(cli, job, opt, arg, err);
	}
	return ok ? 1 : -1;
}

int
cli_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "key", required_argument, NULL, OPT_KEYFILE },
		{ "chain", required_argument, NULL, OPT_CHAIN },
		{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
		{ "passphrase", required_argument, NULL, OPT_PASSPHRASE },
		{ "ca-file", required_argument, NULL, OPT_CAFILE },
		{ "fetch-intermediates", no_argument, NULL, OPT_FETCH },
		{ "dns", required_argument, NULL, CLI_OPT_DNS },
		{ "ip", required_argument, NULL, CLI_OPT_IP },
		{ "name", required_argument, NULL, CLI_OPT_NAME },
		{ "out", required_argument, NULL, CLI_OPT_OUT },
		{ "owner", required_argument, NULL, CLI_OPT_OWNER },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_job job;
	int status;

	ac_job_init(&job, AC_JOB_IMPORT, &cli->cfg);
	job.import = ac_import_opts_new();
	status = cli_parse_job(cli, "import", argc, argv, opts, &job, option,
			       help);
	if (status < 0 && !job.import->cert_path)
		status = cli_usage_error(cli, "import",
					 _("give the certificate with --cert FILE"));
	if (status < 0)
		status = cli_run_job(cli, &job,
				     _("Certificate imported and installed."));
	ac_job_clear(&job);
	return status;
}
