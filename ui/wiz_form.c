/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form screens: labelled widgets, focus, pick-lists, path completion, and
 * the field that holds the answer an engine error names. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/i18n.h"
#include "src/util.h"
#include "src/xalloc.h"
#include "ui/complete.h"
#include "ui/wiz.h"

/* The rows a pick-list's open list takes at most, with its box. */
#define PICK_ROWS 10

void
wiz_form_reset(struct wiz *w)
{
	w->edited = false;
	ac_strv_clear(&w->compl);
	w->compl_armed = w->compl_list = false;
}

int
wiz_label_width(const struct draw *d, const char *const *labels, size_t n)
{
	int width = 0;

	for (size_t i = 0; i < n; i++)
		if (draw_width(labels[i]) > width)
			width = draw_width(labels[i]);
	width += 2;
	return width > d->cols / 3 ? d->cols / 3 : width;
}

void
wiz_row(struct draw *d, int *y, int lw, const char *label, const char *value)
{
	draw_text(d, *y, 2, lw - 1, DRAW_BOLD, label);
	*y += draw_wrap(d, *y, 2 + lw, d->cols - lw - 4, 0, DRAW_NORMAL, value);
}

static int
label_width(const struct wiz_item *items, int n, int cols)
{
	int width = 0;

	for (int i = 0; i < n; i++)
		if (draw_width(items[i].label) > width)
			width = draw_width(items[i].label);
	width += 2;
	return width > cols / 3 ? cols / 3 : width;
}

/*
 * The entries Tab found, as many as fit in rows lines of width columns,
 * then how many more there are.
 */
static char *
candidates(const struct ac_strv *l, int width, int rows)
{
	struct ac_buf b = { 0 };
	int budget = width * rows - 24, used = 0;
	size_t i;

	for (i = 0; i < l->n; i++) {
		int cols = draw_width(l->v[i]) + 2;

		if (used + cols > budget && i + 1 < l->n)
			break;
		ac_buf_printf(&b, "%s%s", i ? "  " : "", l->v[i]);
		used += cols;
	}
	if (i < l->n)
		ac_buf_printf(&b, "  +%zu", l->n - i);
	return ac_buf_steal(&b, NULL);
}

/* Under the focused field: its hint, or what Tab found. */
static int
draw_under(struct wiz *w, struct draw *d, int y, int x, int width,
	   const struct wiz_item *it)
{
	char *s;
	int used;

	if (it->pick && it->pick->open)
		return 0;	/* the list covers this place */
	if (it->field && w->compl.n && w->compl_list) {
		s = candidates(&w->compl, width, 4);
		used = draw_wrap(d, y, x, width, 4, DRAW_NORMAL, s);
		free(s);
		return used;
	}
	if (it->field && w->compl.n && w->compl_armed)
		return draw_wrap(d, y, x, width, 3, DRAW_DIM,
				 _("Several entries match: press Tab again to "
				   "list them."));
	/* a hint takes the lines it needs: cut, it loses its remedy */
	return it->hint ? draw_wrap(d, y, x, width, 0, DRAW_DIM, it->hint) : 0;
}

/* The rows an item takes unfocused, with the blank line after it. */
static int
item_rows(const struct wiz_item *it)
{
	if (it->list)
		return (it->list_rows > 0 ? it->list_rows : (int)it->list->n) + 1;
	return 2;
}

/*
 * The first item drawn: a form taller than the screen (the ACME screen
 * with a DNS method on 80x24) leaves out items above the focus until the
 * focused one and two lines of its hint fit.
 */
static int
first_item(const struct wiz *w, const struct wiz_item *items, int n,
	   int height)
{
	int first = 0, rows = 0;

	for (int i = 0; i <= w->focus && i < n; i++)
		rows += item_rows(&items[i]);
	while (first < w->focus && rows + 1 > height) {
		rows -= item_rows(&items[first]);
		first++;
	}
	return first;
}

