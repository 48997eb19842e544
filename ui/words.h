/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A command line typed into one field (the DNS-01 hook and its
 * arguments): split into words as a POSIX shell would, without a shell —
 * no expansion, no redirection, nothing run — and quoted back for
 * display, the answers file and the review's command line.
 */
#ifndef AC_UI_WORDS_H
#define AC_UI_WORDS_H

#include <stdbool.h>

#include "src/xalloc.h"

/*
 * Appends the words of text to out: blanks separate them; '...' keeps
 * everything literally; "..." keeps everything but \" \\ \$ \` (a
 * backslash before them is dropped); outside quotes a backslash keeps the
 * next character.  False, out unchanged, when a quote is not closed or
 * the line ends in a backslash.
 */
bool ui_words_split(const char *text, struct ac_strv *out);

/* Appends s as one shell word: as it is when it needs no quotes, else in
 * single quotes. */
void ui_word_quote(struct ac_buf *b, const char *s);

/* The words of l joined by spaces, each quoted when it needs it.  New
 * string. */
char *ui_words_join(const struct ac_strv *l);

#endif
