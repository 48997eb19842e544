/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Managed certificates: when each is due, renewing them, the inventory. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include "src/profile.h"
#include "src/renew.h"
#include "src/store.h"
#include "src/util.h"

enum ac_renew_method
ac_renew_method_for(enum ac_job_kind kind)
{
	switch (kind) {
	case AC_JOB_ACME:
		/* until the CA's ARI window is known (ac_acme_ari_due) */
		return AC_RENEW_THIRD;
	case AC_JOB_SELFSIGNED:
	case AC_JOB_CA_SERVER:
	case AC_JOB_CA_PHONE:
	case AC_JOB_CA_INIT:
		return AC_RENEW_DAYS;
	case AC_JOB_IMPORT:
	case AC_JOB_CSR:
		break;
	}
	return AC_RENEW_MANUAL;
}

const char *
ac_renew_method_text(enum ac_renew_method method)
{
	switch (method) {
	case AC_RENEW_DAYS:
		return _("automatic, days before expiry");
	case AC_RENEW_THIRD:
		return _("automatic (ACME), a third of the lifetime left");
	case AC_RENEW_ARI:
		return _("automatic (ACME), the CA's renewal window");
	case AC_RENEW_PHONE:
		return _("by hand: issue it again with \"astcert ca phone\" and load it into the phone");
	case AC_RENEW_CA:
		return _("by hand: a new CA needs new server and phone certificates");
	case AC_RENEW_DNS_MANUAL:
		return _("by hand (DNS-01 records): at the due date run 'astcert renew' on a terminal and create the records it shows");
	case AC_RENEW_MANUAL:
		break;
	}
	return _("by hand (imported)");
}

bool
ac_renew_method_automatic(enum ac_renew_method method)
{
	return method == AC_RENEW_DAYS || method == AC_RENEW_THIRD ||
	       method == AC_RENEW_ARI;
}

time_t
ac_renew_due_at(enum ac_renew_method method, time_t not_before,
		time_t not_after, int renew_days)
{
	long long life = (long long)not_after - (long long)not_before;
	long long before = (long long)renew_days * 86400;

	if (life < 0)
		life = 0;
	switch (method) {
	case AC_RENEW_THIRD:
	case AC_RENEW_ARI:
	case AC_RENEW_DNS_MANUAL:
		return (time_t)(not_after - life / 3);
	case AC_RENEW_DAYS:
	case AC_RENEW_PHONE:
	case AC_RENEW_CA:
		/* a 30-day certificate must not be due the moment it is made */
		if (before > life / 3)
			before = life / 3;
		return (time_t)(not_after - before);
	case AC_RENEW_MANUAL:
		break;
	}
	return (time_t)(not_after - before);
}

static bool
has_profile(const char *dir, const char *name)
{
	char *profile = xasprintf("%s/%s/%s", dir, name, AC_PROFILE_FILE);
	bool ok = access(profile, F_OK) == 0;

	free(profile);
	return ok;
}

bool
ac_managed_names(const struct ac_ctx *ctx, struct ac_strv *out,
		 struct ac_err *err)
{
	char *dir = ac_state_path(ctx, "certs");
	bool ok = ac_dir_list(dir, has_profile, false, out, err);

	free(dir);
	return ok;
}

char *
ac_managed_pick(const struct ac_ctx *ctx, const char *name,
		struct ac_err *err)
{
	struct ac_strv names = { 0 };
	struct ac_buf list = { 0 };
	char *pick = NULL;

	if (!ac_managed_names(ctx, &names, err))
		return NULL;
	if (name) {
		if (ac_strv_contains(&names, name))
			pick = xstrdup(name);
		else
			ac_err_set(err, AC_ERR_INPUT,
				   _("astcert manages no certificate named \"%s\": 'astcert status' lists them."),
				   name);
	} else if (names.n == 1) {
		pick = xstrdup(names.v[0]);
	} else if (names.n == 0) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("astcert manages no certificate yet: make one first (e.g. 'astcert ca server')."));
	} else {
		for (size_t i = 0; i < names.n; i++)
			ac_buf_printf(&list, "%s%s", i ? ", " : "", names.v[i]);
		ac_err_set(err, AC_ERR_USAGE,
			   _("astcert manages several certificates (%s): choose one with --name."),
			   list.data);
	}
	ac_buf_free(&list);
	ac_strv_free(&names);
	return pick;
}

