/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wizard: state, the step graph, forms, and the job's worker thread. */
#include <config.h>

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "src/ca.h"
#include "src/i18n.h"
#include "src/names.h"
#include "src/source.h"
#include "src/step.h"
#include "src/xalloc.h"
#include "ui/cli.h"
#include "ui/wiz.h"

static const struct scr *const screens[] = {
	&scr_welcome, &scr_path, &scr_import, &scr_contents, &scr_names,
	&scr_acme, &scr_checks, &scr_subject, &scr_key, &scr_ca, &scr_install,
	&scr_review, &scr_progress, &scr_result,
};

#define NSCREENS ((int)(sizeof(screens) / sizeof(screens[0])))

static const struct scr *
current(const struct wiz *w)
{
	return screens[w->screen];
}

static bool
applies(const struct wiz *w, int i)
{
	return !screens[i]->applies || screens[i]->applies(w);
}

void
wiz_init(struct wiz *w, struct ac_ctx *ctx, const struct ac_cfg *cfg,
	 const char *data_dir)
{
	memset(w, 0, sizeof(*w));
	w->ctx = ctx;
	w->cfg = cfg;
	w->data_dir = data_dir;
	w->wake_fd = -1;
	pthread_mutex_init(&w->lock, NULL);
	w->ans.country.field = &w->ans.subject[WIZ_SUBJ_COUNTRY];
	w->ans.path.sel = WIZ_PATH_SELFSIGNED;	/* the quickest start */
	if (screens[0]->enter)
		screens[0]->enter(w);
}

void
wiz_clear(struct wiz *w)
{
	/* a job still running is told to stop, then waited for */
	w->cancel = 1;
	wiz_join(w);
	wg_field_clear(&w->ans.dns);
	wg_field_clear(&w->ans.ip);
	for (int i = 0; i < WIZ_NSUBJ; i++)
		wg_field_clear(&w->ans.subject[i]);
	wg_pick_clear(&w->ans.country);
	ac_strv_clear(&w->compl);
	wg_field_clear(&w->answers_path);
	free(w->note);
	free(w->replace_ok);
	free(w->mkdir_ok);
	free(w->reissue_ok);
	ac_strv_clear(&w->revoke);
	ac_import_preview_clear(&w->imp_view);
	free(w->imp_view_err);
	free(w->name_proposed);
	wg_field_clear(&w->ans.out_dir);
	wg_field_clear(&w->ans.name);
	wg_field_clear(&w->ans.owner);
	wg_field_clear(&w->ans.days);
	wg_field_clear(&w->ans.imp_cert);
	wg_field_clear(&w->ans.imp_key);
	wg_field_clear(&w->ans.imp_chain);
	wg_field_clear(&w->ans.imp_pass);
	wg_field_clear(&w->ans.imp_cafile);
	wg_field_clear(&w->ans.phones);
	wg_field_clear(&w->ans.p12pass);
	wg_field_clear(&w->ans.acme_url);
	wg_field_clear(&w->ans.acme_email);
	wg_field_clear(&w->ans.acme_port);
	wg_field_clear(&w->ans.acme_webroot);
	wg_field_clear(&w->ans.dns_server);
	wg_field_clear(&w->ans.dns_zone);
	wg_field_clear(&w->ans.dns_tsig_key);
	wg_field_clear(&w->ans.dns_hook);
	wg_field_clear(&w->ans.eab_kid);
	wg_field_clear(&w->ans.eab_hmac);
	ac_check_list_clear(&w->checks);
	ac_asterisk_result_clear(&w->deploy_res);
	ac_deploy_report_clear(&w->deploy_rep);
	free(w->deploy_error);
	free(w->pjsip_lines);
	for (int i = 0; i < w->njobs; i++)
		ac_job_clear(&w->jobs[i]);
	ac_inventory_free(w->inv, w->ninv);
	ac_err_clear(&w->err);
	free(w->error);
	pthread_mutex_destroy(&w->lock);
}

void
wiz_error(struct wiz *w, const char *fmt, ...)
{
	va_list ap;
	char *s;

	free(w->error);
	w->error = NULL;
	if (!fmt)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		w->error = s;
	va_end(ap);
}

