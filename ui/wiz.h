/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wizard: its state, the step graph, and helpers the screens share. */
#ifndef WIZ_H
#define WIZ_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "src/acme.h"
#include "src/asterisk.h"
#include "src/checks.h"
#include "src/deploy.h"
#include "src/import.h"
#include "src/job.h"
#include "src/inventory.h"
#include "src/ac.h"
#include "src/cfg.h"
#include "ui/draw.h"
#include "ui/wg.h"

/* Below this the wizard only asks for a larger terminal (80x24 is the
 * size it is designed for; a little less still works). */
#define WIZ_MIN_COLS 60
#define WIZ_MIN_ROWS 16
#define WIZ_MAX_JOBS 34		/* CA, server, and up to 32 phones */

enum wiz_path {
	WIZ_PATH_ACME,
	WIZ_PATH_SELFSIGNED,
	WIZ_PATH_CA,
	WIZ_PATH_IMPORT,
	WIZ_PATH_CSR,
	WIZ_NPATHS,
};

enum wiz_move {
	WIZ_STAY,
	WIZ_NEXT,
	WIZ_BACK,
	WIZ_HANDLED,	/* stay: the key (even Esc) was the screen's */
};

enum {
	WIZ_SUBJ_COUNTRY,
	WIZ_SUBJ_STATE,
	WIZ_SUBJ_LOCALITY,
	WIZ_SUBJ_ORG,
	WIZ_SUBJ_UNIT,
	WIZ_SUBJ_CN,
	WIZ_NSUBJ,
};

/* The notes the progress screen keeps, and the length of each. */
#define WIZ_NOTES_MAX 8
#define WIZ_NOTE_LEN 320

/* What the worker thread reports; guarded by wiz.lock. */
struct wiz_progress {
	char step[128];
	char message[256];
	double fraction;
	/* DNS-01 by hand (src/ac.h, enum ac_note): the records to create,
	 * and each authoritative server's latest line, by their keys */
	char records[WIZ_NOTES_MAX][WIZ_NOTE_LEN];
	char record_keys[WIZ_NOTES_MAX][WIZ_NOTE_LEN];
	int nrecords;
	char servers[WIZ_NOTES_MAX][WIZ_NOTE_LEN];
	char server_keys[WIZ_NOTES_MAX][WIZ_NOTE_LEN];
	int nservers;
	bool running;
	bool finished;
	bool ok;
};

/*
 * What the user chose: the answers, as the screens edit them and as an
 * answers file holds them (ui/wiz_answers.c).  Everything else in struct
 * wiz is the wizard's own state (focus, scroll, the worker, results).
 */
struct wiz_answers {
	struct wg_list path;
	struct wg_field dns;
	struct wg_field ip;
	struct wg_field subject[WIZ_NSUBJ];
	struct wg_pick country;		/* its field is subject[COUNTRY] */
	struct wg_list key;
	struct wg_field out_dir;
	struct wg_field name;
	struct wg_field owner;
	struct wg_field days;

	/* import */
	struct wg_field imp_cert;
	struct wg_field imp_key;
	struct wg_field imp_chain;
	struct wg_field imp_pass;
	struct wg_field imp_cafile;
	bool imp_fetch;

	/* private CA */
	struct wg_field phones;		/* MAC addresses */
	struct wg_field p12pass;	/* PKCS#12 export password */
	bool revoke_old;	/* re-issued phones: revoke their certificates
				   in force */

	/* ACME */
	struct wg_list acme_ca;		/* configured / staging / another */
	struct wg_field acme_url;
	struct wg_field acme_email;
	bool acme_tos;
	struct wg_list acme_mode;	/* enum ac_acme_mode, in its order */
	struct wg_field acme_port;
	struct wg_field acme_webroot;
	struct wg_field dns_server;	/* DNS-01 RFC 2136: HOST[:PORT] */
	struct wg_field dns_zone;
	struct wg_field dns_tsig_key;	/* the key file's path, never the key */
	struct wg_field dns_hook;	/* DNS-01 hook: the program's path */
	struct wg_field eab_kid;
	struct wg_field eab_hmac;

	bool deploy;	/* set Asterisk up after the install */
};

