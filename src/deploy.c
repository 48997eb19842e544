/* SPDX-License-Identifier: GPL-3.0-or-later */
/* After installing: reload the server, then check what it really serves. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "src/certinfo.h"
#include "src/deploy.h"
#include "src/i18n.h"
#include "src/text.h"
#include "src/util.h"

#define OUTPUT_MAX 8192

void
ac_deploy_report_clear(struct ac_deploy_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nruns; i++) {
		free(r->runs[i].command);
		free(r->runs[i].output);
	}
	free(r->runs);
	for (size_t i = 0; i < r->neps; i++) {
		free(r->eps[i].addr);
		free(r->eps[i].served);
		free(r->eps[i].cause);
	}
	free(r->eps);
	memset(r, 0, sizeof(*r));
}

/*
 * Starts argv with stdin from /dev/null and stdout + stderr into out, in
 * a process group of its own so that a timeout kills whatever it started.
 * posix_spawn: the engine never forks a copy of itself.
 */
static int
spawn(const struct ac_strv *argv, int out, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, out, STDERR_FILENO);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	rc = posix_spawnp(pid, argv->v[0], &fa, &attr, argv->v, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Reads the child's output until EOF or the deadline. */
static bool
collect(int fd, long long deadline, struct ac_buf *out)
{
	char buf[1024];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = deadline - ac_mono_ms();
		ssize_t n;

		if (left <= 0)
			return false;
		if (poll(&p, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (!p.revents)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return true;
		if (out->len < OUTPUT_MAX)
			ac_buf_add(out, buf, (size_t)n);
	}
}

/* The output as display text: each line escaped (src/text.h), so that what
 * a command prints reaches a terminal or a log only as text. */
static char *
shown(struct ac_buf *out)
{
	struct ac_buf b = { 0 };
	size_t len, start = 0;
	char *raw = ac_buf_steal(out, &len);

	ac_buf_add(&b, "", 0);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && raw[i] != '\n')
			continue;
		if (i > start || i < len) {
			char *line = ac_text_escape(raw + start, i - start);

			ac_buf_printf(&b, "%s%s", start ? "\n" : "", line);
			free(line);
		}
		start = i + 1;
	}
	free(raw);
	return ac_buf_steal(&b, NULL);
}

static void
run_one(const struct ac_strv *argv, struct ac_reload_run *run)
{
	struct ac_buf out = { 0 };
	int fds[2], st, rc;
	pid_t pid;

	run->status = -1;
	ac_buf_add(&out, "", 0);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		ac_buf_printf(&out, "pipe: %s", strerror(errno));
		run->output = shown(&out);
		return;
	}
	rc = spawn(argv, fds[1], &pid);
	close(fds[1]);
	if (rc != 0) {
		ac_buf_printf(&out, _("%s: %s"), argv->v[0], strerror(rc));
		close(fds[0]);
		run->status = 127;
		run->output = shown(&out);
		return;
	}
	if (!collect(fds[0], ac_mono_ms() + AC_RELOAD_TIMEOUT * 1000LL, &out)) {
		run->timed_out = true;
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!run->timed_out && WIFEXITED(st))
		run->status = WEXITSTATUS(st);
	run->output = shown(&out);
}

static char *
join(const struct ac_strv *argv)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < argv->n; i++) {
		char *arg = ac_text_esc(argv->v[i]);

		ac_buf_printf(&b, "%s%s", i ? " " : "", arg);
		free(arg);
	}
	return ac_buf_steal(&b, NULL);
}