void
wiz_note(struct wiz *w, const char *fmt, ...)
{
	va_list ap;
	char *s;

	free(w->note);
	w->note = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		w->note = s;
	va_end(ap);
}

bool
wiz_busy(struct wiz *w)
{
	bool busy;

	pthread_mutex_lock(&w->lock);
	busy = w->progress.running && !w->progress.finished;
	pthread_mutex_unlock(&w->lock);
	return busy;
}

/* Visible step number and count, for "Step 3 of 8". */
static void
step_numbers(const struct wiz *w, int *step, int *total)
{
	*step = *total = 0;
	for (int i = 0; i < NSCREENS; i++) {
		if (!applies(w, i))
			continue;
		(*total)++;
		if (i <= w->screen)
			(*step)++;
	}
}

static void
draw_help(const struct wiz *w, struct draw *d)
{
	int width = d->cols - 8 < 70 ? d->cols - 8 : 70;
	const char *text = _(current(w)->help);
	int lines = draw_wrap(NULL, 0, 0, width - 4, 0, DRAW_NORMAL, text);
	int height = lines + 4 > d->rows - 2 ? d->rows - 2 : lines + 4;
	int y = (d->rows - height) / 2, x = (d->cols - width) / 2;

	draw_box(d, y, x, height, width, DRAW_NORMAL);
	draw_text(d, y, x + 2, width - 4, DRAW_BOLD, _(" Help "));
	draw_wrap(d, y + 1, x + 2, width - 4, height - 3, DRAW_NORMAL, text);
	draw_text(d, y + height - 2, x + 2, width - 4, DRAW_DIM,
		  _("Press any key to close."));
	draw_cursor(d, y + 1, x + 2);
}

static void
draw_quit(struct draw *d)
{
	const char *q = _("Quit without installing anything? (y/n)");
	int width = draw_width(q) + 6 > d->cols ? d->cols : draw_width(q) + 6;
	int y = d->rows / 2 - 2, x = (d->cols - width) / 2;

	draw_box(d, y, x, 3, width, DRAW_WARN);
	draw_text(d, y + 1, x + 3, width - 6, DRAW_WARN, q);
	draw_cursor(d, y + 1, x + 3);
}

void
wiz_set_screen(struct wiz *w, const struct draw *d)
{
	w->cols = d->cols;
	w->rows = d->rows;
	w->utf8 = d->utf8;
}

/* Title, a blank line above the body, a blank line and the keys below. */
#define WIZ_CHROME_ROWS 4

bool
wiz_at_result(const struct wiz *w)
{
	return current(w)->flags & SCR_RESULT;
}

int
wiz_body_rows(const struct wiz *w)
{
	return w->rows - WIZ_CHROME_ROWS;
}

/* A form's keys, when the screen names none: what Enter does depends on
 * the field (the last one continues). */
static const struct wiz_hint form_keys_next[] = {
	{ N_("Esc"), N_("Back"), false },
	{ N_("Enter"),
	  /* TRANSLATORS: key bar: what Enter or Tab does */
	  N_("Next field"), true },
	{ NULL, NULL, false },
};
static const struct wiz_hint form_keys_last[] = {
	{ N_("Esc"), N_("Back"), false },
	/* TRANSLATORS: a key's name on the key bar */
	{ N_("Tab"), N_("Next field"), false },
	{ N_("Enter"), N_("Continue"), true },
	{ NULL, NULL, false },
};

#define WIZ_MAX_HINTS 8

/*
 * The key bar: Help, the screen's keys, Quit.  Help and Quit name a
 * control key beside the function key (vt100 and some SSH clients have
 * no function keys).  When the bar is too narrow, the keys not marked
 * keep go, from the right.
 */
