/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review screen: every choice and the equivalent command line. */
#include <config.h>

#include <stdlib.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static void
row(struct draw *d, int *y, int lw, const char *label, const char *value)
{
	draw_text(d, *y, 2, lw, DRAW_BOLD, label);
	draw_text(d, *y, 2 + lw, d->cols - lw - 4, DRAW_NORMAL, value);
	(*y)++;
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
review_draw(struct wiz *w, struct draw *d, int top, int height)
{
	const struct ac_job *job = &w->job;
	char *dns = joined(&job->names.dns), *ip = joined(&job->names.ip);
	char *cmd = wiz_command_line(w), *days, *files, *owner;
	char *out = ac_job_out_dir(&w->cli->ctx, &w->cli->cfg, job);
	int y = top, lw = 18;

	days = xasprintf("%d", job->days);
	files = xasprintf("%s/%s.crt, %s.key", out, ac_job_name(job),
			  ac_job_name(job));
	owner = job->owner_set ? xasprintf("%s:%s", job->owner.user,
					   job->owner.group)
			       : xstrdup(_("default"));
	row(d, &y, lw, _("Kind"), _("Self-signed certificate"));
	row(d, &y, lw, _("DNS names"), dns);
	row(d, &y, lw, _("IP addresses"), ip);
	row(d, &y, lw, _("Common name"), job->subject.cn ? job->subject.cn : "-");
	row(d, &y, lw, _("Key"), ac_key_type_name(job->key_type));
	row(d, &y, lw, _("Valid for (days)"), days);
	row(d, &y, lw, _("Files"), files);
	row(d, &y, lw, _("Owner"), owner);
	y++;
	draw_text(d, y++, 2, d->cols - 4, DRAW_DIM,
		  _("The same without the wizard:"));
	draw_wrap(d, y, 4, d->cols - 6, top + height - y, DRAW_NORMAL, cmd);
	free(owner);
	free(files);
	free(days);
	free(out);
	free(cmd);
	free(ip);
	free(dns);
}

static enum wiz_move
review_key(struct wiz *w, struct wg_key k)
{
	(void)w;
	return k.code == WK_ENTER ? WIZ_NEXT : WIZ_STAY;
}

const struct scr scr_review = {
	.title = N_("Review"),
	.help = N_("Nothing has been written yet. Enter makes the key and the "
		   "certificate and installs them; Esc goes back to change "
		   "anything. The command shown does the same from a script."),
	.draw = review_draw,
	.key = review_key,
	.keys = N_(" F1 Help  Esc Back  Enter Install  F10 Quit"),
};
