/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Managed certificates: when each is due, renewing them, the inventory. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/acme.h"
#include "src/asterisk.h"
#include "src/ca.h"
#include "src/certinfo.h"
#include "src/i18n.h"
#include "src/renew.h"
#include "src/source.h"
#include "src/step.h"
#include "src/store.h"
#include "src/util.h"

int
ac_renew_lock(const struct ac_ctx *ctx, int wait_secs, struct ac_err *err)
{
	return ac_store_lock(ctx, AC_LAYOUT_RENEW_LOCK, wait_secs, err);
}


static void
item_fail(const struct ac_ctx *ctx, struct ac_renew_report *rep,
	  struct ac_renew_item *it, enum ac_code code, const char *message)
{
	it->state = AC_RENEW_FAILED;
	it->code = code != AC_OK ? code : AC_ERR_INTERNAL;
	/* TRANSLATORS: a failure without any message */
	ac_subject_set(&it->message, message ? message : _("unknown error"));
	rep->failed++;
	ac_inventory_last_save(ctx, it->name, false, it->message);
}

/* Decides one certificate and renews it when due. */
static void
renew_one(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	  const struct ac_renew_opts *opts, struct ac_renew_report *rep,
	  struct ac_renew_item *it)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_certinfo info = { 0 };
	enum ac_renew_method method;
	struct ac_job job;
	X509 *leaf = NULL;
	char *msg;

	if (!ac_inventory_load(ctx, cfg, it->name, &job, &leaf, &err)) {
		item_fail(ctx, rep, it, err.code, err.msg);
		ac_err_clear(&err);
		return;
	}
	method = ac_inventory_method_for(job.kind);
	if (!ac_certinfo_get(ctx, leaf, &info, &err)) {
		item_fail(ctx, rep, it, err.code, err.msg);
		goto out;
	}
	it->due = ac_inventory_due_at(method, info.not_before, info.not_after,
				      cfg->renew_days);
	/* the CA's window where it has one; the order then names what it
	 * replaces (RFC 9773) */
	ac_inventory_own_window(ctx, cfg, it->name, &job, leaf, false, &it->due,
				&method, &it->explanation);
	it->old_sha256 = xstrdup(info.sha256);
	if (!opts->force && ac_now(ctx) < it->due) {
		it->state = AC_RENEW_NOT_DUE;
		goto out;
	}
	if (method == AC_RENEW_MANUAL) {
		it->state = AC_RENEW_SKIPPED;
		it->message = xstrdup(_("astcert cannot renew an imported certificate: import the new one when the vendor sends it."));
		goto out;
	}
	if (job.kind == AC_JOB_ACME && job.acme &&
	    job.acme->mode == AC_ACME_DNS_MANUAL && !opts->interactive) {
		it->state = AC_RENEW_SKIPPED;
		it->message = xasprintf(_("its DNS-01 records are created by hand: run 'astcert renew --name %s' on a terminal and create the records it shows."),
					it->name);
		goto out;
	}
	/* TRANSLATORS: a progress step: renewing a certificate */
	ac_progress(ctx, _("Renewing"), -1, it->name);
	if (!ac_job_run(ctx, cfg, &job, &err)) {
		item_fail(ctx, rep, it, err.code, err.msg);
		goto out;
	}
	it->state = AC_RENEW_DONE;
	it->new_sha256 = xstrdup(job.result.info.sha256);
	rep->renewed++;
	msg = xasprintf(ngettext("renewed: serial %s, %ld day left",
				 "renewed: serial %s, %ld days left",
				 ac_plural_n(job.result.info.days_left)),
			job.result.info.serial, job.result.info.days_left);
	ac_inventory_last_save(ctx, it->name, true, msg);
	free(msg);
out:
	ac_err_clear(&err);
	ac_certinfo_clear(&info);
	X509_free(leaf);
	ac_job_clear(&job);
}

