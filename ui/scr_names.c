/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The names screen: DNS names (IDN allowed) and IP addresses. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static bool
add_dns(struct ac_names *names, const char *word, struct ac_err *err)
{
	return ac_names_add_dns(names, word, AC_NAME_WILDCARD, err);
}

/* An address typed as a name on the ACME path: err says why not. */
static bool
acme_address(const struct wiz *w, const char *word, struct ac_err *err)
{
	if (!ac_ip_is_literal(word) || !wiz_on_path(w, WIZ_P(WIZ_PATH_ACME)))
		return false;
	ac_err_set(err, AC_ERR_INPUT,
		   _("%s is an IP address: an ACME CA certifies names only. Give a DNS name, or choose the private CA for addresses."),
		   word);
	return true;
}

/*
 * Each word of the field through add; Let's Encrypt certifies names only,
 * so there an address typed as a name gets its own reason.
 */
static bool
each_name(struct wiz *w, struct wg_field *f, struct ac_err *err,
	  bool (*add)(struct ac_names *, const char *, struct ac_err *))
{
	struct ac_names names = { 0 };
	char *text = wg_field_get(f), *save = NULL, *word;
	bool ok = true;

	for (word = strtok_r(text, " ,;", &save); word && ok;
	     word = strtok_r(NULL, " ,;", &save))
		ok = (add != add_dns || !acme_address(w, word, err)) &&
		     add(&names, word, err);
	free(text);
	ac_names_clear(&names);
	return ok;
}

static bool
dns_valid(struct wiz *w, struct ac_err *err)
{
	return each_name(w, &w->ans.dns, err, add_dns);
}

static bool
ip_valid(struct wiz *w, struct ac_err *err)
{
	return each_name(w, &w->ans.ip, err, ac_names_add_ip);
}

/* An ACME CA does not certify addresses: no field for them there. */
static int
items(struct wiz *w, struct wiz_item *it)
{
	it[0] = (struct wiz_item){
		/* TRANSLATORS: field: the certificate's host names */
		_("DNS names"),
		_("The names phones and clients use, separated by spaces, e.g. "
		  "pbx.example.com sip.example.com. International names are fine."),
		&w->ans.dns, .valid = dns_valid };
	if (wiz_on_path(w, WIZ_P(WIZ_PATH_ACME)))
		return 1;
	it[1] = (struct wiz_item){
		/* TRANSLATORS: field: the certificate's IP addresses */
		_("IP addresses"),
		_("Optional: addresses phones connect to directly, e.g. "
		  "192.0.2.10."),
		&w->ans.ip, .valid = ip_valid };
	return 2;
}

/* Each name in both forms, as the CA and the phones will see it. */
static void
draw_preview(struct wiz *w, struct draw *d, int y, int height)
{
	char *text = wg_field_get(&w->ans.dns), *save = NULL, *word;
	struct ac_err err = AC_ERR_INIT;

	for (word = strtok_r(text, " ,;", &save); word && height > 0;
	     word = strtok_r(NULL, " ,;", &save)) {
		char *ascii = acme_address(w, word, &err) ? NULL
			      : ac_name_to_ascii(word, AC_NAME_WILDCARD, &err);
		char *line;
		int n;

		if (!ascii) {
			line = xasprintf("%s %s", d->utf8 ? "✗" : "x", err.msg);
			n = draw_wrap(d, y, 4, d->cols - 6, height, DRAW_ERR,
				      line);
			y += n;
			height -= n - 1;
			ac_err_clear(&err);
		} else if (strcmp(ascii, word) != 0) {
			line = xasprintf("%s %s %s", word, d->utf8 ? "→" : "->",
					 ascii);
			draw_text(d, y++, 4, d->cols - 6, DRAW_DIM, line);
		} else {
			line = NULL;
		}
		if (line)
			height--;
		free(line);
		free(ascii);
	}
	free(text);
}

static void
names_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[2];
	int n = items(w, it);

	wiz_form_draw(w, d, top, height, it, n);
	draw_preview(w, d, top + 6, height - 6);
}

static enum wiz_move
names_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[2];

	return wiz_form_key(w, it, items(w, it), k);
}

/* The fields are checked one by one; at least one name is needed. */
static bool
names_leave(struct wiz *w)
{
	char *dns = wg_field_get(&w->ans.dns), *ip = wg_field_get(&w->ans.ip);
	bool ok = dns[strspn(dns, " ,;")] ||
		  (!wiz_on_path(w, WIZ_P(WIZ_PATH_ACME)) &&
		   ip[strspn(ip, " ,;")]);

	if (!ok)
		wiz_error(w, "%s", _("Give at least one DNS name or IP address."));
	free(ip);
	free(dns);
	return ok;
}

static bool
names_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_ACME) | WIZ_P(WIZ_PATH_SELFSIGNED) |
				 WIZ_P(WIZ_PATH_CA) | WIZ_P(WIZ_PATH_CSR));
}

const struct scr scr_names = {
	.items = items,
	.title = N_("Names"),
	.help = N_("A certificate is only accepted for the names it lists. "
		   "Give every name phones use to reach this server; the first "
		   "one also becomes the common name (CN), which older phones "
		   "check. Names with accents or non-Latin letters are converted "
		   "to their xn-- form, shown under the field."),
	.applies = names_applies,
	.draw = names_draw,
	.key = names_key,
	.leave = names_leave,
};
