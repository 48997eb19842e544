/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert status: every managed certificate, for people and for monitoring. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "src/i18n.h"
#include "src/inventory.h"
#include "src/text.h"
#include "src/util.h"
#include "ui/cli.h"

enum {
	OPT_WARN_DAYS = CLI_OPT_FIRST_COMMAND,
	OPT_CRIT_DAYS,
	OPT_NO_COLOR,
};

/* Nagios plugin states, which Zabbix and Icinga understand too. */
enum level { LEVEL_OK, LEVEL_WARNING, LEVEL_CRITICAL, LEVEL_UNKNOWN };

static void
help(void)
{
	printf("%s", _("Usage: astcert status [--json] [--warn-days N [--crit-days M]]\n"
		       "List every certificate astcert manages: names, issuer, days left, how it\n"
		       "renews and how its last renewal went.\n\n"
		       "      --json         JSON for monitoring\n"
		       "      --warn-days N  monitoring check: exit 1 (WARNING) when a certificate\n"
		       "                     expires within N days or its last renewal failed\n"
		       "      --crit-days M  exit 2 (CRITICAL) when one expires within M days or\n"
		       "                     has expired (default with --warn-days: 0)\n"
		       "      --no-color     no colours (also: NO_COLOR in the environment)\n"
		       "      --verbose      print technical details of errors\n"
		       "      --help         show this help and exit\n\n"
		       "Exit status: without --warn-days 0, 1 when the state cannot be read,\n"
		       "2 bad usage.  With it, as Nagios plugins: 0 OK, 1 WARNING, 2 CRITICAL,\n"
		       "3 UNKNOWN (also for bad usage).\n"));
}

static enum level
level_of(const struct ac_inventory_item *it, int warn, int crit)
{
	if (!it->have_info)
		return LEVEL_UNKNOWN;
	/* Asterisk cannot serve a pair that does not match */
	if (it->deployed || it->info.days_left < 0 || it->info.days_left < crit)
		return LEVEL_CRITICAL;
	if (it->info.days_left < warn || (it->last.when && !it->last.ok))
		return LEVEL_WARNING;
	return LEVEL_OK;
}

static const char *const level_names[] = { "OK", "WARNING", "CRITICAL",
					   "UNKNOWN" };
static const char *const level_colors[] = { "\033[32m", "\033[33m",
					    "\033[31m", "\033[35m" };

/* Every line is astcert's own: what a certificate or a file says comes
 * escaped (src/text.h), so that nothing forges a line for the monitoring. */
static char *
names_line(const struct ac_certinfo *info)
{
	char *names = cli_names(info, cli_utf8()), *cn;

	if (*names || !info->cn)
		return names;
	free(names);
	cn = ac_text_esc_rendered(info->cn);
	names = xasprintf("CN:%s", cn);
	free(cn);
	return names;
}

/* The labels of a certificate's lines, in a column as wide as the widest
 * in this language (translators never count spaces). */
enum label { L_NAMES, L_ISSUER, L_RENEWAL, L_CA, L_LAST, L_COUNT };

static const char *
label(enum label l)
{
	switch (l) {
	/* TRANSLATORS: astcert status: the certificate's names */
	case L_NAMES: return C_("status", "names:");
	/* TRANSLATORS: astcert status: who signed the certificate */
	case L_ISSUER: return C_("status", "issuer:");
	/* TRANSLATORS: astcert status: how and when it is renewed */
	case L_RENEWAL: return C_("status", "renewal:");
	/* TRANSLATORS: astcert status: what the CA says of its renewal */
	case L_CA: return C_("status", "the CA:");
	/* TRANSLATORS: astcert status: the last renewal */
	default: return C_("status", "last:");
	}
}

/* "  label:   value", the value starting one column after the widest
 * label, whatever the language */
static void
line(enum label l, const char *value)
{
	int width = 0;

	for (int i = 0; i < L_COUNT; i++)
		if (cli_columns(label((enum label)i)) > width)
			width = cli_columns(label((enum label)i));
	fputs("  ", stdout);
	cli_print_padded(label(l), width + 2);
	printf("%s\n", value);
}