/* The renewed certificate the TLS endpoints should now serve, or NULL. */
static struct ac_renew_item *
verify_target(const struct ac_ctx *ctx, struct ac_renew_report *rep)
{
	char *deployed = ac_asterisk_deployed(ctx);
	struct ac_renew_item *only = NULL;
	size_t done = 0;

	for (size_t i = 0; i < rep->n; i++) {
		if (rep->items[i].state != AC_RENEW_DONE)
			continue;
		done++;
		only = &rep->items[i];
		if (deployed && !strcmp(deployed, rep->items[i].name)) {
			free(deployed);
			return only;
		}
	}
	/* nothing recorded as deployed: one renewal is unambiguous */
	if (deployed)
		only = NULL;
	free(deployed);
	return done == 1 ? only : NULL;
}

/* A renewal that did not reach the server counts as failed. */
static void
demote(const struct ac_ctx *ctx, struct ac_renew_report *rep,
       struct ac_renew_item *it, enum ac_code code, const char *message)
{
	if (it->state != AC_RENEW_DONE)
		return;
	rep->renewed--;
	item_fail(ctx, rep, it, code, message);
}

static void
reload_and_verify(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		  struct ac_renew_report *rep)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_renew_item *target = verify_target(ctx, rep);

	rep->reloaded = true;
	if (!ac_deploy_reload(ctx, cfg, &rep->deploy, &err)) {
		/*
		 * Without a deployed certificate among the renewed ones there
		 * is nobody to demote, but Asterisk may still use the files:
		 * a reload that does not run is a failure all the same.
		 */
		if (target) {
			demote(ctx, rep, target, err.code, err.msg);
		} else {
			rep->reload_error = xstrdup(err.msg ? err.msg : "?");
			rep->failed++;
		}
	}
	ac_err_clear(&err);
	if (!target || !cfg->verify.n)
		return;
	if (ac_deploy_verify(ctx, cfg, target->new_sha256, target->old_sha256,
			     &rep->deploy))
		return;
	for (size_t i = 0; i < rep->deploy.neps; i++) {
		const struct ac_endpoint *ep = &rep->deploy.eps[i];
		char *msg;

		if (ep->state != AC_EP_MISMATCH)
			continue;
		msg = xasprintf(_("renewed, but %s still serves another certificate. %s"),
				ep->addr, ep->cause);
		demote(ctx, rep, target, AC_ERR_CHECK, msg);
		free(msg);
		break;
	}
}

bool
ac_renew_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	     const struct ac_renew_opts *opts, struct ac_renew_report *rep,
	     struct ac_err *err)
{
	struct ac_strv names = { 0 };
	char *only = NULL;
	int fd;
	bool ok = false;

	memset(rep, 0, sizeof(*rep));
	fd = ac_renew_lock(ctx, opts->lock_wait, err);
	if (fd < 0)
		return false;
	if (opts->name) {
		only = ac_inventory_pick(ctx, opts->name, err);
		if (!only)
			goto out;
		ac_strv_add(&names, only);
	} else if (!ac_inventory_names(ctx, &names, err)) {
		goto out;
	}
	rep->items = xcalloc(names.n ? names.n : 1, sizeof(*rep->items));
	for (size_t i = 0; i < names.n; i++) {
		struct ac_renew_item *it = &rep->items[rep->n++];

		it->name = xstrdup(names.v[i]);
		renew_one(ctx, cfg, opts, rep, it);
		if (ac_cancelled(ctx))
			break;
	}
	if (rep->renewed && !opts->no_reload)
		reload_and_verify(ctx, cfg, rep);
	if (!opts->name) {
		struct ac_err cerr = AC_ERR_INIT;

		if (!ac_ca_crl_refresh(ctx, &rep->crl_refreshed, &cerr)) {
			rep->crl_error = xstrdup(cerr.msg ? cerr.msg : "?");
			rep->failed++;
		}
		ac_err_clear(&cerr);
	}
	ok = true;
out:
	free(only);
	ac_strv_clear(&names);
	close(fd);
	return ok;
}

void
ac_renew_report_clear(struct ac_renew_report *rep)
{
	if (!rep)
		return;
	for (size_t i = 0; i < rep->n; i++) {
		free(rep->items[i].name);
		free(rep->items[i].message);
		free(rep->items[i].old_sha256);
		free(rep->items[i].new_sha256);
		free(rep->items[i].explanation);
	}
	free(rep->items);
	free(rep->reload_error);
	free(rep->crl_error);
	ac_deploy_report_clear(&rep->deploy);
	memset(rep, 0, sizeof(*rep));
}
