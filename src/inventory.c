/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The inventory: which certificates astcert manages, loading one, when each
 * is due, the record of its last renewal and the list 'astcert status' shows.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include "src/ca.h"
#include "src/certinfo.h"
#include "src/i18n.h"
#include "src/layout.h"
#include "src/inventory.h"
#include "src/acme.h"
#include "src/profile.h"
#include "src/source.h"
#include "src/step.h"
#include "src/store.h"
#include "src/util.h"

enum ac_renew_method
ac_inventory_method_for(enum ac_job_kind kind)
{
	const struct ac_source *src = ac_source_get(kind);

	return src ? src->renew : AC_RENEW_MANUAL;
}

enum ac_renew_method
ac_inventory_method_of(const struct ac_job *job)
{
	/* due as ACME, but someone must make the records */
	if (job->kind == AC_JOB_ACME && job->acme &&
	    job->acme->mode == AC_ACME_DNS_MANUAL)
		return AC_RENEW_DNS_MANUAL;
	return ac_inventory_method_for(job->kind);
}

#define TIMER_UNIT "astcert-renew.timer"

/* Whether path (under ctx's root) exists, itself: a link is not followed. */
static bool
present(const struct ac_ctx *ctx, const char *path)
{
	char *p = ac_path(ctx, path);
	struct stat st;
	bool yes = lstat(p, &st) == 0;

	free(p);
	return yes;
}

/* Whether a crontab file (not a link) has a line, not a comment, that
 * runs "astcert renew". */
static bool
crontab_renews(const char *path)
{
	struct ac_buf b = { 0 };
	struct stat st;
	bool yes = false;

	if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !ac_read_file(path, &b, NULL))
		return false;
	for (char *line = b.data, *end; line && *line && !yes; line = end) {
		end = strchr(line, '\n');
		if (end)
			*end++ = '\0';
		line += strspn(line, " \t");
		yes = *line != '#' && strstr(line, "astcert") &&
		      strstr(strstr(line, "astcert"), " renew");
	}
	ac_buf_clear(&b);
	return yes;
}

static bool
cron_renews(const struct ac_ctx *ctx)
{
	static const char *const files[] = {
		"/etc/crontab", "/var/spool/cron/crontabs/root",
	};
	struct ac_strv d = { 0 };
	char *dir = ac_path(ctx, "/etc/cron.d");
	bool yes = false;

	for (size_t i = 0; i < sizeof(files) / sizeof(*files) && !yes; i++) {
		char *p = ac_path(ctx, files[i]);

		yes = crontab_renews(p);
		free(p);
	}
	if (!yes && ac_dir_list(dir, NULL, true, &d, NULL))
		for (size_t i = 0; i < d.n && !yes; i++)
			yes = crontab_renews(d.v[i]);
	ac_strv_clear(&d);
	free(dir);
	return yes;
}

enum ac_timer
ac_inventory_timer(const struct ac_ctx *ctx)
{
	static const char *const unit_dirs[] = {
		"/etc/systemd/system", "/usr/local/lib/systemd/system",
		"/usr/lib/systemd/system", "/lib/systemd/system",
	};
	enum ac_timer t = AC_TIMER_MISSING;

	if (ctx && ctx->systemd_dir) {
		struct ac_ctx plain = { 0 };
		char *unit = xasprintf("%s/" TIMER_UNIT, ctx->systemd_dir);
		char *on = xasprintf("%s/timers.target.wants/" TIMER_UNIT,
				     ctx->systemd_dir);

		t = present(&plain, on) ? AC_TIMER_ON
		    : present(&plain, unit) ? AC_TIMER_OFF : AC_TIMER_MISSING;
		free(unit);
		free(on);
		return t;
	}
	if (present(ctx, "/etc/systemd/system/timers.target.wants/" TIMER_UNIT))
		return AC_TIMER_ON;
	for (size_t i = 0; i < sizeof(unit_dirs) / sizeof(*unit_dirs); i++) {
		char *unit = xasprintf("%s/" TIMER_UNIT, unit_dirs[i]);

		if (present(ctx, unit))
			t = AC_TIMER_OFF;
		free(unit);
	}
	return cron_renews(ctx) ? AC_TIMER_CRON : t;
}

