/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The checks screen: the domain checks, live, before any CA is asked. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/wiz.h"
#include "ui/words.h"

/* Called by the checks, in the worker thread, after each one. */
static void
on_check(void *arg, const struct ac_check *c, size_t index, size_t total)
{
	struct wiz *w = arg;
	struct ac_check *copy;

	(void)index;
	(void)total;
	pthread_mutex_lock(&w->lock);
	w->checks.v = xreallocarray(w->checks.v, w->checks.n + 1,
				    sizeof(*w->checks.v));
	copy = &w->checks.v[w->checks.n++];
	*copy = (struct ac_check){
		c->id, c->subject ? xstrdup(c->subject) : NULL,
		xstrdup(c->title), c->status, xstrdup(c->reason),
		c->fix ? xstrdup(c->fix) : NULL,
	};
	pthread_mutex_unlock(&w->lock);
}

/* A DNS method: the checks of DNS-01 (zone, key or hook, DNSSEC) instead
 * of port 80's; dns holds the strings o borrows. */
static void
dns_opts(const struct wiz *w, struct ac_check_opts *o, char *dns[3])
{
	enum ac_acme_mode mode = wiz_acme_mode(w);
	struct ac_strv argv = { 0 };
	char *line;

	if (mode < AC_ACME_DNS_RFC2136)
		return;
	o->dns01 = true;
	o->dns_method = mode == AC_ACME_DNS_HOOK ? AC_CHECK_DNS_HOOK
			: mode == AC_ACME_DNS_MANUAL ? AC_CHECK_DNS_MANUAL
			: AC_CHECK_DNS_RFC2136;
	dns[0] = wg_field_get(&w->ans.dns_server);
	dns[1] = wg_field_get(&w->ans.dns_zone);
	dns[2] = wg_field_get(&w->ans.dns_tsig_key);
	o->dns_server = *dns[0] ? dns[0] : NULL;
	o->dns_zone = *dns[1] ? dns[1] : NULL;
	o->dns_tsig_key_file = *dns[2] ? dns[2] : NULL;
	if (mode != AC_ACME_DNS_HOOK)
		return;
	free(dns[2]);
	/* the program, without its arguments */
	line = wg_field_get(&w->ans.dns_hook);
	if (ui_words_split(line, &argv) && argv.n > 0)
		dns[2] = xstrdup(argv.v[0]);
	else
		dns[2] = xstrdup("");
	ac_strv_clear(&argv);
	free(line);
	o->dns_hook = dns[2];
	o->dns_tsig_key_file = NULL;
}

static void *
run_checks(void *arg)
{
	struct wiz *w = arg;
	struct ac_check_opts o = { 0 };
	struct ac_check_list list = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char *text = wg_field_get(&w->ans.dns), *save = NULL, *word;
	char *url = wg_field_get(&w->ans.acme_url);
	char *webroot = wg_field_get(&w->ans.acme_webroot);
	char *key_dir = wg_field_get(&w->ans.out_dir);
	char *dns[3] = { NULL };

	for (word = strtok_r(text, " ,;", &save); word;
	     word = strtok_r(NULL, " ,;", &save))
		ac_strv_add(&o.names, word);
	o.directory = wiz_acme_url(w) ? wiz_acme_url(w) : url;
	o.http_port = wiz_acme_port(w);
	o.standalone = wiz_acme_mode(w) == AC_ACME_STANDALONE;
	o.webroot = wiz_acme_mode(w) == AC_ACME_WEBROOT ? webroot : NULL;
	dns_opts(w, &o, dns);
	o.key_dir = *key_dir ? key_dir : NULL;
	o.asterisk_user = w->cfg->asterisk_user;
	if (w->cfg->acme_directory && o.directory &&
	    strcmp(o.directory, w->cfg->acme_directory) == 0)
		o.caa_identity = w->cfg->acme_caa_identity;
	o.on_check = on_check;
	o.on_check_arg = w;
	ac_checks_run(w->ctx, &o, &list, &err);
	pthread_mutex_lock(&w->lock);
	w->progress.finished = true;
	w->progress.ok = !ac_err_isset(&err);
	if (err.msg)
		snprintf(w->progress.message, sizeof(w->progress.message),
			 "%s", err.msg);
	pthread_mutex_unlock(&w->lock);
	ac_check_list_clear(&list);
	ac_strv_clear(&o.names);
	ac_err_clear(&err);
	for (int i = 0; i < 3; i++)
		free(dns[i]);
	free(key_dir);
	free(webroot);
	free(url);
	free(text);
	return NULL;
}