bool
ac_managed_load(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		const char *name, struct ac_job *job, X509 **leaf,
		struct ac_err *err)
{
	char *sub = xasprintf("certs/%s", name), *dir = ac_state_path(ctx, sub);
	char *profile = xasprintf("%s/%s", dir, AC_PROFILE_FILE);
	char *cert = xasprintf("%s/cert.pem", dir);
	STACK_OF(X509) *certs = NULL;
	bool ok = false;

	ac_job_init(job, AC_JOB_SELFSIGNED, cfg);
	if (!ac_profile_load(profile, job, err))
		goto out;
	if (!job->name)
		job->name = xstrdup(name);
	if (leaf) {
		certs = ac_x509_load_file(cert, err);
		if (!certs)
			goto out;
		*leaf = X509_dup(sk_X509_value(certs, 0));
	}
	ok = true;
out:
	if (!ok)
		ac_job_free(job);
	sk_X509_pop_free(certs, X509_free);
	free(cert);
	free(profile);
	free(dir);
	free(sub);
	return ok;
}

int
ac_renew_lock(const struct ac_ctx *ctx, int wait_secs, struct ac_err *err)
{
	return ac_store_lock(ctx, AC_RENEW_LOCK_FILE, wait_secs, err);
}

static char *
last_path(const struct ac_ctx *ctx, const char *name)
{
	char *sub = xasprintf("certs/%s/%s", name, AC_RENEW_LAST_FILE);
	char *p = ac_state_path(ctx, sub);

	free(sub);
	return p;
}

bool
ac_renew_last_load(const struct ac_ctx *ctx, const char *name,
		   struct ac_renew_last *last)
{
	char *path = last_path(ctx, name), *save = NULL;
	struct ac_buf b = { 0 };
	struct ac_err err = AC_ERR_INIT;
	bool ok = access(path, F_OK) == 0 && ac_read_file(path, &b, &err);

	memset(last, 0, sizeof(*last));
	for (char *l = ok ? strtok_r(b.data, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "when=", 5))
			last->when = (time_t)strtoll(l + 5, NULL, 10);
		else if (!strncmp(l, "ok=", 3))
			last->ok = l[3] == '1';
		else if (!strncmp(l, "message=", 8))
			ac_subject_set(&last->message, l + 8);
	}
	ac_err_clear(&err);
	ac_buf_free(&b);
	free(path);
	return ok;
}

void
ac_renew_last_clear(struct ac_renew_last *last)
{
	free(last->message);
	memset(last, 0, sizeof(*last));
}

static void
last_save(const struct ac_ctx *ctx, const char *name, bool ok,
	  const char *message)
{
	char *path = last_path(ctx, name);
	char *line = xstrdup(message ? message : ""), *text;
	struct ac_store_file f = { 0 };
	struct ac_err err = AC_ERR_INIT;

	/* one line: a newline in the message would start a new key */
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	text = xasprintf("when=%lld\nok=%d\nmessage=%s\n",
			 (long long)ac_now(ctx), ok ? 1 : 0, line);
	f = (struct ac_store_file){ path, text, strlen(text), 0600, geteuid(),
				    getegid() };
	ac_store_install(ctx, NULL, &f, 1, &err);
	ac_err_clear(&err);
	free(text);
	free(line);
	free(path);
}

static void
item_fail(const struct ac_ctx *ctx, struct ac_renew_report *rep,
	  struct ac_renew_item *it, const char *message)
{
	it->state = AC_RENEW_FAILED;
	ac_subject_set(&it->message, message ? message : _("unknown error"));
	rep->failed++;
	last_save(ctx, it->name, false, it->message);
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

