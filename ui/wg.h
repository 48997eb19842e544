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
	WK_F2,
	WK_F10,
	WK_CTRL_L,
	WK_CTRL_U,	/* clear the field */
	WK_CTRL_C,	/* asks to quit; cancels a running job */
	WK_RESIZE,
	WK_TICK,	/* no key: time passed (progress redraw) */
	WK_INVALID,	/* typed, but not a character of the locale (LANG=C) */
};

struct wg_key {
	enum wg_keycode code;
	wchar_t ch;
};

/* Parses a key name ("Enter", "Tab", "BTab", "Escape", "Up", "F1",
 * "C-l", "BSpace", ...) as in tmux; false when unknown. */
bool wg_key_parse(const char *name, struct wg_key *out);

/*
 * A one-line text field, edited by grapheme (a letter with its accents, a
 * flag: never by byte or half a character), scrolled by columns.  secret
 * fields show '*'.
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
void wg_field_clear(struct wg_field *f);
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

/*
 * A pick-list: a text field that filters a list of items, each a code and
 * the name shown for it.  Typing filters by code or name (any case, with
 * or without accents: "cote" finds "Côte d'Ivoire"), or by the English
 * name when the shown one is translated; the arrows move in the list,
 * Enter picks (and is not the pick-list's: the form moves on); the field
 * then holds the code.
 * A code typed directly needs no list at all.
 */
struct wg_pick {
	struct wg_field *field;	/* borrowed: the query, then the code */
	char **codes;		/* owned, n of each */
	char **names;
	char **english;		/* the English name, NULL when the same */
	size_t n;
	size_t *match;		/* items the text matches, best first */
	size_t nmatch;
	size_t sel;		/* in match */
	size_t top;		/* first match shown */
	bool open;		/* the list shows under the field */
};

/* Adds an item (copied). */
void wg_pick_add(struct wg_pick *p, const char *code, const char *name);
/*
 * Loads "CODE<TAB>NAME" lines ('#' starts a comment) from file, each name
 * translated in the gettext domain when it is not NULL, sorted by the
 * name shown.  False when the file cannot be read (the pick-list then
 * takes typed codes only).
 */
bool wg_pick_load(struct wg_pick *p, const char *file, const char *domain);
void wg_pick_clear(struct wg_pick *p);
/* Recomputes the matches from the field's text. */
void wg_pick_filter(struct wg_pick *p);
/* The item whose code is code in any case, or -1. */
long wg_pick_find(const struct wg_pick *p, const char *code);
/*
 * When focus leaves the field: a code in any case, a whole name, or text
 * only one item matches becomes that item's code; other text stays as it
 * is (for the screen to refuse).  Closes the list.
 */
void wg_pick_settle(struct wg_pick *p);
/* Handles a key; false when it is not the pick-list's (Tab settles). */
bool wg_pick_key(struct wg_pick *p, struct wg_key k);
/* The field line: the code and its name when closed on a known code. */
void wg_pick_draw(struct wg_pick *p, struct draw *d, int y, int x, int width,
		  bool focus);
/* The open list, boxed, at most height rows from y (drawn over the form). */
void wg_pick_draw_list(struct wg_pick *p, struct draw *d, int y, int x,
		       int width, int height);

/* A check box. */
bool wg_check_key(bool *on, struct wg_key k);
void wg_check_draw(bool on, const char *label, struct draw *d, int y, int x,
		   int width, bool focus);

#endif
