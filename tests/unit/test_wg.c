/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: widgets and the in-memory screen, without a terminal. */
#include <config.h>

#include "tests/unit/unit.h"

#include <locale.h>

#include <sys/stat.h>

#include "ui/complete.h"
#include "ui/draw.h"
#include "ui/wg.h"
#include "ui/words.h"

static struct wg_key
ch(wchar_t c)
{
	return (struct wg_key){ WK_CHAR, c };
}

static struct wg_key
key(enum wg_keycode code)
{
	return (struct wg_key){ code, 0 };
}

static void
test_field_edits_by_character(void **state)
{
	struct wg_field f = { 0 };
	char *s;

	(void)state;
	wg_field_key(&f, ch(L'a'));
	wg_field_key(&f, ch(L'ü'));
	wg_field_key(&f, ch(L'字'));
	s = wg_field_get(&f);
	assert_string_equal(s, "aü字");
	free(s);
	/* backspace removes a whole character, never a byte */
	wg_field_key(&f, key(WK_BACKSPACE));
	wg_field_key(&f, key(WK_LEFT));
	wg_field_key(&f, key(WK_DELETE));
	s = wg_field_get(&f);
	assert_string_equal(s, "a");
	free(s);
	wg_field_key(&f, key(WK_HOME));
	wg_field_key(&f, ch(L'x'));
	s = wg_field_get(&f);
	assert_string_equal(s, "xa");
	free(s);
	wg_field_key(&f, key(WK_CTRL_U));
	assert_true(wg_field_empty(&f));
	assert_false(wg_field_key(&f, key(WK_TAB)));
	wg_field_clear(&f);
}

/* The field's text after keys, as UTF-8 (compared, then freed). */
static void
assert_field(const struct wg_field *f, const char *expected)
{
	char *s = wg_field_get(f);

	assert_string_equal(s, expected);
	free(s);
}

static void
test_field_edits_by_grapheme(void **state)
{
	struct wg_field f = { 0 };

	(void)state;
	/* "é" typed as e + U+0301, "ñ" as n + U+0303: Backspace takes the
	 * letter with its accent, never leaves a lone accent behind */
	wg_field_set(&f, "Se\xcc\x81ne\xcc\x81");
	wg_field_key(&f, key(WK_BACKSPACE));
	assert_field(&f, "Se\xcc\x81n");
	wg_field_key(&f, key(WK_BACKSPACE));
	assert_field(&f, "Se\xcc\x81");
	/* the cursor steps over a letter and its marks at once */
	wg_field_key(&f, key(WK_LEFT));
	assert_int_equal(f.cur, 1);
	wg_field_key(&f, key(WK_RIGHT));
	assert_int_equal(f.cur, 3);
	wg_field_key(&f, key(WK_HOME));
	wg_field_key(&f, key(WK_RIGHT));
	wg_field_key(&f, key(WK_DELETE));
	assert_field(&f, "S");
	/* several marks, a flag (two regional indicators), an emoji joined
	 * with ZWJ and a skin tone: each one cluster */
	wg_field_set(&f, "xa\xcc\x81\xcc\xa3");
	wg_field_key(&f, key(WK_BACKSPACE));
	assert_field(&f, "x");
	wg_field_set(&f, "x🇯🇵🇫🇷");
	wg_field_key(&f, key(WK_BACKSPACE));
	assert_field(&f, "x🇯🇵");
	wg_field_key(&f, key(WK_LEFT));
	assert_int_equal(f.cur, 1);
	wg_field_key(&f, key(WK_DELETE));
	assert_field(&f, "x");
	wg_field_set(&f, "x👩\u200d💻👍🏽");
	wg_field_key(&f, key(WK_BACKSPACE));
	assert_field(&f, "x👩\u200d💻");
	wg_field_key(&f, key(WK_BACKSPACE));
	assert_field(&f, "x");
	/* a mark typed after a letter joins it */
	wg_field_key(&f, ch(L'e'));
	wg_field_key(&f, ch(0x0301));
	wg_field_key(&f, key(WK_LEFT));
	assert_int_equal(f.cur, 1);
	wg_field_clear(&f);
}

