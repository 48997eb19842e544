/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A screen in memory: text, boxes and wrapping measured in columns. */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "src/xalloc.h"
#include "ui/draw.h"

void
draw_init(struct draw *d, int cols, int rows, bool utf8)
{
	memset(d, 0, sizeof(*d));
	d->utf8 = utf8;
	draw_resize(d, cols, rows);
}

void
draw_free(struct draw *d)
{
	free(d->cells);
	d->cells = NULL;
}

void
draw_resize(struct draw *d, int cols, int rows)
{
	d->cols = cols > 0 ? cols : 1;
	d->rows = rows > 0 ? rows : 1;
	free(d->cells);
	d->cells = xcalloc((size_t)d->cols * (size_t)d->rows,
			   sizeof(*d->cells));
	draw_clear(d);
}

void
draw_clear(struct draw *d)
{
	for (int i = 0; i < d->cols * d->rows; i++)
		d->cells[i] = (struct draw_cell){ L' ', DRAW_NORMAL };
	d->cursor_y = -1;
}

/* The ASCII look-alike of a decorative character, or 0. */
static wchar_t
ascii_of(wchar_t wc)
{
	static const struct {
		wchar_t wc;
		wchar_t ascii;
	} alike[] = {
		{ L'—', L'-' }, { L'–', L'-' }, { L'‐', L'-' }, { L'−', L'-' },
		{ L'‘', L'\'' }, { L'’', L'\'' }, { L'‚', L'\'' },
		{ L'“', L'"' }, { L'”', L'"' }, { L'„', L'"' },
		{ L'«', L'"' }, { L'»', L'"' }, { L'…', L'.' }, { L'·', L'.' },
		{ L'•', L'*' }, { L'●', L'*' }, { L'○', L'o' },
		{ L'✓', L'+' }, { L'✗', L'x' }, { L'→', L'>' }, { L'←', L'<' },
		{ L'─', L'-' }, { L'│', L'|' }, { L'┌', L'+' }, { L'┐', L'+' },
		{ L'└', L'+' }, { L'┘', L'+' }, { 0x00a0, L' ' }, { 0x202f, L' ' },
	};

	for (size_t i = 0; i < sizeof(alike) / sizeof(alike[0]); i++)
		if (alike[i].wc == wc)
			return alike[i].ascii;
	return 0;
}

/* A UTF-8 sequence the locale cannot read (a msgid under LANG=C): its
 * character and length, or 0. */
static int
utf8_decode(const char *s, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	int n = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : u[0] >= 0xc0 ? 2 : 0;
	unsigned long c = n ? u[0] & (0x7f >> n) : 0;

	for (int i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	*wc = (wchar_t)c;
	return n;
}

/*
 * Next character of s: its width in columns and the bytes it takes.  When
 * the locale is not UTF-8, a character it cannot show becomes its ASCII
 * look-alike, or '?'.
 */
static wchar_t
next_char(const char *s, int *bytes, int *width, bool utf8)
{
	mbstate_t st;
	wchar_t wc, ascii;
	char mb[MB_LEN_MAX];
	size_t n;
	int w;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, strlen(s), &st);
	*width = 1;
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*bytes = utf8_decode(s, &wc);
		if (*bytes == 0) {
			*bytes = 1;
			return L'?';
		}
		ascii = ascii_of(wc);
		return ascii ? ascii : L'?';
	}
	*bytes = (int)n;
	w = wcwidth(wc);
	if (!utf8 && wc >= 0x80) {
		/* line drawing and marks never; letters the charset has */
		ascii = ascii_of(wc);
		memset(&st, 0, sizeof(st));
		if (ascii)
			return ascii;
		if (w != 1 || wcrtomb(mb, wc, &st) == (size_t)-1)
			return L'?';
	}
	if (w < 0)
		return L'?';
	*width = w;
	return wc;
}

int
draw_width(const char *s)
{
	int cols = 0, bytes, width;

	while (*s) {
		next_char(s, &bytes, &width, true);
		cols += width;
		s += bytes;
	}
	return cols;
}

static struct draw_cell *
cell(struct draw *d, int y, int x)
{
	if (!d || y < 0 || x < 0 || y >= d->rows || x >= d->cols)
		return NULL;
	return &d->cells[y * d->cols + x];
}

/*
 * Before cell y, x is drawn over: the other half of a wide character it is
 * part of becomes a blank, as a terminal cannot show half a character (a
 * box's edge on the right half of one would else push the rest of the row
 * a column to the right).
 */
