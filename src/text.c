/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display-safe text: the one escaper for strings others control. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "src/text.h"
#include "src/xalloc.h"

/*
 * The code point of the UTF-8 sequence at s (at most n bytes) and its
 * length, or 0 when it is not well-formed UTF-8: overlong forms, UTF-16
 * surrogates and values past U+10FFFF are malformed too, as a terminal may
 * read them otherwise than we do.
 */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Characters that move, hide or reorder text rather than show it. */
static bool
is_format(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x061c ||
	       (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	       (c >= 0x2060 && c <= 0x2069) || c == 0xfeff;
}

static void
escape_ascii(struct ac_buf *b, unsigned char c, bool keep_backslash)
{
	switch (c) {
	case '\\':
		ac_buf_addstr(b, keep_backslash ? "\\" : "\\\\");
		break;
	case '\n':
		ac_buf_addstr(b, "\\n");
		break;
	case '\r':
		ac_buf_addstr(b, "\\r");
		break;
	case '\t':
		ac_buf_addstr(b, "\\t");
		break;
	default:
		if (c < 0x20 || c == 0x7f)
			ac_buf_printf(b, "\\x%02x", c);
		else
			ac_buf_add(b, &c, 1);
	}
}

static char *
escape(const char *data, size_t len, bool keep_backslash)
{
	const unsigned char *s = (const unsigned char *)data;
	struct ac_buf b = { 0 };
	size_t i = 0, n;
	uint32_t c;

	while (data && i < len) {
		n = utf8_next(s + i, len - i, &c);
		if (n == 0)
			ac_buf_printf(&b, "\\x%02x", s[i++]);
		else if (n == 1)
			escape_ascii(&b, s[i++], keep_backslash);
		else if (is_format(c))
			ac_buf_printf(&b, "\\u%04x", (unsigned)c), i += n;
		else
			ac_buf_add(&b, s + i, n), i += n;
	}
	return ac_buf_steal(&b, NULL);
}

char *
ac_text_escape(const char *data, size_t len)
{
	return escape(data, len, false);
}

char *
ac_text_esc(const char *s)
{
	return escape(s, s ? strlen(s) : 0, false);
}

char *
ac_text_esc_rendered(const char *s)
{
	return escape(s, s ? strlen(s) : 0, true);
}

bool
ac_text_is_plain(const char *s)
{
	char *e = ac_text_esc(s);
	bool same = strcmp(e, s ? s : "") == 0;

	free(e);
	return same;
}