const char *
ac_inventory_timer_text(enum ac_timer timer)
{
	switch (timer) {
	case AC_TIMER_ON:
		return _("The renewal timer is on.");
	case AC_TIMER_CRON:
		return _("Renewals run from cron (a crontab line runs 'astcert renew').");
	case AC_TIMER_OFF:
		return _("The renewal timer is off: nothing renews by itself until 'systemctl enable --now astcert-renew.timer' turns it on.");
	case AC_TIMER_MISSING:
		break;
	}
	return _("No renewal timer is installed: nothing renews by itself until astcert is installed ('make install') and 'systemctl enable --now astcert-renew.timer' turns its timer on.");
}

void
ac_inventory_own_window(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			const char *name, struct ac_job *job, X509 *leaf,
			bool offline, time_t *due,
			enum ac_renew_method *method, char **explanation)
{
	struct ac_err err = AC_ERR_INIT;

	if (job->source && job->source->renew_window &&
	    job->source->renew_window(ctx, cfg, name, job, leaf, offline, due,
				      explanation, &err))
		*method = AC_RENEW_ARI;
	ac_err_clear(&err);
}

const char *
ac_inventory_method_text(enum ac_renew_method method)
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
ac_inventory_method_automatic(enum ac_renew_method method)
{
	return method == AC_RENEW_DAYS || method == AC_RENEW_THIRD ||
	       method == AC_RENEW_ARI;
}

time_t
ac_inventory_due_at(enum ac_renew_method method, time_t not_before,
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
	char *profile = xasprintf("%s/%s/%s", dir, name,
				  ac_layout_file_name(AC_LAYOUT_PROFILE));
	bool ok = access(profile, F_OK) == 0;

	free(profile);
	return ok;
}

bool
ac_inventory_names(const struct ac_ctx *ctx, struct ac_strv *out,
		   struct ac_err *err)
{
	char *dir = ac_layout_cert_dir(ctx, NULL);
	bool ok = ac_dir_list(dir, has_profile, false, out, err);

	free(dir);
	return ok;
}

char *
ac_inventory_pick(const struct ac_ctx *ctx, const char *name,
		  struct ac_err *err)
{
	struct ac_strv names = { 0 };
	struct ac_buf list = { 0 };
	char *pick = NULL;

	if (!ac_inventory_names(ctx, &names, err))
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
		ac_err_set_field(err, AC_FIELD_NAME, AC_ERR_USAGE,
			   _("astcert manages several certificates (%s): choose one by its name."),
			   list.data);
	}
	ac_buf_clear(&list);
	ac_strv_clear(&names);
	return pick;
}

bool
ac_inventory_load(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		  const char *name, struct ac_job *job, X509 **leaf,
		  struct ac_err *err)
{
	char *profile = ac_layout_cert_file(ctx, name, AC_LAYOUT_PROFILE);
	char *cert = ac_layout_cert_file(ctx, name, AC_LAYOUT_CERT);
	STACK_OF(X509) *certs = NULL;
	bool ok = false;

	ac_job_init(job, AC_JOB_SELFSIGNED, cfg);
	if (!ac_job_load(profile, job, err))
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
		ac_job_clear(job);
	sk_X509_pop_free(certs, X509_free);
	free(cert);
	free(profile);
	return ok;
}

bool
ac_inventory_last_load(const struct ac_ctx *ctx, const char *name,
		       struct ac_inventory_last *last)
{
	char *path = ac_layout_cert_file(ctx, name, AC_LAYOUT_LAST);
	char *save = NULL;
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
	ac_buf_clear(&b);
	free(path);
	return ok;
}

void
ac_inventory_last_clear(struct ac_inventory_last *last)
{
	free(last->message);
	memset(last, 0, sizeof(*last));
}

