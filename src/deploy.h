/* SPDX-License-Identifier: GPL-3.0-or-later */
/* After installing: reload the server, then check what it really serves. */
#ifndef AC_DEPLOY_H
#define AC_DEPLOY_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/xalloc.h"

#define AC_RELOAD_TIMEOUT 30	/* seconds for one reload command */
#define AC_VERIFY_TIMEOUT 5	/* seconds to connect and handshake */
#define AC_VERIFY_SETTLE_MS 3000	/* how long a mismatch is re-checked */

/* One reload command as it ran. */
struct ac_reload_run {
	char *command;		/* argv joined by spaces, for messages
				   (each escaped: src/text.h) */
	int status;		/* exit status; -1 = did not run or killed */
	bool timed_out;
	char *output;		/* stdout + stderr, bounded, each line
				   escaped (src/text.h) */
};

enum ac_endpoint_state {
	AC_EP_MATCH,		/* serves the installed certificate */
	AC_EP_MISMATCH,		/* serves another one: see cause */
	AC_EP_UNREACHABLE,	/* no TLS server there, or no certificate */
};

struct ac_endpoint {
	char *addr;		/* "HOST:PORT" as configured */
	enum ac_endpoint_state state;
	char *served;		/* SHA-256 of what it serves, or NULL */
	char *cause;		/* translated likely cause, or NULL */
};

struct ac_deploy_report {
	struct ac_reload_run *runs;
	size_t nruns;
	struct ac_endpoint *eps;
	size_t neps;
	size_t matched, mismatched, unreachable;
};

void ac_deploy_report_clear(struct ac_deploy_report *r);

/*
 * Runs each of cfg->reload: fork and execvp with the argv (never a shell),
 * output captured, killed after AC_RELOAD_TIMEOUT.  The exit status means
 * little (asterisk -rx exits 0 when a reload failed): only the
 * verification tells.  False when a command could not start or timed out.
 */
bool ac_deploy_reload(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		      struct ac_deploy_report *r, struct ac_err *err);

/*
 * Connects to each of cfg->verify and compares the served leaf's SHA-256
 * with expect (colon hex).  stale, when not NULL, is the certificate that
 * was replaced: serving it means the reload did not take.  A mismatch is
 * re-checked for AC_VERIFY_SETTLE_MS (a reload may take a moment).  True
 * when no endpoint mismatched (unreachable ones are reported, not failed).
 */
bool ac_deploy_verify(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		      const char *expect, const char *stale,
		      struct ac_deploy_report *r);

/*
 * The leaf certificate a TLS server at "HOST:PORT" (IPv6 as "[::1]:PORT")
 * presents, without verifying it (the fingerprint is compared instead).
 * sni may be NULL.  Handshakes that fail after the server's certificate
 * arrived (it wants a client certificate) still return it.
 */
X509 *ac_tls_fetch_cert(const char *hostport, const char *sni,
			int timeout_secs, struct ac_err *err);

#endif
