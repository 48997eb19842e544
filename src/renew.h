/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renewing the managed certificates that are due, then reloading Asterisk. */
#ifndef AC_RENEW_H
#define AC_RENEW_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/deploy.h"
#include "src/err.h"
#include "src/inventory.h"
#include "src/job.h"
#include "src/xalloc.h"

/*
 * The lock that keeps runs apart: an exclusive flock in STATE, waited
 * for up to wait_secs (0 = not at all).  Returns the descriptor (closing it
 * releases the lock) or -1 with AC_ERR_BUSY when another run holds it.
 */
int ac_renew_lock(const struct ac_ctx *ctx, int wait_secs,
		  struct ac_err *err);

struct ac_renew_opts {
	const char *name;	/* NULL = every managed certificate */
	bool force;		/* renew even when not due */
	bool no_reload;		/* install only: no reload, no verification */
	int lock_wait;		/* seconds to wait for another run */
	bool interactive;	/* someone is at a terminal: a certificate
				   proved by hand (DNS-01 --dns-manual) may be
				   renewed; unattended it is skipped, saying
				   so */
};

enum ac_renew_state {
	AC_RENEW_NOT_DUE,
	AC_RENEW_SKIPPED,	/* due but manual (imported, CSR, DNS-01 by
				   hand without a terminal) */
	AC_RENEW_DONE,
	AC_RENEW_FAILED,
};

struct ac_renew_item {
	char *name;
	enum ac_renew_state state;
	time_t due;
	char *message;		/* failure message, or NULL */
	enum ac_code code;	/* FAILED: the kind of failure */
	char *old_sha256;
	char *new_sha256;
	char *explanation;	/* the CA's ARI explanationURL, or NULL */
};

struct ac_renew_report {
	struct ac_renew_item *items;
	size_t n;
	size_t renewed, failed;
	bool reloaded;
	char *reload_error;	/* a reload command failed (counted in failed) */
	bool crl_refreshed;	/* the private CA's CRL was signed anew */
	char *crl_error;	/* why that failed, or NULL */
	struct ac_deploy_report deploy;	/* reload and verification */
};

/*
 * Renews every managed certificate that is due (or opts->name; everything
 * selected with opts->force), each re-made from its profile and installed
 * in place under the same names; then, when something was renewed, runs the
 * reload commands once and checks the TLS endpoints serve the new
 * certificates.  Also keeps the private CA's CRL from going stale.
 * Records each result (ac_inventory_last_save).
 * Fails (false) only when it could not run at all: the lock (AC_ERR_BUSY),
 * an unreadable state directory, an unknown name; per-certificate failures
 * are in the report.
 */
bool ac_renew_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		  const struct ac_renew_opts *opts,
		  struct ac_renew_report *report, struct ac_err *err);
void ac_renew_report_clear(struct ac_renew_report *report);

#endif
