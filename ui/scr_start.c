/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The first screens: welcome and the choice of path. */
#include <config.h>

#include <stdlib.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static void
welcome_enter(struct wiz *w)
{
	struct ac_err err = AC_ERR_INIT;

	ac_inventory_free(w->inv, w->ninv);
	w->inv = NULL;
	w->ninv = 0;
	/* a state directory we cannot read just means none to show */
	if (!ac_inventory_list(w->ctx, w->cfg, &w->inv, &w->ninv, &err))
		w->ninv = 0;
	ac_err_clear(&err);
	w->timer = ac_inventory_timer(w->ctx);
}

/* The names column: as wide as the widest name shown, at least 28 and at
 * most what leaves 24 columns to the days left. */
static int
names_width(struct wiz *w, const struct draw *d)
{
	int width = 28, max = d->cols - 4 - 2 - 24;

	for (size_t i = 0; i < w->ninv; i++) {
		char *shown = ac_name_shown(w->inv[i].name, d->utf8);

		if (draw_width(shown) > width)
			width = draw_width(shown);
		free(shown);
	}
	return width < max ? width : max < 28 ? 28 : max;
}

/* Whether astcert renews one of the certificates listed by itself. */
static bool
renews_itself(const struct wiz *w)
{
	for (size_t i = 0; i < w->ninv; i++)
		if (w->inv[i].have_info &&
		    ac_inventory_method_automatic(w->inv[i].method))
			return true;
	return false;
}

static void
draw_inventory(struct wiz *w, struct draw *d, int y, int rows)
{
	int nw = names_width(w, d);

	draw_text(d, y++, 2, d->cols - 4, DRAW_BOLD,
		  _("Certificates astcert manages:"));
	for (size_t i = 0; i < w->ninv && rows > 1; i++, rows--) {
		const struct ac_inventory_item *it = &w->inv[i];
		long days = it->have_info ? it->info.days_left : 0;
		int attr = !it->have_info || days < 0 ? DRAW_ERR
			   : days < 30 ? DRAW_WARN : DRAW_OK;
		char *left = it->have_info
			? xasprintf(ngettext("%ld day left", "%ld days left",
					     ac_plural_n(days)), days)
			: xstrdup(it->problem ? it->problem : "?");
		char *shown = ac_name_shown(it->name, d->utf8);

		/* two columns measured on the screen, not in bytes */
		draw_text(d, y, 4, nw, DRAW_NORMAL, shown);
		draw_text(d, y++, 4 + nw + 2, d->cols - nw - 8, attr, left);
		free(shown);
		free(left);
	}
	/* what renews by itself does so only while the timer runs */
	if (!ac_inventory_timer_runs(w->timer) && rows > 2 && renews_itself(w))
		draw_wrap(d, y + 1, 2, d->cols - 4, rows - 2, DRAW_WARN,
			  ac_inventory_timer_text(w->timer));
}

static void
welcome_draw(struct wiz *w, struct draw *d, int top, int height)
{
	int used;

	used = draw_wrap(d, top, 2, d->cols - 4, height, DRAW_NORMAL,
		  _("astcert secures this Asterisk server's SIP over TLS and "
		    "its SRTP media with a certificate.\n\n"
		    "It asks for the server's names and a few details, checks "
		    "them, makes or obtains the certificate, and installs it "
		    "where Asterisk reads it, with the right owner and "
		    "permissions. Nothing is written before the review screen, "
		    "and going back with Esc never loses what you typed.\n\n"
		    "Press Enter to begin, F1 for help on any screen."));
	if (w->ninv && used + 3 < height)
		draw_inventory(w, d, top + used + 1, height - used - 1);
}

static enum wiz_move
welcome_key(struct wiz *w, struct wg_key k)
{
	(void)w;
	return k.code == WK_ENTER ? WIZ_NEXT : WIZ_STAY;
}

const struct scr scr_welcome = {
	.flags = SCR_QUIT_AT_ONCE,
	/* TRANSLATORS: the title of the first wizard step */
	.title = N_("Welcome"),
	.help = N_("This wizard makes a certificate for Asterisk and installs "
		   "it. Every screen explains its fields; Esc goes back, F10 "
		   "quits, Ctrl-L redraws. Every choice can also be made "
		   "without the wizard: the review screen shows the matching "
		   "astcert command."),
	.enter = welcome_enter,
	.draw = welcome_draw,
	.key = welcome_key,
	.keys = (const struct wiz_hint[]){
		{ N_("Enter"),
		  /* TRANSLATORS: key bar: what Enter does */
		  N_("Begin"), true },
		{ NULL, NULL, false },
	},
};

static const char *const path_items[WIZ_NPATHS] = {
	N_("Let's Encrypt (or another ACME CA)"),
	N_("Self-signed certificate"),
	N_("Private CA for phones"),
	N_("Import a purchased certificate"),
	N_("Request for a commercial CA (CSR)"),
};

static const char *const path_advice[WIZ_NPATHS] = {
	N_("Choose this when the server has a public name and port 80 is "
	   "reachable from the internet. Free, trusted everywhere, renewed "
	   "automatically."),
	N_("One key and one certificate that nobody else vouches for: each "
	   "phone must be told to trust it. Quick for a lab or a single "
	   "softphone."),
	N_("Best for a LAN: a CA of your own signs the server and every "
	   "phone (by MAC address); phones trust the CA once."),
	N_("Your company bought a certificate: astcert reads any format, "
	   "checks and repairs the chain, and installs it."),
	N_("Company policy requires a commercial CA: astcert makes the key "
	   "and a request to send them, and imports their answer later."),
};

static const char *translated[WIZ_NPATHS];

static void
path_enter(struct wiz *w)
{
	for (int i = 0; i < WIZ_NPATHS; i++)
		translated[i] = _(path_items[i]);
	w->ans.path.items = translated;
	w->ans.path.n = WIZ_NPATHS;
}

static void
path_draw(struct wiz *w, struct draw *d, int top, int height)
{
	int y = top;

	y += draw_wrap(d, y, 2, d->cols - 4, 2, DRAW_NORMAL,
		       _("How should this server get its certificate?"));
	y++;
	wg_list_draw(&w->ans.path, d, y, 4, d->cols - 8, WIZ_NPATHS, true);
	y += WIZ_NPATHS + 1;
	draw_wrap(d, y, 4, d->cols - 8, top + height - y, DRAW_DIM,
		  _(path_advice[w->ans.path.sel]));
}

static enum wiz_move
path_key(struct wiz *w, struct wg_key k)
{
	if (wg_list_key(&w->ans.path, k))
		return WIZ_STAY;
	return k.code == WK_ENTER ? WIZ_NEXT : WIZ_STAY;
}

const struct scr scr_path = {
	.title = N_("Kind of certificate"),
	.help = N_("Let's Encrypt needs a public DNS name pointing to this "
		   "server and port 80 open to the internet while the "
		   "certificate is issued. For phones on a LAN a private CA is "
		   "the better choice: phones then trust one CA instead of each "
		   "server certificate, and get certificates of their own."),
	.enter = path_enter,
	.draw = path_draw,
	.key = path_key,
	.keys = (const struct wiz_hint[]){
		{ N_("Esc"), N_("Back"), false },
		/* TRANSLATORS: the arrow keys' names on the key bar */
		{ N_("Up/Down"),
		  /* TRANSLATORS: key bar: what the arrow keys do */
		  N_("Choose"), false },
		{ N_("Enter"), N_("Continue"), true },
		{ NULL, NULL, false },
	},
};
