/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The key screen: key type and validity, with advice. */
#include <config.h>

#include "src/i18n.h"
#include "src/keys.h"
#include "ui/wiz.h"

/* The key types in the screen's order: the one table of them. */
static const struct {
	enum ac_key_type type;
	const char *name;	/* N_(): as the review shows it */
	const char *item;	/* N_(): as the list shows it, with advice */
} key_table[] = {
	/* TRANSLATORS: a key type: algorithm and size (usually kept) */
	{ AC_KEY_RSA2048, N_("RSA 2048"),
	  N_("RSA 2048 (recommended: every phone supports it)") },
	/* TRANSLATORS: a key type: algorithm and curve (usually kept) */
	{ AC_KEY_P256, N_("ECDSA P-256"),
	  N_("ECDSA P-256 (small and fast; newer phones)") },
	/* TRANSLATORS: a key type (usually kept) */
	{ AC_KEY_RSA3072, N_("RSA 3072"), N_("RSA 3072") },
	/* TRANSLATORS: a key type (usually kept) */
	{ AC_KEY_RSA4096, N_("RSA 4096"), N_("RSA 4096 (slow on old phones)") },
	/* TRANSLATORS: a key type (usually kept) */
	{ AC_KEY_P384, N_("ECDSA P-384"), N_("ECDSA P-384") },
};

#define NKEYS (int)(sizeof(key_table) / sizeof(key_table[0]))

static const char *translated[NKEYS];

enum ac_key_type
wiz_key_type(const struct wiz *w)
{
	return key_table[w->ans.key.sel < NKEYS ? w->ans.key.sel : 0].type;
}

void
wiz_key_select(struct wiz *w, enum ac_key_type type)
{
	for (int i = 0; i < NKEYS; i++)
		if (key_table[i].type == type)
			w->ans.key.sel = i;
}

const char *
wiz_key_name(enum ac_key_type type)
{
	for (int i = 0; i < NKEYS; i++)
		if (key_table[i].type == type)
			return _(key_table[i].name);
	return ac_key_type_name(type);
}

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
	it[0] = (struct wiz_item){ _("Key"), NULL, NULL, &w->ans.key, NKEYS };
	if (wiz_on_path(w, WIZ_P(WIZ_PATH_ACME) | WIZ_P(WIZ_PATH_CSR)))
		return 1;
	it[1] = (struct wiz_item){
		_("Valid for (days)"),
		_("825 is the most browsers and Apple clients accept for a "
		  "server certificate; phones usually take longer ones."),
		&w->ans.days, .valid = days_valid };
	return 2;
}

static void
key_enter(struct wiz *w)
{
	char days[16];

	for (int i = 0; i < NKEYS; i++)
		translated[i] = _(key_table[i].item);
	w->ans.key.items = translated;
	w->ans.key.n = NKEYS;
	w->ans.days.max = 5;
	if (!w->ans.days.len) {
		snprintf(days, sizeof(days), "%d", w->cfg->days);
		wg_field_set(&w->ans.days, days);
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
	.items = items,
	/* TRANSLATORS: the title of a wizard step, and a label: the key type */
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
