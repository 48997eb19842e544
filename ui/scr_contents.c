/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import's files as read: what they hold, before anything is installed. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/i18n.h"
#include "src/import.h"
#include "src/util.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

/*
 * The file name: the certificate's, proposed while the field is empty or
 * still holds what the wizard proposed before (its default, or other
 * files' name), never over a name the user typed.
 */
static void
propose_name(struct wiz *w)
{
	char *now = wg_field_get(&w->ans.name);

	if (w->imp_view.name && (!*now || (w->name_proposed &&
					   !strcmp(now, w->name_proposed)))) {
		wg_field_set(&w->ans.name, w->imp_view.name);
		free(w->name_proposed);
		w->name_proposed = xstrdup(w->imp_view.name);
	}
	free(now);
}

static void
contents_enter(struct wiz *w)
{
	struct ac_import_opts *o = wiz_import_opts(w);
	struct ac_err err = AC_ERR_INIT;

	w->body_top = 0;
	ac_import_preview_clear(&w->imp_view);
	free(w->imp_view_err);
	w->imp_view_err = NULL;
	if (ac_import_preview(w->ctx, o, &w->imp_view, &err))
		propose_name(w);
	else
		w->imp_view_err = xstrdup(err.msg ? err.msg : "?");
	ac_err_clear(&err);
	/* wipes the passphrase */
	ac_import_opts_free(o);
}

static char *
names_of(const struct ac_certinfo *ci)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < ci->dns.n; i++)
		ac_buf_printf(&b, "%s%s", b.len ? ", " : "", ci->dns.v[i]);
	for (size_t i = 0; i < ci->ip.n; i++)
		ac_buf_printf(&b, "%s%s", b.len ? ", " : "", ci->ip.v[i]);
	if (!b.len)
		ac_buf_printf(&b, "%s", ci->cn ? ci->cn : "-");
	return ac_buf_steal(&b, NULL);
}

static char *
key_line(const struct ac_import_preview *p)
{
	if (p->key_src)
		return xasprintf(_("%s, matches the certificate (%s)"),
				 p->leaf.key, p->key_src);
	if (p->pending)
		return xasprintf(_("%s, kept by astcert since the request (%s)"),
				 p->leaf.key, p->pending);
	/* TRANSLATORS: the import preview: no key for the certificate */
	return xstrdup(_("not found"));
}

static char *
chain_line(const struct ac_import_preview *p)
{
	if (!p->chain_ok)
		return xstrdup(_("does not verify (see below)"));
	if (!p->intermediates)
		return xstrdup(_("verifies; no intermediate is needed"));
	return xasprintf(ngettext("verifies, with %d intermediate certificate",
				  "verifies, with %d intermediate certificates",
				  p->intermediates),
			 p->intermediates);
}

static int
label_width(const struct draw *d)
{
	const char *const labels[] = {
		_("Certificate"), _("Names"), _("Issuer"), _("Valid until"),
		/* TRANSLATORS: label: the intermediate certificates */
		_("Key"), _("Chain"), _("File name"),
	};

	return wiz_label_width(d, labels, sizeof(labels) / sizeof(*labels));
}

static void
contents_body(struct wiz *w, struct draw *d, int top, int height)
{
	const struct ac_import_preview *p = &w->imp_view;
	int y = top, lw = label_width(d);
	char until[64], *s;

	(void)height;
	if (w->imp_view_err) {
		draw_text(d, y++, 2, d->cols - 4, DRAW_ERR,
			  _("The files cannot be used as they are."));
		y++;
		y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
			       w->imp_view_err);
		y++;
		draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
			  _("Esc goes back to the files to fix this."));
		return;
	}
	draw_text(d, y++, 2, d->cols - 4, DRAW_BOLD, _("The files hold:"));
	y++;
	wiz_row(d, &y, lw, _("Certificate"), p->leaf_src);
	s = names_of(&p->leaf);
	wiz_row(d, &y, lw, _("Names"), s);
	free(s);
	wiz_row(d, &y, lw, _("Issuer"), p->leaf.issuer);
	ac_date(p->leaf.not_after, until, sizeof(until));
	s = xasprintf(ngettext("%s (%ld day left)", "%s (%ld days left)",
			       ac_plural_n(p->leaf.days_left)),
		      until, p->leaf.days_left);
	wiz_row(d, &y, lw, _("Valid until"), s);
	free(s);
	s = key_line(p);
	wiz_row(d, &y, lw, _("Key"), s);
	free(s);
	s = chain_line(p);
	/* TRANSLATORS: label: the intermediate certificates */
	wiz_row(d, &y, lw, _("Chain"), s);
	free(s);
	s = wg_field_get(&w->ans.name);
	if (*s)
		wiz_row(d, &y, lw, _("File name"), s);
	free(s);
	y++;
	if (p->problem)
		y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_ERR, p->problem) + 1;
	for (size_t i = 0; i < p->warnings.n; i++)
		y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_WARN,
			       p->warnings.v[i]);
}

static void
contents_draw(struct wiz *w, struct draw *d, int top, int height)
{
	wiz_scroll_draw(w, d, top, height, contents_body, w->body_top);
}

static enum wiz_move
contents_key(struct wiz *w, struct wg_key k)
{
	if (wiz_scroll_key(w, k, contents_body, &w->body_top))
		return WIZ_HANDLED;
	if (k.code == WK_ENTER)
		return WIZ_NEXT;
	return WIZ_STAY;
}

static bool
contents_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_IMPORT));
}

const struct scr scr_contents = {
	.title = N_("What the files hold"),
	.help = N_("astcert read the files as the import will: the "
		   "certificate that would be installed, its names, who issued "
		   "it, until when it is valid, whether its key was found and "
		   "matches, and whether the chain verifies (without fetching "
		   "anything). The file name is proposed from the certificate; "
		   "change it on the next screen. Esc goes back to the files."),
	.applies = contents_applies,
	.enter = contents_enter,
	.draw = contents_draw,
	.key = contents_key,
	.keys = (const struct wiz_hint[]){
		{ N_("Esc"), N_("Back"), false },
		{ N_("Enter"), N_("Continue"), true },
		{ NULL, NULL, false },
	},
};
