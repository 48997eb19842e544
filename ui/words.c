/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shell words without a shell: see ui/words.h. */
#include <config.h>

#include <ctype.h>
#include <string.h>

#include "ui/words.h"

bool
ui_words_split(const char *text, struct ac_strv *out)
{
	struct ac_strv words = { 0 };
	struct ac_buf w = { 0 };
	bool in_word = false;
	const char *p = text;

	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word)
				ac_strv_add(&words, w.data ? w.data : "");
			ac_buf_clear(&w);
			in_word = false;
			p++;
			continue;
		}
		in_word = true;
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (!end)
				goto bad;
			ac_buf_add(&w, p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p)
					goto bad;
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				ac_buf_add(&w, p, 1);
			}
			p++;
		} else if (*p == '\\') {
			if (!p[1])
				goto bad;
			ac_buf_add(&w, p + 1, 1);
			p += 2;
		} else {
			ac_buf_add(&w, p++, 1);
		}
	}
	if (in_word)
		ac_strv_add(&words, w.data ? w.data : "");
	ac_buf_clear(&w);
	for (size_t i = 0; i < words.n; i++)
		ac_strv_add(out, words.v[i]);
	ac_strv_clear(&words);
	return true;
bad:
	ac_buf_clear(&w);
	ac_strv_clear(&words);
	return false;
}

void
ui_word_quote(struct ac_buf *b, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("@%+=:,./-_", *p))
			plain = false;
	if (plain) {
		ac_buf_addstr(b, s);
		return;
	}
	ac_buf_addstr(b, "'");
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			ac_buf_addstr(b, "'\\''");
		else
			ac_buf_add(b, p, 1);
	}
	ac_buf_addstr(b, "'");
}

char *
ui_words_join(const struct ac_strv *l)
{
	struct ac_buf b = { 0 };

	ac_buf_addstr(&b, "");
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			ac_buf_addstr(&b, " ");
		ui_word_quote(&b, l->v[i]);
	}
	return ac_buf_steal(&b, NULL);
}