void
ac_inventory_last_save(const struct ac_ctx *ctx, const char *name, bool ok,
		       const char *message)
{
	char *path = ac_layout_cert_file(ctx, name, AC_LAYOUT_LAST);
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

bool
ac_inventory_acme_origin(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			 const char *name, struct ac_acme_opts *o, char **cert,
			 struct ac_err *err)
{
	struct ac_job job;
	char *path;
	bool ok;

	if (!ac_store_name_ok(name, err))
		return false;
	path = ac_layout_cert_file(ctx, name, AC_LAYOUT_PROFILE);
	ac_job_init(&job, AC_JOB_ACME, cfg);
	ok = ac_job_load(path, &job, err);
	if (ok && job.acme) {
		if (!o->server && !o->staging) {
			o->server = job.acme->server ? xstrdup(job.acme->server)
						     : NULL;
			o->staging = job.acme->staging;
		}
		if (!o->ca_bundle && job.acme->ca_bundle)
			o->ca_bundle = xstrdup(job.acme->ca_bundle);
	} else if (ok) {
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s was not issued through ACME: only a CA can revoke it."),
				name);
	}
	if (ok)
		*cert = ac_layout_cert_file(ctx, name, AC_LAYOUT_CERT);
	ac_job_clear(&job);
	free(path);
	return ok;
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
	ac_inventory_last_clear(&it->last);
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
		it->due = ac_inventory_due_at(method, it->info.not_before,
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
	dir = ac_layout_ca(ctx, AC_LAYOUT_CA_PHONES);
	ac_dir_list(dir, NULL, false, &phones, &e);
	ac_ca_list(ctx, &ent, &nent, &e);
	ac_err_clear(&e);
	*items = xreallocarray(*items, *n + 1 + phones.n, sizeof(**items));
	path = ac_layout_ca(ctx, AC_LAYOUT_CA_CERT);
	memset(&(*items)[*n], 0, sizeof(**items));
	inventory_file(ctx, cfg, &(*items)[(*n)++], AC_CA_DEFAULT_NAME, "ca",
		       AC_RENEW_CA, path, &serial);
	free(serial);
	free(path);
	for (size_t i = 0; i < phones.n; i++) {
		struct ac_inventory_item *it = &(*items)[*n];

		path = ac_layout_phone_file(ctx, phones.v[i], AC_LAYOUT_CERT);
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
	ac_strv_clear(&phones);
	free(dir);
}

bool
ac_inventory_list(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		  struct ac_inventory_item **out, size_t *n, struct ac_err *err)
{
	struct ac_strv names = { 0 };
	struct ac_inventory_item *items;

	if (!ac_inventory_names(ctx, &names, err))
		return false;
	items = xcalloc(names.n ? names.n : 1, sizeof(*items));
	for (size_t i = 0; i < names.n; i++) {
		struct ac_inventory_item *it = &items[i];
		struct ac_err e = AC_ERR_INIT;
		struct ac_job job;
		X509 *leaf = NULL;
		bool loaded;

		it->name = xstrdup(names.v[i]);
		ac_inventory_last_load(ctx, it->name, &it->last);
		loaded = ac_inventory_load(ctx, cfg, it->name, &job, &leaf, &e);
		if (!loaded || !ac_certinfo_get(ctx, leaf, &it->info, &e)) {
			it->problem = xstrdup(e.msg ? e.msg : "?");
			it->kind = xstrdup("?");
		} else {
			it->have_info = true;
			it->kind = xstrdup(ac_job_kind_name(job.kind));
			it->method = ac_inventory_method_of(&job);
			it->due = ac_inventory_due_at(it->method, it->info.not_before,
						      it->info.not_after,
						      cfg->renew_days);
			/* Asterisk reads the deployed pair, not the state */
			if (!ac_step_check_deployed(ctx, cfg, &job, leaf, &e))
				it->deployed = xstrdup(e.msg);
			ac_err_clear(&e);
			/* the last window the CA gave, without asking it */
			ac_inventory_own_window(ctx, cfg, it->name, &job, leaf,
						true, &it->due, &it->method,
						&it->explanation);
			if (ac_inventory_method_of(&job) == AC_RENEW_DNS_MANUAL)
				it->method = AC_RENEW_DNS_MANUAL;
		}
		if (loaded)
			ac_job_clear(&job);
		X509_free(leaf);
		ac_err_clear(&e);
	}
	*n = names.n;
	inventory_ca(ctx, cfg, &items, n);
	*out = items;
	ac_strv_clear(&names);
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
