/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the configuration file, its defaults and its errors. */
#include <config.h>

#include "tests/unit/unit.h"

#include "src/cfg.h"
#include "src/xalloc.h"

static char *
write_conf(const char *name, const char *text)
{
	const char *dir = unit_tmpdir(name);
	char *path = xasprintf("%s/astcert.conf", dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_missing_file_is_defaults(void **state)
{
	struct ac_ctx ctx = { .conf_path = "/nonexistent/astcert.conf" };
	struct ac_cfg cfg;
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_cfg_load(&ctx, &cfg, &err));
	assert_int_equal(cfg.key_type, AC_KEY_RSA2048);
	assert_int_equal(cfg.days, 825);
	assert_string_equal(cfg.key_dir, "/etc/asterisk/keys");
	assert_int_equal(cfg.nreload, 2);
	assert_string_equal(cfg.reload[0].v[2], "module reload res_pjsip.so");
	assert_int_equal(cfg.verify.n, 2);
	ac_cfg_clear(&cfg);
}

static void
test_values(void **state)
{
	char *path = write_conf("cfgvalues",
		"subject = { country = \"DE\"; organization = \"Beispiel GmbH\"; };\n"
		"key = \"p256\";\ndays = 397;\nkey_dir = \"/srv/keys\";\n"
		"acme = { email = \"ops@example.com\"; };\n"
		"reload = ( [\"kamcmd\", \"tls.reload\"] );\n"
		"verify = [ \"127.0.0.1:5061\" ];\n");
	struct ac_ctx ctx = { .conf_path = path };
	struct ac_cfg cfg;
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_cfg_load(&ctx, &cfg, &err));
	assert_int_equal(cfg.warnings.n, 0);
	assert_string_equal(cfg.subject.country, "DE");
	assert_string_equal(cfg.subject.org, "Beispiel GmbH");
	assert_int_equal(cfg.key_type, AC_KEY_P256);
	assert_int_equal(cfg.days, 397);
	assert_string_equal(cfg.key_dir, "/srv/keys");
	assert_string_equal(cfg.acme_email, "ops@example.com");
	assert_int_equal(cfg.nreload, 1);
	assert_string_equal(cfg.reload[0].v[0], "kamcmd");
	assert_int_equal(cfg.verify.n, 1);
	ac_cfg_clear(&cfg);
	free(path);
}

static void
test_syntax_error_names_file_and_line(void **state)
{
	char *path = write_conf("cfgsyntax", "key = \"p256\";\n\ndays = ;\n");
	struct ac_ctx ctx = { .conf_path = path };
	struct ac_cfg cfg;
	struct ac_err err = AC_ERR_INIT;
	char *want = xasprintf("%s:3:", path);

	(void)state;
	assert_false(ac_cfg_load(&ctx, &cfg, &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	if (strncmp(err.msg, want, strlen(want)) != 0)
		fail_msg("got: %s", err.msg);
	ac_err_clear(&err);
	ac_cfg_clear(&cfg);
	free(want);
	free(path);
}

/* line of the @include ac_cfg_read refuses in text, 0 when it reads it */
static int
include_refused_at(const char *text)
{
	char *path = write_conf("cfginclude", text);
	struct ac_err err = AC_ERR_INIT;
	config_t conf;
	const char *colon;
	int line = 0;

	config_init(&conf);
	if (!ac_cfg_read(&conf, path, &err)) {
		assert_non_null(strstr(err.msg, "@include is not allowed"));
		colon = err.msg + strlen(path);
		assert_int_equal(*colon, ':');
		line = atoi(colon + 1);
	}
	config_destroy(&conf);
	ac_err_clear(&err);
	free(path);
	return line;
}

static void
test_include_refused_outside_strings_and_comments(void **state)
{
	(void)state;
	assert_int_equal(include_refused_at("@include \"/etc/shadow\"\n"), 1);
	assert_int_equal(include_refused_at("a = 1;\n\t @include \"x\"\n"), 2);
	assert_int_equal(include_refused_at("a = 1; @INCLUDE \"x\"\n"), 1);
	/* a block comment ends, a string with an escaped quote ends */
	assert_int_equal(include_refused_at("/* x\n */\n@include \"x\"\n"), 3);
	assert_int_equal(include_refused_at("a = \"q\\\"\";\n@include \"x\"\n"), 2);
	assert_int_equal(include_refused_at("a = \"\\\\\";\n@include \"x\"\n"), 2);
	/* inside a comment or a string it is text */
	assert_int_equal(include_refused_at("# @include \"x\"\na = 1;\n"), 0);
	assert_int_equal(include_refused_at("// @include \"x\"\na = 1;\n"), 0);
	assert_int_equal(include_refused_at("/*\n@include \"x\"\n*/ a = 1;\n"), 0);
	assert_int_equal(include_refused_at("a = \"x\\\"\n@include \";\n"), 0);
}

static void
test_bad_values_warn_and_keep_defaults(void **state)
{
	char *path = write_conf("cfgbad",
		"key = \"dsa1024\";\ndays = 0;\nsubject = { country = \"Canada\"; };\n");
	struct ac_ctx ctx = { .conf_path = path };
	struct ac_cfg cfg;
	struct ac_err err = AC_ERR_INIT;
	char *line1 = xasprintf("%s:1: ", path);

	(void)state;
	assert_true(ac_cfg_load(&ctx, &cfg, &err));
	assert_int_equal(cfg.warnings.n, 3);
	/* subject (line 3) is read first, then key (line 1) */
	assert_int_equal(strncmp(cfg.warnings.v[1], line1, strlen(line1)), 0);
	assert_non_null(strstr(cfg.warnings.v[1], "rsa2048"));
	assert_int_equal(cfg.key_type, AC_KEY_RSA2048);
	assert_int_equal(cfg.days, 825);
	assert_null(cfg.subject.country);
	ac_cfg_clear(&cfg);
	free(line1);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file_is_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_syntax_error_names_file_and_line),
		cmocka_unit_test(test_bad_values_warn_and_keep_defaults),
		cmocka_unit_test(test_include_refused_outside_strings_and_comments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