static void
start(struct wiz *w)
{
	ac_check_list_clear(&w->checks);
	w->checks_done = true;
	w->checks_skipped = false;
	w->body_top = 0;
	w->ctx->progress = NULL;
	wiz_run_async(w, run_checks);
}

static void
checks_enter(struct wiz *w)
{
	if (!w->checks_done)
		start(w);
}

static const char *
mark(const struct draw *d, enum ac_check_status s)
{
	switch (s) {
	case AC_STATUS_OK:
		return d->utf8 ? "✓" : C_("check mark", "ok");
	case AC_STATUS_WARN:
		return d->utf8 ? "!" : C_("check mark", "warn");
	case AC_STATUS_FAIL:
		return d->utf8 ? "✗" : C_("check mark", "FAIL");
	default:
		return "-";
	}
}

static int
attr_of(enum ac_check_status s)
{
	return s == AC_STATUS_OK ? DRAW_OK : s == AC_STATUS_WARN ? DRAW_WARN
			 : s == AC_STATUS_FAIL ? DRAW_ERR : DRAW_DIM;
}

/* The line on top: how many failed or warned, or that all passed. */
static const char *
summary(const struct ac_check_list *l, char *buf, size_t size)
{
	unsigned long fails = 0, warns = 0;

	for (size_t i = 0; i < l->n; i++) {
		fails += l->v[i].status == AC_STATUS_FAIL;
		warns += l->v[i].status == AC_STATUS_WARN;
	}
	if (fails)
		snprintf(buf, size, ngettext("%lu check failed; it is listed first.",
					     "%lu checks failed; they are listed first.",
					     fails), fails);
	else if (warns)
		snprintf(buf, size, ngettext("No check failed; %lu warning is listed first.",
					     "No check failed; %lu warnings are listed first.",
					     warns), warns);
	else
		snprintf(buf, size, "%s", _("Every check passed."));
	return buf;
}

static int
draw_check(struct draw *d, int y, const struct ac_check *c)
{
	const char *m = mark(d, c->status);
	int mw = draw_width(m) + 1, y0 = y;

	draw_text(d, y, 2, mw, attr_of(c->status), m);
	draw_text(d, y, 2 + mw, d->cols - 4 - mw, DRAW_BOLD, c->title);
	y++;
	y += draw_wrap(d, y, 4 + mw, d->cols - 6 - mw, 0, DRAW_NORMAL,
		       c->reason);
	if (c->fix && c->status != AC_STATUS_OK)
		y += draw_wrap(d, y, 4 + mw, d->cols - 6 - mw, 0, DRAW_DIM,
			       c->fix);
	return y - y0;
}

/*
 * HTTP-01 that cannot work here: the port failed or the name does not
 * point here (a private address behind NAT, no address): a DNS record
 * would.
 */
static bool
dns_advised(const struct wiz *w)
{
	if (wiz_acme_mode(w) >= AC_ACME_DNS_RFC2136)
		return false;
	for (size_t i = 0; i < w->checks.n; i++) {
		const struct ac_check *c = &w->checks.v[i];

		if ((c->id == AC_CHECK_PORT || c->id == AC_CHECK_SELFTEST) &&
		    c->status == AC_STATUS_FAIL)
			return true;
		if (c->id == AC_CHECK_DNS && (c->status == AC_STATUS_FAIL ||
					      c->status == AC_STATUS_WARN))
			return true;
	}
	return false;
}

/*
 * The whole list, failures first, then warnings, then the rest, each in
 * the order the checks ran; once they are done, a summary on top, so a
 * failure is never below the screen's edge unseen.
 */
