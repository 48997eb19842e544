/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert acme: a certificate from Let's Encrypt or any ACME CA. */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/acme.h"
#include "src/i18n.h"
#include "ui/cli.h"

enum {
	OPT_DOMAIN = CLI_OPT_FIRST_COMMAND,
	OPT_EMAIL,
	OPT_AGREE_TOS,
	OPT_STANDALONE,
	OPT_HTTP_ADDRESS,
	OPT_HTTP_PORT,
	OPT_WEBROOT,
	OPT_STAGING,
	OPT_SERVER,
	OPT_EAB_KID,
	OPT_EAB_HMAC,
	OPT_EAB_HMAC_FILE,
	OPT_CA_BUNDLE,
	OPT_PREFERRED_CHAIN,
	OPT_PROFILE,
	OPT_SKIP_CHECKS,
	OPT_CHALLENGE,
	OPT_DNS_UPDATE,
	OPT_DNS_SERVER,
	OPT_DNS_ZONE,
	OPT_DNS_TSIG_KEY_FILE,
	OPT_DNS_HOOK,
	OPT_DNS_HOOK_ARG,
	OPT_DNS_MANUAL,
};

static void
help(void)
{
	printf("%s", _("Usage: astcert acme --domain NAME [--domain NAME]... [OPTION]...\n"
		       "Get a certificate from Let's Encrypt or another ACME CA (HTTP-01\n"
		       "challenge) and install it for Asterisk.  Rehearse with --staging first.\n\n"
		       "Names and account:\n"
		       "      --domain NAME     a name for the certificate (repeatable; the first\n"
		       "                        is the CN); it must reach this server on port 80\n"
		       "      --email ADDR      contact for expiry and account notices\n"
		       "      --agree-tos       accept the CA's terms of service\n"
		       "Challenge:\n"
		       "      --standalone      answer the challenge with astcert's own HTTP\n"
		       "                        server on port 80 (default)\n"
		       "      --http-address A  address it listens on (default: all)\n"
		       "      --http-port N     port it listens on (default 80)\n"
		       "      --webroot DIR     let the web server already on port 80 answer:\n"
		       "                        files go to DIR/.well-known/acme-challenge/\n"
		       "CA:\n"
		       "      --staging         Let's Encrypt staging: a rehearsal, untrusted result\n"
		       "      --server URL      another ACME directory URL (default: Let's Encrypt\n"
		       "                        or the configured one)\n"
		       "      --eab-kid K       external account binding key id from the CA\n"
		       "      --eab-hmac-key-file FILE  external account binding HMAC key\n"
		       "                        (base64url, first line; mode 600), or set\n"
		       "                        ASTCERT_EAB_HMAC (--eab-hmac H: deprecated,\n"
		       "                        every user sees it in ps)\n"
		       "      --ca-bundle FILE  trust this CA bundle for the ACME server\n"
		       "      --preferred-chain NAME  chain whose top issuer's CN is NAME\n"
		       "      --profile NAME    certificate profile the CA offers (e.g. tlsserver)\n"
		       "      --skip-checks     do not run the domain checks (DNS, CAA, port 80,\n"
		       "                        self-test, clock) before contacting the CA\n"
		       "Key and installation:\n"
		       "      --key TYPE        rsa2048 (default, best for phones), rsa3072,\n"
		       "                        rsa4096, p256 or p384\n"
		       "      --out DIR         directory Asterisk reads (default /etc/asterisk/keys)\n"
		       "      --name NAME       file base name: NAME.crt and NAME.key\n"
		       "                        (default: the first name)\n"
		       "      --owner USER:GROUP  owner of the installed files\n"
		       "                        (default root:asterisk when that group exists)\n"
		       "Output:\n"
		       "      --json            print the result as JSON\n"
		       "      --verbose         print technical details of errors\n"
		       "      --help            show this help and exit\n"
		       "\nExample:\n"
		       "  astcert acme --domain pbx.example.com --email admin@example.com \\\n"
		       "      --agree-tos --staging\n"));
	printf("%s", _("\nDNS-01 challenge (no port 80 needed; wildcards such as *.example.com):\n"
		       "      --challenge TYPE  http-01 (default) or dns-01\n"
		       "      --dns-update rfc2136  publish the TXT records by dynamic update\n"
		       "                        signed with TSIG (BIND, Knot, PowerDNS)\n"
		       "      --dns-server HOST[:PORT]  the zone's primary server (default: the\n"
		       "                        one its SOA record names)\n"
		       "      --dns-zone ZONE   the zone to update (default: found by SOA)\n"
		       "      --dns-tsig-key-file FILE  the TSIG key as tsig-keygen writes it\n"
		       "                        (hmac-sha256 or hmac-sha512; mode 600)\n"
		       "  astcert acme --domain example.com --domain '*.example.com' \\\n"
		       "      --challenge dns-01 --dns-update rfc2136 \\\n"
		       "      --dns-tsig-key-file /etc/astcert/tsig.key --agree-tos\n"));
	printf("%s", _("      --dns-hook PROGRAM  publish them through PROGRAM (a path, run without a\n"
		       "                        shell) as: PROGRAM [ARG...] add|remove NAME VALUE,\n"
		       "                        NAME the record's owner (_acme-challenge...), also\n"
		       "                        in ASTCERT_DNS_ACTION, ASTCERT_DNS_NAME,\n"
		       "                        ASTCERT_DNS_VALUE, ASTCERT_DNS_DOMAIN and certbot's\n"
		       "                        CERTBOT_DOMAIN, CERTBOT_VALIDATION; exit status 0 =\n"
		       "                        done; at most 120 s each\n"
		       "      --dns-hook-arg ARG  one more argument before add|remove (repeat)\n"));
	printf("%s", _("      --dns-manual      by hand: astcert shows the TXT records to create and\n"
		       "                        asks every server of the zone until they show them\n"
		       "                        (at most an hour); renewal then needs you again\n"));
}

