/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pick-list widget: a field that filters a list of coded items. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/wg.h"

/* How many matches PgUp / PgDn skip. */
#define PAGE 8

static void
add(struct wg_pick *p, const char *code, const char *name,
    const char *english)
{
	p->codes = xreallocarray(p->codes, p->n + 1, sizeof(*p->codes));
	p->names = xreallocarray(p->names, p->n + 1, sizeof(*p->names));
	p->english = xreallocarray(p->english, p->n + 1, sizeof(*p->english));
	p->codes[p->n] = xstrdup(code);
	p->names[p->n] = xstrdup(name);
	p->english[p->n] = english && strcmp(english, name) != 0
				   ? xstrdup(english) : NULL;
	p->n++;
}

void
wg_pick_add(struct wg_pick *p, const char *code, const char *name)
{
	add(p, code, name, NULL);
}

static int
by_name(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcoll(x[1], y[1]);
}

/* Sorts each item's strings together, by the name shown. */
static void
sort_items(struct wg_pick *p)
{
	char **items = xreallocarray(NULL, p->n * 3, sizeof(*items));

	for (size_t i = 0; i < p->n; i++) {
		items[3 * i] = p->codes[i];
		items[3 * i + 1] = p->names[i];
		items[3 * i + 2] = p->english[i];
	}
	qsort(items, p->n, 3 * sizeof(*items), by_name);
	for (size_t i = 0; i < p->n; i++) {
		p->codes[i] = items[3 * i];
		p->names[i] = items[3 * i + 1];
		p->english[i] = items[3 * i + 2];
	}
	free(items);
}

bool
wg_pick_load(struct wg_pick *p, const char *file, const char *domain)
{
	FILE *f = fopen(file, "r");
	char *line = NULL, *tab;
	size_t cap = 0;
	ssize_t len;

	if (!f)
		return false;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		tab = strchr(line, '\t');
		if (line[0] == '#' || !tab || tab == line || !tab[1])
			continue;
		*tab = '\0';
#ifdef ENABLE_NLS
		/* the iso-codes catalogues, when installed; else English */
		add(p, line, domain ? dgettext(domain, tab + 1) : tab + 1,
		    tab + 1);
#else
		(void)domain;
		add(p, line, tab + 1, NULL);
#endif
	}
	free(line);
	fclose(f);
	sort_items(p);
	return true;
}

void
wg_pick_clear(struct wg_pick *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->codes[i]);
		free(p->names[i]);
		free(p->english[i]);
	}
	free(p->codes);
	free(p->names);
	free(p->english);
	free(p->match);
	memset(p, 0, sizeof(*p));
}

/* The base letter of the Latin-1 and Latin Extended-A letters from U+00C0,
 * lower case; '*' where there is none. */
static const wchar_t latin_base[] =
	L"aaaaaa*ceeeeiiiidnooooo*ouuuuy**"
	L"aaaaaa*ceeeeiiiidnooooo*ouuuuy*y"
	L"aaaaaaccccccccddddeeeeeeeeeegggg"
	L"gggghhhhiiiiiiiiii**jjkkklllllll"
	L"lllnnnnnnnnnoooooo**rrrrrrssssss"
	L"ssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* Appends the folded form of wc to out: lower case, no accent. */
static size_t
fold_char(wchar_t wc, wchar_t *out)
{
	static const struct {
		wchar_t wc;
		const wchar_t *as;
	} two[] = {
		{ L'ß', L"ss" }, { L'æ', L"ae" }, { L'Æ', L"ae" },
		{ L'œ', L"oe" }, { L'Œ', L"oe" }, { L'ĳ', L"ij" },
		{ L'Ĳ', L"ij" },
	};

	if (wcwidth(wc) == 0)
		return 0;	/* a combining accent (NFD input) */
	for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
		if (two[i].wc == wc) {
			wcscpy(out, two[i].as);
			return 2;
		}
	}
	if (wc >= 0xc0 && wc < 0xc0 + (wchar_t)wcslen(latin_base) &&
	    latin_base[wc - 0xc0] != L'*')
		wc = latin_base[wc - 0xc0];
	else if (wc == L'ё' || wc == L'Ё')
		wc = L'е';	/* Russian writes ё as е more often than not */
	else if (wc >= 0x3041 && wc <= 0x3096)
		wc += 0x60;	/* hiragana as katakana: おーすとりあ */
	else if (wc >= 0xff01 && wc <= 0xff5e)
		wc -= 0xfee0;	/* full-width Latin as ASCII */
	else if (wc == 0x2019 || wc == 0x2018)
		wc = L'\'';
	*out = (wchar_t)towlower((wint_t)wc);
	return 1;
}