struct wiz {
	struct ac_ctx *ctx;		/* the front end's: paths, progress, cancel */
	const struct ac_cfg *cfg;	/* astcert.conf */
	const char *data_dir;		/* templates and country names */
	struct wiz_answers ans;		/* what the user chose */
	int screen;		/* index into the screen table */
	int focus;		/* focused item of a form screen */
	bool help;		/* F1 overlay */
	bool asking_quit;	/* F10 confirmation */
	bool details;		/* result: show error details */
	bool fix_field;		/* result: the error names a form's answer */
	int body_top;		/* a body longer than the screen: its first
				   line shown (wiz_scroll_draw) */
	int cols, rows;		/* the screen, as the front end last set it */
	bool utf8;
	bool done;
	int status;		/* exit status once done */
	char *error;		/* why Next was refused, shown on the screen */
	char *note;		/* what just went well, shown there too */
	char *replace_ok;	/* install: existing files the user agreed to
				   replace (their NAME.crt path) */
	char *mkdir_ok;		/* install: the missing directory the user
				   was offered to create */
	bool edited;		/* the focused field was typed in */
	bool enter_next;	/* drawn: Enter moves to the next field */

	/* path completion in the focused field */
	struct ac_strv compl;	/* the matching entries */
	bool compl_armed;	/* the last Tab left several: next one lists */
	bool compl_list;	/* the entries show under the field */

	/* the review screen's "save the answers" prompt */
	bool saving;
	struct wg_field answers_path;

	bool countries_loaded;		/* the country pick-list is filled */

	/* import: what the files hold */
	struct ac_import_preview imp_view;	/* what the files hold */
	char *imp_view_err;		/* why they could not be read, or NULL */
	char *name_proposed;		/* the file name the wizard proposed (from
					   the names or the files), not typed */

	/* private CA */
	bool ca_exists;
	char *reissue_ok;	/* phones the user agreed to re-issue */
	struct ac_strv revoke;	/* serials to revoke after the jobs */

	/* domain checks, run live on their screen */
	struct ac_check_list checks;	/* guarded by lock while running */
	bool checks_done;
	bool checks_skipped;		/* the user chose to go on anyway */

	/* what the answers make: jobs run in order, main is the one shown */
	struct ac_job jobs[WIZ_MAX_JOBS];
	int njobs;
	int main_job;
	int job_now;		/* guarded by lock while running */

	/* Asterisk set-up after the install (include files, reload, check) */
	bool deploy_offered;		/* the default was chosen once */
	bool deploy_ran;
	char *deploy_error;		/* why it failed, or NULL */
	struct ac_asterisk_result deploy_res;
	struct ac_deploy_report deploy_rep;
	char *pjsip_lines;		/* what deploy would write, or NULL */

	/* the welcome screen's inventory */
	struct ac_inventory_item *inv;
	size_t ninv;
	enum ac_timer timer;	/* the renewal timer, as welcome found it */

	pthread_t worker;
	bool thread;		/* worker started and not joined yet */
	void *(*work)(void *);	/* what the worker runs */
	int wake_fd;		/* written when the work ends; -1: none */
	struct timespec started;	/* when the work started (monotonic) */
	pthread_mutex_t lock;
	struct wiz_progress progress;
	volatile sig_atomic_t cancel;
	struct ac_err err;
};

/* A key in the key bar: its name and what it does, both N_(). */
struct wiz_hint {
	const char *key;
	const char *does;
	bool keep;		/* shown even when the bar is too narrow */
};

struct wiz_item;
#define WIZ_MAX_ITEMS 10	/* the most items a form has */

/* One screen: enter / draw / key, as tig's views. */
/* What a screen is, for the code that moves between screens. */
enum scr_flag {
	SCR_QUIT_AT_ONCE = 1 << 0,	/* Quit needs no confirmation */
	SCR_NO_BACK = 1 << 1,		/* Esc does not go to the screen before */
	SCR_RESULT = 1 << 2,		/* the end: the result of the run */
};

