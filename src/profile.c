/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renewal profiles: what a managed certificate was made from, on disk. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "src/acme.h"
#include "src/cfg.h"
#include "src/i18n.h"
#include "src/names.h"
#include "src/profile.h"
#include "src/solver.h"

static const char *const kind_names[] = {
	[AC_JOB_SELFSIGNED] = "selfsigned",
	[AC_JOB_CSR] = "csr",
	[AC_JOB_IMPORT] = "import",
	[AC_JOB_ACME] = "acme",
	[AC_JOB_CA_INIT] = "ca",
	[AC_JOB_CA_SERVER] = "ca-server",
	[AC_JOB_CA_PHONE] = "ca-phone",
};

const char *
ac_job_kind_name(enum ac_job_kind kind)
{
	return (size_t)kind < sizeof(kind_names) / sizeof(kind_names[0]) ?
		       kind_names[kind] : "?";
}

bool
ac_job_kind_parse(const char *s, enum ac_job_kind *out)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (kind_names[i] && strcmp(s, kind_names[i]) == 0) {
			*out = (enum ac_job_kind)i;
			return true;
		}
	}
	return false;
}

static void
add_string(config_setting_t *group, const char *name, const char *value)
{
	if (value && *value)
		config_setting_set_string(
			config_setting_add(group, name, CONFIG_TYPE_STRING),
			value);
}

static void
add_list(config_setting_t *group, const char *name, const struct ac_strv *l)
{
	config_setting_t *a = config_setting_add(group, name, CONFIG_TYPE_ARRAY);

	for (size_t i = 0; i < l->n; i++)
		config_setting_set_string_elem(a, -1, l->v[i]);
}

/* What a later renewal needs to run the same order (no EAB secret: the
 * stored account is reused). */
static void
render_acme(config_setting_t *root, const struct ac_acme_opts *o)
{
	config_setting_t *g = config_setting_add(root, "acme", CONFIG_TYPE_GROUP);

	add_string(g, "server", o->server);
	config_setting_set_bool(config_setting_add(g, "staging", CONFIG_TYPE_BOOL),
				o->staging);
	add_string(g, "email", o->email);
	config_setting_set_bool(config_setting_add(g, "agree_tos", CONFIG_TYPE_BOOL),
				o->agree_tos);
	add_string(g, "eab_kid", o->eab_kid);
	add_string(g, "mode", ac_solver_name(o->mode));
	add_string(g, "http_address", o->http_address);
	config_setting_set_int(config_setting_add(g, "http_port", CONFIG_TYPE_INT),
			       o->http_port);
	add_string(g, "webroot", o->webroot);
	/* where the DNS secret lives, never the secret */
	add_string(g, "dns_server", o->dns_server);
	add_string(g, "dns_zone", o->dns_zone);
	add_string(g, "dns_tsig_key_file", o->dns_tsig_key_file);
	if (o->dns_hook.n)
		add_list(g, "dns_hook", &o->dns_hook);
	add_string(g, "preferred_chain", o->preferred_chain);
	add_string(g, "profile", o->profile);
	add_string(g, "ca_bundle", o->ca_bundle);
	config_setting_set_bool(config_setting_add(g, "skip_checks", CONFIG_TYPE_BOOL),
				o->skip_checks);
}

bool
ac_profile_render(const struct ac_job *job, const char *out_dir,
		  struct ac_buf *out, struct ac_err *err)
{
	config_t conf;
	config_setting_t *root, *sub;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	config_init(&conf);
	root = config_root_setting(&conf);
	add_string(root, "kind", ac_job_kind_name(job->kind));
	add_string(root, "name", ac_job_name(job));
	add_list(root, "dns", &job->names.dns);
	add_list(root, "ip", &job->names.ip);
	sub = config_setting_add(root, "subject", CONFIG_TYPE_GROUP);
	add_string(sub, "country", job->subject.country);
	add_string(sub, "state", job->subject.state);
	add_string(sub, "locality", job->subject.locality);
	add_string(sub, "organization", job->subject.org);
	add_string(sub, "unit", job->subject.unit);
	add_string(sub, "cn", job->subject.cn);
	add_string(root, "key", ac_key_type_name(job->key_type));
	config_setting_set_int(config_setting_add(root, "days", CONFIG_TYPE_INT),
			       job->days);
	add_string(root, "out", out_dir);
	add_string(root, "owner", job->owner.user);
	add_string(root, "group", job->owner.group);
	if (job->kind == AC_JOB_ACME && job->acme)
		render_acme(root, job->acme);
	mem = open_memstream(&text, &len);
	if (!mem) {
		config_destroy(&conf);
		return ac_err_set(err, AC_ERR_INTERNAL, _("Out of memory."));
	}
	fputs("# astcert renewal profile: written by astcert, read by "
	      "'astcert renew'.\n", mem);
	config_write(&conf, mem);
	fclose(mem);
	ac_buf_add(out, text, len);
	free(text);
	config_destroy(&conf);
	return true;
}

