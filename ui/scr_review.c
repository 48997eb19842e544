/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The review screen: every choice and the equivalent command lines. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/i18n.h"
#include "src/import.h"
#include "src/names.h"
#include "src/source.h"
#include "src/step.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static const char *const path_names[WIZ_NPATHS] = {
	N_("Let's Encrypt (or another ACME CA)"),
	/* TRANSLATORS: a kind of certificate */
	N_("Self-signed certificate"),
	N_("Private CA for phones"),
	N_("Import a purchased certificate"),
	N_("Request for a commercial CA (CSR)"),
};

/* The label column, measured in this language. */
static int
label_width(const struct draw *d)
{
	const char *const labels[] = {
		_("Kind"), _("Certificate"), _("Private key"), _("DNS names"),
		_("IP addresses"), _("Country"), _("State or province"),
		_("Locality"), _("Organization"), _("Unit"), _("Common name"),
		_("Key"), _("Files"), _("Owner"), _("Phones"),
	};

	return wiz_label_width(d, labels, sizeof(labels) / sizeof(*labels));
}

static char *
joined(const struct ac_strv *l)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < l->n; i++)
		ac_buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
	return b.len ? ac_buf_steal(&b, NULL) : xstrdup("-");
}

/* The DNS names as the user typed them: a Unicode one beside the xn--
 * form the certificate carries, as the names screen shows it. */
static char *
names_shown(const struct ac_strv *dns, bool utf8)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < dns->n; i++) {
		char *shown = ac_name_shown(dns->v[i], utf8);

		ac_buf_printf(&b, "%s%s", i ? ", " : "", shown);
		free(shown);
	}
	return b.len ? ac_buf_steal(&b, NULL) : xstrdup("-");
}

/* The subject fields given, labelled as the subject screen labels them. */
static void
draw_subject(const struct ac_subject *s, struct draw *d, int *y, int lw)
{
	const struct {
		const char *label;
		const char *value;
	} rows[] = {
		{ N_("Country"), s->country },
		{ N_("State or province"), s->state },
		{ N_("Locality"), s->locality },
		{ N_("Organization"), s->org },
		{ N_("Unit"), s->unit },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++)
		if (rows[i].value && *rows[i].value)
			wiz_row(d, y, lw, _(rows[i].label), rows[i].value);
	wiz_row(d, y, lw, _("Common name"), s->cn ? s->cn : "-");
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
	char *dns = names_shown(&job->names.dns, d->utf8);
	char *ip = joined(&job->names.ip);
	char *out = ac_step_out_dir(w->ctx, w->cfg, job), *s;

	if (job->kind == AC_JOB_IMPORT) {
		wiz_row(d, y, lw, _("Certificate"), job->import->cert_path);
		if (job->import->key_path)
			wiz_row(d, y, lw, _("Private key"), job->import->key_path);
	} else {
		wiz_row(d, y, lw, _("DNS names"), dns);
		wiz_row(d, y, lw, _("IP addresses"), ip);
		draw_subject(&job->subject, d, y, lw);
		wiz_row(d, y, lw, _("Key"), wiz_key_name(job->key_type));
	}
	if (job->source->installs) {
		s = xasprintf("%s/%s.crt, %s.key", out, ac_step_name(job),
			      ac_step_name(job));
		/* TRANSLATORS: label: the files to be written */
		wiz_row(d, y, lw, _("Files"), s);
		free(s);
	}
	if (job->owner_set) {
		s = xasprintf("%s:%s", job->owner.user, job->owner.group);
		wiz_row(d, y, lw, _("Owner"), s);
		free(s);
	}
	if (w->njobs - 1 - w->main_job > 0) {
		s = xasprintf("%d", w->njobs - 1 - w->main_job);
		wiz_row(d, y, lw, _("Phones"), s);
		free(s);
	}
	free(out);
	free(ip);
	free(dns);
}

