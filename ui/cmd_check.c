/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert check: the domain checks, printed live with reason and fix. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "src/checks.h"
#include "src/i18n.h"
#include "ui/cli.h"

enum {
	OPT_SERVER = CLI_OPT_FIRST_COMMAND,
	OPT_RESOLVER,
	OPT_HTTP_PORT,
	OPT_CA_BUNDLE,
	OPT_WEBROOT,
	OPT_STANDALONE,
	OPT_ONLY,
	OPT_ASTERISK_USER,
	OPT_CHALLENGE,
	OPT_DNS_UPDATE,
	OPT_DNS_SERVER,
	OPT_DNS_ZONE,
	OPT_DNS_TSIG_KEY_FILE,
	OPT_DNS_HOOK,
	OPT_DNS_MANUAL,
};

struct check_out {
	const struct cli *cli;
	bool utf8;
	size_t counts[4];	/* per enum ac_check_status */
};

static void
help(void)
{
	printf("%s", _("Usage: astcert check NAME... [OPTION]...\n"
		       "Check, before asking a CA, what a Let's Encrypt (HTTP-01) certificate for\n"
		       "each NAME needs: the name, its DNS addresses, CAA records, the HTTP port,\n"
		       "an end-to-end self-test, the clock, and the Asterisk user.\n\n"
		       "Options:\n"
		       "      --server URL      ACME directory URL (default: the configured CA)\n"
		       "      --resolver IP[:PORT]  DNS server to ask (default: the system's)\n"
		       "      --http-port N     port the CA connects to (default 80)\n"
		       "      --ca-bundle FILE  CA certificates for the ACME server's TLS\n"
		       "      --webroot DIR     a web server on the port serves DIR (webroot mode)\n"
		       "      --standalone      the built-in responder must get the port\n"
		       "      --only LIST       run only these checks (comma-separated): name, dns,\n"
		       "                        caa, port, selftest, ca, clock, asterisk\n"
		       "      --out DIR         key directory to check (default /etc/asterisk/keys)\n"
		       "      --owner USER:GROUP  owner the key will have\n"
		       "      --asterisk-user USER[:GROUP]  the user and group Asterisk runs as\n"
		       "                        (default asterisk:asterisk)\n"
		       "      --json            print the results as JSON\n"
		       "      --verbose         print technical details of errors\n"
		       "      --help            show this help and exit\n\n"
		       "Exit status: 0 when no check failed (warnings allowed), 1 when one\n"
		       "failed, 2 on bad usage.\n\n"
		       "Example:\n"
		       "  astcert check pbx.example.com --resolver 1.1.1.1\n"));
	printf("%s", _("\nDNS-01 (no port 80; wildcards such as *.example.com): the checks are the\n"
		       "name, CAA (issuewild for wildcards), the zone and its servers (zone), the\n"
		       "update method (update), DNSSEC (dnssec), the CA and the clock.\n"
		       "      --challenge TYPE  http-01 (default) or dns-01\n"
		       "      --dns-update rfc2136  by dynamic update (the default method)\n"
		       "      --dns-server HOST[:PORT]  the zone's primary (default: its SOA's)\n"
		       "      --dns-zone ZONE   the zone (default: found by SOA)\n"
		       "      --dns-tsig-key-file FILE  the TSIG key: a test record is added and\n"
		       "                        removed again\n"
		       "      --dns-hook PROGRAM  through this program (checked that it can run)\n"
		       "      --dns-manual      by hand\n"
		       "      --only LIST       also: zone, update, dnssec\n"
		       "  astcert check '*.example.com' example.com --challenge dns-01 \\\n"
		       "      --dns-tsig-key-file /etc/astcert/tsig.key\n"));
}

/* Without UTF-8, the check marks are words of the language, in a column
 * as wide as the widest. */
static const char *
ascii_mark(enum ac_check_status s)
{
	switch (s) {
	/* TRANSLATORS: a check mark without UTF-8: the check passed */
	case AC_STATUS_OK: return C_("check mark", "ok");
	/* TRANSLATORS: a check mark without UTF-8: a warning */
	case AC_STATUS_WARN: return C_("check mark", "warn");
	/* TRANSLATORS: a check mark without UTF-8: the check failed */
	case AC_STATUS_FAIL: return C_("check mark", "FAIL");
	/* TRANSLATORS: a check mark without UTF-8: the check was skipped */
	default: return C_("check mark", "skip");
	}
}

static void
print_mark(const struct check_out *out, enum ac_check_status s)
{
	static const char *const utf8[] = { "\u2713", "!", "\u2717", "-" };
	int width = 0;

	if (out->utf8) {
		fputs(utf8[s], stdout);
		return;
	}
	for (int i = AC_STATUS_OK; i <= AC_STATUS_SKIP; i++)
		if (cli_columns(ascii_mark((enum ac_check_status)i)) > width)
			width = cli_columns(ascii_mark((enum ac_check_status)i));
	cli_print_padded(ascii_mark(s), width);
}

