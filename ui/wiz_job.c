/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From the wizard's answers to jobs, and to the equivalent command lines. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "src/acme.h"
#include "src/ca.h"
#include "src/i18n.h"
#include "src/import.h"
#include "src/names.h"
#include "src/source.h"
#include "src/step.h"
#include "src/xalloc.h"
#include "ui/wiz.h"
#include "ui/words.h"

bool
wiz_on_path(const struct wiz *w, unsigned paths)
{
	return (paths & WIZ_P(w->ans.path.sel)) != 0;
}

struct ac_job *
wiz_main_job(struct wiz *w)
{
	return w->njobs ? &w->jobs[w->main_job] : NULL;
}

/* Calls add for each word of a field separated by spaces or commas. */
static bool
each_word(const struct wg_field *f, void *arg,
	  bool (*add)(void *, const char *, struct ac_err *),
	  struct ac_err *err)
{
	char *text = wg_field_get(f), *save = NULL, *word;
	bool ok = true;

	for (word = strtok_r(text, " ,;", &save); word && ok;
	     word = strtok_r(NULL, " ,;", &save))
		ok = add(arg, word, err);
	free(text);
	return ok;
}

static bool
add_dns(void *names, const char *name, struct ac_err *err)
{
	return ac_names_add_dns(names, name, AC_NAME_WILDCARD, err);
}

static bool
add_ip(void *names, const char *ip, struct ac_err *err)
{
	return ac_names_add_ip(names, ip, err);
}

static bool
add_mac(void *list, const char *mac, struct ac_err *err)
{
	char *norm = ac_mac_normalize(mac, err);

	if (!norm)
		return false;
	if (ac_strv_contains(list, norm))
		free(norm);
	else
		ac_strv_add_owned(list, norm);
	return true;
}

static bool
add_path(void *list, const char *path, struct ac_err *err)
{
	(void)err;
	ac_strv_add(list, path);
	return true;
}

/* A field's text, or NULL when it is empty (new string). */
static char *
text_or_null(const struct wg_field *f)
{
	char *s = wg_field_get(f);

	if (*s)
		return s;
	free(s);
	return NULL;
}

static void
set_subject(struct ac_job *job, const struct wiz *w)
{
	char **dst[WIZ_NSUBJ] = {
		&job->subject.country, &job->subject.state,
		&job->subject.locality, &job->subject.org, &job->subject.unit,
		&job->subject.cn,
	};

	for (int i = 0; i < WIZ_NSUBJ; i++) {
		free(*dst[i]);
		*dst[i] = text_or_null(&w->ans.subject[i]);
	}
}

bool
wiz_days_parse(const struct wiz *w, int *days, struct ac_err *err)
{
	char *text = wg_field_get(&w->ans.days), *end;
	long n = strtol(text, &end, 10);
	bool ok = !*text || (!*end && n > 0 && n <= AC_DAYS_MAX);

	if (!ok)
		ac_err_set(err, AC_ERR_INPUT,
			   _("Validity \"%s\" is not a number of days from 1 to %d."),
			   text, AC_DAYS_MAX);
	else if (*text)
		*days = (int)n;
	free(text);
	return ok;
}

/* The install screen's answers: file name, directory and owner. */
static bool
install_answers(struct wiz *w, struct ac_job *job, struct ac_err *err)
{
	char *text = wg_field_get(&w->ans.owner);
	bool ok = true;

	job->name = text_or_null(&w->ans.name);
	job->out_dir = text_or_null(&w->ans.out_dir);
	if (*text) {
		ok = ac_owner_parse(text, &job->owner, err);
		job->owner_set = ok;
	}
	free(text);
	return ok;
}

/* Names, subject, key, validity, output and owner: what most jobs share. */
static bool
common(struct wiz *w, struct ac_job *job, bool install, struct ac_err *err)
{
	job->key_type = wiz_key_type(w);
	set_subject(job, w);
	if (!each_word(&w->ans.dns, &job->names, add_dns, err) ||
	    /* no address field on the ACME path: what it held is not asked */
	    (!wiz_on_path(w, WIZ_P(WIZ_PATH_ACME)) &&
	     !each_word(&w->ans.ip, &job->names, add_ip, err)) ||
	    !wiz_days_parse(w, &job->days, err))
		return false;
	return !install || install_answers(w, job, err);
}

static struct ac_job *
add_job(struct wiz *w, enum ac_job_kind kind)
{
	struct ac_job *job = &w->jobs[w->njobs++];

	ac_job_init(job, kind, w->cfg);
	return job;
}