static void
test_field_shows_marks(void **state)
{
	struct wg_field f = { 0 };
	struct draw d;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	/* the accent is drawn on its letter, in the letter's cell */
	draw_init(&d, 10, 1, true);
	wg_field_set(&f, "Se\xcc\x81n");
	wg_field_draw(&f, &d, 0, 0, 10, true);
	assert_int_equal(d.cells[1].ch, L'e');
	assert_int_equal(d.cells[1].mark, 0x0301);
	assert_int_equal(d.cells[2].ch, L'n');
	assert_int_equal(d.cursor_x, 3);
	out = open_memstream(&buf, &len);
	draw_dump(&d, out);
	fclose(out);
	assert_string_equal(buf, "Se\xcc\x81n\n");
	free(buf);
	/* drawn over, the mark goes with the letter */
	draw_text(&d, 0, 1, 1, DRAW_NORMAL, "x");
	assert_int_equal(d.cells[1].mark, 0);
	draw_free(&d);
	wg_field_clear(&f);
}

static void
test_field_max_and_set(void **state)
{
	struct wg_field f = { .max = 2 };
	char *s;

	(void)state;
	wg_field_key(&f, ch(L'C'));
	wg_field_key(&f, ch(L'A'));
	wg_field_key(&f, ch(L'N'));
	s = wg_field_get(&f);
	assert_string_equal(s, "CA");
	free(s);
	wg_field_set(&f, "pbx.bücher.example");
	assert_int_equal(f.len, 18);
	assert_int_equal(f.cur, 18);
	wg_field_clear(&f);
}

static void
test_field_scrolls_in_columns(void **state)
{
	struct wg_field f = { 0 };
	struct draw d;

	(void)state;
	draw_init(&d, 20, 3, true);
	wg_field_set(&f, "字字字字字字字字字字");	/* 20 columns */
	wg_field_draw(&f, &d, 1, 2, 10, true);
	/* the cursor at the end stays inside the 10 columns */
	assert_int_equal(d.cursor_y, 1);
	assert_true(d.cursor_x <= 2 + 10);
	assert_true(f.first > 0);
	/* no wide character is split at the right edge */
	for (int x = 2; x < 12; x++)
		assert_true(d.cells[d.cols + x].ch == L'字' ||
			    d.cells[d.cols + x].ch == 0 ||
			    d.cells[d.cols + x].ch == L' ');
	draw_free(&d);
	wg_field_clear(&f);
}

static void
test_secret_field(void **state)
{
	struct wg_field f = { .secret = true };
	struct draw d;

	(void)state;
	draw_init(&d, 20, 1, true);
	wg_field_set(&f, "hunter2");
	wg_field_draw(&f, &d, 0, 0, 20, false);
	for (int x = 0; x < 7; x++)
		assert_int_equal(d.cells[x].ch, L'*');
	draw_free(&d);
	wg_field_clear(&f);
}

static void
test_list(void **state)
{
	static const char *const items[] = { "one", "two", "three" };
	struct wg_list l = { items, 3, 0, 0 };

	(void)state;
	assert_true(wg_list_key(&l, key(WK_DOWN)));
	assert_true(wg_list_key(&l, key(WK_DOWN)));
	assert_true(wg_list_key(&l, key(WK_DOWN)));
	assert_int_equal(l.sel, 2);
	wg_list_key(&l, key(WK_HOME));
	assert_int_equal(l.sel, 0);
	assert_false(wg_list_key(&l, key(WK_ENTER)));
}