struct scr {
	const char *title;	/* N_() */
	unsigned flags;		/* enum scr_flag */
	const char *help;	/* N_() */
	bool (*applies)(const struct wiz *w);	/* NULL = every path */
	void (*enter)(struct wiz *w);		/* may be NULL */
	void (*draw)(struct wiz *w, struct draw *d, int top, int height);
	enum wiz_move (*key)(struct wiz *w, struct wg_key k);
	/* may refuse Next: sets w->error and returns false */
	bool (*leave)(struct wiz *w);
	/* the key bar between Help and Quit, up to { NULL }; NULL = a
	 * form's (Esc Back, Enter Next field, or Continue on the last) */
	const struct wiz_hint *keys;
	/* the key bar now, when it depends on the state; may be NULL */
	const struct wiz_hint *(*keys_now)(const struct wiz *w, bool *no_quit);
	bool no_quit;		/* the key bar shows no Quit */
	/* a form: fills its items (up to WIZ_MAX_ITEMS), returns how many */
	int (*items)(struct wiz *w, struct wiz_item *it);
};

extern const struct scr scr_welcome, scr_path, scr_names, scr_acme,
	scr_checks, scr_subject, scr_key, scr_import, scr_contents, scr_ca,
	scr_install,
	scr_review, scr_progress, scr_result;

/* The ACME directory URL the answers name. */
const char *wiz_acme_url(const struct wiz *w);
/* The HTTP-01 port the answers name (80 when empty or bad). */
int wiz_acme_port(const struct wiz *w);
/* The challenge method the answers name. */
enum ac_acme_mode wiz_acme_mode(const struct wiz *w);

/* Which paths a screen belongs to. */
bool wiz_on_path(const struct wiz *w, unsigned paths);
#define WIZ_P(p) (1u << (p))

void wiz_init(struct wiz *w, struct ac_ctx *ctx, const struct ac_cfg *cfg,
	      const char *data_dir);
void wiz_clear(struct wiz *w);
/* Draws the whole screen from the state. */
void wiz_draw(struct wiz *w, struct draw *d);
/* The front end says what its screen is (before drawing, on resize). */
void wiz_set_screen(struct wiz *w, const struct draw *d);
/* The rows a screen's body gets on that screen when no message shows. */
int wiz_body_rows(const struct wiz *w);
/* Goes to screen s (entering it), as Next and Esc do. */
void wiz_goto(struct wiz *w, const struct scr *s);
/* Handles a key; sets w->done when the wizard ends. */
void wiz_key(struct wiz *w, struct wg_key k);
/* True while a job runs (the front end then sends WK_TICK often). */
bool wiz_busy(struct wiz *w);

/*
 * A body longer than the screen (the result, the checks): body draws it
 * whole from row top; it is drawn off screen and shown from line first,
 * with a last row saying which lines show.  wiz_scroll_key moves *first
 * for Up, Down, PgUp, PgDn, Home and End and says whether k was one.
 */
typedef void wiz_body_fn(struct wiz *w, struct draw *d, int top, int height);
void wiz_scroll_draw(struct wiz *w, struct draw *d, int top, int height,
		     wiz_body_fn *body, int first);
bool wiz_scroll_key(struct wiz *w, struct wg_key k, wiz_body_fn *body,
		    int *first);
/* The whole body as text, cols wide (trailing blanks dropped). */
void wiz_scroll_print(struct wiz *w, wiz_body_fn *body, FILE *out, int cols,
		      bool utf8);
/*
 * When the wizard ended on its result, prints the result (what was
 * installed where, expiry, the Asterisk lines, the phones' files) to out,
 * so it stays in the terminal's scrollback once the screen is gone.
 */
void wiz_result_print(struct wiz *w, FILE *out, bool utf8);
/* True on the result screen. */
bool wiz_at_result(const struct wiz *w);

