/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wiring a managed certificate into Asterisk through astcert-owned files. */
#include <config.h>

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/x509v3.h>

#include "src/asterisk.h"
#include "src/ca.h"
#include "src/i18n.h"
#include "src/keys.h"
#include "src/inventory.h"
#include "src/layout.h"
#include "src/step.h"
#include "src/store.h"
#include "src/util.h"

void
ac_asterisk_result_clear(struct ac_asterisk_result *r)
{
	if (!r)
		return;
	free(r->cert_file);
	free(r->key_file);
	free(r->ca_file);
	free(r->sha256);
	ac_strv_clear(&r->files);
	ac_strv_clear(&r->includes);
	ac_strv_clear(&r->warnings);
	memset(r, 0, sizeof(*r));
}

static const char *
lookup(const char *const *vars, const char *name, size_t len)
{
	for (; vars[0] && vars[1]; vars += 2)
		if (strlen(vars[0]) == len && !strncmp(vars[0], name, len))
			return vars[1];
	return NULL;
}

bool
ac_template_render(const char *tmpl, const char *const *vars,
		   struct ac_buf *out, struct ac_err *err)
{
	const char *p = tmpl;

	ac_buf_add(out, "", 0);
	while (*p) {
		const char *at = strchr(p, '@'), *end, *val;

		if (!at) {
			ac_buf_addstr(out, p);
			break;
		}
		ac_buf_add(out, p, (size_t)(at - p));
		if (at[1] == '@') {
			ac_buf_add(out, "@", 1);
			p = at + 2;
			continue;
		}
		end = strchr(at + 1, '@');
		val = end ? lookup(vars, at + 1, (size_t)(end - at - 1)) : NULL;
		if (!val) {
			size_t n = end ? (size_t)(end - at + 1) : strcspn(at, "\n");
			char *bad = xstrndup(at, n);

			ac_err_set(err, AC_ERR_INTERNAL,
				   _("The template uses %s, which astcert does not know: check the templates in the data directory."),
				   bad);
			free(bad);
			return false;
		}
		ac_buf_addstr(out, val);
		p = end + 1;
	}
	return true;
}

/* Whether the mode bits let uid (with groups) do what want asks (4, 1). */
static bool
permits(const struct stat *st, uid_t uid, const gid_t *groups, int ngroups,
	unsigned want)
{
	if (uid == 0)
		return want != 1 || (st->st_mode & 0111) || S_ISDIR(st->st_mode);
	if (st->st_uid == uid)
		return ((st->st_mode >> 6) & want) == want;
	for (int i = 0; i < ngroups; i++)
		if (st->st_gid == groups[i])
			return ((st->st_mode >> 3) & want) == want;
	return (st->st_mode & want) == want;
}

bool
ac_user_can_read(const char *path, const char *user, struct ac_err *err)
{
	struct passwd *pw = getpwnam(user);
	gid_t groups[256];
	int ngroups = 256;
	char *dir = xstrdup(path);
	struct stat st;
	bool ok = true;

	if (!pw) {
		free(dir);
		return ac_err_set(err, AC_ERR_CHECK,
				  _("There is no user \"%s\" on this system, so astcert cannot check that it reads the files."),
				  user);
	}
	if (getgrouplist(user, pw->pw_gid, groups, &ngroups) < 0)
		ngroups = 0;
	if (stat(path, &st) != 0 ||
	    !permits(&st, pw->pw_uid, groups, ngroups, 4))
		ok = false;
	/* every directory above must be searchable */
	for (char *slash = strrchr(dir, '/'); ok && slash && slash != dir;
	     slash = strrchr(dir, '/')) {
		*slash = '\0';
		if (stat(dir, &st) != 0 ||
		    !permits(&st, pw->pw_uid, groups, ngroups, 1))
			ok = false;
	}
	free(dir);
	if (!ok)
		return ac_err_set_field(err, AC_FIELD_OWNER, AC_ERR_CHECK,
				  _("The user \"%s\" cannot read %s: Asterisk would load it and then fail every TLS handshake. Give it to the owner root:%s (key 0640), or fix the directory permissions."),
				  user, path, user);
	return true;
}

