/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ACME source: validate, make the key, run the order, install; its
 * section of the renewal profile; ARI for renew. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "src/acme.h"
#include "src/certinfo.h"
#include "src/checks.h"
#include "src/i18n.h"
#include "src/job.h"
#include "src/profile.h"
#include "src/solver.h"
#include "src/source.h"
#include "src/step.h"
#include "src/store.h"
#include "src/util.h"

/* Wildcards only where the solver can prove them (DNS-01). */
static bool
acme_names_ok(const struct ac_names *names, const struct ac_acme_opts *o,
	      struct ac_err *err)
{
	const struct ac_solver *solver = ac_solver_get(o->mode);

	if (names->dns.n + names->ip.n == 0)
		return ac_err_set_field(err, AC_FIELD_DNS, AC_ERR_USAGE, _("Give at least one domain name."));
	for (size_t i = 0; solver && !solver->wildcards && i < names->dns.n;
	     i++)
		if (names->dns.v[i][0] == '*')
			return ac_err_set_field(err, AC_FIELD_DNS, AC_ERR_INPUT,
					  _("%s: a wildcard name can only be proved with DNS-01, not %s: list each name instead, or use DNS-01."),
					  names->dns.v[i], solver->type);
	return true;
}

/* Paths kept in the renewal profile: the timer's renew runs from / */
static void
make_absolute(char **path)
{
	char *abs;

	if (!*path)
		return;
	abs = ac_store_abs(*path);
	free(*path);
	*path = abs;
}

/*
 * The domain checks, before any key is made or the CA is asked for an
 * order: a failure here costs nothing, a failed challenge costs a rate
 * limit.  Warnings go into the result.
 */
/* The DNS-01 modes run the DNS-01 path's checks: no port 80, the zone,
 * the update method, DNSSEC. */
static void
dns01_opts(const struct ac_acme_opts *a, struct ac_check_opts *co)
{
	switch (a->mode) {
	case AC_ACME_DNS_RFC2136:
		co->dns_method = AC_CHECK_DNS_RFC2136;
		break;
	case AC_ACME_DNS_HOOK:
		co->dns_method = AC_CHECK_DNS_HOOK;
		co->dns_hook = a->dns_hook.n ? a->dns_hook.v[0] : NULL;
		break;
	case AC_ACME_DNS_MANUAL:
		co->dns_method = AC_CHECK_DNS_MANUAL;
		break;
	case AC_ACME_STANDALONE:
	case AC_ACME_WEBROOT:
	case AC_ACME_MODES:
		return;
	}
	co->dns01 = true;
	co->dns_server = a->dns_server;
	co->dns_zone = a->dns_zone;
	co->dns_tsig_key_file = a->dns_tsig_key_file;
}

static bool
preflight(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	  struct ac_job *job, struct ac_err *err)
{
	const struct ac_acme_opts *a = job->acme;
	struct ac_check_opts co = { 0 };

	if (a->skip_checks) {
		ac_strv_add(&job->result.warnings,
			    _("Domain checks skipped: problems show up only when the CA answers."));
		return true;
	}
	co.names = job->names.dns;
	co.directory = ac_acme_opts_url(a, cfg);
	co.ca_bundle = a->ca_bundle;
	co.http_port = a->http_port;
	co.bind_address = a->http_address;
	co.standalone = a->mode == AC_ACME_STANDALONE;
	co.webroot = a->mode == AC_ACME_WEBROOT ? a->webroot : NULL;
	co.key_dir = job->out_dir ? job->out_dir : cfg->key_dir;
	co.owner = &job->owner;
	co.asterisk_user = cfg->asterisk_user;
	/* the configured CA's CAA name is no other CA's */
	if (cfg->acme_directory && strcmp(co.directory, cfg->acme_directory) == 0)
		co.caa_identity = cfg->acme_caa_identity;
	dns01_opts(a, &co);
	co.progress_from = 0.0;
	co.progress_to = 0.02;
	return ac_checks_preflight(ctx, &co, &job->result.warnings, err);
}

