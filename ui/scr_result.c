/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result screen: the certificate and the next steps, or the error. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/acme.h"
#include "src/asterisk.h"
#include "src/ca.h"
#include "src/i18n.h"
#include "src/inventory.h"
#include "src/layout.h"
#include "src/source.h"
#include "src/step.h"
#include "src/util.h"
#include "src/xalloc.h"
#include "ui/cli.h"
#include "ui/wiz.h"

/*
 * The pjsip.conf include file 'astcert deploy' writes for the installed
 * certificate, rendered by the engine's own function: what the screen
 * shows is what deploy writes.
 */
static char *
pjsip_lines(struct wiz *w)
{
	const struct ac_job *job = wiz_main_job(w);
	const struct ac_strv *files = &job->result.files;
	struct ac_asterisk_opts opts = { 0 };
	struct ac_asterisk_result r = { 0 };
	struct ac_buf out = { 0 };
	struct ac_err err = AC_ERR_INIT;
	const char *slash = strrchr(files->v[0], '/');
	char *tdir = xasprintf("%s/asterisk", w->data_dir);

	opts.template_dir = tdir;
	r.cert_file = files->v[0];
	r.key_file = files->v[1];
	r.self_signed = w->deploy_ran ? w->deploy_res.self_signed
				      : job->kind == AC_JOB_SELFSIGNED;
	if (w->deploy_ran && w->deploy_res.ca_file)
		r.ca_file = xstrdup(w->deploy_res.ca_file);
	/* deploy points ca_list_file at the CA it exports beside the files */
	else if (job->kind == AC_JOB_CA_SERVER && slash)
		r.ca_file = xasprintf("%.*s/%s.crt", (int)(slash - files->v[0]),
				      files->v[0], AC_CA_DEFAULT_NAME);
	if (!ac_asterisk_render_pjsip(&opts, ac_step_name(job), &r, &out, &err))
		ac_buf_clear(&out);
	free(r.ca_file);
	ac_err_clear(&err);
	free(tdir);
	return ac_buf_steal(&out, NULL);
}

static void
result_enter(struct wiz *w)
{
	const struct ac_job *job = wiz_main_job(w);
	const struct scr *scr;
	const char *label;
	int focus;

	w->status = w->progress.ok ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	w->details = false;
	w->fix_field = !w->progress.ok &&
		       wiz_field_find(w, w->err.field, &scr, &focus, &label);
	free(w->pjsip_lines);
	w->pjsip_lines = NULL;
	if (w->progress.ok && job && job->source->installs &&
	    job->result.files.n >= 2 &&
	    (!w->deploy_ran || (!w->deploy_error && w->deploy_res.files.n)))
		w->pjsip_lines = pjsip_lines(w);
}

/* The request whole and at the left edge: what the CA's web form wants
 * pasted, with no indentation to strip. */
static void
draw_csr(const struct ac_job *job, struct draw *d, int top, int height)
{
	/* TRANSLATORS: label: the CSR file */
	const char *const labels[] = { _("Request file") };
	int y = top, lw = wiz_label_width(d, labels, 1);

	(void)height;
	draw_text(d, y++, 2, d->cols - 4, DRAW_OK,
		  _("The request is ready; the key stays on this server."));
	y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
		       _("Send the request below to the CA. When the "
			 "certificate comes back, run: astcert import --cert "
			 "FILE (astcert finds the key by itself)."));
	y++;
	if (job->result.files.n)
		wiz_row(d, &y, lw, labels[0], job->result.files.v[0]);
	y++;
	draw_wrap(d, y, 0, d->cols, 0, DRAW_NORMAL,
		  job->result.csr_pem ? job->result.csr_pem : "");
}

/*
 * The private CA as the phones take it: what 'ca init' wrote in this run,
 * else what deploy exported beside the server's files, else the CA's own
 * copy (new strings; *der NULL when no DER copy was written).
 */