static void
draw_keys(const struct wiz *w, struct draw *d)
{
	const struct scr *s = current(w);
	bool no_quit = s->no_quit;
	const struct wiz_hint *h = s->keys_now ? s->keys_now(w, &no_quit)
		: s->keys ? s->keys
		: w->enter_next ? form_keys_next : form_keys_last;
	char *item[WIZ_MAX_HINTS + 2];
	bool keep[WIZ_MAX_HINTS + 2];
	struct ac_buf b = { 0 };
	int n = 0, width = 0;

	/* TRANSLATORS: key bar: F1 or Ctrl-G shows the help */
	item[n] = xasprintf("F1/^G %s", _("Help"));
	keep[n++] = true;
	for (; h->key && n < WIZ_MAX_HINTS + 1; h++, n++) {
		item[n] = xasprintf("%s %s", _(h->key), _(h->does));
		keep[n] = h->keep;
	}
	if (!no_quit) {
		/* TRANSLATORS: key bar: F10, Ctrl-X or Ctrl-Q quits */
		item[n] = xasprintf("F10/^X %s", _("Quit"));
		keep[n++] = true;
	}
	for (int i = 0; i < n; i++)
		width += draw_width(item[i]) + 2;
	for (int i = n - 1; i >= 0 && width > d->cols; i--) {
		if (keep[i])
			continue;
		width -= draw_width(item[i]) + 2;
		free(item[i]);
		item[i] = NULL;
	}
	for (int i = 0; i < n; i++) {
		if (item[i])
			ac_buf_printf(&b, " %s ", item[i]);
		free(item[i]);
	}
	draw_text_pad(d, d->rows - 1, 0, d->cols, DRAW_KEYS, b.data ? b.data : "");
	ac_buf_clear(&b);
}

void
wiz_draw(struct wiz *w, struct draw *d)
{
	const struct scr *s = current(w);
	char *title, *small;
	const char *msg;
	int step, total, content, lines = 0;

	draw_clear(d);
	w->enter_next = false;
	if (d->cols < WIZ_MIN_COLS || d->rows < WIZ_MIN_ROWS) {
		/* the floor it draws at, not the size it is designed for */
		small = xasprintf(_("The terminal is too small for the wizard: "
				    "make it at least %d columns by %d lines, "
				    "or press F10 to quit."),
				  WIZ_MIN_COLS, WIZ_MIN_ROWS);
		draw_wrap(d, 0, 0, d->cols, d->rows, DRAW_WARN, small);
		free(small);
		return;
	}
	step_numbers(w, &step, &total);
	/* TRANSLATORS: title bar: program, step number, step count, screen */
	title = xasprintf(_(" astcert — step %d of %d: %s"), step, total,
			  _(s->title));
	draw_text_pad(d, 0, 0, d->cols, DRAW_TITLE, title);
	free(title);
	msg = w->error ? w->error : w->note;
	content = d->rows - 2;
	if (msg) {
		/* messages name paths, which can be long: as many lines as
		 * they need, up to four */
		lines = draw_wrap(NULL, 0, 0, d->cols - 2, 0, 0, msg);
		lines = lines < 1 ? 1 : lines > 4 ? 4 : lines;
		content -= lines + 1;
	}
	s->draw(w, d, 2, content - (WIZ_CHROME_ROWS - 2));
	if (msg) {
		for (int i = 0; i < lines; i++)
			draw_fill(d, d->rows - 2 - lines + i, 0, d->cols,
				  DRAW_NORMAL);
		draw_wrap(d, d->rows - 2 - lines, 1, d->cols - 2, lines,
			  w->error ? DRAW_ERR : DRAW_OK, msg);
	}
	draw_keys(w, d);
	/* a screen reader starts reading where the cursor is: on a screen
	 * without a field, at its first line; in a dialog, at its text */
	if (d->cursor_y < 0)
		draw_cursor(d, 2, 2);
	if (w->help)
		draw_help(w, d);
	if (w->asking_quit)
		draw_quit(d);
}

static void
go(struct wiz *w, int dir)
{
	int i = w->screen + dir;

	while (i >= 0 && i < NSCREENS && !applies(w, i))
		i += dir;
	if (i < 0 || i >= NSCREENS)
		return;
	w->screen = i;
	w->focus = 0;
	w->body_top = 0;
	wiz_form_reset(w);
	wiz_error(w, NULL);
	free(w->note);
	w->note = NULL;
	if (screens[i]->enter)
		screens[i]->enter(w);
}

void
wiz_goto(struct wiz *w, const struct scr *s)
{
	for (int i = 0; i < NSCREENS; i++) {
		if (screens[i] == s) {
			go(w, i - w->screen);
			return;
		}
	}
}