static void
print_last(const struct ac_inventory_item *it)
{
	char date[32], *msg, *v;

	if (!it->last.when) {
		if (ac_inventory_method_automatic(it->method))
			line(L_LAST, _("not renewed yet"));
		return;
	}
	/* stored escaped; escaped again in case an older astcert wrote it */
	msg = ac_text_esc_rendered(it->last.message);
	ac_date(it->last.when, date, sizeof(date));
	/* TRANSLATORS: the last renewal: its date, OK or FAILED, and what
	 * happened */
	v = xasprintf(_("%s %s: %s"), date,
		      /* TRANSLATORS: how the last renewal went */
		      it->last.ok ? _("OK")
		      /* TRANSLATORS: how the last renewal went */
		      : _("FAILED"), msg);
	line(L_LAST, v);
	free(v);
	free(msg);
}

static void
print_head(struct cli *cli, const struct ac_inventory_item *it,
	   enum level l)
{
	/* the Unicode form beside the xn-- one the directory is named by */
	char *name = ac_name_shown(it->name, cli_utf8());

	if (cli->color)
		printf("\033[1m%s\033[0m  %s%s\033[0m", name,
		       level_colors[l], level_names[l]);
	else
		printf("%s  %s", name, level_names[l]);
	free(name);
	if (!it->have_info) {
		char *problem = ac_text_esc_rendered(it->problem);

		printf("\n  %s\n", problem);
		free(problem);
	}
}

static void
print_body(const struct ac_inventory_item *it)
{
	char date[32], *v = names_line(&it->info);

	line(L_NAMES, v);
	free(v);
	v = it->info.self_signed
		    ? xasprintf(_("%s (self-signed)"), it->info.issuer)
		    : xstrdup(it->info.issuer);
	line(L_ISSUER, v);
	free(v);
	ac_date(it->due, date, sizeof(date));
	/* TRANSLATORS: how a certificate renews, and the date it is due */
	v = it->method == AC_RENEW_MANUAL
		    ? xstrdup(ac_inventory_method_text(it->method))
		    : xasprintf(_("%s, due %s"),
				ac_inventory_method_text(it->method), date);
	line(L_RENEWAL, v);
	free(v);
	if (it->explanation) {
		char *url = ac_text_esc(it->explanation);

		v = xasprintf(_("explains its renewal window at %s"), url);
		line(L_CA, v);
		free(v);
		free(url);
	}
	print_last(it);
}

static void
print_text(struct cli *cli, const struct ac_inventory_item *it, size_t n,
	   int warn, int crit)
{
	if (!n)
		printf("%s\n", _("astcert manages no certificate yet."));
	for (size_t i = 0; i < n; i++) {
		enum level l = level_of(&it[i], warn, crit);
		char date[32], *left;

		if (i)
			putchar('\n');
		print_head(cli, &it[i], l);
		if (!it[i].have_info)
			continue;
		if (it[i].deployed)
			printf("  %s\n", it[i].deployed);
		ac_date(it[i].info.not_after, date, sizeof(date));
		if (it[i].info.days_left >= 0)
			left = xasprintf(ngettext("%ld day left (until %s)",
						  "%ld days left (until %s)",
						  ac_plural_n(it[i].info.days_left)),
					 it[i].info.days_left, date);
		else
			left = xasprintf(ngettext("EXPIRED %ld day ago (%s)",
						  "EXPIRED %ld days ago (%s)",
						  ac_plural_n(it[i].info.days_left)),
					 -it[i].info.days_left, date);
		printf("  %s\n", left);
		free(left);
		print_body(&it[i]);
	}
}

static json_t *
item_json(const struct ac_inventory_item *it, int warn, int crit)
{
	char na[32], due[32], last[32];
	json_t *o = json_pack("{s:o, s:s, s:s}", "name",
			      cli_json_text(it->name), "kind", it->kind, "state",
			      level_names[level_of(it, warn, crit)]);

	if (!it->have_info) {
		json_object_set_new(o, "problem", cli_json_text(it->problem));
		return o;
	}
	if (it->deployed)
		json_object_set_new(o, "deployed_problem",
				    cli_json_text(it->deployed));
	ac_time_utc(it->info.not_after, na, sizeof(na));
	ac_time_utc(it->due, due, sizeof(due));
	json_object_set_new(o, "dns", cli_strv_json(&it->info.dns));
	json_object_set_new(o, "ip", cli_strv_json(&it->info.ip));
	json_object_set_new(o, "issuer", json_string(it->info.issuer));
	json_object_set_new(o, "serial", json_string(it->info.serial));
	json_object_set_new(o, "sha256", json_string(it->info.sha256));
	json_object_set_new(o, "not_after", json_string(na));
	json_object_set_new(o, "not_after_epoch",
			    json_integer((json_int_t)it->info.not_after));
	json_object_set_new(o, "days_left",
			    json_integer((json_int_t)it->info.days_left));
	json_object_set_new(o, "renewal", json_pack("{s:b, s:s}",
		"automatic", ac_inventory_method_automatic(it->method), "due", due));
	if (it->explanation)
		json_object_set_new(o, "ari_explanation",
				    cli_json_text(it->explanation));
	if (it->last.when) {
		ac_time_utc(it->last.when, last, sizeof(last));
		json_object_set_new(o, "last_renewal", json_pack("{s:s, s:b, s:o}",
			"when", last, "ok", it->last.ok, "message",
			cli_json_text(it->last.message ? it->last.message
							: "")));
	} else {
		json_object_set_new(o, "last_renewal", json_null());
	}
	return o;
}

