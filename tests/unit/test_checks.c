/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The checks' run loop: order, progress, cancel, and the ACME pre-flight. */
#include <config.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/checks.h"

struct seen {
	struct ac_strv titles;
	size_t progress;
	size_t total;
	double lo, hi;		/* the range progress must stay in */
};

static void
on_check(void *arg, const struct ac_check *c, size_t index, size_t total)
{
	struct seen *s = arg;

	assert_int_equal(index, s->titles.n);
	s->total = total;
	ac_strv_add(&s->titles, c->title);
}

static void
on_progress(void *arg, const char *step, double fraction, const char *msg)
{
	struct seen *s = arg;

	(void)msg;
	assert_non_null(step);
	assert_true(fraction >= s->lo && fraction <= s->hi);
	s->progress++;
}

/* Only checks that need no network: names and the Asterisk user. */
static void
opts_init(struct ac_check_opts *o, struct seen *s)
{
	memset(o, 0, sizeof(*o));
	o->which = (1u << AC_CHECK_NAME) | (1u << AC_CHECK_ASTERISK);
	o->asterisk_user = "astcert-test-no-such-user";
	o->on_check = on_check;
	o->on_check_arg = s;
}

static void
test_run_order_and_progress(void **state)
{
	struct ac_ctx ctx = { .resolver = "127.0.0.1:1" };
	struct ac_check_opts o;
	struct ac_check_list list = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct seen s = { .lo = 0.0, .hi = 1.0 };

	(void)state;
	ctx.progress = on_progress;
	ctx.progress_arg = &s;
	opts_init(&o, &s);
	ac_strv_add(&o.names, "pbx.example.com");
	ac_strv_add(&o.names, "*.example.com");
	assert_true(ac_checks_run(&ctx, &o, &list, &err));
	assert_int_equal(list.n, 3);
	assert_int_equal(s.total, 3);
	assert_int_equal(s.titles.n, 3);
	assert_int_equal(s.progress, 6);	/* before and after each */
	assert_int_equal(list.v[0].id, AC_CHECK_NAME);
	assert_int_equal(list.v[0].status, AC_STATUS_OK);
	assert_string_equal(list.v[0].subject, "pbx.example.com");
	assert_int_equal(list.v[1].status, AC_STATUS_FAIL);
	assert_non_null(list.v[1].fix);
	assert_int_equal(list.v[2].id, AC_CHECK_ASTERISK);
	assert_int_equal(list.v[2].status, AC_STATUS_WARN);
	assert_null(list.v[2].subject);
	assert_int_equal(ac_checks_worst(&list), AC_STATUS_FAIL);
	ac_check_list_clear(&list);
	ac_strv_clear(&o.names);
	ac_strv_clear(&s.titles);
}

/* The ACME path gives the checks a slice of its progress bar. */
static void
test_progress_range_and_resolver_override(void **state)
{
	struct ac_ctx ctx = { .resolver = "not an address" };
	struct ac_check_opts o;
	struct ac_check_list list = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct seen s = { .lo = 0.1, .hi = 0.2 };

	(void)state;
	ctx.progress = on_progress;
	ctx.progress_arg = &s;
	opts_init(&o, &s);
	o.progress_from = 0.1;
	o.progress_to = 0.2;
	o.resolver = "127.0.0.1:1";	/* wins over the ctx's */
	ac_strv_add(&o.names, "pbx.example.com");
	assert_true(ac_checks_run(&ctx, &o, &list, &err));
	assert_int_equal(s.progress, 4);
	ac_check_list_clear(&list);
	ac_strv_clear(&o.names);
	ac_strv_clear(&s.titles);
}

static void
test_preflight(void **state)
{
	struct ac_ctx ctx = { .resolver = "127.0.0.1:1" };
	struct ac_check_opts o;
	struct ac_strv warnings = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct seen s = { 0 };

	(void)state;
	opts_init(&o, &s);
	ac_strv_add(&o.names, "pbx.example.com");
	assert_true(ac_checks_preflight(&ctx, &o, &warnings, &err));
	assert_int_equal(warnings.n, 1);
	assert_non_null(strstr(warnings.v[0], "astcert-test-no-such-user"));
	ac_strv_clear(&warnings);
	ac_strv_clear(&s.titles);

	ac_strv_add(&o.names, "*.example.com");
	assert_false(ac_checks_preflight(&ctx, &o, &warnings, &err));
	assert_int_equal(err.code, AC_ERR_CHECK);
	assert_non_null(strstr(err.msg, "wildcard"));
	assert_non_null(strstr(err.msg, "skip the checks"));
	assert_non_null(err.detail);
	ac_err_clear(&err);
	ac_strv_clear(&warnings);
	ac_strv_clear(&o.names);
	ac_strv_clear(&s.titles);
}

static void
test_cancel_and_bad_resolver(void **state)
{
	volatile sig_atomic_t stop = 1;
	struct ac_ctx ctx = { .resolver = "127.0.0.1:1", .cancel = &stop };
	struct ac_check_opts o;
	struct ac_check_list list = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct seen s = { 0 };

	(void)state;
	opts_init(&o, &s);
	ac_strv_add(&o.names, "pbx.example.com");
	assert_false(ac_checks_run(&ctx, &o, &list, &err));
	assert_int_equal(err.code, AC_ERR_CANCELLED);
	assert_int_equal(list.n, 0);
	ac_err_clear(&err);

	ctx.cancel = NULL;
	ctx.resolver = "not an address";
	assert_false(ac_checks_run(&ctx, &o, &list, &err));
	assert_int_equal(err.code, AC_ERR_USAGE);
	ac_err_clear(&err);
	ac_check_list_clear(&list);
	ac_strv_clear(&o.names);
}

static void
test_names(void **state)
{
	(void)state;
	for (int i = 0; i < AC_CHECK_COUNT; i++)
		assert_int_equal(ac_check_id_parse(ac_check_id_name(i)), i);
	assert_int_equal(ac_check_id_parse("DNS"), AC_CHECK_DNS);
	assert_int_equal(ac_check_id_parse("nope"), -1);
	assert_string_equal(ac_check_status_name(AC_STATUS_WARN), "warning");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_order_and_progress),
		cmocka_unit_test(test_progress_range_and_resolver_override),
		cmocka_unit_test(test_preflight),
		cmocka_unit_test(test_cancel_and_bad_resolver),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