/* y, or the translation's own key for yes (o in French, j in German) */
static bool
is_yes(wchar_t ch)
{
	/* TRANSLATORS: the key that answers yes to "Quit without installing
	   anything? (y/n)"; the question must name the same key */
	const char *yes = _("y");
	wchar_t key = L'y';

	if (mbtowc(&key, yes, strlen(yes)) <= 0)
		key = L'y';
	return towlower((wint_t)ch) == L'y' ||
	       towlower((wint_t)ch) == towlower((wint_t)key);
}

void
wiz_key(struct wiz *w, struct wg_key k)
{
	const struct scr *s = current(w);
	enum wiz_move m;

	if (w->help) {
		if (k.code != WK_TICK && k.code != WK_RESIZE)
			w->help = false;
		return;
	}
	if (w->asking_quit) {
		/* a second Ctrl-C quits at once, as in a shell */
		if ((k.code == WK_CHAR && is_yes(k.ch)) ||
		    k.code == WK_CTRL_C) {
			w->done = true;
			w->status = CLI_EXIT_FAIL;
			w->cancel = 1;
		} else if (k.code != WK_TICK && k.code != WK_RESIZE) {
			w->asking_quit = false;
		}
		return;
	}
	switch (k.code) {
	case WK_F1:
		w->help = true;
		return;
	case WK_CTRL_C:
		if (wiz_busy(w)) {
			/* the job stops at its next step, as with Cancel */
			w->cancel = 1;
			return;
		}
		/* fall through */
	case WK_F10:
		if (s->flags & SCR_QUIT_AT_ONCE) {
			w->done = true;
			return;
		}
		w->asking_quit = true;
		return;
	case WK_CTRL_L:
	case WK_RESIZE:
		return;
	case WK_INVALID:
		wiz_error(w, _("Only ASCII can be typed here: the terminal's "
			       "locale (%s) has no other letters. Start astcert "
			       "under a UTF-8 locale (e.g. LANG=C.UTF-8) to "
			       "type them."), setlocale(LC_CTYPE, NULL));
		return;
	default:
		break;
	}
	m = s->key(w, k);
	if (m == WIZ_HANDLED)
		return;
	if (m == WIZ_STAY && k.code == WK_ESC)
		m = WIZ_BACK;
	if (m == WIZ_BACK) {
		if (w->screen == 0)
			w->asking_quit = true;
		else if (!(s->flags & SCR_NO_BACK))
			go(w, -1);
	} else if (m == WIZ_NEXT) {
		if (s->leave && !s->leave(w))
			return;
		wiz_error(w, NULL);
		go(w, +1);
	}
}

/*
 * What 'astcert deploy' does, for the installed certificate: astcert's own
 * include files, the reload commands, and a look at what the TLS ports
 * serve.  A failure is reported on the result screen; the certificate
 * stays installed.
 */
static void
deploy(struct wiz *w)
{
	const struct ac_ctx *ctx = w->ctx;
	const struct ac_cfg *cfg = w->cfg;
	struct ac_asterisk_opts opts = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char *tdir = xasprintf("%s/asterisk", w->data_dir);

	opts.template_dir = tdir;
	opts.user = cfg->asterisk_user;
	w->deploy_ran = true;
	if (!ac_asterisk_deploy(ctx, cfg, ac_step_name(wiz_main_job(w)), &opts,
				&w->deploy_res, &err) ||
	    !ac_deploy_reload(ctx, cfg, &w->deploy_rep, &err)) {
		w->deploy_error = xstrdup(err.msg ? err.msg : "?");
	} else {
		ac_deploy_verify(ctx, cfg, w->deploy_res.sha256, NULL,
				 &w->deploy_rep);
	}
	ac_err_clear(&err);
	free(tdir);
}

/* A failure is a warning: the new certificates are made and installed. */
static void
revoke_old(struct wiz *w, const char *serial)
{
	struct ac_err err = AC_ERR_INIT;
	size_t count = 0;

	if (!ac_ca_revoke(w->ctx, serial, &count, &err))
		ac_strv_add(&wiz_main_job(w)->result.warnings,
			    err.msg ? err.msg : "?");
	ac_err_clear(&err);
}