static void
ca_files(struct wiz *w, char **pem, char **der)
{
	const struct ac_strv *dep = &w->deploy_res.files;
	size_t len;

	*pem = *der = NULL;
	for (int i = 0; i < w->njobs; i++) {
		const struct ac_strv *f = &w->jobs[i].result.files;

		if (w->jobs[i].kind == AC_JOB_CA_INIT && f->n >= 2) {
			*pem = xstrdup(f->v[0]);
			*der = xstrdup(f->v[1]);
			return;
		}
	}
	if (!w->deploy_ran || !w->deploy_res.ca_file) {
		*pem = ac_layout_ca(w->ctx, AC_LAYOUT_CA_CERT);
		return;
	}
	*pem = xstrdup(w->deploy_res.ca_file);
	for (size_t i = 0; i < dep->n && !*der; i++) {
		len = strlen(dep->v[i]);
		if (len > 4 && !strcmp(dep->v[i] + len - 4, ".der"))
			*der = xstrdup(dep->v[i]);
	}
}

/* A phone's own files: its exports OUT/MAC.crt, .key, .p12 (the rest are
 * the CA's copies, which stay on this server). */
static bool
phone_export(const struct ac_job *phone, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n = phone->name ? strlen(phone->name) : 0;

	base = base ? base + 1 : path;
	return n && !strncmp(base, phone->name, n) && base[n] == '.';
}

/* Every phone's files, under its MAC address. */
static int
draw_phone_files(struct wiz *w, struct draw *d, int y, int lw)
{
	for (int i = w->main_job + 1; i < w->njobs; i++) {
		const struct ac_job *p = &w->jobs[i];
		const char *label = p->name ? p->name : "";

		if (draw_width(label) + 2 > lw)
			lw = draw_width(label) + 2;
	}
	if (lw > d->cols / 3)
		lw = d->cols / 3;
	for (int i = w->main_job + 1; i < w->njobs; i++) {
		const struct ac_job *p = &w->jobs[i];
		const char *label = p->name ? p->name : "";

		for (size_t f = 0; f < p->result.files.n; f++) {
			if (!phone_export(p, p->result.files.v[f]))
				continue;
			wiz_row(d, &y, lw, label, p->result.files.v[f]);
			label = "";
		}
	}
	return y;
}

/* The phones' next step for a private CA: its fingerprint, its file as
 * PEM and DER, and each phone's own files. */
static int
draw_ca(struct wiz *w, struct draw *d, int y, int lw)
{
	const struct ac_job *job = wiz_main_job(w);
	char *grouped, *pem, *der, *none = NULL;

	if (!job->ca || !job->ca->fingerprint)
		return y;
	grouped = ac_fingerprint_group(job->ca->fingerprint, 8);
	/* TRANSLATORS: label: the private CA's SHA-256 fingerprint */
	wiz_row(d, &y, lw, _("CA SHA-256"), grouped);
	free(grouped);
	y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_WARN,
		       _("Compare this on each phone before trusting the CA, "
			 "and make sure the phones' clocks are right."));
	ca_files(w, &pem, &der);
	if (!der) {
		const char *crt = job->result.files.n ? job->result.files.v[0] : "";
		const char *slash = strrchr(crt, '/');

		none = xasprintf(_("none yet: 'astcert ca export --out %.*s' writes one"),
				 slash ? (int)(slash - crt) : 1, slash ? crt : ".");
	}
	y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
		       _("Install the CA file on each phone as a trusted "
			 "certificate (PEM, or DER where the phone asks for it):"));
	wiz_row(d, &y, lw, _("CA file (PEM)"), pem);
	wiz_row(d, &y, lw, _("CA file (DER)"), der ? der : none);
	free(none);
	free(der);
	free(pem);
	if (w->njobs - 1 > w->main_job) {
		y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
			       _("Each phone's own files (its certificate and "
				 "key, or the PKCS#12 file):"));
		y = draw_phone_files(w, d, y, lw);
	}
	return y;
}

/* A self-signed certificate has no CA above it: the phones trust the
 * certificate itself. */
static int
draw_self_signed(struct draw *d, int y, const char *crt)
{
	y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
		       _("Phones: install this file on each phone as a "
			 "trusted certificate (a self-signed certificate has "
			 "no CA above it):"));
	return y + draw_wrap(d, y, 4, d->cols - 6, 0, DRAW_NORMAL, crt);
}

/* What the Asterisk set-up did: include lines to add, and what the TLS
 * ports serve now. */