struct ac_import_opts *
wiz_import_opts(const struct wiz *w)
{
	struct ac_import_opts *o = ac_import_opts_new();
	struct ac_err err = AC_ERR_INIT;

	o->cert_path = text_or_null(&w->ans.imp_cert);
	o->key_path = text_or_null(&w->ans.imp_key);
	o->passphrase = text_or_null(&w->ans.imp_pass);
	o->ca_file = text_or_null(&w->ans.imp_cafile);
	o->fetch_intermediates = w->ans.imp_fetch;
	/* add_path never fails */
	each_word(&w->ans.imp_chain, &o->chain_paths, add_path, &err);
	ac_err_clear(&err);
	return o;
}

static bool
build_import(struct wiz *w, struct ac_err *err)
{
	struct ac_job *job = add_job(w, AC_JOB_IMPORT);

	job->import = wiz_import_opts(w);
	if (!job->import->cert_path)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("Give the certificate file the CA sent."));
	return common(w, job, true, err);
}

static bool
build_ca(struct wiz *w, struct ac_err *err)
{
	struct ac_strv macs = { 0 };
	struct ac_job *job;
	bool ok = false;

	if (!each_word(&w->ans.phones, &macs, add_mac, err))
		goto out;
	if (macs.n > WIZ_MAX_JOBS - 2) {
		ac_err_set(err, AC_ERR_INPUT,
			   ngettext("At most %d phone at a time here; add more with \"astcert ca phone\".",
				    "At most %d phones at a time here; add more with \"astcert ca phone\".",
				    WIZ_MAX_JOBS - 2),
			   WIZ_MAX_JOBS - 2);
		goto out;
	}
	if (!w->ca_exists) {
		job = add_job(w, AC_JOB_CA_INIT);
		job->ca = ac_ca_opts_new();
		/* exported where the server's files go, to the same owner */
		if (!install_answers(w, job, err))
			goto out;
		free(job->name);
		job->name = NULL;
		job->key_type = AC_KEY_P384;
		job->days = AC_CA_DAYS;
		/* the CA carries the organization, when there is one */
		job->subject.org = text_or_null(&w->ans.subject[WIZ_SUBJ_ORG]);
		job->subject.country = text_or_null(&w->ans.subject[WIZ_SUBJ_COUNTRY]);
		job->subject.cn = job->subject.org
			? xasprintf(_("%s private CA"), job->subject.org)
			: xstrdup(ac_ca_default_cn());
		if (strlen(job->subject.cn) > 64)
			ac_subject_set(&job->subject.cn, ac_ca_default_cn());
	}
	w->main_job = w->njobs;
	job = add_job(w, AC_JOB_CA_SERVER);
	job->ca = ac_ca_opts_new();
	if (!common(w, job, true, err))
		goto out;
	for (size_t i = 0; i < macs.n; i++) {
		job = add_job(w, AC_JOB_CA_PHONE);
		job->ca = ac_ca_opts_new();
		job->ca->mac = xstrdup(macs.v[i]);
		job->ca->password = text_or_null(&w->ans.p12pass);
		/* the key screen's choice is made for the phones; their
		 * files stay in the CA's state, owned by root */
		job->key_type = wiz_key_type(w);
		if (!wiz_days_parse(w, &job->days, err))
			goto out;
	}
	/* the old certificates, listed now: once the new ones are made,
	 * they count as replaced */
	if (w->ans.revoke_old && w->reissue_ok) {
		char *phones = wg_field_get(&w->ans.phones);

		wiz_ca_issued(w, phones, &w->revoke, NULL, NULL);
		free(phones);
	}
	ok = true;
out:
	ac_strv_clear(&macs);
	return ok;
}

/* The challenge method and the fields it shows. */
static void
acme_mode(const struct wiz *w, struct ac_acme_opts *o)
{
	char *hook;

	o->mode = wiz_acme_mode(w);
	o->http_port = wiz_acme_port(w);
	if (o->mode == AC_ACME_WEBROOT)
		o->webroot = text_or_null(&w->ans.acme_webroot);
	if (o->mode == AC_ACME_DNS_RFC2136) {
		o->dns_server = text_or_null(&w->ans.dns_server);
		o->dns_zone = text_or_null(&w->ans.dns_zone);
		o->dns_tsig_key_file = text_or_null(&w->ans.dns_tsig_key);
	}
	if (o->mode != AC_ACME_DNS_HOOK)
		return;
	/* as a shell splits it, quotes and all (scr_acme.c refused a line
	 * that does not split); never run through a shell */
	hook = wg_field_get(&w->ans.dns_hook);
	ui_words_split(hook, &o->dns_hook);
	free(hook);
}

