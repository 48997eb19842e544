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
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
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
start_at(const char *address, int *port)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_responder *r = NULL;

	/* a high port that is free: try a few */
	for (int i = 0; i < 50 && !r; i++) {
		*port = 20000 + (int)((getpid() * 7 + i * 131) % 30000);
		ac_err_clear(&err);
		r = ac_responder_start(address, *port, &err);
	}
	ac_err_clear(&err);
	assert_non_null(r);
	return r;
}

static struct ac_responder *
start(int *port)
{
	return start_at("127.0.0.1", port);
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

	ac_buf_clear(&body);
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
	ac_buf_clear(&body);
	ac_responder_stop(r);
	/* stopped: nothing listens any more */
	assert_int_equal(get(url, &body), 0);
	free(url);
	ac_buf_clear(&body);
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

/* The attackers: 12 addresses with 20 sockets each. */
#define FLOOD_ADDRESSES 12
#define FLOOD_PER_ADDRESS 20
#define FLOOD_SOCKETS (FLOOD_ADDRESSES * FLOOD_PER_ADDRESS)
/* The responder's share for one address (or one IPv6 /64). */
#define SHARE 8

/* One IPv6 /64 for all the attackers (on lo in the private namespace). */
static bool have_ipv6_prefix;

/*
 * A TCP connection to the responder on port, from host (0: the
 * loopback address itself; n: 127.0.0.(1 + n), or fd00::n, all in one
 * /64).  -1 on failure.
 */
static int
connect_from(int family, int host, int port)
{
	struct sockaddr_in6 src6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in6 dst6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct sockaddr *from = (struct sockaddr *)&src;
	struct sockaddr *to = (struct sockaddr *)&dst;
	socklen_t len = sizeof(src);
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	src.sin_addr.s_addr = htonl(0x7f000001u + (uint32_t)host);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((uint16_t)port);
	if (family == AF_INET6) {
		inet_pton(AF_INET6, "fd00::", &src6.sin6_addr);
		src6.sin6_addr.s6_addr[15] = (unsigned char)host;
		if (!host)
			src6.sin6_addr = in6addr_loopback;
		dst6.sin6_addr = in6addr_loopback;
		dst6.sin6_port = htons((uint16_t)port);
		from = (struct sockaddr *)&src6;
		to = (struct sockaddr *)&dst6;
		len = sizeof(src6);
	}
	if (fd < 0)
		return -1;
	if (bind(fd, from, len) != 0 || connect(fd, to, len) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* True when the server has closed fd (EOF or reset), without waiting. */
static bool
closed_by_server(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	return poll(&p, 1, 0) == 1 && recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

/* Sends a byte on every flood socket still open (closing the dead). */
static void
trickle(int *fds)
{
	for (int i = 0; i < FLOOD_SOCKETS; i++)
		if (fds[i] >= 0 && send(fds[i], "a", 1, MSG_NOSIGNAL) != 1) {
			close(fds[i]);
			fds[i] = -1;
		}
}

/*
 * The CA's fetch from family's loopback address while the flood goes on;
 * the answer, or NULL after a minute (only a failure waits that long).
 */
static char *
fetch_during(int family, int port, int *fds)
{
	static const char get[] =
		"GET /.well-known/acme-challenge/flood_1 HTTP/1.0\r\n\r\n";
	struct ac_buf answer = { 0 };
	double deadline = now() + 60;
	int legit = connect_from(family, 0, port);

	assert_true(legit >= 0);
	assert_int_equal(send(legit, get, strlen(get), MSG_NOSIGNAL),
			 (ssize_t)strlen(get));
	while (now() < deadline) {
		struct pollfd p = { .fd = legit, .events = POLLIN };
		char buf[512];
		ssize_t n;

		trickle(fds);
		if (poll(&p, 1, 500) != 1)
			continue;
		n = recv(legit, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
		ac_buf_add(&answer, buf, (size_t)n);
	}
	close(legit);
	return ac_buf_steal(&answer, NULL);
}

/*
 * Hundreds of connections from a dozen addresses that send a header byte
 * now and then and never finish (so no idle timeout frees them): the CA's
 * fetch from another address is still answered, because each address (or
 * IPv6 /64) holds only a few connections and the limit for all is well
 * above that.  Returns how many the responder held.
 */
static int
flood(int family)
{
	int fds[FLOOD_SOCKETS], held = 0, port;
	struct ac_responder *r;
	char *answer;

	r = start_at(family == AF_INET6 ? "::1" : "127.0.0.1", &port);
	assert_true(ac_responder_add(r, "flood_1", "flood_1.thumb"));
	for (int i = 0; i < FLOOD_SOCKETS; i++) {
		fds[i] = connect_from(family, 1 + i / FLOOD_PER_ADDRESS, port);
		assert_true(fds[i] >= 0);
		if (send(fds[i], "GET / HTTP/1.1\r\nX-Slow: ", 24,
			 MSG_NOSIGNAL) != 24)
			fail_msg("send: %s", strerror(errno));
	}
	answer = fetch_during(family, port, fds);
	assert_non_null(answer);
	assert_non_null(strstr(answer, " 200 "));
	assert_non_null(strstr(answer, "\r\n\r\nflood_1.thumb"));
	free(answer);
	/* the flood was real: the responder still held some of it */
	for (int i = 0; i < FLOOD_SOCKETS; i++) {
		if (fds[i] >= 0 && !closed_by_server(fds[i]))
			held++;
		if (fds[i] >= 0)
			close(fds[i]);
	}
	print_message("# %d of %d flood connections held by the responder\n",
		      held, FLOOD_SOCKETS);
	ac_responder_stop(r);
	return held;
}

static void
test_responder_flood(void **state)
{
	int held;

	(void)state;
	held = flood(AF_INET);
	assert_true(held >= FLOOD_ADDRESSES);
	assert_true(held <= FLOOD_ADDRESSES * SHARE);
}

/* IPv6 hands a /64 to one customer: its addresses share one share. */
static void
test_responder_flood6(void **state)
{
	int held;

	(void)state;
	if (!have_ipv6_prefix)
		skip();
	held = flood(AF_INET6);
	assert_true(held >= 1);
	assert_true(held <= SHARE);
}

/*
 * A CA's validation of an order of many names: from one address, one
 * connection per name at once (Pebble: three).  30 of them held open, the
 * fetch from that same address is still answered when the responder was
 * started for 10 names; started for one, the address's share is full.
 */
static char *
same_address(unsigned names)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_responder *r = NULL;
	int fds[FLOOD_SOCKETS], port = 0;
	char *answer;

	for (int i = 0; i < 50 && !r; i++) {
		port = 20000 + (int)((getpid() * 11 + i * 137) % 30000);
		ac_err_clear(&err);
		r = ac_responder_start_for("127.0.0.1", port, names, &err);
	}
	ac_err_clear(&err);
	assert_non_null(r);
	assert_true(ac_responder_add(r, "flood_1", "flood_1.thumb"));
	for (int i = 0; i < FLOOD_SOCKETS; i++)
		fds[i] = -1;
	for (int i = 0; i < 30; i++) {
		fds[i] = connect_from(AF_INET, 0, port);
		assert_true(fds[i] >= 0);
		if (send(fds[i], "GET / HTTP/1.1\r\nX-Slow: ", 24,
			 MSG_NOSIGNAL) != 24)
			fail_msg("send: %s", strerror(errno));
	}
	answer = fetch_during(AF_INET, port, fds);
	for (int i = 0; i < FLOOD_SOCKETS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	ac_responder_stop(r);
	return answer;
}

static void
test_responder_many_names(void **state)
{
	char *answer;

	(void)state;
	answer = same_address(10);
	assert_non_null(answer);
	assert_non_null(strstr(answer, "\r\n\r\nflood_1.thumb"));
	free(answer);
	answer = same_address(1);
	assert_true(!answer || !strstr(answer, "flood_1.thumb"));
	free(answer);
}

/* A connection that says nothing is dropped within a few seconds. */
static void
test_responder_idle(void **state)
{
	struct ac_responder *r;
	double started, deadline;
	int fd, port;

	(void)state;
	r = start(&port);
	fd = connect_from(AF_INET, 0, port);
	assert_true(fd >= 0);
	started = now();
	deadline = started + 60;
	while (!closed_by_server(fd) && now() < deadline) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		poll(&p, 1, 1000);
	}
	print_message("# an idle connection was closed after %.1f s\n",
		      now() - started);
	assert_true(closed_by_server(fd));
	assert_true(now() - started < 8);
	close(fd);
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
	/* a file there already is replaced, never opened */
	assert_true(ac_webroot_put(w, "abc_DEF-1", "abc_DEF-1.new", &err));
	assert_string_equal(contents(file), "abc_DEF-1.new");
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
 * to a file of root's, or a hard link to one.  Neither is opened: the name
 * is replaced, root's file keeps its data, and a directory is refused.
 */
static void
test_webroot_planted(void **state)
{
	struct ac_err err = AC_ERR_INIT;
	char dir[] = "/tmp/test_challenge.XXXXXX";
	char *victim, *www, *ch, *sym, *hard, *dirpath;
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
	dirpath = xasprintf("%s/dir_1", ch);
	assert_int_equal(symlink(victim, sym), 0);
	assert_int_equal(link(victim, hard), 0);
	assert_int_equal(mkdir(dirpath, 0755), 0);

	/* a relative path is walked (and named) from "/" too */
	assert_int_equal(chdir(dir), 0);
	w = ac_webroot_open("www", &err);
	assert_int_equal(chdir("/"), 0);
	assert_non_null(w);
	assert_true(ac_webroot_put(w, "sym_1", "sym_1.key", &err));
	assert_true(ac_webroot_put(w, "hard_1", "hard_1.key", &err));
	assert_string_equal(contents(sym), "sym_1.key");
	assert_string_equal(contents(hard), "hard_1.key");
	assert_int_equal(lstat(sym, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_nlink, 1);
	assert_false(ac_webroot_put(w, "dir_1", "dir_1.key", &err));
	assert_int_equal(err.code, AC_ERR_INPUT);
	assert_non_null(strstr(err.msg, dirpath));
	assert_non_null(strstr(err.msg, "exists and cannot be replaced"));
	ac_err_clear(&err);
	ac_webroot_close(w);
	assert_string_equal(contents(victim), "root's data");
	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_nlink, 1);
	/* ours removed; the directories were there before: kept */
	assert_int_not_equal(lstat(sym, &st), 0);
	assert_int_not_equal(lstat(hard, &st), 0);
	assert_int_equal(stat(ch, &st), 0);
	rmdir(dirpath);
	unlink(sym);
	unlink(hard);
	rmdir(ch);
	*strrchr(ch, '/') = '\0';
	rmdir(ch);
	rmdir(www);
	unlink(victim);
	assert_int_equal(rmdir(dir), 0);
	free(dirpath);
	free(hard);
	free(sym);
	free(ch);
	free(www);
	free(victim);
}

/* The kernel's struct in6_ifreq (linux/ipv6.h clashes with netinet/in.h). */
struct ipv6_ifreq {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

/* fd00::1 to fd00::FLOOD_ADDRESSES on lo, for the IPv6 flood. */
static void
add_ipv6_prefix(void)
{
	/* zeroed to the size of struct ifreq, as valgrind reads it */
	union {
		struct ipv6_ifreq req;
		struct ifreq size;
	} u;
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&u, 0, sizeof(u));
	u.req.prefixlen = 64;
	u.req.ifindex = (int)if_nametoindex("lo");
	inet_pton(AF_INET6, "fd00::", &u.req.addr);
	have_ipv6_prefix = fd >= 0 && u.req.ifindex > 0;
	for (int i = 1; have_ipv6_prefix && i <= FLOOD_ADDRESSES; i++) {
		u.req.addr.s6_addr[15] = (unsigned char)i;
		have_ipv6_prefix = ioctl(fd, SIOCSIFADDR, &u.req) == 0;
	}
	if (fd >= 0)
		close(fd);
}

/*
 * As root, the responders and the flood live in a network namespace of
 * their own with only loopback (127.0.0.0/8): no port clashes, nothing
 * leaves.  Elsewhere the host's loopback does.
 */
static void
private_network(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd;

	if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0)
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		abort();
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) != 0)
		abort();
	close(fd);
	add_ipv6_prefix();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_responder),
		cmocka_unit_test(test_port_in_use),
		cmocka_unit_test(test_responder_flood),
		cmocka_unit_test(test_responder_flood6),
		cmocka_unit_test(test_responder_many_names),
		cmocka_unit_test(test_responder_idle),
		cmocka_unit_test(test_webroot),
		cmocka_unit_test(test_webroot_planted),
	};
	struct ac_err err = AC_ERR_INIT;

	private_network();
	/* the test's own HTTP client goes through the engine's libcurl */
	if (!ac_dl_curl(&err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