static int
draw_deploy(struct wiz *w, struct draw *d, int y, int rows)
{
	const struct ac_deploy_report *rep = &w->deploy_rep;
	const struct ac_asterisk_result *res = &w->deploy_res;
	int end = y + rows;

	if (w->deploy_error)
		return y + draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_ERR,
				     w->deploy_error);
	draw_text(d, y++, 2, d->cols - 4, DRAW_DIM,
		  _("Asterisk: add these lines once (astcert never edits your files):"));
	for (size_t i = 0; i < res->includes.n && y < end; i++)
		y += draw_wrap(d, y, 4, d->cols - 6, 2, DRAW_NORMAL,
			       res->includes.v[i]);
	for (size_t i = 0; i < rep->neps && y < end; i++) {
		const struct ac_endpoint *ep = &rep->eps[i];
		char *line;

		switch (ep->state) {
		case AC_EP_MATCH:
			line = xasprintf(_("%s serves the new certificate."), ep->addr);
			break;
		case AC_EP_MISMATCH:
			line = xasprintf(_("%s serves another certificate: %s"),
					 ep->addr, ep->cause ? ep->cause : "");
			break;
		default:
			line = xasprintf(_("%s does not answer TLS (not configured yet?)."),
					 ep->addr);
			break;
		}
		y += draw_wrap(d, y, 2, d->cols - 4, 2,
			       ep->state == AC_EP_MATCH ? DRAW_OK
			       : ep->state == AC_EP_MISMATCH ? DRAW_ERR : DRAW_WARN,
			       line);
		free(line);
	}
	return y;
}

/* A line of a config file as it is: never wrapped inside a path; one
 * wider than the screen ends in "…" (deploy writes it whole). */
static void
draw_line(struct draw *d, int y, int x, const char *line, size_t len)
{
	char *s = xstrndup(line, len);

	draw_text(d, y, x, d->cols - x - 1, DRAW_NORMAL, s);
	free(s);
}

/*
 * The Asterisk lines: the #include, then the include file's sections and
 * options line by line, as deploy writes them (its comments left out: a
 * comment cut to the screen would be no help).
 */
static void
draw_pjsip(struct wiz *w, struct draw *d, int y, int end)
{
	const char *p = w->pjsip_lines;
	bool blank = true;

	if (w->deploy_ran) {
		/* written: the include lines are above, the file is named */
		draw_line(d, y++, 2, w->deploy_res.files.v[0],
			  strlen(w->deploy_res.files.v[0]));
	} else {
		y += draw_wrap(d, y, 2, d->cols - 4, 3, DRAW_DIM,
			       _("For Asterisk, 'astcert deploy' writes this "
				 "file, astcert/pjsip.conf; add the #include "
				 "line to pjsip.conf once:"));
		draw_line(d, y++, 4, "#include astcert/pjsip.conf", 27);
	}
	y++;
	while (*p && y < end) {
		size_t len = strcspn(p, "\n");

		if (len == 0 && !blank)
			y++;
		else if (len > 0 && *p != ';')
			draw_line(d, y++, 4, p, len);
		blank = len == 0 || (blank && *p == ';');
		p += len + (p[len] == '\n');
	}
}

/* The labels' column, measured in this language (a fixed width ran a
 * long French label into its value). */
static int
label_column(const struct draw *d)
{
	const char *const labels[] = {
		_("Subject"), _("Names"), _("Issuer"), _("SHA-256"), _("Valid until"),
		C_("result", "Renewal"),
		C_("file", "Certificate"), C_("file", "Key"), _("CA SHA-256"),
		_("CA file (PEM)"), _("CA file (DER)"),
	};

	return wiz_label_width(d, labels, sizeof(labels) / sizeof(*labels));
}

/* How and when the certificate renews, and whether the timer that renews
 * it is on (without it nothing renews by itself). */
