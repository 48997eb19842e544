/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine context: everything the engine takes from its environment. */
#ifndef AC_AC_H
#define AC_AC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* /etc/astcert/astcert.conf and /var/lib/astcert when configured with
 * --sysconfdir=/etc --localstatedir=/var (as ./quickstart does) */
#define AC_DEFAULT_CONF SYSCONFDIR "/astcert/astcert.conf"
#define AC_DEFAULT_STATE_DIR LOCALSTATEDIR "/lib/astcert"
#define AC_DEFAULT_KEY_DIR "/etc/asterisk/keys"

/*
 * Progress report: step is a short translated step name, fraction is the
 * overall progress in [0, 1] (negative when unknown), message a translated
 * line or NULL.  Called from the thread that runs the job.
 */
typedef void (*ac_progress_fn)(void *arg, const char *step, double fraction,
			       const char *message);

/*
 * What the admin must do or watch while a job runs, beside its progress
 * lines, for a front end that keeps them on screen (the wizard's box of
 * DNS-01 records made by hand): key names the thing (the record line, or
 * a server's "NAME (ADDR)"), line is translated and shown as it is; a
 * later note with the same kind and key replaces the earlier one.
 */
enum ac_note {
	AC_NOTE_DNS_CREATE,	/* a TXT record to create, zone-file form */
	AC_NOTE_DNS_DELETE,	/* a TXT record that may be deleted now */
	AC_NOTE_DNS_SERVER,	/* an authoritative server's latest state */
};
typedef void (*ac_note_fn)(void *arg, enum ac_note kind, const char *key,
			   const char *line);

/*
 * The engine context.  The front end fills it in once (from options and
 * environment variables that only the front end reads); the engine never
 * looks at globals.  Strings are borrowed: they must outlive every call.
 */
struct ac_ctx {
	const char *root;	/* prefix for the default absolute paths;
				   NULL or "" = none */
	const char *conf_path;	/* config file, used as given;
				   NULL = AC_DEFAULT_CONF under root */
	const char *state_dir;	/* used as given; NULL = AC_DEFAULT_STATE_DIR
				   under root */
	const char *ca_bundle;	/* CA bundle for HTTPS; NULL = system store */
	const char *resolver;	/* DNS server IP for checks; NULL = system */
	const char *systemd_dir;	/* where the renewal timer is looked for
					   (DIR/astcert-renew.timer, enabled in
					   DIR/timers.target.wants); NULL = the
					   system's unit directories under root */
	time_t now_override;	/* 0 = the real clock */
	long poll_timeout;	/* seconds an ACME poll may last; 0 = the
				   default (a test control) */
	ac_progress_fn progress;
	ac_note_fn note;
	void *progress_arg;	/* progress's and note's */
	volatile sig_atomic_t *cancel;	/* non-zero = stop at the next step */
};

/* The engine's clock: now_override when set, else time(NULL). */
time_t ac_now(const struct ac_ctx *ctx);

/*
 * Maps an absolute path into the context's root.  Returns a new string the
 * caller frees.  Relative paths are returned unchanged (copied).
 */
char *ac_path(const struct ac_ctx *ctx, const char *path);

/* The state directory (the default mapped into the root), or SUB in it
 * (new string). */
char *ac_state_path(const struct ac_ctx *ctx, const char *sub);

/* Reports progress if the front end asked for it. */
void ac_progress(const struct ac_ctx *ctx, const char *step, double fraction,
		 const char *message);

/* Tells the front end a note if it asked for them. */
void ac_note(const struct ac_ctx *ctx, enum ac_note kind, const char *key,
	     const char *line);

/* True when the front end has asked the running job to stop. */
bool ac_cancelled(const struct ac_ctx *ctx);

#endif
