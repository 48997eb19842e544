/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the in-memory screen with text that has no spaces (Japanese)
 * and wide characters under boxes drawn over them. */
#include <config.h>

#include "tests/unit/unit.h"

#include <locale.h>
#include <wchar.h>

#include "ui/draw.h"

/* Row y of the screen as UTF-8 text, trailing blanks kept. */
static char *
row(const struct draw *d, int y)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct draw one = *d;

	assert_non_null(out);
	one.rows = 1;
	one.cells = d->cells + y * d->cols;
	draw_dump(&one, out);
	fclose(out);
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return buf;
}

/* Every row of d is at most its width, in columns. */
static void
assert_rows_fit(const struct draw *d)
{
	for (int y = 0; y < d->rows; y++) {
		char *text = row(d, y);

		if (draw_width(text) > d->cols)
			fail_msg("row %d is %d columns on a screen of %d: %s",
				 y, draw_width(text), d->cols, text);
		free(text);
	}
}

/* The text drawn by draw_wrap, rows joined: nothing lost, nothing split. */
static char *
joined(const struct draw *d, int rows)
{
	size_t cap = 1;
	char *all = calloc(1, cap), *text;

	for (int y = 0; y < rows; y++) {
		text = row(d, y);
		cap += strlen(text);
		all = realloc(all, cap);
		strcat(all, text);
		free(text);
	}
	return all;
}

static const char ja[] = "サーバーの名前といくつかの詳細を尋ね、確認し、"
			 "証明書を作成または取得します。";

static void
test_wrap_without_spaces(void **state)
{
	struct draw d;
	char *all, *text;
	int lines;

	(void)state;
	/* at every width, odd ones too: each line full up to a character
	 * that does not fit, never split, never past the edge */
	for (int width = 3; width <= 21; width++) {
		draw_init(&d, width, 40, true);
		lines = draw_wrap(&d, 0, 0, width, 0, DRAW_NORMAL, ja);
		assert_int_equal(lines, draw_wrap(NULL, 0, 0, width, 0, 0, ja));
		assert_true(lines <= (draw_width(ja) + width - 2) / (width - 1) + 2);
		assert_rows_fit(&d);
		all = joined(&d, lines);
		assert_string_equal(all, ja);
		free(all);
		/* no line begins with a closing mark (from 4 columns: a
		 * character and its mark then fit) */
		for (int y = 0; width >= 4 && y < lines; y++) {
			text = row(&d, y);
			assert_true(strncmp(text, "、", 3) != 0);
			assert_true(strncmp(text, "。", 3) != 0);
			free(text);
		}
		draw_free(&d);
	}
}

static void
test_wrap_mixed_text(void **state)
{
	struct draw d;
	char *text;

	(void)state;
	/* a Latin word then Japanese: the line is filled, not broken at
	 * the only space */
	draw_init(&d, 12, 4, true);
	assert_int_equal(draw_wrap(&d, 0, 0, 12, 0, 0,
				   "ACME 証明書を取得します。"), 3);
	text = row(&d, 0);
	assert_string_equal(text, "ACME 証明書");
	free(text);
	text = row(&d, 2);
	assert_string_equal(text, "す。");
	free(text);
	draw_free(&d);
	/* spaces are still where Latin text breaks, words whole */
	draw_init(&d, 10, 4, true);
	assert_int_equal(draw_wrap(&d, 0, 0, 10, 0, 0,
				   "aaa bbb ccc ddd"), 2);
	text = row(&d, 1);
	assert_string_equal(text, "ccc ddd");
	free(text);
	/* a Latin word beside Japanese stays whole */
	draw_clear(&d);
	assert_int_equal(draw_wrap(&d, 0, 0, 10, 0, 0, "鍵はsecp256r1です"), 3);
	text = row(&d, 1);
	assert_string_equal(text, "secp256r1");
	free(text);
	draw_free(&d);
}

static void
test_wrap_counts_as_it_draws(void **state)
{
	struct draw d;

	(void)state;
	/* a 2-column character that does not fit the last column */
	draw_init(&d, 5, 6, true);
	assert_int_equal(draw_wrap(NULL, 0, 0, 5, 0, 0, "日本語日本語"),
			 draw_wrap(&d, 0, 0, 5, 0, 0, "日本語日本語"));
	assert_int_equal(draw_wrap(NULL, 0, 0, 5, 0, 0, "日本語日本語"), 3);
	draw_free(&d);
}

static void
test_box_over_wide_characters(void **state)
{
	struct draw d;
	char *text;

	(void)state;
	draw_init(&d, 20, 4, true);
	for (int y = 0; y < 4; y++)
		draw_text(&d, y, 0, 20, DRAW_NORMAL, "日本語日本語日本語日");
	/* both edges on the right half of a character: its left half
	 * is blanked, never shown as a whole character pushing the row
	 * one column wider */
	draw_box(&d, 0, 3, 3, 10, DRAW_NORMAL);
	assert_rows_fit(&d);
	for (int y = 0; y < 3; y++) {
		static const char *const expected[] = {
			"日 ┌────────┐ 本語日",
			"日 │        │ 本語日",
			"日 └────────┘ 本語日",
		};

		text = row(&d, y);
		assert_string_equal(text, expected[y]);
		free(text);
	}
	/* text over the left half of a wide character blanks its right */
	draw_text(&d, 3, 4, 1, DRAW_NORMAL, "x");
	text = row(&d, 3);
	assert_string_equal(text, "日本x 日本語日本語日");
	free(text);
	draw_fill(&d, 3, 1, 1, DRAW_NORMAL);
	text = row(&d, 3);
	assert_string_equal(text, "  本x 日本語日本語日");
	free(text);
	draw_free(&d);
}

static void
test_text_cut_says_so(void **state)
{
	struct draw d;
	char *text;

	(void)state;
	draw_init(&d, 20, 1, true);
	/* cut: the last column shows "…" */
	assert_int_equal(draw_text(&d, 0, 0, 10, 0, "Let's Encrypt staging"), 10);
	text = row(&d, 0);
	assert_string_equal(text, "Let's Enc…");
	free(text);
	/* a wide character that no longer fits gives way to it */
	draw_clear(&d);
	assert_int_equal(draw_text(&d, 0, 0, 5, 0, "日本語日本"), 5);
	text = row(&d, 0);
	assert_string_equal(text, "日本…");
	free(text);
	/* text that fits exactly is whole; to a newline only */
	draw_clear(&d);
	draw_text(&d, 0, 0, 6, 0, "日本語\nmore");
	text = row(&d, 0);
	assert_string_equal(text, "日本語");
	free(text);
	/* clipped by the screen's edge as well */
	draw_clear(&d);
	draw_text(&d, 0, 15, -1, 0, "abcdefgh");
	text = row(&d, 0);
	assert_string_equal(text, "               abcd…");
	free(text);
	draw_free(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_without_spaces),
		cmocka_unit_test(test_wrap_mixed_text),
		cmocka_unit_test(test_wrap_counts_as_it_draws),
		cmocka_unit_test(test_box_over_wide_characters),
		cmocka_unit_test(test_text_cut_says_so),
	};

	if (!setlocale(LC_ALL, "C.UTF-8"))
		fail_msg("no C.UTF-8 locale");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
