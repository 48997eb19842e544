/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The inventory: which certificates astcert manages, loading one, when each
 * is due, the record of its last renewal and the list 'astcert status' shows.
 */
#ifndef AC_INVENTORY_H
#define AC_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/certinfo.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/job.h"
#include "src/xalloc.h"

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
bool ac_inventory_method_automatic(enum ac_renew_method method);

/* The method for a job kind (ACME: AC_RENEW_THIRD until ARI is known). */
enum ac_renew_method ac_inventory_method_for(enum ac_job_kind kind);

/*
 * The source's own renewal window where it has one (ACME's ARI): *method
 * becomes AC_RENEW_ARI, *due that window and *explanation why.  offline:
 * only the window last stored, the CA is not asked.
 */
void ac_inventory_own_window(const struct ac_ctx *ctx,
			     const struct ac_cfg *cfg, const char *name,
			     struct ac_job *job, X509 *leaf, bool offline,
			     time_t *due, enum ac_renew_method *method,
			     char **explanation);
/*
 * The method of a job's certificate before its CA has said anything: the
 * source's, except ACME proved by DNS-01 records made by hand.
 */
enum ac_renew_method ac_inventory_method_of(const struct ac_job *job);

/* The systemd timer that runs 'astcert renew' (data/astcert-renew.timer). */
enum ac_timer {
	AC_TIMER_MISSING,	/* no unit file: astcert is not installed */
	AC_TIMER_OFF,		/* installed, not enabled */
	AC_TIMER_ON,		/* enabled (timers.target wants it) */
	AC_TIMER_CRON,		/* no timer on, but cron runs astcert renew */
};

/*
 * Whether the renewal timer is installed and enabled, from the unit files
 * (ctx->systemd_dir, else /etc/systemd/system and the system's unit
 * directories under ctx->root): no systemd is asked.  Without a timer on,
 * a crontab line that runs "astcert renew" (/etc/crontab, /etc/cron.d,
 * root's crontab, under ctx->root; not with ctx->systemd_dir) counts.
 */
enum ac_timer ac_inventory_timer(const struct ac_ctx *ctx);

/* Whether renewals run by themselves (the timer on, or cron). */
static inline bool
ac_inventory_timer_runs(enum ac_timer timer)
{
	return timer == AC_TIMER_ON || timer == AC_TIMER_CRON;
}

/*
 * One sentence on the timer for a person: "The renewal timer is on.", or
 * what to run when it is off or missing.  Translated.
 */
const char *ac_inventory_timer_text(enum ac_timer timer);

/* "days before expiry", "ACME: a third of the lifetime left"... translated. */
const char *ac_inventory_method_text(enum ac_renew_method method);

/*
 * When a certificate valid from not_before to not_after is due (pure):
 *   AC_RENEW_DAYS: renew_days before not_after, but never earlier than
 *     when a third of the lifetime is left (a short certificate would
 *     otherwise be due the moment it is made);
 *   AC_RENEW_THIRD: when a third of the lifetime is left;
 *   AC_RENEW_MANUAL: renew_days before not_after (a reminder only).
 * AC_RENEW_ARI is decided by the ACME module; here it falls back to THIRD.
 */
time_t ac_inventory_due_at(enum ac_renew_method method, time_t not_before,
			   time_t not_after, int renew_days);

/* Names of the managed certificates (those with a profile), sorted. */
bool ac_inventory_names(const struct ac_ctx *ctx, struct ac_strv *out,
			struct ac_err *err);

/*
 * name when given (checked), else the only managed certificate; fails
 * listing the choices when there are several.  New string.
 */
char *ac_inventory_pick(const struct ac_ctx *ctx, const char *name,
			struct ac_err *err);

/*
 * Loads a managed certificate: the job from its profile (job initialised
 * here with cfg's defaults) and, when leaf is not NULL, the installed
 * certificate (its leaf).
 */
bool ac_inventory_load(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		       const char *name, struct ac_job *job, X509 **leaf,
		       struct ac_err *err);

struct ac_acme_opts;

/*
 * For revoking the managed certificate name: the ACME CA it came from,
 * into o (server, staging and CA bundle, each unless o has one already),
 * and the path of its installed certificate (*cert, new string).  Fails
 * for a bad name, a missing profile, or one not issued through ACME.
 */
bool ac_inventory_acme_origin(const struct ac_ctx *ctx,
			      const struct ac_cfg *cfg, const char *name,
			      struct ac_acme_opts *o, char **cert,
			      struct ac_err *err);

/* The last renewal of one certificate, kept in its state directory. */
struct ac_inventory_last {
	time_t when;		/* 0 = never renewed by 'astcert renew' */
	bool ok;
	char *message;		/* what happened, one line */
};

/* Reads it (false, *last zeroed, when there is none). */
bool ac_inventory_last_load(const struct ac_ctx *ctx, const char *name,
			    struct ac_inventory_last *last);
void ac_inventory_last_clear(struct ac_inventory_last *last);

/* Records it (one line of message), best effort. */
void ac_inventory_last_save(const struct ac_ctx *ctx, const char *name, bool ok,
			    const char *message);

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
	struct ac_inventory_last last;
	char *explanation;	/* the CA's ARI explanationURL, or NULL */
};

/*
 * Every managed certificate (a problem noted on an item, not a failure),
 * then the private CA and its phones' certificates that are not revoked.
 * Fails only when the state directory cannot be listed.
 */
bool ac_inventory_list(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		       struct ac_inventory_item **out, size_t *n,
		       struct ac_err *err);
void ac_inventory_free(struct ac_inventory_item *items, size_t n);

#endif