/*
 * s folded for matching (new string), or NULL: lower case, accents off,
 * so that "cote" finds "Côte d'Ivoire" and "OSTERREICH" "Österreich".
 */
static wchar_t *
fold(const char *s)
{
	size_t n = s ? mbstowcs(NULL, s, 0) : (size_t)-1, len = 0;
	wchar_t *w, *out;

	if (n == (size_t)-1)
		return NULL;
	w = xreallocarray(NULL, n + 1, sizeof(*w));
	out = xreallocarray(NULL, 2 * n + 1, sizeof(*out));
	mbstowcs(w, s, n + 1);
	for (size_t i = 0; i < n; i++)
		len += fold_char(w[i], out + len);
	out[len] = L'\0';
	free(w);
	return out;
}

/* The better of how name matches q (lower is better), or -1. */
static int
name_rank(const char *name, const wchar_t *q, size_t n)
{
	wchar_t *folded = fold(name);
	int r = -1;

	if (folded && wcsncmp(folded, q, n) == 0)
		r = 1;
	else if (folded && wcsstr(folded, q))
		r = 3;
	free(folded);
	return r;
}

/*
 * How well item i matches the query q (folded), or -1: the code itself
 * first, then names that begin with it (the shown name or the English
 * one), then codes that begin with it, then names that contain it.
 */
static int
rank(const struct wg_pick *p, size_t i, const wchar_t *q)
{
	wchar_t *code = fold(p->codes[i]);
	size_t n = wcslen(q);
	int r = -1, by_name, by_english;

	if (code && wcscmp(code, q) == 0) {
		r = 0;
	} else {
		by_name = name_rank(p->names[i], q, n);
		by_english = p->english && p->english[i]
				     ? name_rank(p->english[i], q, n) : -1;
		if (by_name < 0 || (by_english >= 0 && by_english < by_name))
			by_name = by_english;
		if (by_name == 1)
			r = 1;
		else if (code && wcsncmp(code, q, n) == 0)
			r = 2;
		else
			r = by_name;
	}
	free(code);
	return r;
}

void
wg_pick_filter(struct wg_pick *p)
{
	char *text = wg_field_get(p->field);
	wchar_t *q = fold(text);
	int *ranks = xreallocarray(NULL, p->n + 1, sizeof(*ranks));

	free(p->match);
	p->match = xreallocarray(NULL, p->n + 1, sizeof(*p->match));
	p->nmatch = p->sel = p->top = 0;
	for (size_t i = 0; i < p->n; i++)
		ranks[i] = q ? rank(p, i, q) : -1;
	/* by rank, and within a rank in the list's order (by name) */
	for (int r = 0; r <= 3; r++)
		for (size_t i = 0; i < p->n; i++)
			if (ranks[i] == r)
				p->match[p->nmatch++] = i;
	free(ranks);
	free(q);
	free(text);
}

long
wg_pick_find(const struct wg_pick *p, const char *code)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcasecmp(p->codes[i], code) == 0)
			return (long)i;
	return -1;
}

/* Whether name is q, folded. */
static bool
same_name(const char *name, const wchar_t *q)
{
	wchar_t *folded = name ? fold(name) : NULL;
	bool same = folded && wcscmp(folded, q) == 0;

	free(folded);
	return same;
}

/* The item whose shown or English name is text, folded, or -1. */
static long
find_name(const struct wg_pick *p, const char *text)
{
	wchar_t *q = fold(text);
	long found = -1;

	for (size_t i = 0; q && i < p->n && found < 0; i++)
		if (same_name(p->names[i], q) ||
		    (p->english && same_name(p->english[i], q)))
			found = (long)i;
	free(q);
	return found;
}