void
wiz_form_draw(struct wiz *w, struct draw *d, int top, int height,
	      const struct wiz_item *items, int n)
{
	int lw = label_width(items, n, d->cols), y = top, pick_y = -1;
	int fx = 2 + lw, fw = d->cols - fx - 2;

	/* the key bar says it: Enter goes to the next field, or on */
	w->enter_next = w->focus + 1 < n;
	for (int i = first_item(w, items, n, height); i < n && y < top + height;
	     i++) {
		bool focus = i == w->focus;

		draw_text(d, y, 2, lw - 1, focus ? DRAW_BOLD : DRAW_NORMAL,
			  items[i].label);
		if (items[i].pick) {
			wg_pick_draw(items[i].pick, d, y, fx, fw, focus);
			if (focus && items[i].pick->open)
				pick_y = y + 1;
			y++;
		} else if (items[i].field) {
			wg_field_draw(items[i].field, d, y, fx, fw, focus);
			y++;
		} else if (items[i].list) {
			int rows = items[i].list_rows > 0 ? items[i].list_rows
							  : (int)items[i].list->n;

			wg_list_draw(items[i].list, d, y, fx, fw, rows, focus);
			y += rows;
		} else if (items[i].check) {
			/* TRANSLATORS: the state of a checked box */
			wg_check_draw(*items[i].check, _("yes"), d, y, fx, fw,
				      focus);
			y++;
		}
		if (focus)
			y += draw_under(w, d, y, fx, fw, &items[i]);
		y++;
	}
	/* the open list covers the fields below it, as a drop-down does */
	if (pick_y >= 0) {
		int rows = top + height - pick_y;

		wg_pick_draw_list(items[w->focus].pick, d, pick_y, fx,
				  fw < 50 ? fw : 50,
				  rows < PICK_ROWS ? rows : PICK_ROWS);
	}
}

/*
 * Tab in a path field: completes the path (the last word of a list of
 * paths), as a shell does; a second Tab lists what is ambiguous.  False
 * when there is nothing to complete, and Tab moves on.
 */
static bool
complete(struct wiz *w, const struct wiz_item *it)
{
	struct wg_field *f = it->field;
	struct ac_strv found = { 0 };
	char *text, *word, *done = NULL, *s;
	enum wg_compl r;

	if (f->cur != f->len)
		return false;
	text = wg_field_get(f);
	word = text;
	if ((it->compl & WIZ_COMPL_WORDS) && strrchr(text, ' '))
		word = strrchr(text, ' ') + 1;
	r = wg_complete_path(word, it->compl & WIZ_COMPL_DIR, &done, &found);
	if (r == WG_COMPL_NONE) {
		free(text);
		return false;
	}
	if (done) {
		s = xasprintf("%.*s%s", (int)(word - text), text, done);
		wg_field_set(f, s);
		free(s);
		free(done);
	}
	/* one Tab completes, the next one lists what is left */
	w->compl_list = r == WG_COMPL_AMBIGUOUS && w->compl_armed;
	w->compl_armed = r != WG_COMPL_UNIQUE;
	ac_strv_clear(&w->compl);
	w->compl = found;
	free(text);
	return true;
}

static bool
editing(enum wg_keycode code)
{
	return code == WK_CHAR || code == WK_BACKSPACE || code == WK_DELETE ||
	       code == WK_CTRL_U;
}

static enum wiz_move
item_key(struct wiz *w, const struct wiz_item *it, int n, struct wg_key k)
{
	if (it->pick && wg_pick_key(it->pick, k))
		return k.code == WK_ESC ? WIZ_HANDLED : WIZ_STAY;
	if (it->field && !it->pick && wg_field_key(it->field, k)) {
		w->edited |= editing(k.code);
		return WIZ_STAY;
	}
	if (it->check && wg_check_key(it->check, k))
		return WIZ_STAY;
	if (it->list && k.code != WK_TAB && wg_list_key(it->list, k) &&
	    k.code != WK_ENTER) {
		/* Up on the first choice moves to the previous field */
		return WIZ_STAY;
	}
	switch (k.code) {
	case WK_TAB:
	case WK_DOWN:
		if (w->focus + 1 < n)
			w->focus++;
		return WIZ_STAY;
	case WK_BTAB:
	case WK_UP:
		if (w->focus > 0)
			w->focus--;
		return WIZ_STAY;
	case WK_ENTER:
		if (w->focus + 1 < n) {
			w->focus++;
			return WIZ_STAY;
		}
		return WIZ_NEXT;
	case WK_ESC:
		return WIZ_BACK;
	default:
		return WIZ_STAY;
	}
}