/*
 * A certificate that has already expired by our clock is refused: either
 * the CA or this machine's clock is wrong, and installing it would break
 * every TLS connection.  One that starts "in the future" or "in the past"
 * is fine: a clock moved forward (ASTCERT_NOW) or a CA backdating its
 * certificates.
 */
static bool
still_valid(const struct ac_ctx *ctx, X509 *leaf, struct ac_err *err)
{
	time_t now = ac_now(ctx);
	char when[32], clock[32];
	time_t not_after;

	if (!ac_asn1_time(X509_get0_notAfter(leaf), &not_after))
		return ac_err_set(err, AC_ERR_CA,
				  _("The CA's certificate has an unreadable expiry date: nothing was installed."));
	if (not_after > now)
		return true;
	ac_time_utc(not_after, when, sizeof(when));
	ac_time_utc(now, clock, sizeof(clock));
	return ac_err_set(err, AC_ERR_CA,
			  _("The CA's new certificate expires %s, before this machine's time (%s): check the clock (timedatectl); nothing was installed."),
			  when, clock);
}

/* Nothing is generated for bad names or options: checked first. */
static bool
validate(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	 struct ac_job *job, struct ac_err *err)
{
	if (!job->acme)
		return ac_err_set(err, AC_ERR_INTERNAL, "ACME job without options");
	/* the CA puts only the names into the certificate */
	ac_subject_clear(&job->subject);
	if (!acme_names_ok(&job->names, job->acme, err) ||
	    !ac_acme_opts_validate(job->acme, cfg, err) ||
	    !ac_acme_names_for_ca(&job->names.dns,
				  ac_acme_opts_url(job->acme, cfg), err))
		return false;
	make_absolute(&job->acme->webroot);
	make_absolute(&job->acme->dns_tsig_key_file);
	/* the hook runs again from the renewal timer, elsewhere */
	if (job->acme->dns_hook.n)
		make_absolute(&job->acme->dns_hook.v[0]);
	return ac_step_prepare(ctx, cfg, job, err);
}

static bool
run(const struct ac_ctx *ctx, const struct ac_cfg *cfg, struct ac_job *job,
    struct ac_err *err)
{
	struct ac_issued issued = { 0 };
	bool ok = false;

	if (!preflight(ctx, cfg, job, err))
		return false;
	ac_progress(ctx, _("Generating the key"), 0.02,
		    ac_key_type_name(job->key_type));
	issued.key = ac_key_generate(job->key_type, err);
	if (!issued.key)
		return false;
	if (!ac_acme_issue(ctx, cfg, job->acme, &job->names, issued.key,
			   &issued.leaf, &issued.chain, err) ||
	    !still_valid(ctx, issued.leaf, err))
		goto out;
	if (ac_cancelled(ctx)) {
		ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was installed."));
		goto out;
	}
	ac_progress(ctx, _("Installing"), 0.95, NULL);
	ok = ac_step_install(ctx, cfg, job, &issued, err);
out:
	sk_X509_pop_free(issued.chain, X509_free);
	X509_free(issued.leaf);
	EVP_PKEY_free(issued.key);
	return ok;
}

/* What a later renewal needs to run the same order (no EAB secret: the
 * stored account is reused). */
