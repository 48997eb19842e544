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

/* The contents of file, or "" (static buffer). */
static const char *
contents(const char *file)
{
	static char buf[64];
	FILE *f = fopen(file, "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
	}
	return buf;
}

static void
test_webroot(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	char dir[] = "/tmp/test_challenge.XXXXXX";
	char *file, *wk;
	struct ac_webroot *w;
	struct stat st;
	mode_t mask;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* the web server must read what we create, whatever our umask */
	mask = umask(077);
	w = ac_webroot_open(dir, &err);
	assert_non_null(w);
	assert_true(ac_webroot_put(w, "abc_DEF-1", "abc_DEF-1.xyz", &err));
	umask(mask);
	wk = xasprintf("%s/.well-known", dir);
	assert_int_equal(stat(wk, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	file = xasprintf("%s/acme-challenge", wk);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	free(file);
	file = xasprintf("%s/.well-known/acme-challenge/abc_DEF-1", dir);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_string_equal(contents(file), "abc_DEF-1.xyz");
	assert_false(ac_webroot_put(w, "../../x", "y", &err));
	ac_err_clear(&err);
	/* a file there already is never opened */
	assert_false(ac_webroot_put(w, "abc_DEF-1", "other", &err));
	assert_non_null(strstr(err.msg, "already exists"));
	ac_err_clear(&err);
	assert_string_equal(contents(file), "abc_DEF-1.xyz");
	ac_webroot_close(w);
	/* everything we created is gone */
	assert_int_not_equal(stat(file, &st), 0);
	assert_int_not_equal(stat(wk, &st), 0);
	free(file);
	free(wk);
	ac_webroot_close(NULL);
	assert_null(ac_webroot_open("/nonexistent/dir", &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "/nonexistent is not a directory"));
	ac_err_clear(&err);
	assert_int_equal(rmdir(dir), 0);
}

/*
 * The docroot's owner plants the token's name before we write it: a link
 * to a file of root's, or a hard link to one.  Neither is opened, and
 * what the owner made stays (only what we made is removed).
 */
static void
test_webroot_planted(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	char dir[] = "/tmp/test_challenge.XXXXXX";
	char *victim, *www, *ch, *sym, *hard;
	struct ac_webroot *w;
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	victim = xasprintf("%s/victim", dir);
	f = fopen(victim, "w");
	assert_non_null(f);
	fputs("root's data", f);
	fclose(f);
	www = xasprintf("%s/www", dir);
	ch = xasprintf("%s/.well-known/acme-challenge", www);
	assert_int_equal(mkdir(www, 0755), 0);
	sym = xasprintf("%s/.well-known", www);
	assert_int_equal(mkdir(sym, 0755), 0);
	free(sym);
	assert_int_equal(mkdir(ch, 0755), 0);
	sym = xasprintf("%s/sym_1", ch);
	hard = xasprintf("%s/hard_1", ch);
	assert_int_equal(symlink(victim, sym), 0);
	assert_int_equal(link(victim, hard), 0);

	w = ac_webroot_open(www, &err);
	assert_non_null(w);
	assert_false(ac_webroot_put(w, "sym_1", "sym_1.key", &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	assert_non_null(strstr(err.msg, "/acme-challenge/sym_1 already exists"));
	ac_err_clear(&err);
	assert_false(ac_webroot_put(w, "hard_1", "hard_1.key", &err));
	assert_non_null(strstr(err.msg, "/acme-challenge/hard_1 already exists"));
	ac_err_clear(&err);
	ac_webroot_close(w);
	assert_string_equal(contents(victim), "root's data");
	/* not ours: left as they were, and so the directories */
	assert_int_equal(lstat(sym, &st), 0);
	assert_int_equal(lstat(hard, &st), 0);
	assert_int_equal(stat(ch, &st), 0);
	unlink(sym);
	unlink(hard);
	rmdir(ch);
	*strrchr(ch, '/') = '\0';
	rmdir(ch);
	rmdir(www);
	unlink(victim);
	assert_int_equal(rmdir(dir), 0);
	free(hard);
	free(sym);
	free(ch);
	free(www);
	free(victim);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_responder),
		cmocka_unit_test(test_port_in_use),
		cmocka_unit_test(test_webroot),
		cmocka_unit_test(test_webroot_planted),
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