static void
vacate(struct draw *d, int y, int x)
{
	struct draw_cell *c = cell(d, y, x), *side;

	if (!c)
		return;
	side = cell(d, y, c->ch == 0 ? x - 1 : x + 1);
	if (side && ((c->ch == 0 && side->ch != 0) ||
		     (c->ch != 0 && side->ch == 0)))
		*side = (struct draw_cell){ L' ', side->attr, 0 };
}

/* One cell of a narrow character. */
static void
set(struct draw *d, int y, int x, wchar_t wc, int attr)
{
	struct draw_cell *c = cell(d, y, x);

	if (!c)
		return;
	vacate(d, y, x);
	*c = (struct draw_cell){ wc, (unsigned char)attr };
}

/* Text up to a newline, clipped to max columns. */
static int
put_text(struct draw *d, int y, int x, int max, int attr, const char *s)
{
	int used = 0, bytes, width;
	struct draw_cell *last = NULL;

	while (s && *s && *s != '\n') {
		wchar_t wc = next_char(s, &bytes, &width, !d || d->utf8);
		struct draw_cell *c;

		if (used + width > max)
			break;
		if (width == 0 && last && !last->mark)
			last->mark = wc;	/* on the character before */
		if (width > 0)
			last = cell(d, y, x + used);
		for (int i = 0; d && i < width; i++)
			vacate(d, y, x + used + i);
		for (int i = 0; i < width; i++) {
			c = cell(d, y, x + used + i);
			if (c)
				*c = (struct draw_cell){ i ? 0 : wc,
							 (unsigned char)attr };
		}
		used += width;
		s += bytes;
	}
	return used;
}

/* Columns of s up to a newline, as put_text would draw it. */
static int
line_width(const struct draw *d, const char *s)
{
	int cols = 0, bytes, width;

	while (s && *s && *s != '\n') {
		next_char(s, &bytes, &width, !d || d->utf8);
		cols += width;
		s += bytes;
	}
	return cols;
}

int
draw_text(struct draw *d, int y, int x, int max, int attr, const char *s)
{
	int used;

	if (max < 0 || (d && x + max > d->cols))
		max = d ? d->cols - x : max;
	if (max <= 0)
		return 0;
	if (line_width(d, s) <= max)
		return put_text(d, y, x, max, attr, s);
	/* never cut without saying so */
	used = put_text(d, y, x, max - 1, attr, s);
	return used + put_text(d, y, x + used, 1, attr, "…");
}

void
draw_text_pad(struct draw *d, int y, int x, int width, int attr, const char *s)
{
	int used = draw_text(d, y, x, width, attr, s);

	draw_fill(d, y, x + used, width - used, attr);
}

/* Characters a line never begins with (closing marks) or ends with
 * (opening marks), in Japanese and around it. */
static bool
no_line_start(wchar_t wc)
{
	return wc && wcschr(L".,;:!?)]}%…、。，．・：；？！ー゛゜ヽヾゝゞ々〉》」』】〕）］｝"
			    L"ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", wc);
}

static bool
no_line_end(wchar_t wc)
{
	return wc && wcschr(L"([{〈《「『【〔（［｛", wc);
}

/*
 * Whether a line may break between prev and next without a space: beside
 * a wide character (Chinese, Japanese and Korean text has no spaces), but
 * never before a closing mark or after an opening one.
 */
static bool
breakable(wchar_t prev, int prev_width, wchar_t next, int next_width)
{
	if (prev_width < 2 && next_width < 2)
		return false;
	return !no_line_start(next) && !no_line_end(prev);
}

/*
 * Bytes of the next piece that is never broken (up to a space, a newline
 * or a place a line may break) and its columns.
 */
static int
word(const char *s, int *cols)
{
	int n = 0, bytes, width, prev_width = 0;
	wchar_t wc, prev = 0;

	*cols = 0;
	while (s[n] && s[n] != ' ' && s[n] != '\n') {
		wc = next_char(s + n, &bytes, &width, true);
		if (n > 0 && breakable(prev, prev_width, wc, width))
			break;
		n += bytes;
		*cols += width;
		prev = wc;
		prev_width = width;
	}
	return n;
}

/* Bytes of the first n of s that fit in max columns, never splitting a
 * character; at least one character, so that a line always advances. */
static int
fitting(const char *s, int n, int max, int *cols)
{
	int b = 0, bytes, width;

	*cols = 0;
	while (b < n) {
		next_char(s + b, &bytes, &width, true);
		if (*cols + width > max && b > 0)
			break;
		b += bytes;
		*cols += width;
		if (*cols >= max)
			break;
	}
	return b;
}

