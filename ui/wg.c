/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widgets: text field, list and check box; pure key handlers. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"
#include "ui/wg.h"

static const struct {
	const char *name;
	enum wg_keycode code;
} key_names[] = {
	{ "Enter", WK_ENTER }, { "Tab", WK_TAB }, { "BTab", WK_BTAB },
	{ "Escape", WK_ESC }, { "Up", WK_UP }, { "Down", WK_DOWN },
	{ "Left", WK_LEFT }, { "Right", WK_RIGHT }, { "Home", WK_HOME },
	{ "End", WK_END }, { "PPage", WK_PGUP }, { "NPage", WK_PGDN },
	{ "BSpace", WK_BACKSPACE }, { "DC", WK_DELETE }, { "F1", WK_F1 },
	{ "F2", WK_F2 },
	{ "F10", WK_F10 }, { "C-l", WK_CTRL_L }, { "C-u", WK_CTRL_U },
	{ "C-c", WK_CTRL_C }, { "C-g", WK_F1 }, { "C-q", WK_F10 },
	{ "C-x", WK_F10 },
	{ "Space", WK_CHAR },
};

bool
wg_key_parse(const char *name, struct wg_key *out)
{
	wchar_t wc;

	/* a single character stands for itself, as in tmux */
	if (mbtowc(&wc, name, strlen(name)) == (int)strlen(name) &&
	    wc > L' ') {
		out->code = WK_CHAR;
		out->ch = wc;
		return true;
	}
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcmp(name, key_names[i].name) == 0) {
			out->code = key_names[i].code;
			out->ch = out->code == WK_CHAR ? L' ' : 0;
			return true;
		}
	}
	return false;
}

static void
reserve(struct wg_field *f, size_t n)
{
	bool fresh = f->text == NULL;
	wchar_t *grown;

	if (n + 1 <= f->cap)
		return;
	if (!f->secret) {
		f->cap = n + 16;
		f->text = xreallocarray(f->text, f->cap, sizeof(*f->text));
	} else {
		/* realloc could leave a copy of a passphrase behind */
		grown = xcalloc(n + 16, sizeof(*grown));
		if (f->text) {
			memcpy(grown, f->text, f->cap * sizeof(*f->text));
			ac_secret_free(f->text, f->cap * sizeof(*f->text));
		}
		f->text = grown;
		f->cap = n + 16;
	}
	if (fresh)
		f->text[0] = L'\0';
}

void
wg_field_set(struct wg_field *f, const char *utf8)
{
	size_t n = utf8 ? mbstowcs(NULL, utf8, 0) : 0;

	if (n == (size_t)-1)
		n = 0;
	reserve(f, n);
	if (n)
		mbstowcs(f->text, utf8, n + 1);
	f->text[n] = L'\0';
	f->len = n;
	f->cur = n;
	f->first = 0;
}

char *
wg_field_get(const struct wg_field *f)
{
	size_t n;
	char *s;

	if (!f->text || !f->len)
		return xstrdup("");
	n = wcstombs(NULL, f->text, 0);
	if (n == (size_t)-1)
		return xstrdup("");
	s = xmalloc(n + 1);
	wcstombs(s, f->text, n + 1);
	return s;
}

bool
wg_field_empty(const struct wg_field *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] != L' ')
			return false;
	return true;
}

void
wg_field_clear(struct wg_field *f)
{
	/* a memset before free may be optimised away: this one is not */
	if (f->text && f->secret)
		ac_secret_free(f->text, f->cap * sizeof(*f->text));
	else
		free(f->text);
	memset(f, 0, sizeof(*f));
}

static bool
regional(wchar_t wc)
{
	return wc >= 0x1f1e6 && wc <= 0x1f1ff;
}

/* Whether wc belongs to the character before it: combining marks (width
 * 0, as e + U+0301), variation selectors, skin tones. */
static bool
extends(wchar_t wc)
{
	return wcwidth(wc) == 0 || (wc >= 0x1f3fb && wc <= 0x1f3ff);
}

/*
 * The end of the grapheme cluster that begins at i: what a reader sees as
 * one character, a letter and its marks, a flag (two regional
 * indicators), emoji joined by U+200D.  Simplified UAX #29: what a field
 * in this wizard can hold.
 */
static size_t
cluster_end(const struct wg_field *f, size_t i)
{
	size_t start = i;

	if (i >= f->len)
		return f->len;
	if (regional(f->text[i]) && i + 1 < f->len && regional(f->text[i + 1]))
		return i + 2;
	for (i++; i < f->len; i++) {
		if (f->text[i - 1] == 0x200d && i - 1 > start)
			continue;	/* joined to the one before */
		if (!extends(f->text[i]))
			break;
	}
	return i;
}

/* The start of the cluster that ends at i. */
static size_t
cluster_start(const struct wg_field *f, size_t i)
{
	size_t at = 0, next;

	while ((next = cluster_end(f, at)) < i)
		at = next;
	return at;
}

/* Removes the characters [from, to). */
static void
erase(struct wg_field *f, size_t from, size_t to)
{
	memmove(f->text + from, f->text + to,
		(f->len - to + 1) * sizeof(*f->text));
	f->len -= to - from;
}

