/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review screen: every choice and the equivalent command lines. */
#include <config.h>

#include <stdlib.h>

#include "src/i18n.h"
#include "src/import.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static const char *const path_names[WIZ_NPATHS] = {
	N_("Let's Encrypt (or another ACME CA)"),
	N_("Self-signed certificate"),
	N_("Private CA for phones"),
	N_("Import a purchased certificate"),
	N_("Request for a commercial CA (CSR)"),
};

static void
row(struct draw *d, int *y, int lw, const char *label, const char *value)
{
	draw_text(d, *y, 2, lw - 1, DRAW_BOLD, label);
	draw_text(d, *y, 2 + lw, d->cols - lw - 4, DRAW_NORMAL, value);
	(*y)++;
}

/* The label column: the widest translated label and a gap, at most a
 * third of the screen. */
static int
label_width(const struct draw *d)
{
	const char *labels[] = { _("Kind"), _("Certificate"), _("Private key"),
				 _("DNS names"), _("IP addresses"),
				 _("Common name"), _("Key"), _("Files"),
				 _("Owner"), _("Phones") };
	int w = 0;

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (draw_width(labels[i]) > w)
			w = draw_width(labels[i]);
	return w + 2 > d->cols / 3 ? d->cols / 3 : w + 2;
}

static char *
joined(const struct ac_strv *l)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < l->n; i++)
		ac_buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
	return b.len ? ac_buf_steal(&b, NULL) : xstrdup("-");
}

static void
review_enter(struct wiz *w)
{
	/* every answer is checked again here, before anything is made */
	wiz_build_jobs(w);
}

static void
draw_job(struct wiz *w, struct draw *d, int *y, int lw)
{
	const struct ac_job *job = wiz_main_job(w);
	char *dns = joined(&job->names.dns), *ip = joined(&job->names.ip);
	char *out = ac_job_out_dir(&w->cli->ctx, &w->cli->cfg, job), *s;

	if (job->kind == AC_JOB_IMPORT) {
		row(d, y, lw, _("Certificate"), job->import->cert_path);
		if (job->import->key_path)
			row(d, y, lw, _("Private key"), job->import->key_path);
	} else {
		row(d, y, lw, _("DNS names"), dns);
		row(d, y, lw, _("IP addresses"), ip);
		row(d, y, lw, _("Common name"),
		    job->subject.cn ? job->subject.cn : "-");
		row(d, y, lw, _("Key"), ac_key_type_name(job->key_type));
	}
	if (job->kind != AC_JOB_CSR) {
		s = xasprintf("%s/%s.crt, %s.key", out, ac_job_name(job),
			      ac_job_name(job));
		row(d, y, lw, _("Files"), s);
		free(s);
	}
	if (job->owner_set) {
		s = xasprintf("%s:%s", job->owner.user, job->owner.group);
		row(d, y, lw, _("Owner"), s);
		free(s);
	}
	if (w->njobs - 1 - w->main_job > 0) {
		s = xasprintf("%d", w->njobs - 1 - w->main_job);
		row(d, y, lw, _("Phones"), s);
		free(s);
	}
	free(out);
	free(ip);
	free(dns);
}

static void
review_draw(struct wiz *w, struct draw *d, int top, int height)
{
	int y = top, lw = label_width(d);
	char *cmd;

	row(d, &y, lw, _("Kind"), _(path_names[w->path.sel]));
	if (!wiz_main_job(w)) {
		y++;
		draw_wrap(d, y, 2, d->cols - 4, 3, DRAW_NORMAL,
			  _("Press Esc to go back and correct the answer named below."));
		return;
	}
	draw_job(w, d, &y, lw);
	y++;
	draw_text(d, y++, 2, d->cols - 4, DRAW_DIM,
		  _("The same without the wizard:"));
	cmd = wiz_command_lines(w);
	draw_wrap(d, y, 4, d->cols - 6, top + height - y, DRAW_NORMAL, cmd);
	free(cmd);
}

static enum wiz_move
review_key(struct wiz *w, struct wg_key k)
{
	return k.code == WK_ENTER && w->njobs ? WIZ_NEXT : WIZ_STAY;
}

const struct scr scr_review = {
	.title = N_("Review"),
	.help = N_("Nothing has been written yet. Enter makes the keys and "
		   "certificates and installs them; Esc goes back to change "
		   "anything. The commands shown do the same from a script."),
	.enter = review_enter,
	.draw = review_draw,
	.key = review_key,
	.keys = N_(" F1 Help  Esc Back  Enter Install  F10 Quit"),
};
