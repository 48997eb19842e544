/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: jobs (prepare, run, install), the sources, profiles, errors
 * and buffers. */
#include <config.h>

#include "tests/unit/unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>

#include "src/job.h"
#include "src/profile.h"
#include "src/source.h"
#include "src/step.h"
#include "src/util.h"

struct progress_log {
	int calls;
	double last;
};

static void
record(void *arg, const char *step, double fraction, const char *message)
{
	struct progress_log *log = arg;

	(void)message;
	assert_non_null(step);
	assert_true(fraction >= log->last);	/* never goes backwards */
	log->last = fraction;
	log->calls++;
}

static void
setup_job(struct ac_job *job, struct ac_cfg *cfg, const char *dir)
{
	/* each call starts from the defaults; the previous ones are freed */
	ac_cfg_clear(cfg);
	ac_cfg_defaults(cfg);
	ac_job_init(job, AC_JOB_SELFSIGNED, cfg);
	job->key_type = AC_KEY_P256;
	job->out_dir = xstrdup(dir);
	assert_true(ac_owner_parse("root:root", &job->owner, NULL) ||
		    getuid() != 0);
	if (getuid() != 0)
		ac_owner_default(&job->owner);
	job->owner_set = true;
}

static void
test_prepare_cn_becomes_san(void **state)
{
	const char *dir = unit_tmpdir("jobprep");
	char *sd = xasprintf("%s/state", dir);
	struct ac_ctx ctx = { .state_dir = sd };
	struct ac_cfg cfg = { 0 };
	struct ac_job job;
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	setup_job(&job, &cfg, dir);
	ac_subject_set(&job.subject.cn, "PBX.Example.com");
	assert_true(ac_step_prepare(&ctx, &cfg, &job, &err));
	assert_int_equal(job.names.dns.n, 1);
	assert_string_equal(job.names.dns.v[0], "pbx.example.com");
	assert_string_equal(ac_step_name(&job), "pbx.example.com");
	ac_job_clear(&job);

	/* no CN: the first DNS name becomes the CN */
	setup_job(&job, &cfg, dir);
	assert_true(ac_names_add_dns(&job.names, "sip.example.com", 0, &err));
	assert_true(ac_step_prepare(&ctx, &cfg, &job, &err));
	assert_string_equal(job.subject.cn, "sip.example.com");
	ac_job_clear(&job);

	/* a CN that is a label, not a name: no SAN, a warning */
	setup_job(&job, &cfg, dir);
	ac_subject_set(&job.subject.cn, "ShiftEight PBX");
	assert_true(ac_step_prepare(&ctx, &cfg, &job, &err));
	assert_int_equal(job.names.dns.n, 0);
	assert_int_equal(job.result.warnings.n, 1);
	assert_string_equal(ac_step_name(&job), "asterisk");
	ac_job_clear(&job);

	/* bad days are refused before anything is made */
	setup_job(&job, &cfg, dir);
	ac_subject_set(&job.subject.cn, "pbx.example.com");
	job.days = 0;
	assert_false(ac_step_prepare(&ctx, &cfg, &job, &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	ac_err_clear(&err);
	ac_job_clear(&job);
	ac_cfg_clear(&cfg);
	free(sd);
}

static void
test_run_installs_and_reports(void **state)
{
	const char *dir = unit_tmpdir("jobrun");
	char *sd = xasprintf("%s/state", dir), *profile, *key;
	struct progress_log log = { 0, 0.0 };
	struct ac_ctx ctx = { .state_dir = sd, .progress = record,
			      .progress_arg = &log, .now_override = 1767225600 };
	struct ac_cfg cfg = { 0 };
	struct ac_job job, back;
	struct ac_err err = AC_ERR_INIT;
	struct stat st;

	(void)state;
	setup_job(&job, &cfg, dir);
	ac_subject_set(&job.subject.cn, "pbx.example.com");
	ac_subject_set(&job.subject.org, "ShiftEight");
	assert_true(ac_names_add_ip(&job.names, "192.0.2.10", &err));
	assert_true(ac_job_run(&ctx, &cfg, &job, &err));
	assert_true(log.calls >= 3);
	assert_true(log.last == 1.0);
	assert_true(job.result.have_info);
	/* 825 days from notBefore, five minutes back: 824 whole days left */
	assert_int_equal(job.result.info.days_left, 824);
	assert_int_equal(job.result.files.n, 7);
	/* no DNS name given and the CN is a name: it is the first SAN, IP
	 * addresses or not, and names the files */
	assert_int_equal(job.names.dns.n, 1);
	assert_string_equal(job.names.dns.v[0], "pbx.example.com");
	assert_int_equal(job.names.ip.n, 1);
	assert_string_equal(ac_step_name(&job), "pbx.example.com");
	key = xasprintf("%s/pbx.example.com.key", dir);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0077, 0);	/* own group: 0600 */
	free(key);

	/* the profile reads back into the same job */
	profile = xasprintf("%s/certs/pbx.example.com/renewal.conf", sd);
	ac_job_init(&back, AC_JOB_CSR, &cfg);
	assert_true(ac_job_load(profile, &back, &err));
	assert_int_equal(back.kind, AC_JOB_SELFSIGNED);
	assert_int_equal(back.key_type, AC_KEY_P256);
	assert_int_equal(back.days, 825);
	assert_string_equal(back.subject.org, "ShiftEight");
	assert_string_equal(back.names.ip.v[0], "192.0.2.10");
	assert_string_equal(back.out_dir, dir);
	assert_true(back.owner_set);
	ac_job_clear(&back);
	free(profile);
	ac_job_clear(&job);
	ac_cfg_clear(&cfg);
	free(sd);
}

static void
test_cancel_writes_nothing(void **state)
{
	const char *dir = unit_tmpdir("jobcancel");
	char *sd = xasprintf("%s/state", dir), *crt;
	volatile sig_atomic_t stop = 1;
	struct ac_ctx ctx = { .state_dir = sd, .cancel = &stop };
	struct ac_cfg cfg = { 0 };
	struct ac_job job;
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	setup_job(&job, &cfg, dir);
	ac_subject_set(&job.subject.cn, "pbx.example.com");
	assert_false(ac_job_run(&ctx, &cfg, &job, &err));
	assert_int_equal(err.code, AC_ERR_CANCELLED);
	crt = xasprintf("%s/pbx.example.com.crt", dir);
	assert_int_not_equal(access(crt, F_OK), 0);
	free(crt);
	ac_err_clear(&err);
	ac_job_clear(&job);
	ac_cfg_clear(&cfg);
	free(sd);
}

static void
test_profile_rejects_garbage(void **state)
{
	const char *dir = unit_tmpdir("profile");
	char *path = xasprintf("%s/renewal.conf", dir);
	FILE *f = fopen(path, "w");
	struct ac_cfg cfg = { 0 };
	struct ac_job job;
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	fputs("kind = \"teleport\";\n", f);
	fclose(f);
	ac_cfg_defaults(&cfg);
	ac_job_init(&job, AC_JOB_SELFSIGNED, &cfg);
	assert_false(ac_job_load(path, &job, &err));
	assert_non_null(strstr(err.msg, "kind"));
	ac_err_clear(&err);
	ac_job_clear(&job);
	ac_cfg_clear(&cfg);
	free(path);
}

/* The file name from a wildcard drops "*." only: a renewal profile's
 * names are not validated, and "*" alone once read past its end (found
 * by tests/fuzz/fuzz_cfg.c). */
static void
test_name_from_wildcard(void **state)
{
	struct ac_job job = { 0 };

	(void)state;
	ac_strv_add(&job.names.dns, "*.example.com");
	assert_string_equal(ac_step_name(&job), "example.com");
	ac_strv_clear(&job.names.dns);
	ac_strv_add(&job.names.dns, "*");
	assert_string_equal(ac_step_name(&job), "*");
	ac_strv_clear(&job.names.dns);
	ac_strv_add(&job.names.dns, "*x");
	assert_string_equal(ac_step_name(&job), "*x");
	ac_job_clear(&job);
}

static void
test_err_innermost_wins(void **state)
{
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_false(ac_err_set(&err, AC_ERR_IO, "inner %d", 1));
	ac_err_set(&err, AC_ERR_INPUT, "outer");
	assert_int_equal(err.code, AC_ERR_IO);
	assert_string_equal(err.msg, "inner 1");
	ac_err_prefix(&err, "%s", "ctx");
	assert_string_equal(err.msg, "ctx: inner 1");
	ac_err_detail(&err, "a");
	ac_err_detail(&err, "b");
	assert_string_equal(err.detail, "a\nb");
	ac_err_clear(&err);
	assert_false(ac_err_isset(&err));
	/* the whole OpenSSL queue is drained into the detail */
	ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_NULL_PARAMETER, "first");
	ERR_raise_data(ERR_LIB_PEM, ERR_R_PASSED_NULL_PARAMETER, "second");
	ac_err_set(&err, AC_ERR_CRYPTO, "x");
	ac_err_ssl(&err);
	assert_non_null(strstr(err.detail, "first"));
	assert_non_null(strstr(err.detail, "second"));
	assert_int_equal(ERR_peek_error(), 0);
	ac_err_clear(&err);
	ac_err_set(NULL, AC_ERR_IO, "no crash");
}