static void
checks_body(struct wiz *w, struct draw *d, int top, int height)
{
	static const enum ac_check_status order[] = {
		AC_STATUS_FAIL, AC_STATUS_WARN, AC_STATUS_OK, AC_STATUS_SKIP,
	};
	int y = top;
	bool busy = wiz_busy(w);
	char line[256];

	(void)height;
	pthread_mutex_lock(&w->lock);
	if (!busy && w->checks.n) {
		enum ac_check_status worst = ac_checks_worst(&w->checks);

		draw_text(d, y, 2, d->cols - 4,
			  worst == AC_STATUS_FAIL ? DRAW_ERR
			  : worst == AC_STATUS_WARN ? DRAW_WARN : DRAW_OK,
			  summary(&w->checks, line, sizeof(line)));
		y += 2;
		if (dns_advised(w))
			y += 1 + draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_WARN,
					   _("The CA may not reach this server on port 80: press Esc and choose \"A DNS record\" as the challenge."));
	}
	for (size_t o = 0; o < sizeof(order) / sizeof(*order); o++)
		for (size_t i = 0; i < w->checks.n; i++)
			if (w->checks.v[i].status == order[o])
				y += draw_check(d, y, &w->checks.v[i]);
	if (!busy && !w->progress.ok && w->progress.message[0])
		y += draw_wrap(d, y, 2, d->cols - 4, 0, DRAW_ERR,
			       w->progress.message);
	pthread_mutex_unlock(&w->lock);
	draw_text(d, y + 1, 2, d->cols - 4, DRAW_DIM,
		  /* TRANSLATORS: the checks are running */
		  busy ? _("Checking...")
		       : _("R runs the checks again; S goes on despite failures."));
}

static void
checks_draw(struct wiz *w, struct draw *d, int top, int height)
{
	wiz_scroll_draw(w, d, top, height, checks_body, w->body_top);
}

static enum wiz_move
checks_key(struct wiz *w, struct wg_key k)
{
	enum ac_check_status worst;

	if (wiz_busy(w)) {
		if (k.code == WK_ESC) {
			w->cancel = 1;
			wiz_join(w);
			w->checks_done = false;
			return WIZ_BACK;
		}
		return WIZ_STAY;
	}
	if (wiz_scroll_key(w, k, checks_body, &w->body_top))
		return WIZ_STAY;
	if (k.code == WK_CHAR && (k.ch == L'r' || k.ch == L'R')) {
		start(w);
		return WIZ_STAY;
	}
	if (k.code == WK_CHAR && (k.ch == L's' || k.ch == L'S')) {
		w->checks_skipped = true;
		return WIZ_NEXT;
	}
	if (k.code != WK_ENTER)
		return WIZ_STAY;
	pthread_mutex_lock(&w->lock);
	worst = ac_checks_worst(&w->checks);
	pthread_mutex_unlock(&w->lock);
	if (worst == AC_STATUS_FAIL) {
		wiz_error(w, "%s", _("A check failed: fix it (see above) and press R, or press S to go on anyway."));
		return WIZ_STAY;
	}
	return WIZ_NEXT;
}

static bool
checks_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_ACME));
}

const struct scr scr_checks = {
	/* TRANSLATORS: the title of a wizard step: pre-flight checks */
	.title = N_("Checks"),
	.help = N_("Before asking the CA, astcert checks what usually makes "
		   "Let's Encrypt fail: the name's DNS records, CAA records "
		   "that forbid the CA, port 80 (free, or a web server there), "
		   "a test request to this server by name, the clock, and "
		   "whether Asterisk can read the key. A failure would make "
		   "the CA refuse; a warning may be fine (NAT, for example)."),
	.applies = checks_applies,
	.enter = checks_enter,
	.draw = checks_draw,
	.key = checks_key,
	.keys = (const struct wiz_hint[]){
		/* TRANSLATORS: a key's name on the key bar */
		{ N_("Esc"),
		  /* TRANSLATORS: key bar: what Esc does */
		  N_("Back"), false },
		/* TRANSLATORS: key bar: what R does */
		{ "R", N_("Run again"), false },
		/* TRANSLATORS: key bar: what S does */
		{ "S", N_("Skip"), true },
		/* TRANSLATORS: a key's name on the key bar */
		{ N_("Enter"),
		  /* TRANSLATORS: key bar: what Enter does */
		  N_("Continue"), true },
		{ NULL, NULL, false },
	},
};
