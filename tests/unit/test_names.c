/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: host names, IDN and IP literals. */
#include <config.h>

#include "tests/unit/unit.h"

#include "src/names.h"

static void
expect_ascii(const char *in, unsigned flags, const char *want)
{
	struct ac_err err = AC_ERR_INIT;
	char *out = ac_name_to_ascii(in, flags, &err);

	if (!out)
		fail_msg("%s rejected: %s", in, err.msg);
	assert_string_equal(out, want);
	free(out);
}

static void
expect_reject(const char *in, unsigned flags, const char *fragment)
{
	struct ac_err err = AC_ERR_INIT;
	char *out = ac_name_to_ascii(in, flags, &err);

	if (out)
		fail_msg("%s accepted as %s", in, out);
	assert_int_equal(err.code, AC_ERR_INPUT);
	if (!strstr(err.msg, fragment))
		fail_msg("message for %s lacks \"%s\": %s", in, fragment,
			 err.msg);
	ac_err_clear(&err);
}

static void
test_valid_names(void **state)
{
	(void)state;
	expect_ascii("pbx.example.com", 0, "pbx.example.com");
	expect_ascii("PBX.Example.COM.", 0, "pbx.example.com");
	expect_ascii("sip-1.example.org", 0, "sip-1.example.org");
	expect_ascii("*.example.com", AC_NAME_WILDCARD, "*.example.com");
}

static void
test_idn(void **state)
{
	char *u;

	(void)state;
	expect_ascii("pbx.bücher.example", 0, "pbx.xn--bcher-kva.example");
	/* UTS #46 maps upper case and full-width forms */
	expect_ascii("PBX.BÜCHER.example", 0, "pbx.xn--bcher-kva.example");
	u = ac_name_to_unicode("pbx.xn--bcher-kva.example");
	assert_string_equal(u, "pbx.bücher.example");
	free(u);
}

/* ac_name_shown: both forms when the A-labels convert, the name alone
 * when they do not, escaped either way. */
static void
expect_shown(const char *ascii, bool utf8, const char *want)
{
	char *got = ac_name_shown(ascii, utf8);

	assert_string_equal(got, want);
	free(got);
}

static void
test_shown(void **state)
{
	(void)state;
	expect_shown("pbx.xn--bcher-kva.example", true,
		     "pbx.bücher.example → pbx.xn--bcher-kva.example");
	expect_shown("pbx.xn--bcher-kva.example", false,
		     "pbx.bücher.example -> pbx.xn--bcher-kva.example");
	expect_shown("pbx.example.com", true, "pbx.example.com");
	/* not a valid A-label: the xn-- form only */
	expect_shown("xn--zz.example", true, "xn--zz.example");
	/* a control in a name that does not convert: escaped */
	expect_shown("xn--\x1b.example", true, "xn--\\x1b.example");
	expect_shown("pbx\x1b\n.example", true, "pbx\\x1b\\n.example");
}

static void
test_invalid_names(void **state)
{
	(void)state;
	expect_reject("", 0, "empty");
	expect_reject("pbx..example.com", 0, "empty label");
	expect_reject("-pbx.example.com", 0, "hyphen");
	expect_reject("pbx_1.example.com", 0, "'_'");
	expect_reject("pbx example.com", 0, "' '");
	expect_reject("*.example.com", 0, "wildcard");
	expect_reject("192.0.2.1", 0, "IP address");
	expect_reject("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
		      0, "63");
}

static void
test_ip(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	char *ip;

	(void)state;
	ip = ac_ip_canonical("2001:DB8:0:0::10", &err);
	assert_string_equal(ip, "2001:db8::10");
	free(ip);
	ip = ac_ip_canonical("192.0.2.10", &err);
	assert_string_equal(ip, "192.0.2.10");
	free(ip);
	assert_null(ac_ip_canonical("192.0.2.300", &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	ac_err_clear(&err);
	assert_true(ac_ip_is_literal("::1"));
	assert_false(ac_ip_is_literal("pbx.example.com"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_names),
		cmocka_unit_test(test_idn),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_invalid_names),
		cmocka_unit_test(test_ip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
