/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading libraries on demand: errors, the trampolines, the abort. */
#include <config.h>

#include <signal.h>
#include <sys/wait.h>

#include <curl/curl.h>
#include <microhttpd.h>

#include "tests/unit/unit.h"

#include "src/dl.h"

/* A trampoline called before its loader is a bug: it must abort. */
static void
test_unloaded_aborts(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		MHD_stop_daemon(NULL);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void
test_missing_library(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	void *fn = NULL;
	const struct ac_dl_sym syms[] = { { "strlen", &fn } };

	(void)state;
	assert_false(ac_dl_open("libastcert-missing.so.7",
				"libastcert-missing7", syms, 1, &err));
	assert_int_equal(err.code, AC_ERR_INTERNAL);
	assert_string_equal(err.msg,
		"Cannot load libastcert-missing.so.7: cannot open shared "
		"object file: No such file or directory. Install the "
		"libastcert-missing7 package.");
	assert_non_null(strstr(err.detail, "libastcert-missing.so.7"));
	assert_null(fn);
	ac_err_clear(&err);
}

/* A library too old for one function: an error, and no half-loaded state. */
static void
test_missing_function(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	void *found = NULL, *missing = NULL;
	const struct ac_dl_sym syms[] = {
		{ "strlen", &found },
		{ "ac_no_such_function", &missing },
	};

	(void)state;
	assert_false(ac_dl_open("libc.so.6", "libc6", syms, 2, &err));
	assert_non_null(strstr(err.msg, "Cannot load libc.so.6: "));
	assert_non_null(strstr(err.msg, "ac_no_such_function"));
	assert_non_null(strstr(err.msg, "Install the libc6 package."));
	assert_null(strchr(err.msg, '\n'));
	assert_null(found);
	assert_null(missing);
	ac_err_clear(&err);
}

static void
test_found(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	size_t (*len)(const char *) = NULL;
	const struct ac_dl_sym syms[] = { { "strlen", (void **)&len } };

	(void)state;
	assert_true(ac_dl_open("libc.so.6", "libc6", syms, 1, &err));
	assert_false(ac_err_isset(&err));
	assert_int_equal(len("astcert"), 7);
}

static size_t
discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

/* Every argument type of curl_easy_setopt() gets through the trampoline. */
static void
test_curl(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	static char der[] = "x";
	struct curl_blob blob = { der, 1, CURL_BLOB_COPY };
	char *url = NULL;
	long status = -1;
	CURL *curl;

	(void)state;
	assert_true(ac_dl_curl(&err));
	assert_true(ac_dl_curl(&err));
	assert_string_equal(curl_easy_strerror(CURLE_OK), "No error");
	curl = curl_easy_init();
	assert_non_null(curl);
	assert_int_equal(curl_easy_setopt(curl, CURLOPT_TIMEOUT, 5L), CURLE_OK);
	assert_int_equal(curl_easy_setopt(curl, CURLOPT_URL,
					  "http://127.0.0.1:9/a"), CURLE_OK);
	assert_int_equal(curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard),
			 CURLE_OK);
	assert_int_equal(curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
					  (curl_off_t)4096), CURLE_OK);
	assert_int_equal(curl_easy_setopt(curl, CURLOPT_SSLCERT_BLOB, &blob),
			 CURLE_OK);
	/* a bad long is refused by libcurl: the value arrived as given */
	assert_int_equal(curl_easy_setopt(curl, CURLOPT_MAXREDIRS, -2L),
			 CURLE_BAD_FUNCTION_ARGUMENT);
	assert_int_equal(curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE,
					   &status), CURLE_OK);
	assert_int_equal(status, 0);
	assert_int_equal(curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &url),
			 CURLE_OK);
	assert_string_equal(url, "http://127.0.0.1:9/a");
	curl_easy_cleanup(curl);
	assert_int_equal(curl_getdate("Sun, 06 Nov 1994 08:49:37 GMT", NULL),
			 784111777);
}

static void
test_mhd(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	static char body[] = "ok";
	struct MHD_Response *resp;

	(void)state;
	assert_true(ac_dl_mhd(&err));
	resp = MHD_create_response_from_buffer(2, body,
					       MHD_RESPMEM_PERSISTENT);
	assert_non_null(resp);
	assert_int_equal(MHD_add_response_header(resp, "X-Test", "1"), MHD_YES);
	MHD_destroy_response(resp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unloaded_aborts),
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_function),
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_curl),
		cmocka_unit_test(test_mhd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