/* Where a string option goes (NULL: not a string option). */
static char **
string_option(struct ac_acme_opts *o, int opt)
{
	switch (opt) {
	case OPT_EMAIL:
		return &o->email;
	case OPT_HTTP_ADDRESS:
		return &o->http_address;
	case OPT_WEBROOT:
		return &o->webroot;
	case OPT_SERVER:
		return &o->server;
	case OPT_EAB_KID:
		return &o->eab_kid;
	case OPT_CA_BUNDLE:
		return &o->ca_bundle;
	case OPT_PREFERRED_CHAIN:
		return &o->preferred_chain;
	case OPT_PROFILE:
		return &o->profile;
	case OPT_DNS_SERVER:
		return &o->dns_server;
	case OPT_DNS_ZONE:
		return &o->dns_zone;
	case OPT_DNS_TSIG_KEY_FILE:
		return &o->dns_tsig_key_file;
	default:
		return NULL;
	}
}

static bool
is_dns(enum ac_acme_mode mode)
{
	return mode != AC_ACME_STANDALONE && mode != AC_ACME_WEBROOT;
}

/* --challenge and --dns-update: which solver runs. */
static int
challenge_option(struct ac_acme_opts *o, int opt, const char *arg,
		 struct ac_err *err)
{
	if (opt == OPT_DNS_UPDATE) {
		if (strcmp(arg, "rfc2136") != 0) {
			ac_err_set(err, AC_ERR_USAGE, _("--dns-update \"%s\": the method is rfc2136."),
				   arg);
			return -1;
		}
		o->mode = AC_ACME_DNS_RFC2136;
	} else if (strcmp(arg, "dns-01") == 0) {
		/* a DNS method chosen already stays */
		if (!is_dns(o->mode))
			o->mode = AC_ACME_DNS_RFC2136;
	} else if (strcmp(arg, "http-01") == 0) {
		if (is_dns(o->mode))
			o->mode = o->webroot ? AC_ACME_WEBROOT
					     : AC_ACME_STANDALONE;
	} else {
		ac_err_set(err, AC_ERR_USAGE, _("--challenge \"%s\": give http-01 or dns-01."),
			   arg);
		return -1;
	}
	return 1;
}

/* --dns-hook: the program goes first, whenever --dns-hook-arg came. */
static int
hook_option(struct ac_acme_opts *o, const char *arg)
{
	struct ac_strv *h = &o->dns_hook;
	char *prog;

	ac_strv_add(h, arg);
	prog = h->v[h->n - 1];
	memmove(h->v + 1, h->v, (h->n - 1) * sizeof(*h->v));
	h->v[0] = prog;
	o->mode = AC_ACME_DNS_HOOK;
	return 1;
}

/* The acme-only options; 1 handled, 0 not ours, -1 bad value. */
static int
acme_option(struct ac_acme_opts *o, int opt, const char *arg,
	    struct ac_err *err)
{
	char **dst = string_option(o, opt);

	if (dst) {
		free(*dst);
		*dst = xstrdup(arg);
		if (opt == OPT_WEBROOT)
			o->mode = AC_ACME_WEBROOT;
		return 1;
	}
	switch (opt) {
	case OPT_CHALLENGE:
	case OPT_DNS_UPDATE:
		return challenge_option(o, opt, arg, err);
	case OPT_DNS_HOOK:
		return hook_option(o, arg);
	case OPT_DNS_HOOK_ARG:
		ac_strv_add(&o->dns_hook, arg);
		return 1;
	case OPT_DNS_MANUAL:
		o->mode = AC_ACME_DNS_MANUAL;
		return 1;
	case OPT_AGREE_TOS:
		o->agree_tos = true;
		return 1;
	case OPT_STANDALONE:
		o->mode = AC_ACME_STANDALONE;
		return 1;
	case OPT_STAGING:
		o->staging = true;
		return 1;
	case OPT_SKIP_CHECKS:
		o->skip_checks = true;
		return 1;
	case OPT_HTTP_PORT:
		return cli_parse_port("--http-port", arg, &o->http_port, err) ? 1 : -1;
	case OPT_EAB_HMAC:
		/* a secret: wiped when replaced or freed */
		ac_secret_free(o->eab_hmac, 0);
		o->eab_hmac = xstrdup(arg);
		return 1;
	case OPT_EAB_HMAC_FILE:
		return ac_acme_eab_read(arg, &o->eab_hmac, err) ? 1 : -1;
	default:
		return 0;
	}
}