static bool
build_acme(struct wiz *w, struct ac_err *err)
{
	struct ac_job *job = add_job(w, AC_JOB_ACME);
	struct ac_acme_opts *o = ac_acme_opts_new();

	job->acme = o;
	if (w->ans.acme_ca.sel == 1)
		o->staging = true;
	else if (!wiz_acme_url(w))
		o->server = text_or_null(&w->ans.acme_url);
	else if (w->cfg->acme_directory)
		o->server = xstrdup(w->cfg->acme_directory);
	o->email = text_or_null(&w->ans.acme_email);
	o->agree_tos = w->ans.acme_tos;
	o->eab_kid = text_or_null(&w->ans.eab_kid);
	o->eab_hmac = text_or_null(&w->ans.eab_hmac);
	acme_mode(w, o);
	/* the checks ran on their own screen, just before */
	o->skip_checks = true;
	if (w->checks_skipped)
		ac_strv_add(&job->result.warnings,
			    _("You went on although a domain check failed."));
	return common(w, job, true, err) &&
	       ac_acme_opts_validate(o, w->cfg, err);
}

bool
wiz_build_jobs(struct wiz *w)
{
	struct ac_err err = AC_ERR_INIT;
	bool ok;

	for (int i = 0; i < w->njobs; i++)
		ac_job_clear(&w->jobs[i]);
	w->njobs = w->main_job = 0;
	ac_strv_clear(&w->revoke);
	switch (w->ans.path.sel) {
	case WIZ_PATH_ACME:
		ok = build_acme(w, &err);
		break;
	case WIZ_PATH_IMPORT:
		ok = build_import(w, &err);
		break;
	case WIZ_PATH_CA:
		ok = build_ca(w, &err);
		break;
	case WIZ_PATH_CSR:
		ok = common(w, add_job(w, AC_JOB_CSR), false, &err);
		if (ok)
			w->jobs[0].name = text_or_null(&w->ans.name);
		break;
	default:
		ok = common(w, add_job(w, AC_JOB_SELFSIGNED), true, &err);
		break;
	}
	if (!ok) {
		wiz_error(w, "%s", err.msg ? err.msg : "?");
		for (int i = 0; i < w->njobs; i++)
			ac_job_clear(&w->jobs[i]);
		w->njobs = w->main_job = 0;
	}
	ac_err_clear(&err);
	return ok;
}

/* A space, then s quoted for a POSIX shell when it needs it. */
static void
add_word(struct ac_buf *b, const char *s)
{
	ac_buf_addstr(b, " ");
	ui_word_quote(b, s);
}

static void
add_opt(struct ac_buf *b, const char *opt, const char *value)
{
	if (!value || !*value)
		return;
	ac_buf_printf(b, " %s", opt);
	add_word(b, value);
}

static void
add_common(struct ac_buf *b, const struct ac_job *job, bool subject)
{
	const struct {
		const char *opt;
		const char *value;
	} fields[] = {
		{ "--country", job->subject.country },
		{ "--state", job->subject.state },
		{ "--locality", job->subject.locality },
		{ "--org", job->subject.org },
		{ "--unit", job->subject.unit },
		{ "--cn", job->subject.cn },
	};
	char days[16];

	for (size_t i = 0; i < job->names.dns.n; i++)
		add_opt(b, "--dns", job->names.dns.v[i]);
	for (size_t i = 0; i < job->names.ip.n; i++)
		add_opt(b, "--ip", job->names.ip.v[i]);
	for (size_t i = 0; subject && i < sizeof(fields) / sizeof(fields[0]); i++)
		add_opt(b, fields[i].opt, fields[i].value);
	if (job->kind != AC_JOB_IMPORT) {
		add_opt(b, "--key", ac_key_type_name(job->key_type));
		snprintf(days, sizeof(days), "%d", job->days);
		if (job->kind != AC_JOB_CSR)
			add_opt(b, "--days", days);
	}
}

static void
add_install(struct ac_buf *b, const struct ac_job *job)
{
	add_opt(b, "--out", job->out_dir);
	add_opt(b, "--name", job->name);
	if (job->owner_set)
		ac_buf_printf(b, " --owner %s:%s", job->owner.user,
			      job->owner.group);
}

