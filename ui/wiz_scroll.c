/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A screen body longer than the screen, shown a window at a time. */
#include <config.h>

#include <stdlib.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

/* Rows a body may take off screen; longer ones are cut there. */
#define SCROLL_MAX_ROWS 400

/* Draws the whole body off screen; returns its length at this width. */
static int
body_lines(struct wiz *w, wiz_body_fn *body, int cols, struct draw *off)
{
	draw_init(off, cols, SCROLL_MAX_ROWS, off->utf8);
	body(w, off, 0, SCROLL_MAX_ROWS);
	return draw_used_rows(off);
}

static int
clamp_top(int top, int lines, int height)
{
	/* when it does not fit, the last row says where the window is */
	int max = lines > height ? lines - (height - 1) : 0;

	return top < 0 ? 0 : top > max ? max : top;
}

void
wiz_scroll_draw(struct wiz *w, struct draw *d, int top, int height,
		wiz_body_fn *body, int first)
{
	struct draw off = { .utf8 = d->utf8 };
	int lines = body_lines(w, body, d->cols, &off);
	char *more;

	if (lines <= height) {
		draw_blit(d, top, &off, 0, lines);
		draw_free(&off);
		return;
	}
	first = clamp_top(first, lines, height);
	draw_blit(d, top, &off, first, height - 1);
	draw_free(&off);
	/* TRANSLATORS: the screen's text is longer than the screen: the lines
	 * shown, and the keys that show the others */
	more = xasprintf(_("lines %1$d-%2$d of %3$d: Up, Down, PgUp, PgDn for more"),
			 first + 1, first + height - 1, lines);
	draw_text(d, top + height - 1, 2, d->cols - 4, DRAW_DIM, more);
	free(more);
}

/* Moves the window by delta lines (the screen's size from the front end). */
static void
scroll_by(struct wiz *w, wiz_body_fn *body, int *first, int delta)
{
	struct draw off = { .utf8 = w->utf8 };
	int height = wiz_body_rows(w), lines;

	if (w->cols <= 0 || height <= 1)
		return;
	lines = body_lines(w, body, w->cols, &off);
	draw_free(&off);
	*first = clamp_top(clamp_top(*first, lines, height) + delta, lines,
			   height);
}

bool
wiz_scroll_key(struct wiz *w, struct wg_key k, wiz_body_fn *body, int *first)
{
	int page = wiz_body_rows(w) - 2;

	if (page < 1)
		page = 1;
	switch (k.code) {
	case WK_DOWN:
	case WK_UP:
		scroll_by(w, body, first, k.code == WK_DOWN ? 1 : -1);
		return true;
	case WK_PGDN:
	case WK_PGUP:
		scroll_by(w, body, first, k.code == WK_PGDN ? page : -page);
		return true;
	case WK_HOME:
	case WK_END:
		scroll_by(w, body, first, k.code == WK_END ? SCROLL_MAX_ROWS
							   : -SCROLL_MAX_ROWS);
		return true;
	default:
		return false;
	}
}

void
wiz_scroll_print(struct wiz *w, wiz_body_fn *body, FILE *out, int cols,
		 bool utf8)
{
	struct draw off = { .utf8 = utf8 }, text;
	int lines = body_lines(w, body, cols, &off);

	draw_init(&text, cols, lines > 0 ? lines : 1, utf8);
	draw_blit(&text, 0, &off, 0, lines);
	draw_dump(&text, out);
	draw_free(&text);
	draw_free(&off);
}