static void
load_list(config_t *conf, const char *name, struct ac_strv *l)
{
	config_setting_t *a = config_lookup(conf, name);

	for (int i = 0; a && i < config_setting_length(a); i++) {
		const char *v = config_setting_get_string_elem(a, i);

		if (v)
			ac_strv_add(l, v);
	}
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

static void
load_string(config_t *conf, const char *path, char **dst)
{
	const char *v;

	if (config_lookup_string(conf, path, &v))
		ac_subject_set(dst, v);
}

static bool
load_acme(config_t *conf, const char *path, struct ac_job *job,
	  struct ac_err *err)
{
	struct ac_acme_opts *o;
	const char *v;
	int b, port;

	if (!config_lookup(conf, "acme"))
		return true;
	o = job->acme ? job->acme : (job->acme = ac_acme_opts_new());
	load_string(conf, "acme.server", &o->server);
	if (config_lookup_bool(conf, "acme.staging", &b))
		o->staging = b;
	load_string(conf, "acme.email", &o->email);
	if (config_lookup_bool(conf, "acme.agree_tos", &b))
		o->agree_tos = b;
	load_string(conf, "acme.eab_kid", &o->eab_kid);
	if (config_lookup_string(conf, "acme.mode", &v)) {
		if (!ac_solver_mode(v, &o->mode))
			return ac_err_set(err, AC_ERR_INPUT, _("%s: unknown ACME mode \"%s\"."), path, v);
	}
	load_string(conf, "acme.http_address", &o->http_address);
	if (config_lookup_int(conf, "acme.http_port", &port))
		o->http_port = port;
	load_string(conf, "acme.webroot", &o->webroot);
	load_string(conf, "acme.dns_server", &o->dns_server);
	load_string(conf, "acme.dns_zone", &o->dns_zone);
	load_string(conf, "acme.dns_tsig_key_file", &o->dns_tsig_key_file);
	load_list(conf, "acme.dns_hook", &o->dns_hook);
	load_string(conf, "acme.preferred_chain", &o->preferred_chain);
	load_string(conf, "acme.profile", &o->profile);
	load_string(conf, "acme.ca_bundle", &o->ca_bundle);
	if (config_lookup_bool(conf, "acme.skip_checks", &b))
		o->skip_checks = b;
	return true;
}

bool
ac_profile_load(const char *path, struct ac_job *job, struct ac_err *err)
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
	load_string(&conf, "name", &job->name);
	load_list(&conf, "dns", &job->names.dns);
	load_list(&conf, "ip", &job->names.ip);
	if (!check_names(path, &job->names, err))
		goto out;
	load_string(&conf, "subject.country", &job->subject.country);
	load_string(&conf, "subject.state", &job->subject.state);
	load_string(&conf, "subject.locality", &job->subject.locality);
	load_string(&conf, "subject.organization", &job->subject.org);
	load_string(&conf, "subject.unit", &job->subject.unit);
	load_string(&conf, "subject.cn", &job->subject.cn);
	if (config_lookup_string(&conf, "key", &v) &&
	    !ac_key_type_parse(v, &job->key_type)) {
		ac_err_set(err, AC_ERR_INPUT, _("%s: unknown key type \"%s\"."), path, v);
		goto out;
	}
	if (config_lookup_int(&conf, "days", &days))
		job->days = days;
	load_string(&conf, "out", &job->out_dir);
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
	ok = load_acme(&conf, path, job, err);
out:
	free(owner);
	config_destroy(&conf);
	return ok;
}
