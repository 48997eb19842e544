/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form screens: labelled widgets, focus, pick-lists and path completion. */
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
	ac_strv_free(&w->compl);
	w->compl_armed = w->compl_list = false;
}

/* The wizard shows dates as the locale writes them (LC_TIME), in local
 * time; the CLI keeps UTC ISO dates for scripts. */
void
wiz_local_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	/* the locale's own date and time: a 2-digit year is its choice */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-y2k"
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%c", &tm))
		ac_time_utc(t, buf, size);
#pragma GCC diagnostic pop
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

void
wiz_form_draw(struct wiz *w, struct draw *d, int top, int height,
	      const struct wiz_item *items, int n)
{
	int lw = label_width(items, n, d->cols), y = top, pick_y = -1;
	int fx = 2 + lw, fw = d->cols - fx - 2;

	/* the key bar says it: Enter goes to the next field, or on */
	w->enter_next = w->focus + 1 < n;
	for (int i = 0; i < n && y < top + height; i++) {
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
	ac_strv_free(&w->compl);
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
		ac_strv_free(&w->compl);
		w->compl_armed = w->compl_list = false;
	}
	m = checked_move(w, items, n, focus, k, item_key(w, it, n, k));
	if (w->focus != focus)
		wiz_form_reset(w);
	return m;
}
