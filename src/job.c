/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A job: one run of one path, the only entry point both front ends call. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "src/cfg.h"
#include "src/i18n.h"
#include "src/job.h"
#include "src/layout.h"
#include "src/names.h"
#include "src/profile.h"
#include "src/source.h"
#include "src/xalloc.h"

void
ac_job_init(struct ac_job *job, enum ac_job_kind kind,
	    const struct ac_cfg *cfg)
{
	memset(job, 0, sizeof(*job));
	job->kind = kind;
	job->source = ac_source_get(kind);
	job->key_type = cfg->key_type;
	job->days = cfg->days;
	ac_subject_copy(&job->subject, &cfg->subject);
}

void
ac_job_clear(struct ac_job *job)
{
	if (!job)
		return;
	ac_subject_clear(&job->subject);
	ac_names_clear(&job->names);
	free(job->name);
	free(job->out_dir);
	ac_owner_clear(&job->owner);
	/* each source frees its own options, whatever the job's kind */
	for (size_t i = 0; ac_source_at(i); i++)
		if (ac_source_at(i)->clear)
			ac_source_at(i)->clear(job);
	ac_certinfo_clear(&job->result.info);
	ac_strv_clear(&job->result.files);
	ac_strv_clear(&job->result.warnings);
	free(job->result.csr_pem);
	memset(job, 0, sizeof(*job));
}

const char *
ac_job_kind_name(enum ac_job_kind kind)
{
	const struct ac_source *s = ac_source_get(kind);

	return s ? s->name : "?";
}

bool
ac_job_kind_parse(const char *s, enum ac_job_kind *out)
{
	const struct ac_source *src = ac_source_find(s);

	if (src)
		*out = src->kind;
	return src != NULL;
}

bool
ac_job_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	   struct ac_job *job, struct ac_err *err)
{
	const struct ac_source *src = job->source;

	if (!src || src->kind != job->kind)
		return ac_err_set(err, AC_ERR_INTERNAL,
				  _("This kind of job is not available in this build."));
	if (job->days > AC_DAYS_BROWSER_MAX && src->browser_days)
		ac_strv_add(&job->result.warnings,
			    _("Validity over 825 days: browsers and Apple clients reject such server certificates (phones usually accept them)."));
	if ((src->validate && !src->validate(ctx, cfg, job, err)) ||
	    !src->run(ctx, cfg, job, err))
		return false;
	/* TRANSLATORS: a progress step: finished */
	ac_progress(ctx, _("Done"), 1.0, NULL);
	return true;
}

/* The names are checked as on the command line: a profile is a file, and
 * what it names goes into a certificate and onto the screen. */
static bool
check_names(const char *path, const struct ac_names *names,
	    struct ac_err *err)
{
	struct ac_names tmp = { 0 };
	bool ok = true;

	for (size_t i = 0; ok && i < names->dns.n; i++)
		ok = ac_names_add_dns(&tmp, names->dns.v[i], AC_NAME_WILDCARD,
				      err);
	for (size_t i = 0; ok && i < names->ip.n; i++)
		ok = ac_names_add_ip(&tmp, names->ip.v[i], err);
	if (!ok)
		ac_err_prefix(err, "%s", path);
	ac_names_clear(&tmp);
	return ok;
}

bool
ac_job_load(const char *path, struct ac_job *job, struct ac_err *err)
{
	config_t conf;
	const char *v;
	char *owner = NULL;
	bool ok = false;
	int days;

	config_init(&conf);
	if (!ac_cfg_read(&conf, path, err))
		goto out;
	if (!config_lookup_string(&conf, "kind", &v) ||
	    !ac_job_kind_parse(v, &job->kind)) {
		ac_err_set(err, AC_ERR_INPUT, _("%s: no valid \"kind\" in the renewal profile."), path);
		goto out;
	}
	job->source = ac_source_get(job->kind);
	ac_profile_get(&conf, "name", &job->name);
	ac_profile_get_list(&conf, "dns", &job->names.dns);
	ac_profile_get_list(&conf, "ip", &job->names.ip);
	if (!check_names(path, &job->names, err))
		goto out;
	ac_profile_get(&conf, "subject.country", &job->subject.country);
	ac_profile_get(&conf, "subject.state", &job->subject.state);
	ac_profile_get(&conf, "subject.locality", &job->subject.locality);
	ac_profile_get(&conf, "subject.organization", &job->subject.org);
	ac_profile_get(&conf, "subject.unit", &job->subject.unit);
	ac_profile_get(&conf, "subject.cn", &job->subject.cn);
	if (config_lookup_string(&conf, "key", &v) &&
	    !ac_key_type_parse(v, &job->key_type)) {
		ac_err_set(err, AC_ERR_INPUT, _("%s: unknown key type \"%s\"."), path, v);
		goto out;
	}
	if (config_lookup_int(&conf, "days", &days))
		job->days = days;
	ac_profile_get(&conf, "out", &job->out_dir);
	/* renew runs from /: a relative directory would be another one */
	if (job->out_dir && job->out_dir[0] != '/') {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: out = \"%s\" is not an absolute path: write the key directory's absolute path there."),
			   path, job->out_dir);
		goto out;
	}
	if (config_lookup_string(&conf, "owner", &v)) {
		const char *g = NULL;

		config_lookup_string(&conf, "group", &g);
		owner = xasprintf("%s:%s", v, g ? g : "");
		if (!ac_owner_parse(owner, &job->owner, err))
			goto out;
		job->owner_set = true;
	}
	ok = !job->source->profile_read ||
	     job->source->profile_read(&conf, path, job, err);
out:
	free(owner);
	config_destroy(&conf);
	return ok;
}
	/* TRANSLATORS: a progress step: writing the files */
