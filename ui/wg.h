/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widgets: state plus a pure key handler, drawn through draw.h. */
#ifndef WG_H
#define WG_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ui/draw.h"

/* Keys as the wizard sees them, whatever the terminal sends. */
enum wg_keycode {
	WK_NONE,
	WK_CHAR,	/* a printable character in ch */
	WK_UP,
	WK_DOWN,
	WK_LEFT,
	WK_RIGHT,
	WK_HOME,
	WK_END,
	WK_PGUP,
	WK_PGDN,
	WK_BACKSPACE,
	WK_DELETE,
	WK_TAB,
	WK_BTAB,
	WK_ENTER,
	WK_ESC,
	WK_F1,
	WK_F10,
	WK_CTRL_L,
	WK_CTRL_U,	/* clear the field */
	WK_RESIZE,
	WK_TICK,	/* no key: time passed (progress redraw) */
};

struct wg_key {
	enum wg_keycode code;
	wchar_t ch;
};

/* Parses a key name ("Enter", "Tab", "BTab", "Escape", "Up", "F1",
 * "C-l", "BSpace", ...) as in tmux; false when unknown. */
bool wg_key_parse(const char *name, struct wg_key *out);

/*
 * A one-line text field, edited by character (never by byte), scrolled by
 * columns.  secret fields show '*'.
 */
struct wg_field {
	wchar_t *text;
	size_t len;
	size_t cap;
	size_t max;	/* characters; 0 = 256 */
	size_t cur;	/* cursor, in characters */
	size_t first;	/* first character shown */
	bool secret;
};

void wg_field_set(struct wg_field *f, const char *utf8);
/* The text as a new UTF-8 string. */
char *wg_field_get(const struct wg_field *f);
bool wg_field_empty(const struct wg_field *f);
void wg_field_free(struct wg_field *f);
/* Handles editing keys; false when the key is not the field's. */
bool wg_field_key(struct wg_field *f, struct wg_key k);
/* Draws in width columns; with focus, places the cursor. */
void wg_field_draw(struct wg_field *f, struct draw *d, int y, int x,
		   int width, bool focus);

/* A list of choices, one selected. Items are borrowed (translated). */
struct wg_list {
	const char *const *items;
	size_t n;
	size_t sel;
	size_t top;	/* first item shown */
};

bool wg_list_key(struct wg_list *l, struct wg_key k);
void wg_list_draw(struct wg_list *l, struct draw *d, int y, int x, int width,
		  int height, bool focus);

/* A check box. */
bool wg_check_key(bool *on, struct wg_key k);
void wg_check_draw(bool on, const char *label, struct draw *d, int y, int x,
		   int width, bool focus);

#endif
