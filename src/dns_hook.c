/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS-01 through the admin's hook program: run as an argv, with a deadline. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "src/dns_hook.h"
#include "src/i18n.h"
#include "src/text.h"

/* What the hook writes is kept up to this much (the rest is read and
 * dropped, so that a chatty hook never blocks on a full pipe). */
#define OUTPUT_MAX 16384

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The environment of the hook: ours, and the record in the variables of
 * astcert, certbot's manual hooks and (by position) acme.sh / lego. */
static char **
hook_env(const struct ac_dns_hook_call *h)
{
	struct ac_strv env = { 0 };

	for (char **e = environ; *e; e++)
		if (strncmp(*e, "ASTCERT_DNS_", 12) != 0 &&
		    strncmp(*e, "CERTBOT_", 8) != 0)
			ac_strv_add(&env, *e);
	ac_strv_add_owned(&env, xasprintf("ASTCERT_DNS_ACTION=%s", h->action));
	ac_strv_add_owned(&env, xasprintf("ASTCERT_DNS_NAME=%s", h->fqdn));
	ac_strv_add_owned(&env, xasprintf("ASTCERT_DNS_VALUE=%s", h->value));
	ac_strv_add_owned(&env, xasprintf("ASTCERT_DNS_DOMAIN=%s", h->domain));
	ac_strv_add_owned(&env, xasprintf("CERTBOT_DOMAIN=%s", h->domain));
	ac_strv_add_owned(&env, xasprintf("CERTBOT_VALIDATION=%s", h->value));
	return env.v;	/* NULL-terminated, as every ac_strv */
}

/*
 * Starts the hook with stdin from /dev/null and stdout + stderr into out,
 * in a process group of its own so that the deadline kills whatever it
 * started (as deploy.c's reload commands).  posix_spawn, not posix_spawnp:
 * the program is a path, never looked up in PATH.
 */
static int
spawn(char *const *argv, char *const *envp, int out, pid_t *pid)
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
	rc = posix_spawn(pid, argv[0], &fa, &attr, argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Reads the child's output until it closes the pipe, the deadline, or a
 * cancel; 1 done, 0 deadline, -1 cancelled. */
static int
collect(const struct ac_ctx *ctx, int fd, long long deadline,
	struct ac_buf *out)
{
	char buf[4096];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;

		if (ctx && ac_cancelled(ctx))
			return -1;
		if (left <= 0)
			return 0;
		if (poll(&p, 1, left < 100 ? (int)left : 100) <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 1;
		if (out->len + (size_t)n <= OUTPUT_MAX)
			ac_buf_add(out, buf, (size_t)n);
	}
}

/* Waits for the hook to end until the deadline; false when it has not. */
static bool
reap(pid_t pid, long long deadline, int *status)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		struct timespec ts = { 0, 20 * 1000000L };

		if (r == pid || (r < 0 && errno != EINTR))
			return true;
		if (now_ms() >= deadline)
			return false;
		nanosleep(&ts, NULL);
	}
}

/* The last non-empty line of the output, escaped; "" when none. */
static char *
last_line(const struct ac_buf *out)
{
	char *text = xstrndup(out->data ? out->data : "", out->len), *line;
	char *p = text + strlen(text), *esc;

	while (p > text && (p[-1] == '\n' || p[-1] == '\r' || p[-1] == ' '))
		*--p = '\0';
	line = strrchr(text, '\n');
	esc = ac_text_esc(line ? line + 1 : text);
	free(text);
	return esc;
}

static bool
report(const struct ac_dns_hook_call *h, int status, int outcome,
       const struct ac_buf *out, struct ac_err *err)
{
	char *line = last_line(out), *prog = ac_text_esc(h->argv->v[0]);

	if (outcome < 0)
		ac_err_set(err, AC_ERR_CANCELLED,
			   _("Cancelled; nothing was installed."));
	else if (outcome == 0)
		ac_err_set(err, AC_ERR_NET,
			   ngettext("The DNS hook %1$s did not finish \"%2$s %3$s\" within %4$ld second and was stopped: %5$s",
				    "The DNS hook %1$s did not finish \"%2$s %3$s\" within %4$ld seconds and was stopped: %5$s",
				    (unsigned long)h->timeout_s),
			   prog, h->action, h->fqdn, h->timeout_s, line);
	else if (WIFSIGNALED(status))
		ac_err_set(err, AC_ERR_NET,
			   _("The DNS hook %1$s was killed by signal %2$d during \"%3$s %4$s\": %5$s"),
			   prog, WTERMSIG(status), h->action, h->fqdn, line);
	else
		ac_err_set(err, AC_ERR_NET,
			   _("The DNS hook %1$s failed (exit status %2$d) on \"%3$s %4$s\": %5$s"),
			   prog, WEXITSTATUS(status), h->action, h->fqdn, line);
	if (out->len) {
		char *all = ac_text_escape(out->data, out->len);

		ac_err_detail(err, "%s", all);
		free(all);
	}
	free(prog);
	free(line);
	return false;
}

bool
ac_dns_hook_run(const struct ac_ctx *ctx, const struct ac_dns_hook_call *h,
		struct ac_err *err)
{
	struct ac_strv argv = { 0 };
	struct ac_buf out = { 0 };
	char **envp;
	int fds[2], status = 0, outcome, rc;
	long long deadline;
	pid_t pid = -1;

	for (size_t i = 0; i < h->argv->n; i++)
		ac_strv_add(&argv, h->argv->v[i]);
	ac_strv_add(&argv, h->action);
	ac_strv_add(&argv, h->fqdn);
	ac_strv_add(&argv, h->value);
	envp = hook_env(h);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		rc = errno;
		fds[0] = fds[1] = -1;
	} else {
		rc = spawn(argv.v, envp, fds[1], &pid);
	}
	if (rc != 0) {
		ac_err_set(err, AC_ERR_IO, _("Cannot start the DNS hook %s."),
			   h->argv->v[0]);
		ac_err_detail(err, "posix_spawn: %s", strerror(rc));
		if (fds[0] >= 0) {
			close(fds[0]);
			close(fds[1]);
		}
		outcome = 2;
		goto out;
	}
	close(fds[1]);
	fds[1] = -1;
	deadline = now_ms() + h->timeout_s * 1000LL;
	outcome = collect(ctx, fds[0], deadline, &out);
	/* a hook may close its output and go on: the deadline holds */
	if (outcome == 1 && !reap(pid, deadline, &status))
		outcome = 0;
	if (outcome < 1) {
		kill(-pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (outcome == 1 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		outcome = 3;
out:
	if (outcome != 2) {
		close(fds[0]);
		if (outcome != 3)
			report(h, status, outcome, &out, err);
	}
	ac_strv_clear(&argv);
	for (char **e = envp; *e; e++)
		free(*e);
	free(envp);
	free(out.data);
	return outcome == 3;
}