bool
ac_deploy_reload(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		 struct ac_deploy_report *r, struct ac_err *err)
{
	bool ok = true;

	for (size_t i = 0; i < cfg->nreload; i++) {
		const struct ac_strv *argv = &cfg->reload[i];
		struct ac_reload_run *run;

		if (argv->n == 0 || !argv->v[0][0])
			continue;
		r->runs = xreallocarray(r->runs, r->nruns + 1, sizeof(*r->runs));
		run = &r->runs[r->nruns++];
		memset(run, 0, sizeof(*run));
		run->command = join(argv);
		/* TRANSLATORS: a progress step: running the reload command */
		ac_progress(ctx, _("Reloading"), -1, run->command);
		run_one(argv, run);
		if (run->timed_out) {
			ok = ac_err_set(err, AC_ERR_IO,
					ngettext("The reload command \"%s\" did not finish within %d second and was stopped.",
						 "The reload command \"%s\" did not finish within %d seconds and was stopped.",
						 AC_RELOAD_TIMEOUT),
					run->command, AC_RELOAD_TIMEOUT);
		} else if (run->status == 127 || run->status < 0) {
			ok = ac_err_set(err, AC_ERR_IO,
					_("The reload command \"%s\" could not run: check the reload setting in astcert.conf."),
					run->command);
			ac_err_detail(err, "%s", run->output);
		}
	}
	return ok;
}

/* Splits "host:port" or "[v6]:port". */
static bool
split_addr(const char *addr, char **host, char **port)
{
	const char *colon;

	if (addr[0] == '[') {
		const char *end = strchr(addr, ']');

		if (!end || end[1] != ':' || !end[2])
			return false;
		*host = xstrndup(addr + 1, (size_t)(end - addr - 1));
		*port = xstrdup(end + 2);
		return true;
	}
	colon = strrchr(addr, ':');
	if (!colon || colon == addr || !colon[1])
		return false;
	*host = xstrndup(addr, (size_t)(colon - addr));
	*port = xstrdup(colon + 1);
	return true;
}

static int
connect_timeout(const char *host, const char *port, int secs,
		struct ac_err *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	struct timeval tv = { .tv_sec = secs };
	int fd = -1, rc, soerr = 0;
	socklen_t len = sizeof(soerr);
	struct pollfd p;

	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		/* TRANSLATORS: host, port and the network error; French puts a
		 * space before the last colon */
		ac_err_set(err, AC_ERR_NET, _("%s:%s: %s."), host, port,
			   gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	if (connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
		if (errno != EINPROGRESS)
			goto fail;
		p = (struct pollfd){ .fd = fd, .events = POLLOUT };
		if (poll(&p, 1, secs * 1000) != 1) {
			errno = ETIMEDOUT;
			goto fail;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 ||
		    soerr) {
			errno = soerr ? soerr : errno;
			goto fail;
		}
	}
	/* blocking from here, bounded by socket timeouts */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	freeaddrinfo(res);
	return fd;
fail:
	ac_err_set(err, AC_ERR_NET, _("Cannot connect to %s:%s: %s."), host,
		   port, strerror(errno));
	if (fd >= 0)
		close(fd);
	freeaddrinfo(res);
	return -1;
}

/* Keeps the server's leaf, whatever the verification would say. */
static int
keep_leaf(int preverify, X509_STORE_CTX *store)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(
		store, SSL_get_ex_data_X509_STORE_CTX_idx());
	X509 **leaf = ssl ? SSL_get_app_data(ssl) : NULL;

	(void)preverify;
	if (leaf && !*leaf && X509_STORE_CTX_get_error_depth(store) == 0) {
		*leaf = X509_STORE_CTX_get_current_cert(store);
		X509_up_ref(*leaf);
	}
	return 1;
}

X509 *
ac_tls_fetch_cert(const char *hostport, const char *sni, int timeout_secs,
		  struct ac_err *err)
{
	char *host = NULL, *port = NULL;
	SSL_CTX *sctx = NULL;
	SSL *ssl = NULL;
	X509 *leaf = NULL;
	int fd = -1;