/* Options that make no sense for a CA-issued certificate. */
static bool
job_option_ok(int opt)
{
	switch (opt) {
	case CLI_OPT_NAME:
	case CLI_OPT_OUT:
	case CLI_OPT_OWNER:
	case CLI_OPT_KEY:
	case CLI_OPT_DNS:
	case CLI_OPT_JSON:
	case CLI_OPT_VERBOSE:
		return true;
	default:
		return false;
	}
}

static int
acme_job_option(struct cli *cli, struct ac_job *job, int opt, const char *arg,
		struct ac_err *err)
{
	int r = acme_option(job->acme, opt, arg, err);

	if (opt == OPT_EAB_HMAC)
		/* other users see command lines in ps */
		fprintf(stderr, _("%s: warning: --eab-hmac shows the key to every user in ps: use --eab-hmac-key-file FILE or ASTCERT_EAB_HMAC.\n"),
			cli->prog);
	if (r == 0 && job_option_ok(opt))
		r = cli_job_option(cli, job, opt, arg, err);
	return r;
}

/* ASTCERT_EAB_HMAC: the MAC key without a file, and never in ps. */
static void
eab_from_env(struct ac_acme_opts *o)
{
	const char *v = getenv("ASTCERT_EAB_HMAC");

	if (!o->eab_hmac && v && *v)
		o->eab_hmac = xstrdup(v);
}

int
cli_acme(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "domain", required_argument, NULL, CLI_OPT_DNS },
		{ "email", required_argument, NULL, OPT_EMAIL },
		{ "agree-tos", no_argument, NULL, OPT_AGREE_TOS },
		{ "standalone", no_argument, NULL, OPT_STANDALONE },
		{ "http-address", required_argument, NULL, OPT_HTTP_ADDRESS },
		{ "http-port", required_argument, NULL, OPT_HTTP_PORT },
		{ "webroot", required_argument, NULL, OPT_WEBROOT },
		{ "staging", no_argument, NULL, OPT_STAGING },
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "eab-kid", required_argument, NULL, OPT_EAB_KID },
		{ "eab-hmac", required_argument, NULL, OPT_EAB_HMAC },
		{ "eab-hmac-key-file", required_argument, NULL, OPT_EAB_HMAC_FILE },
		{ "ca-bundle", required_argument, NULL, OPT_CA_BUNDLE },
		{ "preferred-chain", required_argument, NULL, OPT_PREFERRED_CHAIN },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "skip-checks", no_argument, NULL, OPT_SKIP_CHECKS },
		{ "challenge", required_argument, NULL, OPT_CHALLENGE },
		{ "dns-update", required_argument, NULL, OPT_DNS_UPDATE },
		{ "dns-server", required_argument, NULL, OPT_DNS_SERVER },
		{ "dns-zone", required_argument, NULL, OPT_DNS_ZONE },
		{ "dns-tsig-key-file", required_argument, NULL, OPT_DNS_TSIG_KEY_FILE },
		{ "dns-hook", required_argument, NULL, OPT_DNS_HOOK },
		{ "dns-hook-arg", required_argument, NULL, OPT_DNS_HOOK_ARG },
		{ "dns-manual", no_argument, NULL, OPT_DNS_MANUAL },
		{ "key", required_argument, NULL, CLI_OPT_KEY },
		{ "name", required_argument, NULL, CLI_OPT_NAME },
		{ "out", required_argument, NULL, CLI_OPT_OUT },
		{ "owner", required_argument, NULL, CLI_OPT_OWNER },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_job job;
	int status;

	ac_job_init(&job, AC_JOB_ACME, &cli->cfg);
	job.acme = ac_acme_opts_new();
	status = cli_parse_job(cli, "acme", argc, argv, opts, &job,
			       acme_job_option, help);
	eab_from_env(job.acme);
	if (status < 0 && job.names.dns.n == 0)
		status = cli_usage_error(cli, "acme", _("give at least one --domain"));
	if (status < 0)
		status = cli_run_job(cli, &job, job.acme->staging ?
				     _("Staging certificate installed (a rehearsal: clients will not trust it).") :
				     _("Certificate issued by the CA and installed."));
	ac_job_clear(&job);
	return status;
}