static void
test_buffers(void **state)
{
	struct ac_buf b = { 0 };
	struct ac_strv l = { 0 }, copy = { 0 };
	char *s;
	size_t len;

	(void)state;
	for (int i = 0; i < 1000; i++)
		ac_buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, strlen(b.data));
	assert_non_null(strstr(b.data, "999,"));
	s = ac_buf_steal(&b, &len);
	assert_null(b.data);
	assert_int_equal(len, strlen(s));
	free(s);
	b.secret = true;
	ac_buf_add(&b, "secret", 6);
	ac_buf_add(&b, NULL, 0);
	assert_string_equal(b.data, "secret");
	ac_buf_clear(&b);
	ac_strv_add(&l, "a");
	ac_strv_add(&l, "b");
	ac_strv_copy(&copy, &l);
	assert_true(ac_strv_contains(&copy, "b"));
	assert_false(ac_strv_contains(&copy, "c"));
	assert_null(copy.v[copy.n]);
	ac_strv_clear(&l);
	ac_strv_clear(&copy);
}

/* Every kind has one entry in the table of sources, found by kind and by
 * name, with a run; the job points at its kind's entry. */
static void
test_source_table(void **state)
{
	const enum ac_job_kind kinds[] = {
		AC_JOB_SELFSIGNED, AC_JOB_CSR, AC_JOB_IMPORT, AC_JOB_ACME,
		AC_JOB_CA_INIT, AC_JOB_CA_SERVER, AC_JOB_CA_PHONE,
	};
	const size_t n = sizeof(kinds) / sizeof(kinds[0]);
	struct ac_cfg cfg = { 0 };
	enum ac_job_kind back;
	struct ac_job job;

	(void)state;
	ac_cfg_defaults(&cfg);
	for (size_t i = 0; i < n; i++) {
		const struct ac_source *src = ac_source_get(kinds[i]);

		assert_non_null(src);
		assert_int_equal(src->kind, kinds[i]);
		assert_non_null(src->run);
		assert_non_null(src->command);
		assert_ptr_equal(ac_source_find(src->name), src);
		assert_true(ac_job_kind_parse(ac_job_kind_name(kinds[i]), &back));
		assert_int_equal(back, kinds[i]);
		ac_job_init(&job, kinds[i], &cfg);
		assert_ptr_equal(job.source, src);
		ac_job_clear(&job);
	}
	assert_null(ac_source_at(n));
	assert_null(ac_source_find("teleport"));
	assert_false(ac_job_kind_parse("teleport", &back));
	assert_string_equal(ac_job_kind_name((enum ac_job_kind)99), "?");
	ac_cfg_clear(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_cn_becomes_san),
		cmocka_unit_test(test_source_table),
		cmocka_unit_test(test_run_installs_and_reports),
		cmocka_unit_test(test_cancel_writes_nothing),
		cmocka_unit_test(test_profile_rejects_garbage),
		cmocka_unit_test(test_name_from_wildcard),
		cmocka_unit_test(test_err_innermost_wins),
		cmocka_unit_test(test_buffers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
