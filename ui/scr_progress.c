/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The progress screen: the running job, a bar, Cancel. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static void
progress_enter(struct wiz *w)
{
	ac_err_clear(&w->err);
	/* a second run (Try again) starts from a clean Asterisk report */
	ac_asterisk_result_clear(&w->deploy_res);
	ac_deploy_report_clear(&w->deploy_rep);
	free(w->deploy_error);
	w->deploy_error = NULL;
	w->deploy_ran = false;
	w->cancel = 0;
	wiz_start_job(w);
}

/* Milliseconds since the work started. */
static long
elapsed_ms(const struct wiz *w)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - w->started.tv_sec) * 1000 +
	       (now.tv_nsec - w->started.tv_nsec) / 1000000;
}

/*
 * The percentage, a spinner and the seconds so far: the front end draws
 * four times a second while the job runs, so a step that takes long
 * (an RSA 4096 key, a CA validating) still visibly moves.
 */
static void
draw_movement(const struct wiz *w, struct draw *d, int y, double fraction,
	      bool busy)
{
	static const char *const utf8_frames[] = { "◐", "◓", "◑", "◒" };
	static const char *const ascii_frames[] = { "|", "/", "-", "\\" };
	long ms = elapsed_ms(w);
	int frame = (int)(ms / 250 % 4);
	char *line;

	/* TRANSLATORS: progress: percentage done, a spinner, seconds so far */
	line = xasprintf(_("%3d%%  %s %ld s"), (int)(fraction * 100 + 0.5),
			 !busy ? " " : d->utf8 ? utf8_frames[frame]
					      : ascii_frames[frame],
			 ms / 1000);
	draw_text(d, y, 4, d->cols - 8, DRAW_DIM, line);
	free(line);
}

/*
 * DNS-01 by hand: the records to create in a box (whole, wrapped when
 * wider than the screen), then each server's latest state.  Returns the
 * row after them.
 */
static int
draw_dns(struct draw *d, int y, const struct wiz_progress *p)
{
	int w = d->cols - 4, lines = 0;

	for (int i = 0; i < p->nrecords; i++)
		lines += draw_wrap(NULL, 0, 0, w - 4, 0, 0, p->records[i]);
	draw_text(d, y++, 2, w, DRAW_BOLD,
		  ngettext("Create this record at your DNS provider:",
			   "Create these records at your DNS provider:",
			   (unsigned long)p->nrecords));
	draw_box(d, y, 2, lines + 2, w, DRAW_NORMAL);
	y++;
	for (int i = 0; i < p->nrecords; i++)
		y += draw_wrap(d, y, 4, w - 4, 0, DRAW_NORMAL, p->records[i]);
	y += 2;
	for (int i = 0; i < p->nservers; i++)
		draw_text(d, y++, 2, w, DRAW_NORMAL, p->servers[i]);
	return y + 1;
}

static void
progress_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_progress p;
	int width = d->cols - 8, filled, y = top + 7;

	(void)height;
	pthread_mutex_lock(&w->lock);
	p = w->progress;
	pthread_mutex_unlock(&w->lock);
	filled = (int)(p.fraction * width + 0.5);
	draw_text(d, top, 2, d->cols - 4, DRAW_BOLD,
		  /* TRANSLATORS: a progress step: nothing done yet */
		  p.step[0] ? p.step : _("Starting"));
	draw_fill(d, top + 2, 4, filled, DRAW_FOCUS);
	draw_fill(d, top + 2, 4 + filled, width - filled, DRAW_FIELD);
	draw_movement(w, d, top + 3, p.fraction, p.running && !p.finished);
	if (p.nrecords)
		y = draw_dns(d, top + 5, &p);
	else if (p.message[0])
		draw_text(d, top + 5, 2, d->cols - 4, DRAW_NORMAL, p.message);
	if (w->cancel)
		draw_text(d, y, 2, d->cols - 4, DRAW_WARN,
			  _("Cancelling; nothing will be installed."));
	/* a screen reader starts at the step being done */
	draw_cursor(d, top, 2);
}

static enum wiz_move
progress_key(struct wiz *w, struct wg_key k)
{
	if (k.code == WK_ESC || (k.code == WK_CHAR && (k.ch == L'c' || k.ch == L'C')))
		w->cancel = 1;
	return wiz_busy(w) ? WIZ_STAY : WIZ_NEXT;
}

const struct scr scr_progress = {
	.flags = SCR_NO_BACK,
	/* TRANSLATORS: the title of the progress screen */
	.title = N_("Working"),
	.help = N_("astcert is making and installing the certificate. Cancel "
		   "stops it at the next step; the previous files stay as they "
		   "were."),
	.enter = progress_enter,
	.draw = progress_draw,
	.key = progress_key,
	.keys = (const struct wiz_hint[]){
		{ N_("Esc"),
		  /* TRANSLATORS: key bar: what Esc does */
		  N_("Cancel"), true },
		{ NULL, NULL, false },
	},
	.no_quit = true,
};
