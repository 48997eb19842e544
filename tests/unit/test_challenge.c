/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTTP-01 responder answers only its tokens; webroot files come and go. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "src/challenge.h"
#include "src/dl.h"
#include "src/err.h"
#include "src/xalloc.h"

static size_t
collect(char *data, size_t size, size_t n, void *arg)
{
	ac_buf_add(arg, data, size * n);
	return size * n;
}

/* GET url; returns the status, body in out. */
static long
get(const char *url, struct ac_buf *out)
{
	CURL *h = curl_easy_init();
	long status = 0;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	return status;
}

static struct ac_responder *
start(int *port)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_responder *r = NULL;

	/* a high port that is free: try a few */
	for (int i = 0; i < 50 && !r; i++) {
		*port = 20000 + (int)((getpid() * 7 + i * 131) % 30000);
		ac_err_clear(&err);
		r = ac_responder_start("127.0.0.1", *port, &err);
	}
	ac_err_clear(&err);
	assert_non_null(r);
	return r;
}

static void
test_responder(void **state)
{
	struct ac_buf body = { 0 };
	struct ac_responder *r;
	char *url;
	int port;

	(void)state;
	r = start(&port);
	assert_int_equal(ac_responder_port(r), port);
	assert_true(ac_responder_add(r, "tok-EN_1", "tok-EN_1.thumb"));
	assert_false(ac_responder_add(r, "../etc", "x"));
	assert_false(ac_responder_add(r, "", "x"));

	url = xasprintf("http://127.0.0.1:%d/.well-known/acme-challenge/tok-EN_1", port);
	assert_int_equal(get(url, &body), 200);
	assert_string_equal(body.data, "tok-EN_1.thumb");
	assert_int_equal(ac_responder_hits(r), 1);
	free(url);

	ac_buf_free(&body);
	url = xasprintf("http://127.0.0.1:%d/.well-known/acme-challenge/other", port);
	assert_int_equal(get(url, &body), 404);
	free(url);
	url = xasprintf("http://127.0.0.1:%d/", port);
	assert_int_equal(get(url, &body), 404);
	free(url);
	url = xasprintf("http://127.0.0.1:%d/.well-known/acme-challenge/", port);
	assert_int_equal(get(url, &body), 404);
	free(url);

	ac_responder_remove(r, "tok-EN_1");
	url = xasprintf("http://127.0.0.1:%d/.well-known/acme-challenge/tok-EN_1", port);
	assert_int_equal(get(url, &body), 404);
	ac_buf_free(&body);
	ac_responder_stop(r);
	/* stopped: nothing listens any more */
	assert_int_equal(get(url, &body), 0);
	free(url);
	ac_buf_free(&body);
	ac_responder_stop(NULL);
}

static void
test_port_in_use(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_responder *r, *r2;
	int port;

	(void)state;
	r = start(&port);
	r2 = ac_responder_start("127.0.0.1", port, &err);
	assert_null(r2);
	assert_int_equal(err.code, AC_ERR_NET);
	assert_non_null(strstr(err.msg, "in use"));
	ac_err_clear(&err);
	assert_null(ac_responder_start("not-an-ip", port, &err));
	assert_int_equal(err.code, AC_ERR_USAGE);
	ac_err_clear(&err);
	ac_responder_stop(r);
}

static void
test_webroot(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	char dir[] = "/tmp/test_challenge.XXXXXX";
	char *file;
	struct stat st;
	FILE *f;
	char buf[64] = { 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(ac_webroot_put(dir, "abc_DEF-1", "abc_DEF-1.xyz", &err));
	file = xasprintf("%s/.well-known/acme-challenge/abc_DEF-1", dir);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	f = fopen(file, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "abc_DEF-1.xyz");
	assert_false(ac_webroot_put(dir, "../../x", "y", &err));
	ac_err_clear(&err);
	ac_webroot_remove(dir, "abc_DEF-1");
	assert_int_not_equal(stat(file, &st), 0);
	free(file);
	file = xasprintf("%s/.well-known/acme-challenge", dir);
	assert_int_not_equal(stat(file, &st), 0);
	free(file);
	file = xasprintf("%s/.well-known", dir);
	assert_int_equal(rmdir(file), 0);
	free(file);
	assert_false(ac_webroot_put("/nonexistent/dir", "a", "b", &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	ac_err_clear(&err);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_responder),
		cmocka_unit_test(test_port_in_use),
		cmocka_unit_test(test_webroot),
	};
	struct ac_err err = AC_ERR_INIT;

	/* the test's own HTTP client goes through the engine's libcurl */
	if (!ac_dl_curl(&err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