	if (!ac_managed_load(ctx, cfg, it->name, &job, &leaf, &err)) {
		item_fail(ctx, rep, it, err.msg);
		ac_err_clear(&err);
		return;
	}
	method = ac_renew_method_for(job.kind);
	if (!ac_certinfo_get(ctx, leaf, &info, &err)) {
		item_fail(ctx, rep, it, err.msg);
		goto out;
	}
	it->due = ac_renew_due_at(method, info.not_before, info.not_after,
				  cfg->renew_days);
	/* the CA's window where it has one; the order then names what it
	 * replaces (RFC 9773) */
	if (job.kind == AC_JOB_ACME && job.acme &&
	    ac_acme_ari_due(ctx, cfg, it->name, job.acme, leaf, false,
			    &it->due, &err)) {
		method = AC_RENEW_ARI;
		it->explanation = ac_acme_ari_explanation(ctx, it->name, leaf);
	}
	ac_err_clear(&err);
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
	ac_progress(ctx, _("Renewing"), -1, it->name);
	if (!ac_job_run(ctx, cfg, &job, &err)) {
		item_fail(ctx, rep, it, err.msg);
		goto out;
	}
	it->state = AC_RENEW_DONE;
	it->new_sha256 = xstrdup(job.result.info.sha256);
	rep->renewed++;
	msg = xasprintf(_("renewed: serial %s, %ld days left"),
			job.result.info.serial, job.result.info.days_left);
	last_save(ctx, it->name, true, msg);
	free(msg);
out:
	ac_err_clear(&err);
	ac_certinfo_clear(&info);
	X509_free(leaf);
	ac_job_free(&job);
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
       struct ac_renew_item *it, const char *message)
{
	if (it->state != AC_RENEW_DONE)
		return;
	rep->renewed--;
	item_fail(ctx, rep, it, message);
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
			demote(ctx, rep, target, err.msg);
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
		demote(ctx, rep, target, msg);
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
		only = ac_managed_pick(ctx, opts->name, err);
		if (!only)
			goto out;
		ac_strv_add(&names, only);
	} else if (!ac_managed_names(ctx, &names, err)) {
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
	ac_strv_free(&names);
	close(fd);
	return ok;
}

void
ac_renew_report_free(struct ac_renew_report *rep)
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
	ac_deploy_report_free(&rep->deploy);
	memset(rep, 0, sizeof(*rep));
}

static void
inventory_item_clear(struct ac_inventory_item *it)
{
	free(it->name);
	free(it->kind);
	free(it->problem);
	free(it->deployed);
	free(it->explanation);
	ac_certinfo_clear(&it->info);
	ac_renew_last_clear(&it->last);
	memset(it, 0, sizeof(*it));
}

/*
 * An inventory item for the certificate in path (the CA or a phone); its
 * serial as the CA's list writes it into *serial (NULL when unreadable).
 */
static void
inventory_file(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	       struct ac_inventory_item *it, const char *name,
	       const char *kind, enum ac_renew_method method, const char *path,
	       char **serial)
{
	struct ac_err e = AC_ERR_INIT;
	STACK_OF(X509) *certs = ac_x509_load_file(path, &e);
	X509 *leaf = certs ? sk_X509_value(certs, 0) : NULL;

	it->name = xstrdup(name);
	it->kind = xstrdup(kind);
	it->method = method;
	*serial = NULL;
	if (leaf && ac_certinfo_get(ctx, leaf, &it->info, &e)) {
		it->have_info = true;
		it->due = ac_renew_due_at(method, it->info.not_before,
					  it->info.not_after, cfg->renew_days);
		*serial = ac_ca_serial_hex(leaf);
	} else {
		it->problem = xstrdup(e.msg ? e.msg : "?");
	}
	sk_X509_pop_free(certs, X509_free);
	ac_err_clear(&e);
}

/* True when the CA's list has serial (ac_ca_serial_hex) as revoked. */
static bool
revoked(const struct ac_ca_entry *e, size_t n, const char *serial)
{
	for (size_t i = 0; serial && i < n; i++)
		if (e[i].revoked && !strcmp(e[i].serial, serial))
			return true;
	return false;
}

/*
 * The private CA and the phones' certificates (not revoked) after the
 * managed certificates: renew does not touch them, but their expiry must
 * show before phones stop registering.
 */
