/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: MAC notations, fingerprint grouping, due dates, templates. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/asterisk.h"
#include "src/ca.h"
#include "src/inventory.h"

#define DAY 86400

static void
mac_notations(void **state)
{
	static const char *const good[] = {
		"00:04:F2:A1:B2:C3", "00-04-f2-a1-b2-c3", "0004.f2a1.b2c3",
		"0004f2a1b2c3", "0004F2A1B2C3", "00:04:f2:A1:b2:C3",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct ac_err err = AC_ERR_INIT;
		char *m = ac_mac_normalize(good[i], &err);

		assert_non_null(m);
		assert_string_equal(m, "0004f2a1b2c3");
		free(m);
	}
}

static void
mac_rejects(void **state)
{
	static const char *const bad[] = {
		"", "00:04:F2:A1:B2", "00:04:F2:A1:B2:C3:D4", "00:04-F2:A1:B2:C3",
		"0004f2a1b2cg", "0004f2a1b2c", "0004.f2a1:b2c3", "00:04:F2:A1:B2:C",
		"00:04:F2:A1:B2:C3 ", "0:04:F2:A1:B2:C3x", "0004f2a1b2c3\n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ac_err err = AC_ERR_INIT;

		assert_null(ac_mac_normalize(bad[i], &err));
		assert_int_equal(err.code, AC_ERR_INPUT);
		assert_non_null(strstr(err.msg, "MAC"));
		ac_err_clear(&err);
	}
}

static void
fingerprint_groups(void **state)
{
	const char *fp = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
			 "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
	char *g = ac_fingerprint_group(fp, 8), *g4;

	(void)state;
	assert_string_equal(g, "00:11:22:33:44:55:66:77\n"
			       "88:99:AA:BB:CC:DD:EE:FF\n"
			       "00:11:22:33:44:55:66:77\n"
			       "88:99:AA:BB:CC:DD:EE:FF");
	g4 = ac_fingerprint_group("AB:CD:EF:01:23", 4);
	assert_string_equal(g4, "AB:CD:EF:01\n23");
	free(g4);
	free(g);
}

static void
due_days(void **state)
{
	time_t nb = 1700000000, na = nb + 825L * DAY;

	(void)state;
	/* self-signed / private CA: 30 days before expiry */
	assert_int_equal(ac_inventory_due_at(AC_RENEW_DAYS, nb, na, 30),
			 na - 30 * DAY);
	/* a 30-day certificate is not due at birth: a third left */
	assert_int_equal(ac_inventory_due_at(AC_RENEW_DAYS, nb, nb + 30 * DAY,
						     30),
			 nb + 20 * DAY);
	/* ACME: a third of the lifetime left, whatever renew_days says */
	assert_int_equal(ac_inventory_due_at(AC_RENEW_THIRD, nb, nb + 90 * DAY,
						     30),
			 nb + 60 * DAY);
	assert_int_equal(ac_inventory_due_at(AC_RENEW_THIRD, nb, nb + 6 * DAY,
						     30),
			 nb + 4 * DAY);
	/* imported: a reminder at renew_days */
	assert_int_equal(ac_inventory_due_at(AC_RENEW_MANUAL, nb, na, 45),
			 na - 45 * DAY);
	assert_int_equal(ac_inventory_method_for(AC_JOB_ACME),
			 AC_RENEW_THIRD);
	assert_int_equal(ac_inventory_method_for(AC_JOB_CA_SERVER),
			 AC_RENEW_DAYS);
	assert_int_equal(ac_inventory_method_for(AC_JOB_SELFSIGNED),
			 AC_RENEW_DAYS);
	assert_int_equal(ac_inventory_method_for(AC_JOB_IMPORT),
			 AC_RENEW_MANUAL);
}

static void
template_render(void **state)
{
	const char *vars[] = { "CERT_FILE", "/k/pbx.crt", "METHOD", "tlsv1_2",
			       NULL, NULL };
	struct ac_buf out = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_template_render("cert_file=@CERT_FILE@\nmethod=@METHOD@\n"
				       "mail=a@@b\n", vars, &out, &err));
	assert_string_equal(out.data, "cert_file=/k/pbx.crt\nmethod=tlsv1_2\n"
				      "mail=a@b\n");
	ac_buf_clear(&out);
	assert_false(ac_template_render("x=@NOPE@\n", vars, &out, &err));
	assert_non_null(strstr(err.msg, "@NOPE@"));
	ac_err_clear(&err);
	ac_buf_clear(&out);
	assert_false(ac_template_render("x=@METHOD\n", vars, &out, &err));
	ac_err_clear(&err);
	ac_buf_clear(&out);
}

static void
readable_by_user(void **state)
{
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_false(ac_user_can_read("/etc/passwd", "no-such-user-astcert",
				      &err));
	assert_int_equal(err.code, AC_ERR_CHECK);
	ac_err_clear(&err);
	/* /etc/shadow is 0640 root:shadow: nobody may not read it */
	assert_true(ac_user_can_read("/etc/passwd", "nobody", &err));
	assert_false(ac_user_can_read("/etc/shadow", "nobody", &err));
	ac_err_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mac_notations),
		cmocka_unit_test(mac_rejects),
		cmocka_unit_test(fingerprint_groups),
		cmocka_unit_test(due_days),
		cmocka_unit_test(template_render),
		cmocka_unit_test(readable_by_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