static void
test_keys_parse(void **state)
{
	struct wg_key k;

	(void)state;
	assert_true(wg_key_parse("BTab", &k));
	assert_int_equal(k.code, WK_BTAB);
	assert_true(wg_key_parse("y", &k));
	assert_int_equal(k.code, WK_CHAR);
	assert_int_equal(k.ch, L'y');
	assert_false(wg_key_parse("Hyper-Q", &k));
}

static void
test_draw_columns_and_wrap(void **state)
{
	struct draw d;

	(void)state;
	assert_int_equal(draw_width("abc"), 3);
	assert_int_equal(draw_width("日本語"), 6);
	assert_int_equal(draw_width("bücher"), 6);
	draw_init(&d, 10, 4, true);
	/* cut: as much as fits, then "…" */
	assert_int_equal(draw_text(&d, 0, 0, 5, DRAW_NORMAL, "日本語"), 5);
	assert_int_equal(draw_wrap(NULL, 0, 0, 10, 0, 0, "aaa bbb ccc ddd"), 2);
	assert_int_equal(draw_wrap(&d, 0, 0, 10, 2, 0, "one\ntwo"), 2);
	/* a word longer than the line is cut, never drawn past the edge */
	assert_int_equal(draw_wrap(NULL, 0, 0, 4, 0, 0, "abcdefghij"), 3);
	draw_free(&d);
	/* a fingerprint is cut after a pair's colon, a path after a slash */
	draw_init(&d, 10, 3, true);
	assert_int_equal(draw_wrap(&d, 0, 0, 10, 0, 0, "AB:CD:EF:12:34"), 2);
	assert_int_equal(d.cells[8].ch, L':');
	assert_int_equal(d.cells[9].ch, L' ');
	assert_int_equal(d.cells[10].ch, L'1');
	draw_free(&d);
	draw_init(&d, 10, 3, true);
	assert_int_equal(draw_wrap(&d, 0, 0, 10, 0, 0, "/etc/asterisk/keys"), 3);
	assert_int_equal(d.cells[4].ch, L'/');
	assert_int_equal(d.cells[5].ch, L' ');
	assert_int_equal(d.cells[18].ch, L'/');
	assert_int_equal(d.cells[20].ch, L'k');
	draw_free(&d);
	draw_init(&d, 5, 1, false);
	/* not UTF-8: decorations by their ASCII look-alikes, a wide
	 * character as '?', letters the charset has (here ü) as they are */
	draw_text(&d, 0, 0, 5, DRAW_NORMAL, "—✓“日ü");
	assert_int_equal(d.cells[0].ch, L'-');
	assert_int_equal(d.cells[1].ch, L'+');
	assert_int_equal(d.cells[2].ch, L'"');
	assert_int_equal(d.cells[3].ch, L'?');
	assert_int_equal(d.cells[4].ch, L'ü');
	draw_box(&d, 0, 0, 1, 5, DRAW_NORMAL);
	draw_free(&d);
}

/* A pick-list of a few countries, as the wizard makes it. */
static void
pick_setup(struct wg_pick *p, struct wg_field *f)
{
	memset(p, 0, sizeof(*p));
	memset(f, 0, sizeof(*f));
	f->max = 64;
	p->field = f;
	wg_pick_add(p, "BD", "Bangladesh");
	wg_pick_add(p, "CA", "Canada");
	wg_pick_add(p, "DE", "Germany");
	wg_pick_add(p, "DK", "Denmark");
	wg_pick_add(p, "NE", "Niger");
	wg_pick_add(p, "NG", "Nigeria");
}

static void
type_text(struct wg_pick *p, const wchar_t *s)
{
	for (; *s; s++)
		assert_true(wg_pick_key(p, ch(*s)));
}

static const char *
match_code(const struct wg_pick *p, size_t i)
{
	assert_true(i < p->nmatch);
	return p->codes[p->match[i]];
}