/* Draws n bytes of s (NULL d: measures only). */
static void
piece(struct draw *d, int y, int x, int cols, int attr, const char *s, int n)
{
	char *text;

	if (!d)
		return;
	text = xstrndup(s, (size_t)n);
	draw_text(d, y, x, cols, attr, text);
	free(text);
}

/* Where a piece cut at n bytes had better end: after its last ':' or '/'
 * in the second half (a fingerprint's pair, a path's directory stay
 * whole), else at n. */
static int
soft_cut(const char *s, int n)
{
	for (int i = n; i >= n / 2 && i > 1; i--)
		if (s[i - 1] == ':' || s[i - 1] == '/')
			return i;
	return n;
}

int
draw_wrap(struct draw *d, int y, int x, int width, int rows, int attr,
	  const char *s)
{
	int line = 0, col = 0, spaces = 0, cols, n;

	if (width <= 0)
		return 0;
	while (*s && (rows <= 0 || line < rows)) {
		if (*s == '\n' || *s == ' ') {
			/* spaces count once a word follows on the same line */
			spaces = *s == ' ' && col > 0 ? spaces + 1 : 0;
			if (*s++ == '\n') {
				line++;
				col = 0;
			}
			continue;
		}
		n = word(s, &cols);
		if (col > 0 && col + spaces + cols > width) {
			line++;
			col = 0;
			if (rows > 0 && line >= rows)
				break;
		}
		if (col > 0)
			col += spaces;
		spaces = 0;
		/* a piece longer than the line is cut over several lines */
		if (cols > width - col) {
			n = fitting(s, n, width - col, &cols);
			if (s[n] && s[n] != ' ' && s[n] != '\n')
				n = soft_cut(s, n);
			piece(d, y + line, x + col, width - col, attr, s, n);
			line++;
			col = 0;
		} else {
			piece(d, y + line, x + col, cols, attr, s, n);
			col += cols;
		}
		s += n;
	}
	return col > 0 ? line + 1 : line;
}

void
draw_fill(struct draw *d, int y, int x, int width, int attr)
{
	for (int i = 0; i < width; i++)
		set(d, y, x + i, L' ', attr);
}

void
draw_blit(struct draw *dst, int y, const struct draw *src, int sy, int n)
{
	struct draw_cell *c;

	for (int r = 0; r < n && sy + r < src->rows; r++)
		for (int x = 0; x < dst->cols && x < src->cols; x++)
			if (sy + r >= 0 && (c = cell(dst, y + r, x)) != NULL)
				*c = src->cells[(sy + r) * src->cols + x];
}

int
draw_used_rows(const struct draw *d)
{
	for (int y = d->rows - 1; y >= 0; y--)
		for (int x = 0; x < d->cols; x++)
			if (d->cells[y * d->cols + x].ch != L' ')
				return y + 1;
	return 0;
}

static void
put(struct draw *d, int y, int x, wchar_t utf, int attr)
{
	set(d, y, x, d->utf8 ? utf : ascii_of(utf), attr);
}

void
draw_hline(struct draw *d, int y, int x, int width, int attr)
{
	for (int i = 0; i < width; i++)
		put(d, y, x + i, L'─', attr);
}

void
draw_box(struct draw *d, int y, int x, int height, int width, int attr)
{
	if (height < 2 || width < 2)
		return;
	for (int r = 1; r < height - 1; r++) {
		put(d, y + r, x, L'│', attr);
		draw_fill(d, y + r, x + 1, width - 2, attr);
		put(d, y + r, x + width - 1, L'│', attr);
	}
	draw_hline(d, y, x + 1, width - 2, attr);
	draw_hline(d, y + height - 1, x + 1, width - 2, attr);
	put(d, y, x, L'┌', attr);
	put(d, y, x + width - 1, L'┐', attr);
	put(d, y + height - 1, x, L'└', attr);
	put(d, y + height - 1, x + width - 1, L'┘', attr);
}

void
draw_cursor(struct draw *d, int y, int x)
{
	d->cursor_y = y;
	d->cursor_x = x;
}

static void
put_mb(wchar_t wc, FILE *out)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, wc, &st);
	if (n == (size_t)-1)
		fputc('?', out);
	else
		fwrite(mb, 1, n, out);
}

void
draw_dump(const struct draw *d, FILE *out)
{

	for (int y = 0; y < d->rows; y++) {
		int last = d->cols - 1;

		while (last >= 0 && d->cells[y * d->cols + last].ch == L' ')
			last--;
		for (int x = 0; x <= last; x++) {
			const struct draw_cell *c = &d->cells[y * d->cols + x];

			if (c->ch == 0)
				continue;
			put_mb(c->ch, out);
			if (c->mark)
				put_mb(c->mark, out);
		}
		fputc('\n', out);
	}
}
