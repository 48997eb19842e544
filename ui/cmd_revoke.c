/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert revoke: ask the ACME CA to revoke a certificate. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "src/acme.h"
#include "src/i18n.h"
#include "src/keys.h"
#include "src/profile.h"
#include "src/store.h"
#include "ui/cli.h"

enum {
	OPT_CERT = CLI_OPT_FIRST_COMMAND,
	OPT_KEY_FILE,
	OPT_REASON,
	OPT_STAGING,
	OPT_SERVER,
	OPT_CA_BUNDLE,
};

static void
help(void)
{
	printf("%s", _("Usage: astcert revoke (--name NAME | --cert FILE) [OPTION]...\n"
		       "Ask the ACME CA that issued a certificate to revoke it.\n\n"
		       "      --name NAME       a certificate astcert manages (its renewal\n"
		       "                        profile names the CA)\n"
		       "      --cert FILE       a certificate file (leaf first)\n"
		       "      --key FILE        sign with the certificate's own key instead of\n"
		       "                        the ACME account that ordered it\n"
		       "      --reason N        RFC 5280 reason: 1 key compromise, 4 superseded,\n"
		       "                        5 cessation of operation (default: none)\n"
		       "      --staging         Let's Encrypt staging\n"
		       "      --server URL      the ACME directory URL\n"
		       "      --ca-bundle FILE  trust this CA bundle for the ACME server\n"
		       "      --json            print the result as JSON\n"
		       "      --verbose         print technical details of errors\n"
		       "      --help            show this help and exit\n"));
}

static bool
parse_reason(const char *arg, int *out, struct ac_err *err)
{
	int v;

	/* 7 is unused in RFC 5280 */
	if (cli_parse_int(arg, 0, 10, &v) && v != 7) {
		*out = v;
		return true;
	}
	return ac_err_set(err, AC_ERR_USAGE,
			  _("--reason \"%s\" is not an RFC 5280 reason code (0-6, 8-10)."),
			  arg);
}

struct revoke_args {
	char *name;
	char *cert;
	char *key;
	int reason;
};

/* The managed certificate's file and CA from its renewal profile. */
static bool
from_profile(struct cli *cli, const char *name, struct ac_acme_opts *o,
	     char **cert, struct ac_err *err)
{
	struct ac_job job;
	char *sub, *dir, *path;
	bool ok;

	if (!ac_store_name_ok(name, err))
		return false;
	sub = xasprintf("certs/%s", name);
	dir = ac_state_path(&cli->ctx, sub);
	free(sub);
	path = xasprintf("%s/" AC_PROFILE_FILE, dir);
	ac_job_init(&job, AC_JOB_ACME, &cli->cfg);
	ok = ac_job_load(path, &job, err);
	if (ok && job.acme) {
		if (!o->server && !o->staging) {
			o->server = job.acme->server ? xstrdup(job.acme->server) : NULL;
			o->staging = job.acme->staging;
		}
		if (!o->ca_bundle && job.acme->ca_bundle)
			o->ca_bundle = xstrdup(job.acme->ca_bundle);
	} else if (ok) {
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s was not issued through ACME: only a CA can revoke it."),
				name);
	}
	if (ok)
		*cert = xasprintf("%s/cert.pem", dir);
	ac_job_free(&job);
	free(path);
	free(dir);
	return ok;
}

static bool
run_revoke(struct cli *cli, struct revoke_args *ra, struct ac_acme_opts *o,
       struct ac_err *err)
{
	STACK_OF(X509) *certs = NULL;
	EVP_PKEY *key = NULL;
	char *cert_path = ra->cert ? xstrdup(ra->cert) : NULL;
	bool ok = false;

	if (ra->name && !from_profile(cli, ra->name, o, &cert_path, err))
		goto out;
	certs = ac_x509_load_file(cert_path, err);
	if (!certs)
		goto out;
	if (ra->key) {
		key = ac_key_load(ra->key, NULL, err);
		if (!key)
			goto out;
		if (!ac_key_matches(sk_X509_value(certs, 0), key)) {
			ac_err_set(err, AC_ERR_INPUT, _("%s is not the key of %s."),
				   ra->key, cert_path);
			goto out;
		}
	}
	cli_catch_cancel(cli);
	ok = ac_acme_revoke(&cli->ctx, &cli->cfg, o, sk_X509_value(certs, 0),
			    key, ra->reason, err);
out:
	EVP_PKEY_free(key);
	sk_X509_pop_free(certs, X509_free);
	free(cert_path);
	return ok;
}

int
cli_revoke(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, CLI_OPT_NAME },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "key", required_argument, NULL, OPT_KEY_FILE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "staging", no_argument, NULL, OPT_STAGING },
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "ca-bundle", required_argument, NULL, OPT_CA_BUNDLE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_acme_opts *o = ac_acme_opts_new();
	struct revoke_args ra = { 0 };
	struct ac_err err = AC_ERR_INIT;
	int opt, status = CLI_EXIT_OK;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char **dst = opt == CLI_OPT_NAME ? &ra.name :
			     opt == OPT_CERT ? &ra.cert :
			     opt == OPT_KEY_FILE ? &ra.key :
			     opt == OPT_SERVER ? &o->server :
			     opt == OPT_CA_BUNDLE ? &o->ca_bundle : NULL;

		if (dst) {
			free(*dst);
			*dst = xstrdup(optarg);
			continue;
		}
		switch (opt) {
		case CLI_OPT_HELP:
			help();
			goto done;
		case OPT_STAGING:
			o->staging = true;
			break;
		case CLI_OPT_JSON:
			cli->json = true;
			break;
		case CLI_OPT_VERBOSE:
			cli->verbose = true;
			break;
		case OPT_REASON:
			if (!parse_reason(optarg, &ra.reason, &err))
				goto fail;
			break;
		default:
			status = cli_bad_option(cli, "revoke");
			goto done;
		}
	}
	if (optind < argc || !ra.name == !ra.cert) {
		status = optind < argc ?
			cli_usage_error(cli, "revoke", _("unexpected argument \"%s\""), argv[optind]) :
			cli_usage_error(cli, "revoke", _("give either --name or --cert"));
		goto done;
	}
	cli->ctx.progress = cli_progress;
	if (!run_revoke(cli, &ra, o, &err))
		goto fail;
	if (cli->json) {
		json_t *j = json_pack("{s:s, s:s}", "status", "revoked",
				      "certificate", ra.cert ? ra.cert : ra.name);

		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
		putchar('\n');
		json_decref(j);
	} else {
		printf("%s\n", _("The certificate is revoked."));
	}
	goto done;
fail:
	status = cli_fail(cli, &err);
	ac_err_clear(&err);
done:
	free(ra.name);
	free(ra.cert);
	free(ra.key);
	ac_acme_opts_free(o);
	return status;
}
