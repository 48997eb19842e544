/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private CA screen: phones by MAC address and their export password. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/ca.h"
#include "src/i18n.h"
#include "src/util.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static int
items(struct wiz *w, struct wiz_item *it)
{
	it[0] = (struct wiz_item){
		/* TRANSLATORS: field: the phones' MAC addresses */
		_("Phones (MAC)"),
		_("Optional: one certificate per phone, named by its MAC address "
		  "(00:04:F2:A1:B2:C3 or 0004f2a1b2c3), separated by spaces."),
		&w->ans.phones };
	it[1] = (struct wiz_item){
		/* TRANSLATORS: field: the password of the phones' PKCS#12
		 * files */
		_("Export password"),
		_("Optional: protects each phone's PKCS#12 file for softphones. "
		  "Desk phones take the PEM files instead."),
		&w->ans.p12pass };
	if (!w->reissue_ok)
		return 2;
	it[2] = (struct wiz_item){
		_("Revoke the old ones"),
		_("Revoke the certificates these phones have now, once their "
		  "new ones are made (a new CRL is written)."),
		NULL, NULL, 0, &w->ans.revoke_old };
	return 3;
}

size_t
wiz_ca_issued(struct wiz *w, const char *phones, struct ac_strv *serials,
	      char **first, time_t *until)
{
	struct ac_ca_entry *e = NULL;
	char *text = xstrdup(phones), *save = NULL, *word, *mac;
	size_t n = 0, found = 0;

	if (w->ca_exists && ac_ca_list(w->ctx, &e, &n, NULL))
		for (word = strtok_r(text, " ,;", &save); word;
		     word = strtok_r(NULL, " ,;", &save)) {
			mac = ac_mac_normalize(word, NULL);
			for (size_t i = 0; mac && i < n; i++) {
				if (e[i].revoked || e[i].replaced ||
				    strcmp(e[i].kind, "phone") != 0 ||
				    strcmp(e[i].cn, mac) != 0)
					continue;
				if (serials)
					ac_strv_add(serials, e[i].serial);
				if (first && !found)
					*first = xstrdup(word);
				if (until && !found)
					*until = e[i].not_after;
				found++;
			}
			free(mac);
		}
	ac_ca_entries_free(e, n);
	free(text);
	return found;
}

/*
 * No silent re-issue: a phone with a certificate in force is named, and
 * the next Enter issues a new one; the choice to revoke the old one shows.
 */
static bool
reissue_agreed(struct wiz *w)
{
	char *phones = wg_field_get(&w->ans.phones), *first = NULL, when[32];
	time_t until = 0;
	bool ok = (w->reissue_ok && strcmp(w->reissue_ok, phones) == 0) ||
		  !wiz_ca_issued(w, phones, NULL, &first, &until);

	if (!ok) {
		ac_time_utc(until, when, sizeof(when));
		wiz_error(w, _("%1$s already has a certificate from this CA, valid until %2$s. Enter issues a new one (the old one stays valid); Space first ticks \"Revoke the old ones\" to revoke it once the new one is made."),
			  first, when);
		free(w->reissue_ok);
		w->reissue_ok = phones;
		w->focus = 2;
	} else {
		free(phones);
	}
	free(first);
	return ok;
}

static void
ca_enter(struct wiz *w)
{
	w->ans.p12pass.secret = true;
	w->ans.phones.max = 2048;
	w->ca_exists = ac_ca_exists(w->ctx);
}

static void
ca_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[3];
	int used;

	used = draw_wrap(d, top, 2, d->cols - 4, 3, DRAW_DIM,
			 w->ca_exists
				 ? _("This server's private CA exists already: it signs the server certificate and the phones'.")
				 : _("A private CA is made first (ECDSA P-384, valid 10 years); it signs the server certificate and the phones'."));
	wiz_form_draw(w, d, top + used + 1, height - used - 1, it, items(w, it));
}

static enum wiz_move
ca_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[3];

	return wiz_form_key(w, it, items(w, it), k);
}

static bool
ca_leave(struct wiz *w)
{
	struct ac_err err = AC_ERR_INIT;
	char *text = wg_field_get(&w->ans.phones), *save = NULL, *word, *mac;
	bool ok = true;

	for (word = strtok_r(text, " ,;", &save); word && ok;
	     word = strtok_r(NULL, " ,;", &save)) {
		mac = ac_mac_normalize(word, &err);
		ok = mac != NULL;
		free(mac);
	}
	if (!ok)
		wiz_error(w, "%s", err.msg);
	ac_err_clear(&err);
	free(text);
	return ok && reissue_agreed(w);
}

static bool
ca_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_CA));
}

const struct scr scr_ca = {
	.items = items,
	/* TRANSLATORS: the title of a wizard step, and a label */
	.title = N_("Phones"),
	.help = N_("Phones that trust the private CA accept the server "
		   "certificate it signs, and can prove who they are with a "
		   "certificate of their own (mutual TLS). Each phone's "
		   "certificate is named by its MAC address, which means nothing "
		   "outside your organisation. Phones check dates: make sure "
		   "their clock is right (NTP)."),
	.applies = ca_applies,
	.enter = ca_enter,
	.draw = ca_draw,
	.key = ca_key,
	.leave = ca_leave,
};