/* Key matches certificate, and Asterisk can read both: checked first. */
static bool
check_pair(const char *cert_file, const char *key_file, const char *user,
	   struct ac_asterisk_result *r, struct ac_err *err)
{
	STACK_OF(X509) *certs = ac_x509_load_file(cert_file, err);
	EVP_PKEY *key = certs ? ac_key_load(key_file, NULL, err) : NULL;
	struct ac_err uerr = AC_ERR_INIT;
	bool ok = false;

	if (!key)
		goto out;
	if (!ac_key_matches(sk_X509_value(certs, 0), key)) {
		ac_err_set(err, AC_ERR_CHECK,
			   _("%s does not match %s: Asterisk would fail every handshake. Nothing was changed; re-issue the certificate."),
			   key_file, cert_file);
		goto out;
	}
	if (!ac_user_can_read(cert_file, user, &uerr) ||
	    !ac_user_can_read(key_file, user, &uerr)) {
		if (getpwnam(user)) {
			ac_err_set(err, uerr.code, "%s", uerr.msg);
			goto out;
		}
		ac_strv_add(&r->warnings, uerr.msg);
	}
	r->sha256 = ac_cert_fingerprint(sk_X509_value(certs, 0));
	/* not X509_check_issued: a server certificate may not sign others */
	r->self_signed = X509_self_signed(sk_X509_value(certs, 0), 1) == 1;
	ok = true;
out:
	ac_err_clear(&uerr);
	EVP_PKEY_free(key);
	sk_X509_pop_free(certs, X509_free);
	return ok;
}

/* The private CA for ca_list_file, when it issued the certificate. */
static bool
find_ca(const struct ac_ctx *ctx, const char *out_dir, const char *cert_file,
	const struct ac_owner *owner, struct ac_asterisk_result *r,
	struct ac_err *err)
{
	STACK_OF(X509) *certs = NULL;
	X509 *ca = NULL;
	char *path = NULL;
	bool ok = true;

	if (!ac_ca_exists(ctx))
		return true;
	certs = ac_x509_load_file(cert_file, err);
	if (!certs || !ac_ca_load(ctx, &ca, NULL, err)) {
		ok = false;
		goto out;
	}
	if (X509_check_issued(ca, sk_X509_value(certs, 0)) != X509_V_OK)
		goto out;
	path = xasprintf("%s/%s.crt", out_dir, AC_CA_DEFAULT_NAME);
	/*
	 * Written every time: a file left by a CA that was replaced would make
	 * Asterisk refuse every phone of the new one.
	 */
	if (!ac_ca_export(ctx, out_dir, AC_CA_DEFAULT_NAME, owner, &r->files,
			  err) ||
	    !ac_ca_check_file(ctx, path, err)) {
		ok = false;
		goto out;
	}
	r->ca_file = path;
	path = NULL;
out:
	free(path);
	X509_free(ca);
	sk_X509_pop_free(certs, X509_free);
	return ok;
}

static bool
render_file(const char *dir, const char *file, const char *const *vars,
	    struct ac_buf *out, struct ac_err *err)
{
	char *path = xasprintf("%s/%s.tmpl", dir, file);
	struct ac_buf tmpl = { 0 };
	bool ok = ac_read_file(path, &tmpl, err) &&
		  ac_template_render(tmpl.data, vars, out, err);

	ac_buf_clear(&tmpl);
	free(path);
	return ok;
}

/*
 * The value of the first "key=" line of our include file at path, or NULL.
 * pjsip reloads a transport only when the same file names change: a new
 * cert_file needs a restart, which the admin must be told.
 */