static void
draw_renewal(struct wiz *w, const struct ac_job *job, struct draw *d, int *y,
	     int lw)
{
	const struct ac_certinfo *ci = &job->result.info;
	enum ac_renew_method method = ac_inventory_method_of(job);
	char due[64], *v;

	ac_date(ac_inventory_due_at(method, ci->not_before, ci->not_after,
				    w->cfg->renew_days), due, sizeof(due));
	v = method == AC_RENEW_MANUAL
		    ? xstrdup(ac_inventory_method_text(method))
		    : xasprintf(_("%s, due %s"),
				ac_inventory_method_text(method), due);
	/* TRANSLATORS: the result's row: how and when the certificate
	   renews */
	wiz_row(d, y, lw, C_("result", "Renewal"), v);
	free(v);
	if (ac_inventory_method_automatic(method))
		wiz_row(d, y, lw, "",
			ac_inventory_timer_text(ac_inventory_timer(w->ctx)));
}

static void
draw_success(struct wiz *w, struct draw *d, int top, int height)
{
	const struct ac_job *job = wiz_main_job(w);
	const struct ac_certinfo *ci = &job->result.info;
	const struct ac_strv *files = &job->result.files;
	char until[64], *left, *names;
	int y = top, lw = label_column(d);

	if (!job->source->installs) {
		draw_csr(job, d, top, height);
		return;
	}
	draw_text(d, y++, 2, d->cols - 4, DRAW_OK,
		  _("The certificate is installed."));
	y++;
	ac_date(ci->not_after, until, sizeof(until));
	left = xasprintf(ngettext("%s (%ld day left)", "%s (%ld days left)",
				  ac_plural_n(ci->days_left)),
			 until, ci->days_left);
	names = cli_names(ci, d->utf8);
	wiz_row(d, &y, lw, _("Subject"), ci->subject);
	wiz_row(d, &y, lw, _("Names"), names);
	wiz_row(d, &y, lw, _("Issuer"), ci->issuer);
	wiz_row(d, &y, lw, _("SHA-256"), ci->sha256);
	wiz_row(d, &y, lw, _("Valid until"), left);
	draw_renewal(w, job, d, &y, lw);
	/* TRANSLATORS: the certificate's file */
	wiz_row(d, &y, lw, C_("file", "Certificate"),
		files->n > 0 ? files->v[0] : "");
	/* TRANSLATORS: the private key's file */
	wiz_row(d, &y, lw, C_("file", "Key"), files->n > 1 ? files->v[1] : "");
	free(names);
	free(left);
	y++;
	if (job->kind == AC_JOB_ACME && job->acme &&
	    job->acme->mode == AC_ACME_DNS_MANUAL)
		y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL,
			       _("The _acme-challenge TXT records are no "
				 "longer needed: you may delete them. This "
				 "certificate is renewed by hand: when it is "
				 "due, \"astcert status\" and the renewal timer "
				 "say so; run \"astcert renew\" on a terminal "
				 "then and create the records it shows.")) + 1;
	if (job->kind == AC_JOB_SELFSIGNED && files->n > 0)
		y = draw_self_signed(d, y, files->v[0]) + 1;
	else if (job->kind == AC_JOB_CA_SERVER)
		y = draw_ca(w, d, y, lw) + 1;
	if (w->deploy_ran)
		y = draw_deploy(w, d, y, top + height - y) + 1;
	if (w->pjsip_lines)
		draw_pjsip(w, d, y, top + height);
}

static void
result_body(struct wiz *w, struct draw *d, int top, int height)
{
	const struct scr *scr;
	const char *label;
	int y = top, focus;
	char *s;

	if (w->progress.ok) {
		draw_success(w, d, top, height);
		return;
	}
	draw_text(d, y++, 2, d->cols - 4, DRAW_ERR, _("Nothing was installed."));
	y++;
	y += draw_wrap(d, y, 2, d->cols - 4, 4, DRAW_NORMAL,
		       w->err.msg ? w->err.msg : _("unknown error"));
	y++;
	if (w->details && w->err.detail)
		draw_wrap(d, y, 2, d->cols - 4, top + height - y, DRAW_DIM,
			  w->err.detail);
	else if (w->err.detail)
		draw_text(d, y++, 2, d->cols - 4, DRAW_DIM,
			  _("Press D for the technical details."));
	y++;
	if (wiz_field_find(w, w->err.field, &scr, &focus, &label)) {
		s = xasprintf(_("To fix it: \"%s\" on the %s screen. Enter goes "
				"there with every answer kept; Esc goes back to "
				"the review; R tries again as it is."),
			      label, _(scr->title));
		draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_NORMAL, s);
		free(s);
		return;
	}
	draw_wrap(d, y, 2, d->cols - 4, 3, DRAW_NORMAL,
		  _("Enter goes back to the review with every answer kept: "
		    "fix what the message names there or on an earlier screen "
		    "(Esc), then install again. R tries again as it is."));
}