static void
inventory_ca(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	     struct ac_inventory_item **items, size_t *n)
{
	struct ac_strv phones = { 0 };
	struct ac_ca_entry *ent = NULL;
	struct ac_err e = AC_ERR_INIT;
	size_t nent = 0;
	char *path, *dir, *serial;

	if (!ac_ca_exists(ctx))
		return;
	dir = ac_state_path(ctx, AC_CA_DIR "/phones");
	ac_dir_list(dir, NULL, false, &phones, &e);
	ac_ca_list(ctx, &ent, &nent, &e);
	ac_err_clear(&e);
	*items = xreallocarray(*items, *n + 1 + phones.n, sizeof(**items));
	path = ac_state_path(ctx, AC_CA_DIR "/ca.crt");
	memset(&(*items)[*n], 0, sizeof(**items));
	inventory_file(ctx, cfg, &(*items)[(*n)++], AC_CA_DEFAULT_NAME, "ca",
		       AC_RENEW_CA, path, &serial);
	free(serial);
	free(path);
	for (size_t i = 0; i < phones.n; i++) {
		struct ac_inventory_item *it = &(*items)[*n];

		path = xasprintf("%s/%s/cert.pem", dir, phones.v[i]);
		memset(it, 0, sizeof(*it));
		inventory_file(ctx, cfg, it, phones.v[i], "phone",
			       AC_RENEW_PHONE, path, &serial);
		free(path);
		if (revoked(ent, nent, serial))
			inventory_item_clear(it);
		else
			(*n)++;
		free(serial);
	}
	ac_ca_entries_free(ent, nent);
	ac_strv_free(&phones);
	free(dir);
}

bool
ac_inventory(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	     struct ac_inventory_item **out, size_t *n, struct ac_err *err)
{
	struct ac_strv names = { 0 };
	struct ac_inventory_item *items;

	if (!ac_managed_names(ctx, &names, err))
		return false;
	items = xcalloc(names.n ? names.n : 1, sizeof(*items));
	for (size_t i = 0; i < names.n; i++) {
		struct ac_inventory_item *it = &items[i];
		struct ac_err e = AC_ERR_INIT;
		struct ac_job job;
		X509 *leaf = NULL;
		bool loaded;

		it->name = xstrdup(names.v[i]);
		ac_renew_last_load(ctx, it->name, &it->last);
		loaded = ac_managed_load(ctx, cfg, it->name, &job, &leaf, &e);
		if (!loaded || !ac_certinfo_get(ctx, leaf, &it->info, &e)) {
			it->problem = xstrdup(e.msg ? e.msg : "?");
			it->kind = xstrdup("?");
		} else {
			it->have_info = true;
			it->kind = xstrdup(ac_job_kind_name(job.kind));
			it->method = ac_renew_method_for(job.kind);
			it->due = ac_renew_due_at(it->method, it->info.not_before,
						  it->info.not_after,
						  cfg->renew_days);
			/* Asterisk reads the deployed pair, not the state */
			if (!ac_job_check_deployed(ctx, cfg, &job, leaf, &e))
				it->deployed = xstrdup(e.msg);
			ac_err_clear(&e);
			/* the last window the CA gave, without asking it */
			if (job.kind == AC_JOB_ACME && job.acme &&
			    ac_acme_ari_due(ctx, cfg, it->name, job.acme, leaf,
					    true, &it->due, &e)) {
				it->method = AC_RENEW_ARI;
				it->explanation = ac_acme_ari_explanation(
					ctx, it->name, leaf);
			}
			ac_err_clear(&e);
			/* due as ACME, but someone must make the records */
			if (job.kind == AC_JOB_ACME && job.acme &&
			    job.acme->mode == AC_ACME_DNS_MANUAL)
				it->method = AC_RENEW_DNS_MANUAL;
		}
		if (loaded)
			ac_job_free(&job);
		X509_free(leaf);
		ac_err_clear(&e);
	}
	*n = names.n;
	inventory_ca(ctx, cfg, &items, n);
	*out = items;
	ac_strv_free(&names);
	return true;
}

void
ac_inventory_free(struct ac_inventory_item *items, size_t n)
{
	if (!items)
		return;
	for (size_t i = 0; i < n; i++)
		inventory_item_clear(&items[i]);
	free(items);
}