static void
dns_options(struct ac_buf *b, const struct ac_acme_opts *a)
{
	ac_buf_addstr(b, " --challenge dns-01");
	if (a->mode == AC_ACME_DNS_MANUAL) {
		ac_buf_addstr(b, " --dns-manual");
	} else if (a->mode == AC_ACME_DNS_HOOK) {
		add_opt(b, "--dns-hook", a->dns_hook.n ? a->dns_hook.v[0] : NULL);
		for (size_t i = 1; i < a->dns_hook.n; i++)
			add_opt(b, "--dns-hook-arg", a->dns_hook.v[i]);
	} else {
		ac_buf_addstr(b, " --dns-update rfc2136");
		add_opt(b, "--dns-server", a->dns_server);
		add_opt(b, "--dns-zone", a->dns_zone);
		add_opt(b, "--dns-tsig-key-file", a->dns_tsig_key_file);
	}
}

static void
acme_options(struct ac_buf *b, const struct ac_job *job)
{
	const struct ac_acme_opts *a = job->acme;
	char port[16];

	for (size_t i = 0; i < job->names.dns.n; i++)
		add_opt(b, "--domain", job->names.dns.v[i]);
	add_opt(b, "--email", a->email);
	ac_buf_addstr(b, " --agree-tos");
	if (a->staging)
		ac_buf_addstr(b, " --staging");
	add_opt(b, "--server", a->server);
	add_opt(b, "--eab-kid", a->eab_kid);
	if (a->eab_hmac)
		ac_buf_addstr(b, " --eab-hmac-key-file FILE");
	switch (a->mode) {
	case AC_ACME_WEBROOT:
		add_opt(b, "--webroot", a->webroot);
		break;
	case AC_ACME_STANDALONE:
		ac_buf_addstr(b, " --standalone");
		snprintf(port, sizeof(port), "%d", a->http_port);
		if (a->http_port != 80)
			add_opt(b, "--http-port", port);
		break;
	default:
		dns_options(b, a);
	}
	add_opt(b, "--key", ac_key_type_name(job->key_type));
	add_install(b, job);
}

/* The command is the source's; its options are the CLI's. */
static void
command_line(struct ac_buf *b, const struct ac_job *job)
{
	const struct ac_import_opts *o = job->import;
	char days[16];

	ac_buf_printf(b, "astcert %s", job->source->command);
	switch (job->kind) {
	case AC_JOB_ACME:
		acme_options(b, job);
		break;
	case AC_JOB_IMPORT:
		add_opt(b, "--cert", o->cert_path);
		add_opt(b, "--key", o->key_path);
		for (size_t i = 0; i < o->chain_paths.n; i++)
			add_opt(b, "--chain", o->chain_paths.v[i]);
		if (o->passphrase)
			ac_buf_addstr(b, " --passphrase-file FILE");
		add_opt(b, "--ca-file", o->ca_file);
		if (o->fetch_intermediates)
			ac_buf_addstr(b, " --fetch-intermediates");
		add_install(b, job);
		break;
	case AC_JOB_CSR:
		add_common(b, job, true);
		add_opt(b, "--name", job->name);
		break;
	case AC_JOB_CA_INIT:
		add_opt(b, "--cn", job->subject.cn);
		add_opt(b, "--org", job->subject.org);
		add_opt(b, "--country", job->subject.country);
		add_install(b, job);
		break;
	case AC_JOB_CA_SERVER:
		add_common(b, job, true);
		add_install(b, job);
		break;
	case AC_JOB_CA_PHONE:
		add_opt(b, "--mac", job->ca->mac);
		add_opt(b, "--key", ac_key_type_name(job->key_type));
		snprintf(days, sizeof(days), "%d", job->days);
		add_opt(b, "--days", days);
		if (job->ca->password)
			ac_buf_addstr(b, " --password-file FILE");
		break;
	default:
		add_common(b, job, true);
		add_install(b, job);
		break;
	}
	ac_buf_addstr(b, "\n");
}

char *
wiz_command_lines(const struct wiz *w)
{
	struct ac_buf b = { 0 };

	for (int i = 0; i < w->njobs; i++)
		command_line(&b, &w->jobs[i]);
	for (size_t i = 0; i < w->revoke.n; i++)
		ac_buf_printf(&b, "astcert ca revoke %s\n", w->revoke.v[i]);
	if (w->ans.deploy && w->njobs && w->jobs[w->main_job].source->installs) {
		ac_buf_addstr(&b, "astcert deploy");
		add_opt(&b, "--name", ac_step_name(&w->jobs[w->main_job]));
		ac_buf_addstr(&b, "\n");
	}
	return ac_buf_steal(&b, NULL);
}