static char *
include_value(const char *path, const char *key)
{
	struct ac_buf b = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char *found = NULL, *save = NULL;
	size_t n = strlen(key);

	if (access(path, F_OK) == 0 && ac_read_file(path, &b, &err) && b.len) {
		for (char *l = strtok_r(b.data, "\n", &save); l && !found;
		     l = strtok_r(NULL, "\n", &save))
			if (!strncmp(l, key, n) && l[n] == '=')
				found = xstrdup(l + n + 1);
	}
	ac_err_clear(&err);
	ac_buf_clear(&b);
	return found;
}

static char *
conf_dir(const struct ac_ctx *ctx, const struct ac_asterisk_opts *opts)
{
	return opts->conf_dir ? xstrdup(opts->conf_dir)
			      : ac_path(ctx, AC_ASTERISK_CONF_DIR);
}

bool
ac_asterisk_check_ca_list(const struct ac_ctx *ctx,
			  const struct ac_asterisk_opts *opts, char **ca_file,
			  struct ac_err *err)
{
	char *conf = conf_dir(ctx, opts);
	char *inc = xasprintf("%s/%s/pjsip.conf", conf, AC_ASTERISK_SUBDIR);
	bool ok = true;

	*ca_file = include_value(inc, "ca_list_file");
	if (*ca_file)
		ok = ac_ca_check_file(ctx, *ca_file, err);
	free(inc);
	free(conf);
	return ok;
}

/* The @NAME@ values of the templates (ca_line is the caller's to free). */
static void
template_vars(const struct ac_asterisk_opts *opts, const char *name,
	      const struct ac_asterisk_result *r, const char *vars[19],
	      char **ca_line)
{
	const char *v[] = {
		"NAME", name,
		"CERT_FILE", r->cert_file,
		"KEY_FILE", r->key_file,
		"METHOD", opts->method ? opts->method : "tlsv1_2",
		"TLS_BIND", opts->tls_bind ? opts->tls_bind : "0.0.0.0:5061",
		"HTTPS_BIND", opts->https_bind ? opts->https_bind : "0.0.0.0:8089",
		"CA_LIST", NULL,
		"VERIFY_CLIENT", opts->verify_clients ? "verify_client=yes" : "verify_client=no",
		"REQUIRE_CLIENT", opts->verify_clients ? "require_client_cert=yes" : "require_client_cert=no",
		NULL,
	};

	*ca_line = r->ca_file
		? xasprintf("ca_list_file=%s", r->ca_file)
		: r->self_signed
		? xstrdup("; ca_list_file: not needed; a self-signed certificate: each phone must trust this certificate itself")
		: xstrdup("; ca_list_file: not needed, a public CA issued the certificate");
	memcpy(vars, v, sizeof(v));
	vars[13] = *ca_line;
}

bool
ac_asterisk_render_pjsip(const struct ac_asterisk_opts *opts,
			 const char *name, const struct ac_asterisk_result *r,
			 struct ac_buf *out, struct ac_err *err)
{
	const char *vars[19];
	char *ca_line;
	bool ok;

	template_vars(opts, name, r, vars, &ca_line);
	ok = render_file(opts->template_dir, "pjsip.conf", vars, out, err);
	free(ca_line);
	return ok;
}

static bool
write_includes(const struct ac_ctx *ctx, const char *name,
	       const struct ac_asterisk_opts *opts,
	       const struct ac_owner *owner, struct ac_asterisk_result *r,
	       struct ac_err *err)
{
	const char *vars[19];
	char *ca_line;
	struct ac_buf pjsip = { 0 }, http = { 0 };
	char *conf = conf_dir(ctx, opts);
	char *dir = xasprintf("%s/%s", conf, AC_ASTERISK_SUBDIR);
	char *paths[2] = { xasprintf("%s/pjsip.conf", dir),
			   xasprintf("%s/http.conf", dir) };
	struct ac_store_file f[2];
	char *previous = include_value(paths[0], "cert_file");
	bool ok = false;