/* The item's own check; false with the reason shown. */
static bool
item_valid(struct wiz *w, const struct wiz_item *it)
{
	struct ac_err err = AC_ERR_INIT;
	bool ok = !it->valid || it->valid(w, &err);

	if (!ok)
		wiz_error(w, "%s", err.msg ? err.msg : "");
	ac_err_clear(&err);
	return ok;
}

/*
 * A field is checked as the focus leaves it forward, and every field on
 * Continue, so a mistake is named where it was made, not screens later
 * on the review; the focus goes to the field to fix.
 */
static enum wiz_move
checked_move(struct wiz *w, const struct wiz_item *items, int n, int from,
	     struct wg_key k, enum wiz_move m)
{
	/* Tab on the last field leaves it too, though the focus stays */
	if (w->focus <= from && m != WIZ_NEXT && k.code != WK_TAB)
		return m;
	if (!item_valid(w, &items[from])) {
		w->focus = from;
		return WIZ_STAY;
	}
	if (m == WIZ_NEXT)
		for (int i = 0; i < n; i++)
			if (!item_valid(w, &items[i])) {
				w->focus = i;
				return WIZ_STAY;
			}
	wiz_error(w, NULL);
	return m;
}

enum wiz_move
wiz_form_key(struct wiz *w, const struct wiz_item *items, int n,
	     struct wg_key k)
{
	const struct wiz_item *it = &items[w->focus];
	int focus = w->focus;
	enum wiz_move m;

	/* only what was typed is completed: Tab through a prefilled
	 * field moves on, as it always did */
	if (k.code == WK_TAB && it->field && it->compl && w->edited &&
	    complete(w, it))
		return WIZ_STAY;
	if (k.code != WK_TAB) {
		ac_strv_clear(&w->compl);
		w->compl_armed = w->compl_list = false;
	}
	m = checked_move(w, items, n, focus, k, item_key(w, it, n, k));
	if (w->focus != focus)
		wiz_form_reset(w);
	return m;
}

/* From the answer an engine error names to the field that holds it. */

/* The form screens, where answers are given. */
static const struct scr *const forms[] = {
	&scr_import, &scr_names, &scr_acme, &scr_subject, &scr_key, &scr_ca,
	&scr_install,
};

#define NFORMS ((int)(sizeof(forms) / sizeof(forms[0])))

/*
 * The widgets that hold an answer, best first: a field shown only in one
 * mode (the web root, the directory URL) falls back to the choice that
 * shows it.
 */