static void
test_pick_filters_by_code_and_name(void **state)
{
	struct wg_pick p;
	struct wg_field f;

	(void)state;
	pick_setup(&p, &f);
	/* any case; the code itself first, then names that begin with it,
	 * then names that contain it */
	type_text(&p, L"de");
	assert_true(p.open);
	assert_int_equal(p.nmatch, 3);
	assert_string_equal(match_code(&p, 0), "DE");
	assert_string_equal(match_code(&p, 1), "DK");
	assert_string_equal(match_code(&p, 2), "BD");
	wg_pick_key(&p, key(WK_CTRL_U));
	assert_false(p.open);
	type_text(&p, L"GERM");
	assert_int_equal(p.nmatch, 1);
	assert_string_equal(match_code(&p, 0), "DE");
	wg_pick_key(&p, key(WK_CTRL_U));
	type_text(&p, L"xyz");
	assert_int_equal(p.nmatch, 0);
	wg_pick_clear(&p);
	wg_field_clear(&f);
}

static void
test_pick_arrows_and_enter(void **state)
{
	struct wg_pick p;
	struct wg_field f;
	char *s;

	(void)state;
	pick_setup(&p, &f);
	type_text(&p, L"nig");
	assert_int_equal(p.nmatch, 2);
	assert_true(wg_pick_key(&p, key(WK_DOWN)));
	assert_true(wg_pick_key(&p, key(WK_DOWN)));	/* stops at the end */
	assert_int_equal(p.sel, 1);
	assert_true(wg_pick_key(&p, key(WK_UP)));
	assert_int_equal(p.sel, 0);
	wg_pick_key(&p, key(WK_DOWN));
	/* Enter picks: the field holds the code, the list closes, and the
	 * key is the form's too (next field, as from any field) */
	assert_false(wg_pick_key(&p, key(WK_ENTER)));
	assert_false(p.open);
	s = wg_field_get(&f);
	assert_string_equal(s, "NG");
	free(s);
	/* closed, Enter is the form's (next field) */
	assert_false(wg_pick_key(&p, key(WK_ENTER)));
	/* Down opens the whole list when the field is empty */
	wg_pick_key(&p, key(WK_CTRL_U));
	assert_true(wg_pick_key(&p, key(WK_DOWN)));
	assert_true(p.open);
	assert_int_equal(p.nmatch, 6);
	/* Esc closes the list and is not the form's (back) */
	assert_true(wg_pick_key(&p, key(WK_ESC)));
	assert_false(p.open);
	assert_false(wg_pick_key(&p, key(WK_ESC)));
	wg_pick_clear(&p);
	wg_field_clear(&f);
}

static void
test_pick_settles_on_leaving(void **state)
{
	struct wg_pick p;
	struct wg_field f;
	char *s;

	(void)state;
	pick_setup(&p, &f);
	/* a code in any case, as typed today */
	type_text(&p, L"ca");
	assert_false(wg_pick_key(&p, key(WK_TAB)));
	assert_false(p.open);
	s = wg_field_get(&f);
	assert_string_equal(s, "CA");
	free(s);
	/* a whole name, and text only one item matches */
	wg_field_set(&f, "denmark");
	wg_pick_settle(&p);
	s = wg_field_get(&f);
	assert_string_equal(s, "DK");
	free(s);
	wg_field_set(&f, "many");
	wg_pick_settle(&p);
	s = wg_field_get(&f);
	assert_string_equal(s, "DE");
	free(s);
	/* ambiguous or unknown text stays, for the screen to refuse */
	wg_field_set(&f, "nig");
	wg_pick_settle(&p);
	s = wg_field_get(&f);
	assert_string_equal(s, "nig");
	free(s);
	/* empty stays empty */
	wg_field_set(&f, "");
	wg_pick_settle(&p);
	assert_true(wg_field_empty(&f));
	assert_int_equal(wg_pick_find(&p, "dk"), 3);
	assert_int_equal(wg_pick_find(&p, "ZZ"), -1);
	wg_pick_clear(&p);
	wg_field_clear(&f);
}

