/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: widgets and the in-memory screen, without a terminal. */
#include <config.h>

#include "tests/unit/unit.h"

#include <locale.h>

#include "ui/draw.h"
#include "ui/wg.h"

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
	wg_field_free(&f);
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
	wg_field_free(&f);
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
	wg_field_free(&f);
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
	wg_field_free(&f);
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
	assert_int_equal(draw_text(&d, 0, 0, 5, DRAW_NORMAL, "日本語"), 4);
	assert_int_equal(draw_wrap(NULL, 0, 0, 10, 0, 0, "aaa bbb ccc ddd"), 2);
	assert_int_equal(draw_wrap(&d, 0, 0, 10, 2, 0, "one\ntwo"), 2);
	/* a word longer than the line is cut, never drawn past the edge */
	assert_int_equal(draw_wrap(NULL, 0, 0, 4, 0, 0, "abcdefghij"), 3);
	draw_free(&d);
	draw_init(&d, 5, 1, false);
	draw_text(&d, 0, 0, 5, DRAW_NORMAL, "ü");
	assert_int_equal(d.cells[0].ch, L'?');	/* not UTF-8: ASCII only */
	draw_box(&d, 0, 0, 1, 5, DRAW_NORMAL);
	draw_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_edits_by_character),
		cmocka_unit_test(test_field_max_and_set),
		cmocka_unit_test(test_field_scrolls_in_columns),
		cmocka_unit_test(test_secret_field),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_keys_parse),
		cmocka_unit_test(test_draw_columns_and_wrap),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		fail_msg("no C.UTF-8 locale");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