static void
print_check(void *arg, const struct ac_check *c, size_t index, size_t total)
{
	struct check_out *out = arg;
	const char *option;

	(void)index;
	(void)total;
	out->counts[c->status]++;
	print_mark(out, c->status);
	printf(" %s: %s\n", c->title, c->reason);
	option = cli_field_option(out->cli, c->field);
	if (c->fix && c->status != AC_STATUS_OK) {
		fputs("    ", stdout);
		if (option)
			/* TRANSLATORS: a check's fix, then the option that
			 * makes it */
			printf(_("fix: %s (option %s)\n"), c->fix, option);
		else
			/* TRANSLATORS: how to fix what a check found */
			printf(_("fix: %s\n"), c->fix);
	}
	fflush(stdout);
}

/* "3 checks passed, 1 warning, 0 failed": each count in its own plural */
static void
print_summary(const struct check_out *out)
{
	size_t ok = out->counts[AC_STATUS_OK];
	size_t warn = out->counts[AC_STATUS_WARN];
	size_t fail = out->counts[AC_STATUS_FAIL];
	char *passed = xasprintf(ngettext("%zu check passed",
					  "%zu checks passed", ok), ok);
	/* TRANSLATORS: a count of warnings in the summary of astcert check */
	char *warned = xasprintf(ngettext("%zu warning", "%zu warnings", warn),
				 warn);
	/* TRANSLATORS: the number of checks that failed */
	char *failed = xasprintf(ngettext("%zu failed", "%zu failed", fail),
				 fail);

	/* TRANSLATORS: the summary of astcert check: the three counts
	 * above, e.g. "3 checks passed, 1 warning, 0 failed" */
	printf(_("%1$s, %2$s, %3$s\n"), passed, warned, failed);
	free(failed);
	free(warned);
	free(passed);
}

static void
print_json(const struct ac_check_list *list)
{
	json_t *a = json_array(), *o;
	char *s;

	for (size_t i = 0; i < list->n; i++) {
		const struct ac_check *c = &list->v[i];

		json_array_append_new(a, json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s?}",
			"check", ac_check_id_name(c->id), "name", c->subject,
			"title", c->title,
			"status", ac_check_status_name(c->status),
			"reason", c->reason, "fix", c->fix));
	}
	o = json_pack("{s:s, s:o}", "status",
		      ac_check_status_name(ac_checks_worst(list)),
		      "checks", a);
	s = json_dumps(o, CLI_JSON_FLAGS);
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(o);
}

static bool
parse_only(const char *arg, unsigned *which, struct ac_err *err)
{
	char *copy = xstrdup(arg), *save = NULL;
	bool ok = true;

	*which = 0;
	for (char *t = strtok_r(copy, ",", &save); t && ok;
	     t = strtok_r(NULL, ",", &save)) {
		int id = ac_check_id_parse(t);

		if (id < 0)
			ok = ac_err_set(err, AC_ERR_USAGE,
					_("--only: unknown check \"%s\" (name, dns, caa, port, selftest, ca, clock, asterisk, zone, update, dnssec)."),
					t);
		else
			*which |= 1u << id;
	}
	free(copy);
	return ok && *which;
}

/* --challenge and the DNS-01 options; 0 when opt is none of them. */
static int
dns01_option(struct ac_check_opts *o, int opt, char *arg, struct ac_err *err)
{
	switch (opt) {
	case OPT_CHALLENGE:
		if (strcmp(arg, "dns-01") == 0 || strcmp(arg, "http-01") == 0) {
			o->dns01 = strcmp(arg, "dns-01") == 0;
			return 1;
		}
		ac_err_set(err, AC_ERR_USAGE,
			   _("--challenge \"%s\": give http-01 or dns-01."), arg);
		return -1;
	case OPT_DNS_UPDATE:
		if (strcmp(arg, "rfc2136") != 0) {
			ac_err_set(err, AC_ERR_USAGE,
				   _("--dns-update \"%s\": the method is rfc2136."),
				   arg);
			return -1;
		}
		o->dns_method = AC_CHECK_DNS_RFC2136;
		break;
	case OPT_DNS_SERVER: o->dns_server = arg; break;
	case OPT_DNS_ZONE: o->dns_zone = arg; break;
	case OPT_DNS_TSIG_KEY_FILE: o->dns_tsig_key_file = arg; break;
	case OPT_DNS_HOOK:
		o->dns_hook = arg;
		o->dns_method = AC_CHECK_DNS_HOOK;
		break;
	case OPT_DNS_MANUAL: o->dns_method = AC_CHECK_DNS_MANUAL; break;
	default: return 0;
	}
	/* a DNS method implies the DNS-01 challenge */
	o->dns01 = true;
	return 1;
}

