/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key screen: key type and validity, with advice. */
#include <config.h>

#include "src/i18n.h"
#include "ui/wiz.h"

static const char *const key_items[] = {
	N_("RSA 2048 (recommended: every phone supports it)"),
	N_("ECDSA P-256 (small and fast; newer phones)"),
	N_("RSA 3072"),
	N_("RSA 4096 (slow on old phones)"),
	N_("ECDSA P-384"),
};

#define NKEYS (int)(sizeof(key_items) / sizeof(key_items[0]))

static const char *translated[NKEYS];

static bool
days_valid(struct wiz *w, struct ac_err *err)
{
	int days;

	return wiz_days_parse(w, &days, err);
}

/* The CA decides the validity of what it signs: not asked for ACME or a
 * CSR. */
static int
items(struct wiz *w, struct wiz_item *it)
{
	it[0] = (struct wiz_item){ _("Key"), NULL, NULL, &w->key, NKEYS };
	if (wiz_on_path(w, WIZ_P(WIZ_PATH_ACME) | WIZ_P(WIZ_PATH_CSR)))
		return 1;
	it[1] = (struct wiz_item){
		_("Valid for (days)"),
		_("825 is the most browsers and Apple clients accept for a "
		  "server certificate; phones usually take longer ones."),
		&w->days, .valid = days_valid };
	return 2;
}

static void
key_enter(struct wiz *w)
{
	char days[16];

	for (int i = 0; i < NKEYS; i++)
		translated[i] = _(key_items[i]);
	w->key.items = translated;
	w->key.n = NKEYS;
	w->days.max = 5;
	if (!w->days.len) {
		snprintf(days, sizeof(days), "%d", w->cli->cfg.days);
		wg_field_set(&w->days, days);
	}
}

static void
key_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[2];

	wiz_form_draw(w, d, top, height, it, items(w, it));
}

static enum wiz_move
key_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[2];

	return wiz_form_key(w, it, items(w, it), k);
}

static bool
key_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_ACME) | WIZ_P(WIZ_PATH_SELFSIGNED) |
				 WIZ_P(WIZ_PATH_CA) | WIZ_P(WIZ_PATH_CSR));
}

const struct scr scr_key = {
	.title = N_("Key"),
	.help = N_("RSA 2048 works with every SIP phone and is the safe "
		   "default. ECDSA keys are smaller and faster, but some older "
		   "desk phones cannot use them. Larger RSA keys slow down "
		   "every TLS handshake on small phones."),
	.applies = key_applies,
	.enter = key_enter,
	.draw = key_draw,
	.key = key_key,
};