static int
holders(struct wiz *w, enum ac_field field, const void **h)
{
	switch (field) {
	case AC_FIELD_DNS: h[0] = &w->ans.dns; return 1;
	case AC_FIELD_IP: h[0] = &w->ans.ip; return 1;
	case AC_FIELD_CN: h[0] = &w->ans.subject[WIZ_SUBJ_CN]; return 1;
	case AC_FIELD_DAYS: h[0] = &w->ans.days; return 1;
	case AC_FIELD_KEY_TYPE: h[0] = &w->ans.key; return 1;
	case AC_FIELD_OUT_DIR: h[0] = &w->ans.out_dir; return 1;
	case AC_FIELD_NAME: h[0] = &w->ans.name; return 1;
	case AC_FIELD_OWNER: h[0] = &w->ans.owner; return 1;
	case AC_FIELD_CERT: h[0] = &w->ans.imp_cert; return 1;
	case AC_FIELD_KEY: h[0] = &w->ans.imp_key; return 1;
	case AC_FIELD_CHAIN: h[0] = &w->ans.imp_chain; return 1;
	case AC_FIELD_PASSPHRASE: h[0] = &w->ans.imp_pass; return 1;
	case AC_FIELD_CA_FILE: h[0] = &w->ans.imp_cafile; return 1;
	case AC_FIELD_FETCH: h[0] = &w->ans.imp_fetch; return 1;
	case AC_FIELD_MAC: h[0] = &w->ans.phones; return 1;
	case AC_FIELD_EMAIL: h[0] = &w->ans.acme_email; return 1;
	case AC_FIELD_TOS: h[0] = &w->ans.acme_tos; return 1;
	case AC_FIELD_STAGING: h[0] = &w->ans.acme_ca; return 1;
	case AC_FIELD_SERVER: h[0] = &w->ans.acme_url; h[1] = &w->ans.acme_ca; return 2;
	case AC_FIELD_EAB: h[0] = &w->ans.eab_kid; h[1] = &w->ans.acme_ca; return 2;
	case AC_FIELD_WEBROOT:
		h[0] = &w->ans.acme_webroot; h[1] = &w->ans.acme_mode; return 2;
	case AC_FIELD_HTTP_PORT:
		h[0] = &w->ans.acme_port; h[1] = &w->ans.acme_mode; return 2;
	case AC_FIELD_DNS_SERVER:
		h[0] = &w->ans.dns_server; h[1] = &w->ans.acme_mode; return 2;
	case AC_FIELD_DNS_ZONE:
		h[0] = &w->ans.dns_zone; h[1] = &w->ans.acme_mode; return 2;
	case AC_FIELD_DNS_TSIG_KEY:
		h[0] = &w->ans.dns_tsig_key; h[1] = &w->ans.acme_mode; return 2;
	case AC_FIELD_DNS_HOOK:
		h[0] = &w->ans.dns_hook; h[1] = &w->ans.acme_mode; return 2;
	default: return 0;
	}
}

static bool
holds(const struct wiz_item *it, const void *h)
{
	return (it->field && (const void *)it->field == h) ||
	       (it->list && (const void *)it->list == h) ||
	       (it->check && (const void *)it->check == h);
}

/* The item of a form of this path that holds h: its screen and index. */
static bool
find_holder(struct wiz *w, const void *h, const struct scr **scr, int *focus,
	    const char **label)
{
	struct wiz_item it[WIZ_MAX_ITEMS];

	for (int s = 0; s < NFORMS; s++) {
		int n;

		if (forms[s]->applies && !forms[s]->applies(w))
			continue;
		n = forms[s]->items(w, it);
		for (int i = 0; i < n; i++) {
			if (!holds(&it[i], h))
				continue;
			*scr = forms[s];
			*focus = i;
			*label = it[i].label;
			return true;
		}
	}
	return false;
}

bool
wiz_field_find(struct wiz *w, enum ac_field field, const struct scr **scr,
	       int *focus, const char **label)
{
	const void *h[2];
	int n = holders(w, field, h);

	for (int i = 0; i < n; i++)
		if (find_holder(w, h[i], scr, focus, label))
			return true;
	return false;
}

bool
wiz_field_goto(struct wiz *w, const struct ac_err *err)
{
	const struct scr *scr;
	const char *label;
	char *msg;
	int focus;

	if (!err->field || !wiz_field_find(w, err->field, &scr, &focus, &label))
		return false;
	msg = err->msg ? xstrdup(err->msg) : NULL;
	wiz_goto(w, scr);
	/* entering the screen may change what it shows: look again */
	if (wiz_field_find(w, err->field, &scr, &focus, &label))
		w->focus = focus;
	/* TRANSLATORS: a field's label, then why its answer failed */
	wiz_error(w, _("%s: %s"), label, msg ? msg : "");
	free(msg);
	return true;
}