	template_vars(opts, name, r, vars, &ca_line);
	if (previous && strcmp(previous, r->cert_file) != 0)
		ac_strv_add_owned(&r->warnings, xasprintf(
			_("The TLS transport now reads %s instead of %s: 'module reload res_pjsip.so' ignores new file names, so restart Asterisk once."),
			r->cert_file, previous));
	/* the lines the wizard shows are these, by the same function */
	if (!ac_asterisk_render_pjsip(opts, name, r, &pjsip, err) ||
	    !render_file(opts->template_dir, "http.conf", vars, &http, err) ||
	    !ac_store_dir_ok(conf, err) || !ac_store_mkdirs(dir, 0755, err))
		goto out;
	f[0] = (struct ac_store_file){ paths[0], pjsip.data, pjsip.len, 0644,
				       owner->uid, owner->gid };
	f[1] = (struct ac_store_file){ paths[1], http.data, http.len, 0644,
				       owner->uid, owner->gid };
	if (!ac_store_install(ctx, "asterisk-includes", f, 2, err))
		goto out;
	ac_strv_add(&r->files, paths[0]);
	ac_strv_add(&r->files, paths[1]);
	ac_strv_add_owned(&r->includes,
			  xasprintf("%s/pjsip.conf: #include %s/pjsip.conf",
				    conf, AC_ASTERISK_SUBDIR));
	ac_strv_add_owned(&r->includes,
			  xasprintf("%s/http.conf: #include %s/http.conf",
				    conf, AC_ASTERISK_SUBDIR));
	ok = true;
out:
	free(previous);
	free(paths[0]);
	free(paths[1]);
	free(dir);
	free(conf);
	free(ca_line);
	ac_buf_clear(&pjsip);
	ac_buf_clear(&http);
	return ok;
}

static bool
record_deployed(const struct ac_ctx *ctx, const char *name,
		struct ac_err *err)
{
	char *path = ac_layout_state(ctx, AC_LAYOUT_DEPLOYED);
	char *line = xasprintf("%s\n", name);
	struct ac_store_file f = { path, line, strlen(line), 0644, geteuid(),
				   getegid() };
	bool ok = ac_store_install(ctx, NULL, &f, 1, err);

	free(line);
	free(path);
	return ok;
}

char *
ac_asterisk_deployed(const struct ac_ctx *ctx)
{
	char *path = ac_layout_state(ctx, AC_LAYOUT_DEPLOYED);
	struct ac_buf b = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char *name = NULL;

	if (access(path, F_OK) == 0 && ac_read_file(path, &b, &err) && b.len) {
		b.data[strcspn(b.data, "\r\n")] = '\0';
		if (ac_store_name_ok(b.data, &err))
			name = xstrdup(b.data);
	}
	ac_err_clear(&err);
	ac_buf_clear(&b);
	free(path);
	return name;
}

bool
ac_asterisk_deploy(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		   const char *name, const struct ac_asterisk_opts *opts,
		   struct ac_asterisk_result *r, struct ac_err *err)
{
	const char *user = opts->user ? opts->user : AC_ASTERISK_USER;
	struct ac_job job;
	char *out = NULL;
	bool ok = false;

	if (!ac_inventory_load(ctx, cfg, name, &job, NULL, err))
		return false;
	out = ac_step_out_dir(ctx, cfg, &job);
	r->cert_file = xasprintf("%s/%s.crt", out, name);
	r->key_file = xasprintf("%s/%s.key", out, name);
	ac_progress(ctx, _("Checking the key and the permissions"), 0.2, NULL);
	if (!check_pair(r->cert_file, r->key_file, user, r, err) ||
	    !find_ca(ctx, out, r->cert_file, &job.owner, r, err))
		goto out;
	if (opts->verify_clients && !r->ca_file) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("Verifying phones needs a certificate from the private CA: make one with 'astcert ca server'."));
		goto out;
	}
	ac_progress(ctx, _("Writing the Asterisk include files"), 0.6, NULL);
	ok = write_includes(ctx, name, opts, &job.owner, r, err) &&
	     record_deployed(ctx, name, err);
out:
	free(out);
	ac_job_clear(&job);
	return ok;
}