/* --json: what runs the renewals (enum ac_timer) */
static const char *const timer_names[] = { "missing", "off", "on", "cron" };

/*
 * A certificate astcert renews by itself renews only when the timer runs:
 * when it does not, the last line says so and what to run.
 */
static void
print_timer(const struct ac_inventory_item *it, size_t n, enum ac_timer timer)
{
	bool automatic = false;

	for (size_t i = 0; i < n; i++)
		automatic = automatic || (it[i].have_info &&
				ac_inventory_method_automatic(it[i].method));
	if (automatic && !ac_inventory_timer_runs(timer))
		printf("\n%s\n", ac_inventory_timer_text(timer));
}

int
cli_status(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "warn-days", required_argument, NULL, OPT_WARN_DAYS },
		{ "crit-days", required_argument, NULL, OPT_CRIT_DAYS },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct ac_inventory_item *items = NULL;
	struct ac_err err = AC_ERR_INIT;
	int opt, warn = -1, crit = 0, worst = LEVEL_OK;
	int bad_usage = CLI_EXIT_USAGE;
	enum ac_timer timer;
	size_t n = 0;

	/* as a monitoring plugin, bad usage is UNKNOWN, not CRITICAL (2) */
	for (int i = 1; i < argc; i++)
		if (strncmp(argv[i], "--warn-days", 11) == 0 ||
		    strncmp(argv[i], "--crit-days", 11) == 0)
			bad_usage = LEVEL_UNKNOWN;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_WARN_DAYS:
		case OPT_CRIT_DAYS:
			if (!cli_parse_int(optarg, 0, 36500, opt == OPT_WARN_DAYS ? &warn : &crit)) {
				cli_usage_error(cli, "status",
						_("\"%s\" is not a number of days"),
						optarg);
				return bad_usage;
			}
			break;
		case OPT_NO_COLOR: cli->color = false; break;
		case CLI_OPT_JSON: cli->json = true; break;
		case CLI_OPT_VERBOSE: cli->verbose = true; break;
		case CLI_OPT_HELP: help(); return CLI_EXIT_OK;
		default:
			cli_bad_option(cli, "status");
			return bad_usage;
		}
	}
	if (optind < argc) {
		cli_usage_error(cli, "status", _("unexpected argument \"%s\""),
				argv[optind]);
		return bad_usage;
	}
	if (!ac_inventory_list(&cli->ctx, &cli->cfg, &items, &n, &err)) {
		int status = cli_fail(cli, &err);

		ac_err_clear(&err);
		return warn >= 0 ? LEVEL_UNKNOWN : status;
	}
	timer = ac_inventory_timer(&cli->ctx);
	/* without --warn-days the levels still show, against renewal */
	for (size_t i = 0; i < n; i++) {
		enum level l = level_of(&items[i], warn >= 0 ? warn
						   : cli->cfg.renew_days, crit);

		if (l > (enum level)worst)
			worst = l;
	}
	if (cli->json) {
		json_t *arr = json_array(), *o;
		char *s;

		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, item_json(&items[i],
				warn >= 0 ? warn : cli->cfg.renew_days, crit));
		o = json_pack("{s:s, s:s, s:o}", "state", level_names[worst],
			      "timer", timer_names[timer], "certificates", arr);
		s = json_dumps(o, CLI_JSON_FLAGS);
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(o);
	} else {
		print_text(cli, items, n, warn >= 0 ? warn : cli->cfg.renew_days,
			   crit);
		print_timer(items, n, timer);
	}
	ac_inventory_free(items, n);
	return warn >= 0 ? worst : CLI_EXIT_OK;
}