static void
result_draw(struct wiz *w, struct draw *d, int top, int height)
{
	wiz_scroll_draw(w, d, top, height, result_body, w->body_top);
}

/*
 * Printed as wide as a line can be: the terminal wraps what is longer than
 * itself, and a path or a pjsip.conf line copied from the scrollback is
 * then still whole.
 */
#define RESULT_PRINT_COLS 512

void
wiz_result_print(struct wiz *w, FILE *out, bool utf8)
{
	if (!wiz_at_result(w))
		return;
	fprintf(out, "\n%s\n\n", _("astcert wizard: the result"));
	wiz_scroll_print(w, result_body, out, RESULT_PRINT_COLS, utf8);
}

/* The same answers once more: the review builds the jobs, then they run
 * (the review stays when they can no longer be built). */
static void
try_again(struct wiz *w)
{
	wiz_goto(w, &scr_review);
	if (w->njobs && !w->error)
		wiz_goto(w, &scr_progress);
}

static enum wiz_move
result_key(struct wiz *w, struct wg_key k)
{
	if (k.code == WK_CHAR && (k.ch == L'd' || k.ch == L'D'))
		w->details = !w->details;
	else if (wiz_scroll_key(w, k, result_body, &w->body_top))
		return WIZ_STAY;
	else if (!w->progress.ok && k.code == WK_ENTER &&
		 wiz_field_goto(w, &w->err))
		/* to the answer the error names, the focus on it */
		return WIZ_HANDLED;
	else if (!w->progress.ok && (k.code == WK_ENTER || k.code == WK_ESC))
		/* never a dead end: every answer is still there */
		wiz_goto(w, &scr_review);
	else if (!w->progress.ok && k.code == WK_CHAR &&
		 (k.ch == L'r' || k.ch == L'R'))
		try_again(w);
	else if (k.code == WK_ENTER || k.code == WK_ESC)
		w->done = true;
	return WIZ_HANDLED;
}

/* After a failure: Enter goes to the answer at fault when the error names
 * one, else like Esc back to the review; R runs again. */
static const struct wiz_hint *
result_keys(const struct wiz *w, bool *no_quit)
{
	static const struct wiz_hint failed[] = {
		/* TRANSLATORS: key bar: what R does */
		{ "R", N_("Try again"), true },
		/* TRANSLATORS: key bar: what D does (technical details) */
		{ "D", N_("Details"), false },
		{ N_("Enter"), N_("Back to review"), true },
		{ NULL, NULL, false },
	};
	static const struct wiz_hint to_field[] = {
		{ "R", N_("Try again"), true },
		{ "D", N_("Details"), false },
		{ N_("Esc"), N_("Review"), false },
		{ N_("Enter"),
		  /* TRANSLATORS: key bar: go to the field to fix */
		  N_("Fix it"), true },
		{ NULL, NULL, false },
	};

	if (w->progress.ok)
		return scr_result.keys;
	*no_quit = false;
	return w->fix_field ? to_field : failed;
}

const struct scr scr_result = {
	.flags = SCR_RESULT | SCR_NO_BACK | SCR_QUIT_AT_ONCE,
	/* TRANSLATORS: the title of the last wizard step */
	.title = N_("Result"),
	.help = N_("The certificate's details and where its files are. "
		   "\"astcert deploy\" writes Asterisk include files for it, "
		   "reloads Asterisk and checks that the new certificate is "
		   "served; \"astcert status\" lists every certificate astcert "
		   "manages; renewals run from the systemd timer."),
	.enter = result_enter,
	.draw = result_draw,
	.key = result_key,
	.keys_now = result_keys,
	.keys = (const struct wiz_hint[]){
		{ "D", N_("Details"), false },
		{ N_("Enter"),
		  /* TRANSLATORS: key bar: what Enter does (leave the wizard) */
		  N_("Finish"), true },
		{ NULL, NULL, false },
	},
	.no_quit = true,
};
