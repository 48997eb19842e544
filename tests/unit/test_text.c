/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the escaper of untrusted text, and its users. */
#include <config.h>

#include "tests/unit/unit.h"

#include "src/err.h"
#include "src/text.h"

static void
expect(const char *in, size_t len, const char *want)
{
	char *out = ac_text_escape(in, len);

	assert_string_equal(out, want);
	free(out);
}

#define EXPECT(lit, want) expect(lit, sizeof(lit) - 1, want)

static void
test_plain_kept(void **state)
{
	(void)state;
	EXPECT("pbx.example.com", "pbx.example.com");
	EXPECT("Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale", /* accents */
	       "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale");
	EXPECT("\xe6\x9d\xb1\xe4\xba\xac", "\xe6\x9d\xb1\xe4\xba\xac");
	EXPECT("\xf0\x9f\x93\x9e", "\xf0\x9f\x93\x9e");	/* emoji */
	EXPECT("", "");
	assert_true(ac_text_is_plain("CN=pbx, O=Acme"));
	assert_false(ac_text_is_plain("a\\b"));
}

static void
test_controls(void **state)
{
	(void)state;
	EXPECT("b\033]0;pwn\007x", "b\\x1b]0;pwn\\x07x");
	EXPECT("\033[2J", "\\x1b[2J");
	EXPECT("d\nFAKE LINE: 999 days left", "d\\nFAKE LINE: 999 days left");
	EXPECT("a\rb\tc\x7f", "a\\rb\\tc\\x7f");
	EXPECT("paypal.com\0.evil.example.com",
	       "paypal.com\\x00.evil.example.com");
}

static void
test_backslash_cannot_forge(void **state)
{
	char *out;

	(void)state;
	/* a literal "\x1b" and a real ESC stay told apart */
	EXPECT("\\x1b", "\\\\x1b");
	EXPECT("\\", "\\\\");
	out = ac_text_esc_rendered("CN=a\\,b\033");
	assert_string_equal(out, "CN=a\\,b\\x1b");
	free(out);
}

static void
test_c1_bidi_invalid(void **state)
{
	(void)state;
	EXPECT("c\x9b" "1m", "c\\x9b1m");	/* 8-bit CSI, not UTF-8 */
	EXPECT("c\xc2\x9b" "1m", "c\\u009b1m");	/* CSI as UTF-8 */
	EXPECT("\xc2\x85", "\\u0085");		/* NEL */
	EXPECT("Evil\xe2\x80\xae" "Corp", "Evil\\u202eCorp");
	EXPECT("\xe2\x80\xaa\xe2\x81\xa6\xe2\x81\xa9\xe2\x80\x8e\xd8\x9c",
	       "\\u202a\\u2066\\u2069\\u200e\\u061c");
	EXPECT("\xe2\x80\xa8", "\\u2028");	/* line separator */
	EXPECT("\xef\xbb\xbf", "\\ufeff");
	EXPECT("\xc0\xaf", "\\xc0\\xaf");	/* overlong '/' */
	EXPECT("\xed\xa0\x80", "\\xed\\xa0\\x80");	/* surrogate */
	EXPECT("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	EXPECT("\xe2\x80", "\\xe2\\x80");	/* cut short */
	EXPECT("\xff", "\\xff");
}

static void
test_null_input(void **state)
{
	char *out = ac_text_esc(NULL);

	(void)state;
	assert_string_equal(out, "");
	free(out);
	out = ac_text_escape(NULL, 5);
	assert_string_equal(out, "");
	free(out);
}

/* Errors carry server and file text: msg and detail lines are escaped. */
static void
test_err_escapes(void **state)
{
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	ac_err_set(&err, AC_ERR_CA, "The ACME server refused the request: %s",
		   "x\033[2J\nastcert: all good");
	assert_string_equal(err.msg, "The ACME server refused the request: "
			    "x\\x1b[2J\\nastcert: all good");
	ac_err_detail(&err, "detail: %s", "a\033]0;pwn\007FAKE\xe2\x80\xae");
	ac_err_detail(&err, "passed on:\n%s", "line");
	assert_string_equal(err.detail, "detail: a\\x1b]0;pwn\\x07FAKE\\u202e"
			    "\npassed on:\nline");
	ac_err_prefix(&err, "%s", "f\033ile");
	assert_non_null(strstr(err.msg, "f\\x1bile: The ACME"));
	ac_err_clear(&err);
	/* escaping again changes nothing: an error passed on stays readable */
	ac_err_set(&err, AC_ERR_CA, "%s", "already \\x1b escaped");
	assert_string_equal(err.msg, "already \\x1b escaped");
	ac_err_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_kept),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_backslash_cannot_forge),
		cmocka_unit_test(test_c1_bidi_invalid),
		cmocka_unit_test(test_null_input),
		cmocka_unit_test(test_err_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
