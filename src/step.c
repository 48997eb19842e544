/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The steps every certificate source shares: name, place, owner, checks,
 * issuing a server certificate. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/layout.h"
#include "src/step.h"
#include "src/xalloc.h"

const char *
ac_step_name(const struct ac_job *job)
{
	if (job->name && *job->name)
		return job->name;
	/* "*.example.com" gives "example.com"; a profile's names were never
	 * validated, so "*" alone must not skip past the end */
	if (job->names.dns.n)
		return strncmp(job->names.dns.v[0], "*.", 2) == 0 ?
			       job->names.dns.v[0] + 2 : job->names.dns.v[0];
	/* a CN like "ShiftEight PBX" is no file name: Asterisk's own then */
	if (job->subject.cn && ac_store_name_ok(job->subject.cn, NULL))
		return job->subject.cn;
	return "asterisk";
}

char *
ac_step_out_dir(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		const struct ac_job *job)
{
	if (job->out_dir)
		return xstrdup(job->out_dir);
	return ac_path(ctx, cfg->key_dir);
}

static bool
prepare_names(struct ac_job *job, struct ac_err *err)
{
	const char *cn = job->subject.cn;

	/* a CN that is a name is also a SAN: with any SAN present, clients
	 * ignore the CN (RFC 6125), IP addresses or not */
	if (cn && *cn && job->names.dns.n == 0) {
		/* duplicates are dropped */
		if (ac_ip_is_literal(cn))
			return ac_names_add_ip(&job->names, cn, err);
		/* "pbx.example.com" is a name (and must be a valid one);
		 * "ShiftEight PBX" is just a label */
		if (strchr(cn, '.') && !strpbrk(cn, " \t"))
			return ac_names_add_dns(&job->names, cn,
						AC_NAME_WILDCARD, err);
		if (job->names.ip.n == 0)
			ac_strv_add(&job->result.warnings,
				    _("The certificate has no DNS name or IP address: phones and browsers that check names will refuse it. Add a DNS name or an IP address."));
	}
	/*
	 * The CN in ASCII (A-label) form: phones that check only the CN
	 * compare it with the name they resolved.  At most 64 characters;
	 * the SAN carries longer names.
	 */
	if ((!cn || !*cn) && job->names.dns.n &&
	    strlen(job->names.dns.v[0]) <= 64)
		ac_subject_set(&job->subject.cn, job->names.dns.v[0]);
	if ((!job->subject.cn || !*job->subject.cn) && job->names.ip.n)
		ac_subject_set(&job->subject.cn, job->names.ip.v[0]);
	return true;
}

bool
ac_step_owner(const struct ac_cfg *cfg, struct ac_job *job,
	      struct ac_err *err)
{
	if (!job->owner_set) {
		if (cfg->owner) {
			if (!ac_owner_parse(cfg->owner, &job->owner, err))
				return false;
		} else {
			ac_owner_default(&job->owner);
		}
		job->owner_set = true;
	}
	if (job->owner.uid != geteuid() && geteuid() != 0)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("Only root can give files to %s: run as root or choose yourself as the owner."),
				  job->owner.user);
	return true;
}

/*
 * --out as an absolute, canonical path: the renewal profile, the journal
 * and the Asterisk lines must name the same files from any working
 * directory (the timer runs renew from /).
 */
static bool
canonical_out(struct ac_job *job, struct ac_err *err)
{
	char *real;

	if (!job->out_dir)
		return true;
	real = realpath(job->out_dir, NULL);
	if (!real)
		return ac_err_set(err, AC_ERR_IO,
				  _("The directory %s does not exist: create it or choose another."),
				  job->out_dir);
	free(job->out_dir);
	job->out_dir = xstrdup(real);
	free(real);
	return true;
}

bool
ac_step_prepare(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		struct ac_job *job, struct ac_err *err)
{
	char *dir, *state;
	bool ok;

	if (!prepare_names(job, err) ||
	    !ac_subject_validate(&job->subject, true, err))
		return false;
	if (job->days <= 0 || job->days > AC_DAYS_MAX)
		return ac_err_set_field(err, AC_FIELD_DAYS, AC_ERR_INPUT,
				  ngettext("A validity of %d days is out of range: give 1 to %d day.",
					   "A validity of %d days is out of range: give 1 to %d days.",
					   AC_DAYS_MAX),
				  job->days, AC_DAYS_MAX);
	if (!ac_store_name_ok(ac_step_name(job), err))
		return false;
	if (!ac_step_owner(cfg, job, err))
		return false;
	dir = ac_step_out_dir(ctx, cfg, job);
	ok = ac_store_dir_ok(dir, err);
	free(dir);
	if (!ok || !canonical_out(job, err))
		return false;
	state = ac_layout_cert_dir(ctx, NULL);
	ok = ac_store_mkdirs(state, 0700, err);
	free(state);
	return ok;
}

bool
ac_step_issue_server(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     struct ac_job *job, X509 *issuer, EVP_PKEY *issuer_key,
		     X509 **leaf, struct ac_err *err)
{
	struct ac_x509_spec spec = {
		.subject = &job->subject,
		.names = &job->names,
		.usage = AC_USAGE_SERVER,
		.days = job->days,
		.pathlen = -1,
	};
	struct ac_issued issued = { 0 };
	bool ok = false;

	ac_progress(ctx, _("Generating the key"), 0.1,
		    ac_key_type_name(job->key_type));
	issued.key = ac_key_generate(job->key_type, err);
	if (!issued.key)
		return false;
	ac_progress(ctx, _("Signing the certificate"), 0.6, NULL);
	issued.leaf = ac_x509_issue(ctx, issued.key, &spec, issuer,
				    issuer ? issuer_key : issued.key, err);
	if (!issued.leaf)
		goto out;
	if (ac_cancelled(ctx)) {
		ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was written."));
		goto out;
	}
	/* TRANSLATORS: a progress step: writing the files */
	ac_progress(ctx, _("Installing"), 0.8, NULL);
	ok = ac_step_install(ctx, cfg, job, &issued, err);
	if (ok && leaf) {
		*leaf = issued.leaf;
		issued.leaf = NULL;
	}
out:
	X509_free(issued.leaf);
	EVP_PKEY_free(issued.key);
	return ok;
}

/* A CSR installs nothing yet: only what the request itself needs. */
bool
ac_step_prepare_request(struct ac_job *job, struct ac_err *err)
{
	return prepare_names(job, err) &&
	       ac_subject_validate(&job->subject, true, err) &&
	       ac_store_name_ok(ac_step_name(job), err);
}