static bool
parse_option(struct cli *cli, struct ac_check_opts *o, const char **owner,
	     int opt, char *arg, struct ac_err *err)
{
	char *colon;
	int dns = dns01_option(o, opt, arg, err);

	if (dns)
		return dns > 0;
	switch (opt) {
	case OPT_SERVER:
		o->directory = arg;
		return true;
	case OPT_RESOLVER:
		cli->ctx.resolver = arg;
		return true;
	case OPT_HTTP_PORT:
		return cli_parse_port("--http-port", arg, &o->http_port, err);
	case OPT_CA_BUNDLE:
		cli->ctx.ca_bundle = arg;
		return true;
	case OPT_WEBROOT:
		o->webroot = arg;
		return true;
	case OPT_STANDALONE:
		o->standalone = true;
		return true;
	case OPT_ONLY:
		return parse_only(arg, &o->which, err);
	case OPT_ASTERISK_USER:
		/* USER[:GROUP]; the string lives as long as argv */
		o->asterisk_user = arg;
		if ((colon = strchr(arg, ':'))) {
			*colon = '\0';
			o->asterisk_group = colon + 1;
		}
		return true;
	case CLI_OPT_OUT:
		o->key_dir = arg;
		return true;
	case CLI_OPT_OWNER:
		*owner = arg;
		return true;
	case CLI_OPT_JSON:
		cli->json = true;
		return true;
	case CLI_OPT_VERBOSE:
		cli->verbose = true;
		return true;
	}
	return ac_err_set(err, AC_ERR_USAGE, "?");
}

int
cli_check(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "resolver", required_argument, NULL, OPT_RESOLVER },
		{ "http-port", required_argument, NULL, OPT_HTTP_PORT },
		{ "ca-bundle", required_argument, NULL, OPT_CA_BUNDLE },
		{ "webroot", required_argument, NULL, OPT_WEBROOT },
		{ "standalone", no_argument, NULL, OPT_STANDALONE },
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "asterisk-user", required_argument, NULL, OPT_ASTERISK_USER },
		{ "challenge", required_argument, NULL, OPT_CHALLENGE },
		{ "dns-update", required_argument, NULL, OPT_DNS_UPDATE },
		{ "dns-server", required_argument, NULL, OPT_DNS_SERVER },
		{ "dns-zone", required_argument, NULL, OPT_DNS_ZONE },
		{ "dns-tsig-key-file", required_argument, NULL, OPT_DNS_TSIG_KEY_FILE },
		{ "dns-hook", required_argument, NULL, OPT_DNS_HOOK },
		{ "dns-manual", no_argument, NULL, OPT_DNS_MANUAL },
		{ "out", required_argument, NULL, CLI_OPT_OUT },
		{ "owner", required_argument, NULL, CLI_OPT_OWNER },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_check_opts o = { 0 };
	struct ac_check_list list = { 0 };
	struct check_out out = { .cli = cli };
	struct ac_err err = AC_ERR_INIT;
	struct ac_owner owner = { 0 };
	const char *owner_spec = NULL;
	int opt, status;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == CLI_OPT_HELP) {
			help();
			ac_strv_clear(&o.names);
			return CLI_EXIT_OK;
		}
		if (opt == '?' || opt == ':') {
			ac_strv_clear(&o.names);
			return cli_bad_option(cli, "check");
		}
		if (!parse_option(cli, &o, &owner_spec, opt, optarg, &err))
			goto fail;
	}
	for (int i = optind; i < argc; i++)
		ac_strv_add(&o.names, argv[i]);
	if (!o.names.n && (!o.which || o.which & ((1u << AC_CHECK_NAME) |
		(1u << AC_CHECK_DNS) | (1u << AC_CHECK_CAA) |
		(1u << AC_CHECK_SELFTEST) | AC_CHECKS_DNS01_ONLY)))
		return cli_usage_error(cli, "check",
				       _("name the host to check, e.g. astcert check pbx.example.com"));
	if (o.webroot && o.standalone)
		return cli_usage_error(cli, "check",
				       _("--webroot and --standalone exclude each other"));
	if (!o.directory)
		o.directory = cli->cfg.acme_directory;
	/* the configured CA's CAA name is no other CA's */
	if (o.directory && cli->cfg.acme_directory &&
	    strcmp(o.directory, cli->cfg.acme_directory) == 0)
		o.caa_identity = cli->cfg.acme_caa_identity;
	if (!o.key_dir)
		o.key_dir = cli->cfg.key_dir;
	if (!owner_spec)
		owner_spec = cli->cfg.owner;
	if (owner_spec) {
		if (!ac_owner_parse(owner_spec, &owner, &err))
			goto fail;
		o.owner = &owner;
	}
	out.utf8 = cli_utf8();
	if (!cli->json) {
		o.on_check = print_check;
		o.on_check_arg = &out;
	}
	if (!o.asterisk_user)
		o.asterisk_user = cli->cfg.asterisk_user;
	if (!ac_checks_run(&cli->ctx, &o, &list, &err))
		goto fail;
	if (cli->json)
		print_json(&list);
	else
		print_summary(&out);
	status = ac_checks_worst(&list) == AC_STATUS_FAIL ? CLI_EXIT_FAIL
							  : CLI_EXIT_OK;
	goto out;
fail:
	status = cli_fail(cli, &err);
	ac_err_clear(&err);
out:
	ac_owner_clear(&owner);
	ac_check_list_clear(&list);
	ac_strv_clear(&o.names);
	return status;
}
