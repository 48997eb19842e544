/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From the wizard's answers to a job, and to the equivalent command line. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static const enum ac_key_type key_types[] = {
	AC_KEY_RSA2048, AC_KEY_P256, AC_KEY_RSA3072, AC_KEY_RSA4096,
	AC_KEY_P384,
};

enum ac_key_type
wiz_key_type(const struct wiz *w)
{
	return key_types[w->key.sel < 5 ? w->key.sel : 0];
}

/* Calls add for each word of a field separated by spaces or commas. */
static bool
each_word(const struct wg_field *f, struct ac_job *job,
	  bool (*add)(struct ac_names *, const char *, struct ac_err *),
	  struct ac_err *err)
{
	char *text = wg_field_get(f), *save = NULL, *word;
	bool ok = true;

	for (word = strtok_r(text, " ,;", &save); word && ok;
	     word = strtok_r(NULL, " ,;", &save))
		ok = add(&job->names, word, err);
	free(text);
	return ok;
}

static bool
add_dns(struct ac_names *n, const char *name, struct ac_err *err)
{
	return ac_names_add_dns(n, name, AC_NAME_WILDCARD, err);
}

static void
set_subject(struct ac_job *job, struct wiz *w)
{
	char **dst[WIZ_NSUBJ] = {
		&job->subject.country, &job->subject.state,
		&job->subject.locality, &job->subject.org, &job->subject.unit,
		&job->subject.cn,
	};

	for (int i = 0; i < WIZ_NSUBJ; i++) {
		char *v = wg_field_get(&w->subject[i]);

		ac_subject_set(dst[i], *v ? v : NULL);
		free(v);
	}
}

bool
wiz_build_job(struct wiz *w)
{
	struct ac_job job;
	struct ac_err err = AC_ERR_INIT;
	char *text = NULL, *end;
	long days;
	bool ok = false;

	ac_job_init(&job, AC_JOB_SELFSIGNED, &w->cli->cfg);
	job.key_type = wiz_key_type(w);
	set_subject(&job, w);
	if (!each_word(&w->dns, &job, add_dns, &err) ||
	    !each_word(&w->ip, &job, ac_names_add_ip, &err))
		goto out;
	text = wg_field_get(&w->days);
	days = strtol(text, &end, 10);
	if (*text && (*end || days <= 0 || days > AC_DAYS_MAX)) {
		ac_err_set(&err, AC_ERR_INPUT,
			   _("Validity \"%s\" is not a number of days from 1 to %d."),
			   text, AC_DAYS_MAX);
		goto out;
	}
	if (*text)
		job.days = (int)days;
	free(text);
	text = wg_field_get(&w->name);
	if (*text)
		job.name = xstrdup(text);
	free(text);
	text = wg_field_get(&w->out_dir);
	if (*text)
		job.out_dir = xstrdup(text);
	free(text);
	text = wg_field_get(&w->owner);
	if (*text) {
		if (!ac_owner_parse(text, &job.owner, &err))
			goto out;
		job.owner_set = true;
	}
	ac_job_free(&w->job);
	w->job = job;
	memset(&job, 0, sizeof(job));
	w->job_ready = true;
	ok = true;
out:
	if (!ok)
		wiz_error(w, "%s", err.msg ? err.msg : "?");
	free(text);
	ac_err_clear(&err);
	ac_job_free(&job);
	return ok;
}

/* Quotes a word for a POSIX shell when it needs it. */
static void
add_word(struct ac_buf *b, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("@%+=:,./-_", *p))
			plain = false;
	ac_buf_addstr(b, " ");
	if (plain) {
		ac_buf_addstr(b, s);
		return;
	}
	ac_buf_addstr(b, "'");
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			ac_buf_addstr(b, "'\\''");
		else
			ac_buf_add(b, p, 1);
	}
	ac_buf_addstr(b, "'");
}

static void
add_opt(struct ac_buf *b, const char *opt, const char *value)
{
	if (!value || !*value)
		return;
	ac_buf_printf(b, " %s", opt);
	add_word(b, value);
}

char *
wiz_command_line(const struct wiz *w)
{
	const struct ac_job *job = &w->job;
	struct ac_buf b = { 0 };
	const struct {
		const char *opt;
		const char *value;
	} subject[] = {
		{ "--country", job->subject.country },
		{ "--state", job->subject.state },
		{ "--locality", job->subject.locality },
		{ "--org", job->subject.org },
		{ "--unit", job->subject.unit },
		{ "--cn", job->subject.cn },
	};
	char days[16];

	ac_buf_addstr(&b, "astcert selfsigned");
	for (size_t i = 0; i < job->names.dns.n; i++)
		add_opt(&b, "--dns", job->names.dns.v[i]);
	for (size_t i = 0; i < job->names.ip.n; i++)
		add_opt(&b, "--ip", job->names.ip.v[i]);
	for (size_t i = 0; i < sizeof(subject) / sizeof(subject[0]); i++)
		add_opt(&b, subject[i].opt, subject[i].value);
	add_opt(&b, "--key", ac_key_type_name(job->key_type));
	snprintf(days, sizeof(days), "%d", job->days);
	add_opt(&b, "--days", days);
	add_opt(&b, "--out", job->out_dir);
	add_opt(&b, "--name", job->name);
	if (job->owner_set)
		ac_buf_printf(&b, " --owner %s:%s", job->owner.user,
			      job->owner.group);
	return ac_buf_steal(&b, NULL);
}
