/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ACME job: validate, make the key, run the order, install. */
#include <config.h>

#include <string.h>

#include "src/acme.h"
#include "src/i18n.h"
#include "src/job.h"

static bool
acme_names_ok(const struct ac_names *names, struct ac_err *err)
{
	if (names->dns.n + names->ip.n == 0)
		return ac_err_set(err, AC_ERR_USAGE, _("Give at least one --domain."));
	for (size_t i = 0; i < names->dns.n; i++)
		if (names->dns.v[i][0] == '*')
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s: wildcard names need the DNS-01 challenge, which astcert does not do: list each name with --domain."),
					  names->dns.v[i]);
	return true;
}

bool
ac_acme_job_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		struct ac_job *job, struct ac_err *err)
{
	struct ac_issued issued = { 0 };
	bool ok = false;

	if (!job->acme)
		return ac_err_set(err, AC_ERR_INTERNAL, "ACME job without options");
	/* the CA puts only the names into the certificate */
	ac_subject_clear(&job->subject);
	if (!acme_names_ok(&job->names, err) ||
	    !ac_acme_opts_validate(job->acme, cfg, err) ||
	    !ac_job_prepare(ctx, cfg, job, err))
		return false;
	ac_progress(ctx, _("Generating the key"), 0.02,
		    ac_key_type_name(job->key_type));
	issued.key = ac_key_generate(job->key_type, err);
	if (!issued.key)
		return false;
	if (!ac_acme_issue(ctx, cfg, job->acme, &job->names, issued.key,
			   &issued.leaf, &issued.chain, err))
		goto out;
	if (ac_cancelled(ctx)) {
		ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was installed."));
		goto out;
	}
	ac_progress(ctx, _("Installing"), 0.95, NULL);
	ok = ac_job_install(ctx, cfg, job, &issued, err);
out:
	sk_X509_pop_free(issued.chain, X509_free);
	X509_free(issued.leaf);
	EVP_PKEY_free(issued.key);
	return ok;
}
