/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A screen in memory: screens and widgets draw here, measured in columns. */
#ifndef DRAW_H
#define DRAW_H

#include <stdbool.h>
#include <stdio.h>
#include <wchar.h>

/* What a cell means; the terminal front end picks colours or attributes. */
enum draw_attr {
	DRAW_NORMAL,
	DRAW_TITLE,	/* the title bar */
	DRAW_KEYS,	/* the key bar */
	DRAW_FOCUS,	/* the focused widget */
	DRAW_SELECT,	/* a selected list item without focus */
	DRAW_FIELD,	/* an input field */
	DRAW_DIM,	/* explanations */
	DRAW_OK,
	DRAW_WARN,
	DRAW_ERR,
	DRAW_BOLD,
};

struct draw_cell {
	wchar_t ch;		/* 0: the right half of a wide character */
	unsigned char attr;
	wchar_t mark;		/* a combining mark on ch (e + U+0301), or 0 */
};

/*
 * The screen: cols x rows cells.  utf8 = the locale can show line drawing
 * and non-ASCII text; otherwise boxes are drawn with + - |, decorative
 * characters (dashes, quotes, marks) by their ASCII look-alikes, and any
 * other character the locale's charset lacks shows as '?'.
 */
struct draw {
	int cols;
	int rows;
	bool utf8;
	struct draw_cell *cells;
	int cursor_y;		/* -1: no cursor */
	int cursor_x;
};

void draw_init(struct draw *d, int cols, int rows, bool utf8);
void draw_free(struct draw *d);
/* Blank cells of the new size; the caller draws again from its state. */
void draw_resize(struct draw *d, int cols, int rows);
void draw_clear(struct draw *d);

/* Columns a UTF-8 string takes (invalid bytes count as one column each). */
int draw_width(const char *s);

/*
 * Text at y, x up to a newline, clipped to max columns: text that does not
 * fit ends in "…" (a wide character is never split).  Returns the columns
 * drawn.
 */
int draw_text(struct draw *d, int y, int x, int max, int attr, const char *s);

/* Like draw_text, right-padding with spaces to exactly width columns. */
void draw_text_pad(struct draw *d, int y, int x, int width, int attr,
		   const char *s);

/*
 * Word-wrapped text in a box of width columns and at most rows lines
 * (rows <= 0: as many as needed); '\n' breaks a line.  Lines break at
 * spaces, and beside wide characters (Japanese has no spaces) but never
 * before a closing mark or after an opening one; a word wider than the
 * box is cut between characters.  Returns the lines used (or needed, when
 * draw is NULL: the same count).
 */
int draw_wrap(struct draw *d, int y, int x, int width, int rows, int attr,
	      const char *s);

void draw_fill(struct draw *d, int y, int x, int width, int attr);
void draw_box(struct draw *d, int y, int x, int height, int width, int attr);
void draw_hline(struct draw *d, int y, int x, int width, int attr);
void draw_cursor(struct draw *d, int y, int x);

/*
 * Copies rows [sy, sy + n) of src (same width) to dst from row y: a taller
 * screen drawn off screen, shown a window at a time.
 */
void draw_blit(struct draw *dst, int y, const struct draw *src, int sy, int n);
/* Rows in use: the last row with anything but blanks, plus one. */
int draw_used_rows(const struct draw *d);

/* The screen as text, one line per row, trailing spaces removed. */
void draw_dump(const struct draw *d, FILE *out);

#endif