static void
test_pick_draws_code_and_name(void **state)
{
	struct wg_pick p;
	struct wg_field f;
	struct draw d;
	char *buf = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	pick_setup(&p, &f);
	draw_init(&d, 40, 8, true);
	wg_field_set(&f, "de");
	wg_pick_draw(&p, &d, 0, 0, 30, false);
	type_text(&p, L"n");
	wg_pick_draw_list(&p, &d, 1, 0, 30, 5);
	out = open_memstream(&buf, &len);
	draw_dump(&d, out);
	fclose(out);
	assert_non_null(strstr(buf, "de  Germany"));
	/* "den" matches one: the box is as tall as it needs */
	assert_non_null(strstr(buf, "│ DK  Denmark"));
	assert_null(strstr(buf, "Bangladesh"));
	free(buf);
	draw_free(&d);
	wg_pick_clear(&p);
	wg_field_clear(&f);
}

static void
test_pick_loads_the_country_list(void **state)
{
	const char *top = getenv("top_srcdir");
	struct wg_pick p = { 0 };
	struct wg_field f = { 0 };
	char *file;

	(void)state;
	p.field = &f;
	assert_false(wg_pick_load(&p, "/nonexistent/countries", NULL));
	assert_int_equal(p.n, 0);
	assert_true(asprintf(&file, "%s/data/countries", top ? top : ".") > 0);
	assert_true(wg_pick_load(&p, file, NULL));
	free(file);
	/* every ISO 3166-1 country, comment lines left out */
	assert_int_equal(p.n, 249);
	assert_string_equal(p.names[wg_pick_find(&p, "DE")], "Germany");
	assert_string_equal(p.names[wg_pick_find(&p, "CA")], "Canada");
	/* sorted by the name shown, not the code */
	assert_string_equal(p.codes[0], "AF");
	wg_pick_clear(&p);
	wg_field_clear(&f);
}

/* Makes dir/name, a directory when name ends with '/'. */
static void
make(const char *dir, const char *name)
{
	char *path;
	FILE *f;

	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	if (path[strlen(path) - 1] == '/') {
		assert_int_equal(mkdir(path, 0755), 0);
	} else {
		f = fopen(path, "w");
		assert_non_null(f);
		fclose(f);
	}
	free(path);
}

static enum wg_compl
complete(const char *dir, const char *typed, bool dirs_only, char **done,
	 struct ac_strv *cands)
{
	char *word;
	enum wg_compl r;

	*done = NULL;
	ac_strv_clear(cands);
	assert_true(asprintf(&word, "%s/%s", dir, typed) > 0);
	r = wg_complete_path(word, dirs_only, done, cands);
	free(word);
	return r;
}