void
wg_pick_settle(struct wg_pick *p)
{
	char *text = wg_field_get(p->field);
	long i = -1;

	p->open = false;
	if (*text) {
		i = wg_pick_find(p, text);
		if (i < 0)
			i = find_name(p, text);
		if (i < 0) {
			wg_pick_filter(p);
			if (p->nmatch == 1)
				i = (long)p->match[0];
		}
	}
	if (i >= 0)
		wg_field_set(p->field, p->codes[i]);
	free(text);
}

static void
pick(struct wg_pick *p)
{
	if (p->sel < p->nmatch)
		wg_field_set(p->field, p->codes[p->match[p->sel]]);
	p->open = false;
}

/* Arrows, pages, Enter and Esc while the list is open. */
static bool
list_key(struct wg_pick *p, struct wg_key k)
{
	switch (k.code) {
	case WK_UP:
		if (p->sel > 0)
			p->sel--;
		return true;
	case WK_DOWN:
		if (p->sel + 1 < p->nmatch)
			p->sel++;
		return true;
	case WK_PGUP:
		p->sel = p->sel > PAGE ? p->sel - PAGE : 0;
		return true;
	case WK_PGDN:
		p->sel += PAGE;
		if (p->sel >= p->nmatch)
			p->sel = p->nmatch ? p->nmatch - 1 : 0;
		return true;
	case WK_ENTER:
		/* picks, and the form moves on as from any field */
		if (p->nmatch)
			pick(p);
		return false;
	case WK_ESC:
		p->open = false;
		return true;
	default:
		return false;
	}
}

bool
wg_pick_key(struct wg_pick *p, struct wg_key k)
{
	if (p->open && list_key(p, k))
		return true;
	switch (k.code) {
	case WK_DOWN:
		/* Down opens the list: the way to browse it all */
		wg_pick_filter(p);
		p->open = true;
		return true;
	case WK_TAB:
	case WK_BTAB:
	case WK_ENTER:
	case WK_UP:
		wg_pick_settle(p);
		return false;
	default:
		break;
	}
	if (!wg_field_key(p->field, k))
		return false;
	if (k.code == WK_LEFT || k.code == WK_RIGHT || k.code == WK_HOME ||
	    k.code == WK_END)
		return true;
	wg_pick_filter(p);
	p->open = p->field->len > 0;
	return true;
}

void
wg_pick_draw(struct wg_pick *p, struct draw *d, int y, int x, int width,
	     bool focus)
{
	char *text = wg_field_get(p->field);
	long i = p->open ? -1 : wg_pick_find(p, text);

	if (i < 0 || width < 8) {
		wg_field_draw(p->field, d, y, x, width, focus);
	} else {
		/* the code in its field, the name beside it */
		wg_field_draw(p->field, d, y, x, 3, focus);
		draw_text(d, y, x + 4, width - 4, DRAW_NORMAL, p->names[i]);
	}
	free(text);
}

void
wg_pick_draw_list(struct wg_pick *p, struct draw *d, int y, int x, int width,
		  int height)
{
	int rows = height - 2;
	char *line;

	if (rows > (int)p->nmatch)
		rows = p->nmatch ? (int)p->nmatch : 1;
	if (rows < 1 || width < 12)
		return;
	draw_box(d, y, x, rows + 2, width, DRAW_NORMAL);
	if (!p->nmatch) {
		draw_text_pad(d, y + 1, x + 1, width - 2, DRAW_DIM,
			      _("Nothing matches: type a code or a name."));
		return;
	}
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + (size_t)rows)
		p->top = p->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && p->top + (size_t)r < p->nmatch; r++) {
		size_t m = p->top + (size_t)r, i = p->match[m];

		line = xasprintf(" %s  %s", p->codes[i], p->names[i]);
		draw_text_pad(d, y + 1 + r, x + 1, width - 2,
			      m == p->sel ? DRAW_FOCUS : DRAW_NORMAL, line);
		free(line);
	}
}