bool
wg_field_key(struct wg_field *f, struct wg_key k)
{
	size_t max = f->max ? f->max : 256;

	switch (k.code) {
	case WK_CHAR:
		if (f->len >= max || k.ch < L' ' || wcwidth(k.ch) < 0)
			return true;
		reserve(f, f->len + 1);
		memmove(f->text + f->cur + 1, f->text + f->cur,
			(f->len - f->cur + 1) * sizeof(*f->text));
		f->text[f->cur++] = k.ch;
		f->len++;
		return true;
	/* by grapheme: never half a flag or a lone accent left behind */
	case WK_BACKSPACE:
		if (f->cur > 0) {
			size_t from = cluster_start(f, f->cur);

			erase(f, from, f->cur);
			f->cur = from;
		}
		return true;
	case WK_DELETE:
		if (f->cur < f->len)
			erase(f, f->cur, cluster_end(f, f->cur));
		return true;
	case WK_LEFT:
		if (f->cur > 0)
			f->cur = cluster_start(f, f->cur);
		return true;
	case WK_RIGHT:
		f->cur = cluster_end(f, f->cur);
		return true;
	case WK_HOME:
		f->cur = 0;
		return true;
	case WK_END:
		f->cur = f->len;
		return true;
	case WK_CTRL_U:
		f->len = f->cur = f->first = 0;
		if (f->text)
			f->text[0] = L'\0';
		return true;
	default:
		return false;
	}
}

static int
char_cols(const struct wg_field *f, size_t i)
{
	int w = f->secret ? 1 : wcwidth(f->text[i]);

	return w < 0 ? 1 : w;
}

/*
 * The text from the first character shown that fits in width columns, as
 * one UTF-8 string (a mark drawn on its letter), '*' for each character
 * of a secret.
 */
static char *
visible(const struct wg_field *f, int width)
{
	char *s = xmalloc((f->len - f->first) * MB_LEN_MAX + 1), *at = s;
	int col = 0;

	for (size_t i = f->first; i < f->len; i++) {
		int w = char_cols(f, i);
		mbstate_t st;
		size_t n;

		if (col + w > width)
			break;
		memset(&st, 0, sizeof(st));
		n = f->secret ? (size_t)-1 : wcrtomb(at, f->text[i], &st);
		if (n == (size_t)-1) {
			*at = f->secret ? '*' : '?';
			n = 1;
		}
		at += n;
		col += w;
	}
	*at = '\0';
	return s;
}

void
wg_field_draw(struct wg_field *f, struct draw *d, int y, int x, int width,
	      bool focus)
{
	int attr = focus ? DRAW_FOCUS : DRAW_FIELD, cols;
	char *shown;

	if (width < 2)
		return;
	/* keep the cursor in view, one column spare for it at the end */
	if (f->cur < f->first)
		f->first = f->cur;
	for (;;) {
		cols = 0;
		for (size_t i = f->first; i < f->cur; i++)
			cols += char_cols(f, i);
		if (cols < width || f->first >= f->cur)
			break;
		f->first++;
	}
	draw_fill(d, y, x, width, attr);
	shown = visible(f, width);
	draw_text(d, y, x, width, attr, shown);
	free(shown);
	if (focus)
		draw_cursor(d, y, x + cols);
}

bool
wg_list_key(struct wg_list *l, struct wg_key k)
{
	switch (k.code) {
	case WK_UP:
		if (l->sel > 0)
			l->sel--;
		return true;
	case WK_DOWN:
		if (l->sel + 1 < l->n)
			l->sel++;
		return true;
	case WK_HOME:
	case WK_PGUP:
		l->sel = 0;
		return true;
	case WK_END:
	case WK_PGDN:
		l->sel = l->n ? l->n - 1 : 0;
		return true;
	default:
		return false;
	}
}

void
wg_list_draw(struct wg_list *l, struct draw *d, int y, int x, int width,
	     int height, bool focus)
{
	if (height <= 0)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)height)
		l->top = l->sel - (size_t)height + 1;
	for (int r = 0; r < height && l->top + (size_t)r < l->n; r++) {
		size_t i = l->top + (size_t)r;
		bool sel = i == l->sel;
		int attr = sel ? (focus ? DRAW_FOCUS : DRAW_SELECT) : DRAW_NORMAL;
		char *line = xasprintf("%s %s", sel ? (d->utf8 ? "●" : "*")
						    : (d->utf8 ? "○" : "o"),
				       l->items[i]);

		draw_text_pad(d, y + r, x, width, attr, line);
		if (sel && focus)
			draw_cursor(d, y + r, x);
		free(line);
	}
}

bool
wg_check_key(bool *on, struct wg_key k)
{
	if (k.code == WK_CHAR && k.ch == L' ') {
		*on = !*on;
		return true;
	}
	return false;
}

void
wg_check_draw(bool on, const char *label, struct draw *d, int y, int x,
	      int width, bool focus)
{
	char *line = xasprintf("[%s] %s", on ? "x" : " ", label);

	draw_text_pad(d, y, x, width, focus ? DRAW_FOCUS : DRAW_NORMAL, line);
	if (focus)
		draw_cursor(d, y, x + 1);
	free(line);
}