/* Sets the message shown under the form (printf-style, already translated). */
void wiz_error(struct wiz *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets the message shown under the form when all went well. */
void wiz_note(struct wiz *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* What Tab completes in a field (wiz_item.compl). */
#define WIZ_COMPL_FILE	1	/* a file or a directory path */
#define WIZ_COMPL_DIR	2	/* a directory path */
#define WIZ_COMPL_WORDS	4	/* several paths, separated by spaces */

/* Form screens: labelled widgets with Tab / arrow focus. */
struct wiz_item {
	const char *label;	/* translated */
	const char *hint;	/* translated, shown under the field; may be NULL */
	struct wg_field *field;
	struct wg_list *list;
	int list_rows;
	bool *check;
	struct wg_pick *pick;
	int compl;		/* WIZ_COMPL_*: Tab completes a path */
	/* checks the item when the focus leaves it forward and on Continue:
	 * false with err set keeps the focus there, with the reason shown */
	bool (*valid)(struct wiz *w, struct ac_err *err);
};


/* The label column for these translated labels: the widest one's display
 * width and a gap, at most a third of the screen. */
int wiz_label_width(const struct draw *d, const char *const *labels, size_t n);
/* A label and its value at *y; a long value (a path) wraps: *y moves past
 * every line it took. */
void wiz_row(struct draw *d, int *y, int lw, const char *label,
	     const char *value);
void wiz_form_draw(struct wiz *w, struct draw *d, int top, int height,
		   const struct wiz_item *items, int n);
enum wiz_move wiz_form_key(struct wiz *w, const struct wiz_item *items, int n,
			   struct wg_key k);
/* Validity from the days field: 1 to AC_DAYS_MAX, or empty (the default:
 * *days untouched). */
bool wiz_days_parse(const struct wiz *w, int *days, struct ac_err *err);
/* Forgets what the focused field was typed and completed (focus moved). */
void wiz_form_reset(struct wiz *w);

/*
 * Loads an answers file into the wizard's fields (before the first screen
 * is drawn); false with err set (INPUT, "FILE:LINE: ..." when it can
 * tell) when the file cannot be read or holds something wrong.
 */
bool wiz_answers_load(struct wiz *w, const char *path, struct ac_err *err);
/* Writes the answers (never a secret) to path, mode 0600. */
bool wiz_answers_save(struct wiz *w, const char *path, struct ac_err *err);
/* Where the review screen proposes to save them (new string). */
char *wiz_answers_default(const struct wiz *w);

/* The key type chosen on the key screen. */
/* The key types, in the key screen's table (scr_key.c): the chosen one,
 * choosing one, and its name as that screen shows it ("RSA 2048"). */
enum ac_key_type wiz_key_type(const struct wiz *w);
void wiz_key_select(struct wiz *w, enum ac_key_type type);
const char *wiz_key_name(enum ac_key_type type);

/*
 * The answer an engine error names (err->field), on a screen of this path:
 * its screen, the item's index and its label; false when none shows.
 */
bool wiz_field_find(struct wiz *w, enum ac_field field,
		    const struct scr **scr, int *focus, const char **label);
/* Goes to that answer with the focus on it and err's message under the
 * form; false (nothing done) when it is on no screen of this path. */
bool wiz_field_goto(struct wiz *w, const struct ac_err *err);

/*
 * The certificates in force (not revoked, not replaced) that this server's
 * CA issued to the phones listed in phones (MACs separated by spaces):
 * how many; their serials added to serials, the first one's MAC and
 * expiry in *first (new string) and *until; each out-parameter may be NULL.
 */
size_t wiz_ca_issued(struct wiz *w, const char *phones,
		     struct ac_strv *serials, char **first, time_t *until);

/* Builds w->jobs from the answers; false with w->error set when one is bad. */
bool wiz_build_jobs(struct wiz *w);
/* The import's answers as the engine takes them (new; ac_import_opts_free). */
struct ac_import_opts *wiz_import_opts(const struct wiz *w);
/* The equivalent command lines, one per line (new string). */
char *wiz_command_lines(const struct wiz *w);
/* The job whose result is shown. */
struct ac_job *wiz_main_job(struct wiz *w);
/*
 * The front end's wake-up: a byte is written to fd (non-blocking) each time
 * work in the worker thread ends, after its state says so; -1 for none.
 */
void wiz_set_wake(struct wiz *w, int fd);
/* Starts the jobs in the worker thread. */
void wiz_start_job(struct wiz *w);
/* Runs fn(w) in the worker thread (after joining the previous one); it
 * must set w->progress.finished under w->lock when done. */
bool wiz_run_async(struct wiz *w, void *(*fn)(void *));
/* Waits for the worker thread, if any. */
void wiz_join(struct wiz *w);

#endif
