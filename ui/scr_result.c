/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The result screen: the certificate and the next steps, or the error. */
#include <config.h>

#include <stdlib.h>
#include <time.h>

#include "src/ca.h"
#include "src/i18n.h"
#include "src/util.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

/* The wizard shows dates as the locale writes them (LC_TIME), in local
 * time; the CLI keeps UTC ISO dates for scripts. */
static void
local_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	/* the locale's own date and time: a 2-digit year is its choice */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-y2k"
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%c", &tm))
		ac_time_utc(t, buf, size);
#pragma GCC diagnostic pop
}

static void
result_enter(struct wiz *w)
{
	w->status = w->progress.ok ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

/* The request whole and at the left edge: what the CA's web form wants
 * pasted, with no indentation to strip. */
static void
draw_csr(const struct ac_job *job, struct draw *d, int top, int height)
{
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

/* The CA's fingerprint as phones show it, and the phones' files. */
static int
draw_ca(struct wiz *w, struct draw *d, int y, int lw)
{
	const struct ac_job *job = wiz_main_job(w);
	char *grouped;
	int lines;

	if (!job->ca || !job->ca->fingerprint)
		return y;
	grouped = ac_fingerprint_group(job->ca->fingerprint, 8);
	draw_text(d, y, 2, lw, DRAW_BOLD, _("CA SHA-256"));
	lines = draw_wrap(d, y, 2 + lw, d->cols - lw - 4, 4, DRAW_NORMAL,
			  grouped);
	free(grouped);
	y += lines;
	y += draw_wrap(d, y, 2, d->cols - 4, 2, DRAW_WARN,
		       _("Compare this on each phone before trusting the CA, "
			 "and make sure the phones' clocks are right."));
	if (w->njobs - 1 > w->main_job) {
		const struct ac_strv *f = &w->jobs[w->njobs - 1].result.files;
		char *n = xasprintf(_("%d phone certificate(s), e.g. %s"),
				    w->njobs - 1 - w->main_job,
				    f->n ? f->v[0] : "");

		wiz_row(d, &y, lw, _("Phones"), n);
		free(n);
	}
	return y;
}

/* What the Asterisk set-up did: include lines to add, and what the TLS
 * ports serve now. */
static void
draw_deploy(struct wiz *w, struct draw *d, int y, int rows)
{
	const struct ac_deploy_report *rep = &w->deploy_rep;
	const struct ac_asterisk_result *res = &w->deploy_res;
	int end = y + rows;

	if (w->deploy_error) {
		draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_ERR, w->deploy_error);
		return;
	}
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
}

/* The labels' column, measured in this language (a fixed width ran a
 * long French label into its value). */
static int
label_column(const struct draw *d)
{
	const char *const labels[] = {
		_("Subject"), _("Issuer"), _("SHA-256"), _("Valid until"),
		_("Certificate"), _("Key"), _("CA SHA-256"), _("Phones"),
	};

	return wiz_label_width(d, labels, sizeof(labels) / sizeof(*labels));
}

static void
draw_success(struct wiz *w, struct draw *d, int top, int height)
{
	const struct ac_job *job = wiz_main_job(w);
	const struct ac_certinfo *ci = &job->result.info;
	const struct ac_strv *files = &job->result.files;
	char until[64], *left, *snippet;
	int y = top, lw = label_column(d);

	if (job->kind == AC_JOB_CSR) {
		draw_csr(job, d, top, height);
		return;
	}
	draw_text(d, y++, 2, d->cols - 4, DRAW_OK,
		  _("The certificate is installed."));
	y++;
	local_date(ci->not_after, until, sizeof(until));
	left = xasprintf(_("%s (%ld days left)"), until, ci->days_left);
	wiz_row(d, &y, lw, _("Subject"), ci->subject);
	wiz_row(d, &y, lw, _("Issuer"), ci->issuer);
	wiz_row(d, &y, lw, _("SHA-256"), ci->sha256);
	wiz_row(d, &y, lw, _("Valid until"), left);
	wiz_row(d, &y, lw, _("Certificate"), files->n > 0 ? files->v[0] : "");
	wiz_row(d, &y, lw, _("Key"), files->n > 1 ? files->v[1] : "");
	free(left);
	y = draw_ca(w, d, y, lw);
	y++;
	if (w->deploy_ran) {
		draw_deploy(w, d, y, top + height - y);
		return;
	}
	if (files->n < 2 || y >= top + height)
		return;
	draw_text(d, y++, 2, d->cols - 4, DRAW_DIM,
		  _("For Asterisk, in pjsip.conf (or run: astcert deploy):"));
	snippet = xasprintf("[transport-tls] type=transport protocol=tls "
			    "bind=0.0.0.0:5061 method=tlsv1_2\n"
			    "cert_file=%s\npriv_key_file=%s",
			    files->v[0], files->v[1]);
	draw_wrap(d, y, 4, d->cols - 6, top + height - y, DRAW_NORMAL, snippet);
	free(snippet);
}

static void
result_body(struct wiz *w, struct draw *d, int top, int height)
{
	int y = top;

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
		draw_text(d, y, 2, d->cols - 4, DRAW_DIM,
			  _("Press D for the technical details."));
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

static enum wiz_move
result_key(struct wiz *w, struct wg_key k)
{
	if (k.code == WK_CHAR && (k.ch == L'd' || k.ch == L'D'))
		w->details = !w->details;
	else if (wiz_scroll_key(w, k, result_body, &w->body_top))
		return WIZ_STAY;
	else if (k.code == WK_ENTER || k.code == WK_ESC)
		w->done = true;
	return WIZ_STAY;
}

const struct scr scr_result = {
	.title = N_("Result"),
	.help = N_("The certificate's details and where its files are. "
		   "\"astcert deploy\" writes Asterisk include files for it, "
		   "reloads Asterisk and checks that the new certificate is "
		   "served; \"astcert status\" lists every certificate astcert "
		   "manages; renewals run from the systemd timer."),
	.enter = result_enter,
	.draw = result_draw,
	.key = result_key,
	.keys = N_(" F1 Help  D Details  Enter Finish"),
};