static void *
worker(void *arg)
{
	struct wiz *w = arg;
	bool ok = true;

	for (int i = 0; i < w->njobs && ok; i++) {
		pthread_mutex_lock(&w->lock);
		w->job_now = i;
		pthread_mutex_unlock(&w->lock);
		ok = ac_job_run(w->ctx, w->cfg, &w->jobs[i], &w->err);
	}
	/* the phones' old certificates, once their new ones are made */
	for (size_t i = 0; ok && i < w->revoke.n; i++)
		revoke_old(w, w->revoke.v[i]);
	/* the certificate is installed whatever happens to Asterisk now */
	if (ok && w->ans.deploy && wiz_main_job(w)->source->installs &&
	    !ac_cancelled(w->ctx))
		deploy(w);
	pthread_mutex_lock(&w->lock);
	w->progress.finished = true;
	w->progress.ok = ok;
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* Each job gets an equal share of the bar. */
/*
 * The lines the progress screen keeps while a DNS-01 record made by hand
 * is awaited (src/ac.h, enum ac_note): each record to create once, each
 * server's latest state.
 */
static void
keep_line(char (*v)[WIZ_NOTE_LEN], char (*keys)[WIZ_NOTE_LEN], int *n,
	  int max, const char *key, const char *line)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp(keys[i], key) == 0)
			break;
	if (i == max)
		return;
	snprintf(v[i], sizeof(v[i]), "%s", line);
	snprintf(keys[i], sizeof(keys[i]), "%s", key);
	if (i == *n)
		(*n)++;
}

static void
on_note(void *arg, enum ac_note kind, const char *key, const char *line)
{
	struct wiz *w = arg;
	struct wiz_progress *p = &w->progress;

	pthread_mutex_lock(&w->lock);
	if (kind == AC_NOTE_DNS_CREATE)
		keep_line(p->records, p->record_keys, &p->nrecords,
			  WIZ_NOTES_MAX, key, line);
	else if (kind == AC_NOTE_DNS_SERVER)
		keep_line(p->servers, p->server_keys, &p->nservers,
			  WIZ_NOTES_MAX, key, line);
	pthread_mutex_unlock(&w->lock);
}

static void
on_progress(void *arg, const char *step, double fraction, const char *message)
{
	struct wiz *w = arg;

	pthread_mutex_lock(&w->lock);
	snprintf(w->progress.step, sizeof(w->progress.step), "%s", step);
	snprintf(w->progress.message, sizeof(w->progress.message), "%s",
		 message ? message : "");
	if (fraction >= 0 && w->njobs > 0)
		w->progress.fraction = (w->job_now + fraction) / w->njobs;
	pthread_mutex_unlock(&w->lock);
}

void
wiz_join(struct wiz *w)
{
	if (!w->thread)
		return;
	pthread_join(w->worker, NULL);
	w->thread = false;
}

void
wiz_set_wake(struct wiz *w, int fd)
{
	w->wake_fd = fd;
}

/*
 * The work, then the wake-up: written after the work's state says it has
 * ended, so a front end that waits for the byte together with the keys
 * never misses the end, however early it comes.
 */
static void *
work_then_wake(void *arg)
{
	struct wiz *w = arg;
	char byte = 1;

	w->work(w);
	if (w->wake_fd >= 0 && write(w->wake_fd, &byte, 1) < 0) {
		/* a full pipe already holds a wake-up */
	}
	return NULL;
}

bool
wiz_run_async(struct wiz *w, void *(*fn)(void *))
{
	wiz_join(w);
	w->work = fn;
	clock_gettime(CLOCK_MONOTONIC, &w->started);
	w->cancel = 0;
	w->ctx->cancel = &w->cancel;
	memset(&w->progress, 0, sizeof(w->progress));
	w->progress.running = true;
	if (pthread_create(&w->worker, NULL, work_then_wake, w) != 0) {
		w->progress.running = false;
		w->progress.finished = true;
		return false;
	}
	w->thread = true;
	return true;
}

void
wiz_start_job(struct wiz *w)
{
	w->ctx->progress = on_progress;
	w->ctx->note = on_note;
	w->ctx->progress_arg = w;
	if (!wiz_run_async(w, worker))
		ac_err_set(&w->err, AC_ERR_INTERNAL,
			   _("Could not start the work thread."));
}