	if (!split_addr(hostport, &host, &port)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("\"%s\" is not HOST:PORT (write IPv6 as [::1]:5061): fix the verify setting."),
			   hostport);
		goto out;
	}
	fd = connect_timeout(host, port, timeout_secs, err);
	if (fd < 0)
		goto out;
	sctx = SSL_CTX_new(TLS_client_method());
	ssl = sctx ? SSL_new(sctx) : NULL;
	if (!ssl) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot set up TLS."));
		ac_err_ssl(err);
		goto out;
	}
	SSL_set_verify(ssl, SSL_VERIFY_PEER, keep_leaf);
	SSL_set_app_data(ssl, &leaf);
	if (sni && *sni)
		SSL_set_tlsext_host_name(ssl, sni);
	SSL_set_fd(ssl, fd);
	if (SSL_connect(ssl) != 1 && !leaf) {
		ac_err_set(err, AC_ERR_NET,
			   _("%s accepts connections but the TLS handshake fails: the key may not match the certificate or be unreadable."),
			   hostport);
		ac_err_ssl(err);
	}
	ERR_clear_error();
out:
	SSL_free(ssl);
	SSL_CTX_free(sctx);
	if (fd >= 0)
		close(fd);
	free(host);
	free(port);
	return leaf;
}

static bool
is_https_port(const char *addr)
{
	const char *p = strrchr(addr, ':');

	return p && (!strcmp(p, ":8089") || !strcmp(p, ":8088") ||
		     !strcmp(p, ":443") || !strcmp(p, ":8443"));
}

static char *
mismatch_cause(const char *addr, const char *served, const char *stale)
{
	const char *why = stale && !strcmp(served, stale)
		? _("It still serves the previous certificate: the reload did not take effect.")
		: _("It serves a certificate astcert did not install there.");
	const char *fix = is_https_port(addr)
		? _("After a failed 'module reload http', HTTPS keeps the old state: touch http.conf and reload again, or restart Asterisk.")
		: _("'module reload res_pjsip.so' only re-reads the same file names: if the transport's file names changed, restart Asterisk.");

	return xasprintf("%s %s", why, fix);
}

static void
check_one(const char *expect, const char *stale, struct ac_endpoint *ep)
{
	struct ac_err err = AC_ERR_INIT;
	X509 *leaf = ac_tls_fetch_cert(ep->addr, NULL, AC_VERIFY_TIMEOUT, &err);

	free(ep->served);
	free(ep->cause);
	ep->served = ep->cause = NULL;
	if (!leaf) {
		ep->state = AC_EP_UNREACHABLE;
		ep->cause = xstrdup(err.msg ? err.msg : "");
	} else {
		ep->served = ac_cert_fingerprint(leaf);
		if (!strcmp(ep->served, expect)) {
			ep->state = AC_EP_MATCH;
		} else {
			ep->state = AC_EP_MISMATCH;
			ep->cause = mismatch_cause(ep->addr, ep->served, stale);
		}
	}
	X509_free(leaf);
	ac_err_clear(&err);
}

bool
ac_deploy_verify(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		 const char *expect, const char *stale,
		 struct ac_deploy_report *r)
{
	long long deadline = ac_mono_ms() + AC_VERIFY_SETTLE_MS;
	size_t first = r->neps;
	bool again;

	for (size_t i = 0; i < cfg->verify.n; i++) {
		r->eps = xreallocarray(r->eps, r->neps + 1, sizeof(*r->eps));
		memset(&r->eps[r->neps], 0, sizeof(*r->eps));
		r->eps[r->neps++].addr = xstrdup(cfg->verify.v[i]);
	}
	ac_progress(ctx, _("Checking what the server serves"), -1, NULL);
	for (size_t i = first; i < r->neps; i++)
		check_one(expect, stale, &r->eps[i]);
	/* a server may take a moment to pick up the new files */
	do {
		again = false;
		for (size_t i = first; i < r->neps; i++)
			if (r->eps[i].state == AC_EP_MISMATCH)
				again = true;
		if (!again || ac_mono_ms() >= deadline)
			break;
		usleep(250 * 1000);
		for (size_t i = first; i < r->neps; i++)
			if (r->eps[i].state == AC_EP_MISMATCH)
				check_one(expect, stale, &r->eps[i]);
	} while (again);
	for (size_t i = first; i < r->neps; i++) {
		if (r->eps[i].state == AC_EP_MATCH)
			r->matched++;
		else if (r->eps[i].state == AC_EP_MISMATCH)
			r->mismatched++;
		else
			r->unreachable++;
	}
	return r->mismatched == 0;
}