static void
test_complete_paths(void **state)
{
	const char *dir = unit_tmpdir("complete");
	struct ac_strv c = { 0 };
	char *done, *want;

	(void)state;
	make(dir, "cert.pem");
	make(dir, "cert.key");
	make(dir, "chain.pem");
	make(dir, "keys/");
	make(dir, ".hidden.pem");
	make(dir, ".conf/");
	/* one match: the whole name; a directory gets its '/' */
	assert_int_equal(complete(dir, "ch", false, &done, &c), WG_COMPL_UNIQUE);
	assert_true(asprintf(&want, "%s/chain.pem", dir) > 0);
	assert_string_equal(done, want);
	free(want);
	free(done);
	assert_int_equal(complete(dir, "k", false, &done, &c), WG_COMPL_UNIQUE);
	assert_true(asprintf(&want, "%s/keys/", dir) > 0);
	assert_string_equal(done, want);
	free(want);
	free(done);
	/* several: the longest common prefix, and the candidates */
	assert_int_equal(complete(dir, "ce", false, &done, &c), WG_COMPL_PARTIAL);
	assert_true(asprintf(&want, "%s/cert.", dir) > 0);
	assert_string_equal(done, want);
	free(want);
	free(done);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0], "cert.key");
	assert_string_equal(c.v[1], "cert.pem");
	assert_int_equal(complete(dir, "cert.", false, &done, &c),
			 WG_COMPL_AMBIGUOUS);
	assert_null(done);
	assert_int_equal(c.n, 2);
	/* hidden entries only when the typed part starts with '.' */
	assert_int_equal(complete(dir, "", false, &done, &c), WG_COMPL_AMBIGUOUS);
	assert_int_equal(c.n, 4);
	assert_false(ac_strv_contains(&c, ".hidden.pem"));
	assert_int_equal(complete(dir, ".", false, &done, &c), WG_COMPL_AMBIGUOUS);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0], ".conf/");
	assert_string_equal(c.v[1], ".hidden.pem");
	/* directories only, for a directory field */
	assert_int_equal(complete(dir, "", true, &done, &c), WG_COMPL_UNIQUE);
	free(done);
	/* nothing to do: Tab moves on */
	assert_int_equal(complete(dir, "none", false, &done, &c), WG_COMPL_NONE);
	assert_int_equal(complete(dir, "cert.pem", false, &done, &c),
			 WG_COMPL_NONE);
	assert_int_equal(complete(dir, "nodir/x", false, &done, &c),
			 WG_COMPL_NONE);
	assert_int_equal(wg_complete_path("", false, &done, &c), WG_COMPL_NONE);
	ac_strv_clear(&c);
}

/* A hook line splits as a shell splits it, and joins back to a line
 * that splits the same. */
static void
test_words_split_and_join(void **state)
{
	const struct {
		const char *line;
		int n;
		const char *words[4];
	} cases[] = {
		{ "/usr/bin/hook", 1, { "/usr/bin/hook" } },
		{ "  /h  a,b\tc ", 3, { "/h", "a,b", "c" } },
		{ "/h 'my zone' \"a \\\"b\\\"\" c\\ d", 4,
		  { "/h", "my zone", "a \"b\"", "c d" } },
		{ "/h '' x", 3, { "/h", "", "x" } },
		{ "/h 'it'\\''s'", 2, { "/h", "it's" } },
		{ "/h \"$HOME\" `x`", 3, { "/h", "$HOME", "`x`" } },
	};
	const char *bad[] = { "/h 'open", "/h \"open", "/h end\\" };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct ac_strv l = { 0 }, again = { 0 };
		char *joined;

		assert_true(ui_words_split(cases[i].line, &l));
		assert_int_equal(l.n, cases[i].n);
		for (int k = 0; k < cases[i].n; k++)
			assert_string_equal(l.v[k], cases[i].words[k]);
		joined = ui_words_join(&l);
		assert_true(ui_words_split(joined, &again));
		assert_int_equal(again.n, l.n);
		for (size_t k = 0; k < l.n; k++)
			assert_string_equal(again.v[k], l.v[k]);
		free(joined);
		ac_strv_clear(&again);
		ac_strv_clear(&l);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct ac_strv l = { 0 };

		assert_false(ui_words_split(bad[i], &l));
		assert_int_equal(l.n, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_edits_by_character),
		cmocka_unit_test(test_field_edits_by_grapheme),
		cmocka_unit_test(test_field_shows_marks),
		cmocka_unit_test(test_field_max_and_set),
		cmocka_unit_test(test_field_scrolls_in_columns),
		cmocka_unit_test(test_secret_field),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_keys_parse),
		cmocka_unit_test(test_draw_columns_and_wrap),
		cmocka_unit_test(test_pick_filters_by_code_and_name),
		cmocka_unit_test(test_pick_arrows_and_enter),
		cmocka_unit_test(test_pick_settles_on_leaving),
		cmocka_unit_test(test_pick_draws_code_and_name),
		cmocka_unit_test(test_pick_loads_the_country_list),
		cmocka_unit_test(test_complete_paths),
		cmocka_unit_test(test_words_split_and_join),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		fail_msg("no C.UTF-8 locale");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
