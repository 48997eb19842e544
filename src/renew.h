/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Managed certificates: when each is due, renewing them, the inventory. */
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
#include "src/job.h"
#include "src/xalloc.h"

#define AC_RENEW_LAST_FILE "last-renewal"
#define AC_RENEW_LOCK_FILE "lock"
#define AC_DEPLOYED_FILE "deployed"

/* How a certificate's renewal time is found. */
enum ac_renew_method {
	AC_RENEW_MANUAL,	/* imported or CSR: astcert cannot renew it */
	AC_RENEW_DAYS,		/* self-signed, private CA: days before expiry */
	AC_RENEW_THIRD,		/* ACME without ARI: a third of the lifetime left */
	AC_RENEW_ARI,		/* ACME with the CA's ARI window */
	AC_RENEW_PHONE,		/* a phone's: issued again and loaded by hand */
	AC_RENEW_CA,		/* the private CA: a new one means new phones */
	AC_RENEW_DNS_MANUAL,	/* ACME whose DNS-01 records are made by hand:
				   due as ACME, renewed with someone there */
};

/* True for the methods astcert renew acts on by itself. */
bool ac_renew_method_automatic(enum ac_renew_method method);

/* The method for a job kind (ACME: AC_RENEW_THIRD until ARI is known). */
enum ac_renew_method ac_renew_method_for(enum ac_job_kind kind);
/* "days before expiry", "ACME: a third of the lifetime left"... translated. */
const char *ac_renew_method_text(enum ac_renew_method method);

/*
 * When a certificate valid from not_before to not_after is due (pure):
 *   AC_RENEW_DAYS: renew_days before not_after, but never earlier than
 *     when a third of the lifetime is left (a short certificate would
 *     otherwise be due the moment it is made);
 *   AC_RENEW_THIRD: when a third of the lifetime is left;
 *   AC_RENEW_MANUAL: renew_days before not_after (a reminder only).
 * AC_RENEW_ARI is decided by the ACME module; here it falls back to THIRD.
 */
time_t ac_renew_due_at(enum ac_renew_method method, time_t not_before,
		       time_t not_after, int renew_days);

/* Names of the managed certificates (STATE/certs/NAME/renewal.conf), sorted. */
bool ac_managed_names(const struct ac_ctx *ctx, struct ac_strv *out,
		      struct ac_err *err);

/*
 * name when given (checked), else the only managed certificate; fails
 * listing the choices when there are several.  New string.
 */
char *ac_managed_pick(const struct ac_ctx *ctx, const char *name,
		      struct ac_err *err);

/*
 * Loads a managed certificate: the job from its profile (job initialised
 * here with cfg's defaults) and, when leaf is not NULL, the installed
 * certificate STATE/certs/NAME/cert.pem.
 */
bool ac_managed_load(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     const char *name, struct ac_job *job, X509 **leaf,
		     struct ac_err *err);

/*
 * The lock that keeps runs apart: an exclusive flock on STATE/lock, waited
 * for up to wait_secs (0 = not at all).  Returns the descriptor (closing it
 * releases the lock) or -1 with AC_ERR_BUSY when another run holds it.
 */
int ac_renew_lock(const struct ac_ctx *ctx, int wait_secs,
		  struct ac_err *err);

/* The last renewal of one certificate, kept in its state directory. */
struct ac_renew_last {
	time_t when;		/* 0 = never renewed by 'astcert renew' */
	bool ok;
	char *message;		/* what happened, one line */
};

bool ac_renew_last_load(const struct ac_ctx *ctx, const char *name,
			struct ac_renew_last *last);
void ac_renew_last_clear(struct ac_renew_last *last);

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
 * certificates.  Also keeps the private CA's CRL from going stale.  Records each result in STATE/certs/NAME/last-renewal.
 * Fails (false) only when it could not run at all: the lock (AC_ERR_BUSY),
 * an unreadable state directory, an unknown name; per-certificate failures
 * are in the report.
 */
bool ac_renew_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		  const struct ac_renew_opts *opts,
		  struct ac_renew_report *report, struct ac_err *err);
void ac_renew_report_free(struct ac_renew_report *report);

/* One line of 'astcert status'. */
struct ac_inventory_item {
	char *name;
	char *kind;		/* profile kind: "acme", "selfsigned"...; "ca" and
				 * "phone" for the private CA and its phones */
	struct ac_certinfo info;	/* the installed certificate */
	bool have_info;
	char *problem;		/* why info is missing, or NULL */
	char *deployed;		/* what is wrong with the deployed pair, or NULL */
	enum ac_renew_method method;
	time_t due;
	struct ac_renew_last last;
	char *explanation;	/* the CA's ARI explanationURL, or NULL */
};

bool ac_inventory(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		  struct ac_inventory_item **out, size_t *n,
		  struct ac_err *err);
void ac_inventory_free(struct ac_inventory_item *items, size_t n);

#endif
