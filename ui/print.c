/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CLI output: certificate summaries, results and warnings, text or JSON. */
#include <config.h>

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <jansson.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/text.h"
#include "src/util.h"
#include "ui/cli.h"

int
cli_columns(const char *s)
{
	size_t n = mbstowcs(NULL, s, 0);
	wchar_t *w;
	int cols;

	if (n == (size_t)-1)
		return (int)strlen(s);
	w = xcalloc(n + 1, sizeof(*w));
	mbstowcs(w, s, n + 1);
	cols = wcswidth(w, n);
	free(w);
	return cols < 0 ? (int)strlen(s) : cols;
}

void
cli_print_padded(const char *s, int width)
{
	printf("%s%*s", s, width > cli_columns(s) ? width - cli_columns(s) : 0,
	       "");
}

static void
row(const char *label, int width, const char *value)
{
	printf("  %s%*s  %s\n", label, width - cli_columns(label), "", value);
}

bool
cli_utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

char *
cli_names(const struct ac_certinfo *info, bool utf8)
{
	struct ac_buf b = { 0 };

	ac_buf_add(&b, "", 0);
	for (size_t i = 0; i < info->dns.n; i++) {
		char *shown = ac_name_shown(info->dns.v[i], utf8);

		ac_buf_printf(&b, "%sDNS:%s", b.len ? ", " : "", shown);
		free(shown);
	}
	for (size_t i = 0; i < info->ip.n; i++)
		ac_buf_printf(&b, "%sIP:%s", b.len ? ", " : "", info->ip.v[i]);
	return ac_buf_steal(&b, NULL);
}

static char *
names_text(const struct ac_certinfo *info)
{
	char *names = cli_names(info, cli_utf8());

	if (*names)
		return names;
	free(names);
	return xstrdup(_("(none: clients that check names will refuse it)"));
}

json_t *
cli_json_text(const char *s)
{
	json_t *j;
	char *safe;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* JSON holds only UTF-8: the escaped form of anything else */
	safe = ac_text_esc(s);
	j = json_string(safe);
	free(safe);
	return j;
}

json_t *
cli_strv_json(const struct ac_strv *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, cli_json_text(l->v[i]));
	return a;
}

static json_t *
certinfo_json(const struct ac_certinfo *info)
{
	char nb[32], na[32];

	ac_time_utc(info->not_before, nb, sizeof(nb));
	ac_time_utc(info->not_after, na, sizeof(na));
	return json_pack("{s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:b}",
			 "subject", info->subject, "cn", cli_json_text(info->cn),
			 "issuer", info->issuer,
			 "dns", cli_strv_json(&info->dns), "ip", cli_strv_json(&info->ip),
			 "serial", info->serial, "sha256", info->sha256,
			 "not_before", nb, "not_after", na,
			 "days_left", (json_int_t)info->days_left,
			 "key", info->key, "signature", info->sigalg,
			 "ca", info->is_ca, "self_signed", info->self_signed);
}

void
cli_print_json(json_t *obj)
{
	char *s = json_dumps(obj, CLI_JSON_FLAGS);

	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(obj);
}

void
cli_print_certinfo(struct cli *cli, const struct ac_certinfo *info)
{
	const char *labels[] = {
		/* TRANSLATORS: the labels of a certificate's fields, in a
		 * column the program aligns: no padding needed */
		_("Subject"),
		/* TRANSLATORS: certificate field: its host names and
		 * addresses */
		_("Names"),
		/* TRANSLATORS: certificate field: who signed it */
		_("Issuer"),
		/* TRANSLATORS: certificate field: the serial number */
		_("Serial"),
		/* TRANSLATORS: certificate field: its SHA-256 fingerprint */
		_("SHA-256"),
		/* TRANSLATORS: certificate field: the start of its validity */
		_("Valid from"),
		/* TRANSLATORS: certificate field: its expiry date */
		_("Valid until"),
		/* TRANSLATORS: certificate field: the key's algorithm and
		 * size, e.g. RSA 2048 */
		C_("certificate field", "Key"),
		/* TRANSLATORS: certificate field: the signature algorithm */
		_("Signature"),
	};
	char nb[32], na[32], *names, *until, *issuer;
	int width = 0;

	if (cli->json) {
		cli_print_json(certinfo_json(info));
		return;
	}
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (cli_columns(labels[i]) > width)
			width = cli_columns(labels[i]);
	ac_date(info->not_before, nb, sizeof(nb));
	ac_date(info->not_after, na, sizeof(na));
	names = names_text(info);
	if (info->days_left >= 0)
		until = xasprintf(ngettext("%s (%ld day left)",
					   "%s (%ld days left)",
					   ac_plural_n(info->days_left)),
				  na, info->days_left);
	else
		until = xasprintf(ngettext("%s (EXPIRED %ld day ago)",
					   "%s (EXPIRED %ld days ago)",
					   ac_plural_n(info->days_left)),
				  na, -info->days_left);
	issuer = info->self_signed
			 /* TRANSLATORS: %s is the issuer's name */
			 ? xasprintf(_("%s (self-signed)"), info->issuer)
			 : xstrdup(info->issuer);
	row(labels[0], width, info->subject);
	row(labels[1], width, names);
	row(labels[2], width, issuer);
	row(labels[3], width, info->serial);
	row(labels[4], width, info->sha256);
	row(labels[5], width, nb);
	row(labels[6], width, until);
	row(labels[7], width, info->key);
	row(labels[8], width, info->sigalg);
	free(issuer);
	free(until);
	free(names);
}

void
cli_print_warnings(struct cli *cli, const struct ac_strv *warnings)
{
	for (size_t i = 0; i < warnings->n; i++) {
		char *safe = ac_text_esc_rendered(warnings->v[i]);

		fprintf(stderr, _("%s: warning: %s\n"), cli->prog, safe);
		free(safe);
	}
}

void
cli_print_result(struct cli *cli, const struct ac_job *job,
		 const char *headline)
{
	const struct ac_job_result *r = &job->result;

	cli_print_warnings(cli, &r->warnings);
	if (cli->json) {
		json_t *o = json_object();

		if (r->have_info)
			json_object_set_new(o, "certificate",
					    certinfo_json(&r->info));
		json_object_set_new(o, "files", cli_strv_json(&r->files));
		json_object_set_new(o, "warnings", cli_strv_json(&r->warnings));
		if (r->csr_pem)
			json_object_set_new(o, "csr", json_string(r->csr_pem));
		cli_print_json(o);
		return;
	}
	printf("%s\n\n", headline);
	if (r->have_info) {
		cli_print_certinfo(cli, &r->info);
		putchar('\n');
	}
	if (r->files.n) {
		printf("%s\n", _("Files written:"));
		for (size_t i = 0; i < r->files.n; i++)
			printf("  %s\n", r->files.v[i]);
	}
	if (r->files.n >= 2) {
		printf("\n%s\n", _("For Asterisk, in pjsip.conf:"));
		printf("  [transport-tls]\n  type=transport\n  protocol=tls\n"
		       "  bind=0.0.0.0:5061\n  cert_file=%s\n  priv_key_file=%s\n"
		       "  method=tlsv1_2\n", r->files.v[0], r->files.v[1]);
	}
}