static void
profile_write(config_setting_t *root, const struct ac_job *job)
{
	const struct ac_acme_opts *o = job->acme;
	config_setting_t *g;

	if (!o)
		return;
	g = config_setting_add(root, "acme", CONFIG_TYPE_GROUP);
	ac_profile_put(g, "server", o->server);
	config_setting_set_bool(config_setting_add(g, "staging", CONFIG_TYPE_BOOL),
				o->staging);
	ac_profile_put(g, "email", o->email);
	config_setting_set_bool(config_setting_add(g, "agree_tos", CONFIG_TYPE_BOOL),
				o->agree_tos);
	ac_profile_put(g, "eab_kid", o->eab_kid);
	ac_profile_put(g, "mode", ac_solver_name(o->mode));
	ac_profile_put(g, "http_address", o->http_address);
	config_setting_set_int(config_setting_add(g, "http_port", CONFIG_TYPE_INT),
			       o->http_port);
	ac_profile_put(g, "webroot", o->webroot);
	/* where the DNS secret lives, never the secret */
	ac_profile_put(g, "dns_server", o->dns_server);
	ac_profile_put(g, "dns_zone", o->dns_zone);
	ac_profile_put(g, "dns_tsig_key_file", o->dns_tsig_key_file);
	if (o->dns_hook.n)
		ac_profile_put_list(g, "dns_hook", &o->dns_hook);
	ac_profile_put(g, "preferred_chain", o->preferred_chain);
	ac_profile_put(g, "profile", o->profile);
	ac_profile_put(g, "ca_bundle", o->ca_bundle);
	config_setting_set_bool(config_setting_add(g, "skip_checks", CONFIG_TYPE_BOOL),
				o->skip_checks);
}

static bool
profile_read(const config_t *conf, const char *path, struct ac_job *job,
	     struct ac_err *err)
{
	struct ac_acme_opts *o;
	const char *v;
	int b, port;

	if (!config_lookup(conf, "acme"))
		return true;
	o = job->acme ? job->acme : (job->acme = ac_acme_opts_new());
	ac_profile_get(conf, "acme.server", &o->server);
	if (config_lookup_bool(conf, "acme.staging", &b))
		o->staging = b;
	ac_profile_get(conf, "acme.email", &o->email);
	if (config_lookup_bool(conf, "acme.agree_tos", &b))
		o->agree_tos = b;
	ac_profile_get(conf, "acme.eab_kid", &o->eab_kid);
	if (config_lookup_string(conf, "acme.mode", &v)) {
		if (!ac_solver_mode(v, &o->mode))
			return ac_err_set(err, AC_ERR_INPUT, _("%s: unknown ACME mode \"%s\"."), path, v);
	}
	ac_profile_get(conf, "acme.http_address", &o->http_address);
	if (config_lookup_int(conf, "acme.http_port", &port))
		o->http_port = port;
	ac_profile_get(conf, "acme.webroot", &o->webroot);
	ac_profile_get(conf, "acme.dns_server", &o->dns_server);
	ac_profile_get(conf, "acme.dns_zone", &o->dns_zone);
	ac_profile_get(conf, "acme.dns_tsig_key_file", &o->dns_tsig_key_file);
	ac_profile_get_list(conf, "acme.dns_hook", &o->dns_hook);
	ac_profile_get(conf, "acme.preferred_chain", &o->preferred_chain);
	ac_profile_get(conf, "acme.profile", &o->profile);
	ac_profile_get(conf, "acme.ca_bundle", &o->ca_bundle);
	if (config_lookup_bool(conf, "acme.skip_checks", &b))
		o->skip_checks = b;
	return true;
}

static void
clear(struct ac_job *job)
{
	ac_acme_opts_free(job->acme);
	job->acme = NULL;
}

/* The CA's ARI window (RFC 9773) when it gives one; the order then names
 * what it replaces. */
static bool
renew_window(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	     const char *name, struct ac_job *job, X509 *leaf, bool offline,
	     time_t *due, char **explanation, struct ac_err *err)
{
	if (!job->acme ||
	    !ac_acme_ari_due(ctx, cfg, name, job->acme, leaf, offline, due,
			     err))
		return false;
	*explanation = ac_acme_ari_explanation(ctx, name, leaf);
	return true;
}

const struct ac_source ac_acme_source = {
	.kind = AC_JOB_ACME,
	.name = "acme",
	.command = "acme",
	.installs = true,
	.browser_days = true,
	/* until the CA's ARI window is known (renew_window) */
	.renew = AC_RENEW_THIRD,
	.validate = validate,
	.run = run,
	.clear = clear,
	.profile_write = profile_write,
	.profile_read = profile_read,
	.renew_window = renew_window,
};
