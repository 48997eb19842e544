/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: atomic installs, modes, archive, journal recovery, owners. */
#include <config.h>

#include "tests/unit/unit.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/store.h"
#include "src/util.h"
#include "src/xalloc.h"

static char *
slurp(const char *path)
{
	struct ac_buf b = { 0 };
	struct ac_err err = AC_ERR_INIT;

	if (!ac_read_file(path, &b, &err))
		return NULL;
	return ac_buf_steal(&b, NULL);
}

static void
put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void
test_install_modes_and_archive(void **state)
{
	const char *dir = unit_tmpdir("store");
	char *state_dir = xasprintf("%s/state", dir);
	char *crt = xasprintf("%s/pbx.crt", dir), *key = xasprintf("%s/pbx.key", dir);
	char *arch = xasprintf("%s/archive/pbx", state_dir), *s, *path;
	struct ac_ctx ctx = { .state_dir = state_dir, .now_override = 1767225600 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_store_file f[2] = {
		{ crt, "NEW CERT\n", 9, 0644, getuid(), getgid() },
		{ key, "NEW KEY\n", 8, 0640, getuid(), getgid() },
	};
	struct stat st;

	(void)state;
	put(crt, "OLD CERT\n", 0644);
	put(key, "OLD KEY\n", 0600);
	assert_true(ac_store_install(&ctx, "pbx", f, 2, &err));
	s = slurp(crt);
	assert_string_equal(s, "NEW CERT\n");
	free(s);
	stat(key, &st);
	assert_int_equal(st.st_mode & 0777, 0640);
	stat(crt, &st);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* the previous files are in the archive, the old key still 0600 */
	assert_int_equal(count_entries(arch), 1);
	s = xasprintf("%s/20260101T000000Z/pbx.key", arch);
	stat(s, &st);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(s);
	path = xasprintf("%s/20260101T000000Z/pbx.crt", arch);
	s = slurp(path);
	assert_string_equal(s, "OLD CERT\n");
	free(s);
	free(path);
	/* a second install in the same second gets its own archive dir */
	assert_true(ac_store_install(&ctx, "pbx", f, 2, &err));
	assert_int_equal(count_entries(arch), 2);
	/* no temporary file is left behind */
	assert_int_equal(count_entries(dir), 3);
	free(arch);
	free(crt);
	free(key);
	free(state_dir);
}

static void
test_failure_changes_nothing(void **state)
{
	const char *dir = unit_tmpdir("storefail");
	char *state_dir = xasprintf("%s/state", dir);
	char *crt = xasprintf("%s/pbx.crt", dir);
	char *key = xasprintf("%s/missing-dir/pbx.key", dir), *s;
	char *jdir = xasprintf("%s/journal", state_dir);
	struct ac_ctx ctx = { .state_dir = state_dir };
	struct ac_err err = AC_ERR_INIT;
	struct ac_store_file f[2] = {
		{ crt, "NEW\n", 4, 0644, getuid(), getgid() },
		{ key, "NEW\n", 4, 0600, getuid(), getgid() },
	};

	(void)state;
	put(crt, "OLD\n", 0644);
	assert_false(ac_store_install(&ctx, "pbx", f, 2, &err));
	assert_int_equal(err.code, AC_ERR_IO);
	assert_non_null(strstr(err.msg, "missing-dir"));
	s = slurp(crt);
	assert_string_equal(s, "OLD\n");
	free(s);
	/* no temp; the state directory holds only the install lock and an
	 * empty journal directory */
	assert_int_equal(count_entries(dir), 2);
	assert_int_equal(count_entries(state_dir), 2);
	assert_int_equal(count_entries(jdir), 0);
	ac_err_clear(&err);
	free(jdir);
	free(crt);
	free(key);
	free(state_dir);
}

static void
test_journal_rolls_forward(void **state)
{
	const char *dir = unit_tmpdir("journal");
	char *state_dir = xasprintf("%s/state", dir);
	char *jdir = xasprintf("%s/journal", state_dir);
	char *crt = xasprintf("%s/pbx.crt", dir), *key = xasprintf("%s/pbx.key", dir);
	char *tkey = xasprintf("%s/.astcert-pbx.key.abc", dir);
	char *journal = xasprintf("%s/pbx", jdir), *lines, *s;
	struct ac_ctx ctx = { .state_dir = state_dir };
	struct ac_err err = AC_ERR_INIT;
	struct ac_strv done = { 0 };
	struct stat st;

	(void)state;
	/* killed after the certificate was renamed, before the key was */
	mkdir(state_dir, 0700);
	mkdir(jdir, 0700);
	put(crt, "NEW CERT\n", 0644);
	put(key, "OLD KEY\n", 0600);
	put(tkey, "NEW KEY\n", 0600);
	lines = xasprintf("%s/.astcert-pbx.crt.abc\t%s\n%s\t%s\n", dir, crt,
			  tkey, key);
	put(journal, lines, 0600);
	assert_true(ac_store_recover(&ctx, &done, NULL, &err));
	assert_int_equal(done.n, 1);
	assert_string_equal(done.v[0], "pbx");
	s = slurp(key);
	assert_string_equal(s, "NEW KEY\n");
	free(s);
	assert_int_not_equal(stat(journal, &st), 0);
	assert_int_not_equal(stat(tkey, &st), 0);
	ac_strv_clear(&done);
	free(lines);
	free(journal);
	free(tkey);
	free(crt);
	free(key);
	free(jdir);
	free(state_dir);
}

static void
test_owner_parse(void **state)
{
	struct ac_owner o = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_owner_parse("root:root", &o, &err));
	assert_int_equal(o.uid, 0);
	assert_int_equal(o.gid, 0);
	assert_string_equal(o.user, "root");
	assert_false(ac_owner_group_shared(&o));
	/* the key rule: the owner's own group 0600, a shared group 0640 */
	assert_int_equal(ac_owner_key_mode(&o), 0600);
	o.gid = 1;
	assert_int_equal(ac_owner_key_mode(&o), 0640);
	o.gid = 0;
	assert_true(ac_owner_parse("0", &o, &err));
	assert_string_equal(o.user, "root");
	assert_false(ac_owner_parse("no-such-user-astcert:root", &o, &err));
	assert_non_null(strstr(err.msg, "no-such-user-astcert"));
	ac_err_clear(&err);
	assert_false(ac_owner_parse("root:no-such-group-astcert", &o, &err));
	assert_non_null(strstr(err.msg, "no-such-group-astcert"));
	assert_string_equal(o.user, "root");	/* untouched on failure */
	ac_err_clear(&err);
	ac_owner_clear(&o);
}

static void
test_name_ok(void **state)
{
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_store_name_ok("pbx.example.com", &err));
	assert_true(ac_store_name_ok("asterisk_1-a", &err));
	assert_false(ac_store_name_ok("../etc/passwd", &err));
	ac_err_clear(&err);
	assert_false(ac_store_name_ok(".hidden", &err));
	ac_err_clear(&err);
	assert_false(ac_store_name_ok("a/b", &err));
	ac_err_clear(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_modes_and_archive),
		cmocka_unit_test(test_failure_changes_nothing),
		cmocka_unit_test(test_journal_rolls_forward),
		cmocka_unit_test(test_owner_parse),
		cmocka_unit_test(test_name_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