/* The "save the answers" prompt: one path field, with completion. */
static void
save_item(struct wiz *w, struct wiz_item *it)
{
	*it = (struct wiz_item){
		/* TRANSLATORS: field: a file to save the answers to */
		_("Save as"),
		_("A file for \"astcert wizard --answers FILE\" on this or "
		  "another server; written with mode 0600, without secrets. "
		  "Enter saves, Esc cancels."),
		&w->answers_path };
	it->compl = WIZ_COMPL_FILE;
}

static void
draw_save(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it;
	int y = top + height - 7 > top ? top + height - 7 : top;

	save_item(w, &it);
	draw_box(d, y, 0, 7, d->cols, DRAW_NORMAL);
	for (int r = y + 1; r < y + 6; r++)
		draw_fill(d, r, 1, d->cols - 2, DRAW_NORMAL);
	draw_text(d, y, 2, d->cols - 4, DRAW_BOLD, _(" Save the answers "));
	wiz_form_draw(w, d, y + 2, 4, &it, 1);
}

static void
save(struct wiz *w)
{
	struct ac_err err = AC_ERR_INIT;
	char *path = wg_field_get(&w->answers_path);

	if (!*path) {
		wiz_error(w, "%s", _("Give the file to save the answers in."));
	} else if (!wiz_answers_save(w, path, &err)) {
		wiz_error(w, "%s", err.msg);
	} else {
		wiz_error(w, NULL);
		wiz_note(w, _("The answers are saved in %s (secrets left out)."),
			 path);
		w->saving = false;
	}
	ac_err_clear(&err);
	free(path);
}

static enum wiz_move
save_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it;
	enum wiz_move m;

	save_item(w, &it);
	m = wiz_form_key(w, &it, 1, k);
	if (m == WIZ_NEXT) {
		save(w);
	} else if (m == WIZ_BACK) {
		wiz_error(w, NULL);
		w->saving = false;
	}
	return WIZ_HANDLED;
}

static void
review_body(struct wiz *w, struct draw *d, int top, int height)
{
	int y = top, lw = label_width(d);
	char *cmd;

	(void)height;
	/* TRANSLATORS: label: the kind of certificate */
	wiz_row(d, &y, lw, _("Kind"), _(path_names[w->ans.path.sel]));
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
	draw_wrap(d, y, 4, d->cols - 6, 0, DRAW_NORMAL, cmd);
	free(cmd);
}

/* Long paths and names wrap: the body scrolls rather than being cut. */
static void
review_draw(struct wiz *w, struct draw *d, int top, int height)
{
	wiz_scroll_draw(w, d, top, height, review_body, w->body_top);
	if (w->saving)
		draw_save(w, d, top, height);
}

static enum wiz_move
review_key(struct wiz *w, struct wg_key k)
{
	char *path;

	if (w->saving)
		return save_key(w, k);
	if (wiz_scroll_key(w, k, review_body, &w->body_top))
		return WIZ_STAY;
	if (k.code == WK_F2 && w->njobs) {
		if (!w->answers_path.len) {
			path = wiz_answers_default(w);
			wg_field_set(&w->answers_path, path);
			free(path);
		}
		w->answers_path.max = 4096;
		wiz_form_reset(w);
		w->saving = true;
		return WIZ_HANDLED;
	}
	return k.code == WK_ENTER && w->njobs ? WIZ_NEXT : WIZ_STAY;
}

const struct scr scr_review = {
	/* TRANSLATORS: the title of a wizard step */
	.title = N_("Review"),
	.help = N_("Nothing has been written yet. Enter makes the keys and "
		   "certificates and installs them; Esc goes back to change "
		   "anything. The commands shown do the same from a script. "
		   "F2 saves these answers in a file: \"astcert wizard "
		   "--answers FILE\" fills every screen with them, to set up "
		   "another server the same way. Passphrases and passwords "
		   "are never saved; give them again."),
	.enter = review_enter,
	.draw = review_draw,
	.key = review_key,
	.keys = (const struct wiz_hint[]){
		/* TRANSLATORS: key bar: what F2 does */
		{ "F2", N_("Save answers"), false },
		{ N_("Esc"), N_("Back"), false },
		{ N_("Enter"),
		  /* TRANSLATORS: key bar: what Enter does */
		  N_("Install now"), true },
		{ NULL, NULL, false },
	},
};
