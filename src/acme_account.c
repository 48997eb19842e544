/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ACME options and the account: created once, stored 0600, reused. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "src/acme_int.h"
#include "src/i18n.h"
#include "src/jws.h"
#include "src/keys.h"
#include "src/names.h"
#include "src/solver.h"
#include "src/layout.h"
#include "src/store.h"
#include "src/util.h"

struct ac_acme_opts *
ac_acme_opts_new(void)
{
	return xcalloc(1, sizeof(struct ac_acme_opts));
}

void
ac_acme_opts_free(struct ac_acme_opts *o)
{
	if (!o)
		return;
	free(o->server);
	free(o->email);
	free(o->eab_kid);
	ac_secret_free(o->eab_hmac, 0);
	free(o->http_address);
	free(o->webroot);
	free(o->dns_server);
	free(o->dns_zone);
	free(o->dns_tsig_key_file);
	ac_strv_clear(&o->dns_hook);
	free(o->preferred_chain);
	free(o->profile);
	free(o->ca_bundle);
	free(o->replaces);
	free(o);
}

const char *
ac_acme_opts_url(const struct ac_acme_opts *o, const struct ac_cfg *cfg)
{
	if (o->server)
		return o->server;
	if (o->staging)
		return AC_LE_STAGING;
	if (cfg && cfg->acme_directory && *cfg->acme_directory)
		return cfg->acme_directory;
	return AC_LE_PRODUCTION;
}

bool
ac_acme_public_ca(const char *url)
{
	static const char *const hosts[] = {
		"acme-v02.api.letsencrypt.org",
		"acme-staging-v02.api.letsencrypt.org",
		"acme.zerossl.com",
		"dv.acme-v02.api.pki.goog",
		"dv.acme-v02.test-api.pki.goog",
		"api.buypass.com",
		"api.test4.buypass.no",
		"acme.ssl.com",
		"acme.sectigo.com",
	};
	const char *host;
	size_t len;

	if (!url || strncasecmp(url, "https://", 8) != 0)
		return false;
	host = url + 8;
	len = strcspn(host, ":/?#");
	for (size_t i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		if (strlen(hosts[i]) == len &&
		    strncasecmp(host, hosts[i], len) == 0)
			return true;
	return false;
}

bool
ac_acme_names_for_ca(const struct ac_strv *dns, const char *url,
		     struct ac_err *err)
{
	const char *suffix;

	if (!ac_acme_public_ca(url))
		return true;
	for (size_t i = 0; i < dns->n; i++) {
		suffix = ac_name_special_use(dns->v[i]);
		if (suffix)
			return ac_err_set_field(err, AC_FIELD_DNS, AC_ERR_INPUT,
						_("%s is under .%s, a special-use domain that no public CA certifies: give a public DNS name, or choose the private CA for names on the LAN."),
						dns->v[i], suffix);
	}
	return true;
}

const char *
ac_acme_email(const struct ac_acme_opts *o, const struct ac_cfg *cfg)
{
	if (o->email && *o->email)
		return o->email;
	return cfg && cfg->acme_email && *cfg->acme_email ? cfg->acme_email
							  : NULL;
}

bool
ac_acme_email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && at[1] && !strchr(at + 1, '@') &&
	       strchr(at + 1, '.') && !strpbrk(s, " \t\r\n,;<>\"'()[]\\");
}

bool
ac_acme_opts_validate(const struct ac_acme_opts *o, const struct ac_cfg *cfg,
		      struct ac_err *err)
{
	const char *url = ac_acme_opts_url(o, cfg);
	const char *email = ac_acme_email(o, cfg);
	const struct ac_solver *solver;

	if (o->server && o->staging)
		return ac_err_set_field(err, AC_FIELD_SERVER, AC_ERR_USAGE, _("Give either the staging CA or a directory URL, not both."));
	if (!ac_http_url_ok(url))
		return ac_err_set(err, AC_ERR_USAGE, _("The ACME server URL \"%s\" is not an https:// URL."), url);
	if (email && !ac_acme_email_ok(email))
		return ac_err_set(err, AC_ERR_USAGE, _("\"%s\" is not an e-mail address."), email);
	if (!o->eab_kid != !o->eab_hmac)
		return ac_err_set_field(err, AC_FIELD_EAB, AC_ERR_USAGE, _("External account binding needs both the EAB key ID and its MAC key."));
	if (o->eab_hmac) {
		struct ac_buf b = { .secret = true };
		bool ok = ac_base64url_decode(o->eab_hmac, &b) && b.len > 0;

		ac_buf_clear(&b);
		if (!ok)
			return ac_err_set(err, AC_ERR_USAGE, _("The EAB HMAC key is not base64url: copy it exactly as the CA shows it."));
	}
	solver = ac_solver_get(o->mode);
	if (!solver)
		return ac_err_set(err, AC_ERR_USAGE, _("This challenge method is not available in this build of astcert."));
	if (solver->validate && !solver->validate(o, err))
		return false;
	if (o->profile && !*o->profile)
		return ac_err_set_field(err, AC_FIELD_PROFILE, AC_ERR_USAGE, _("The certificate profile needs a name."));
	return true;
}

/* The file's first line, at most 4 KiB read (a key is under 200 bytes). */
static bool
first_line(int fd, const char *path, char **out, struct ac_err *err)
{
	struct ac_buf b = { .secret = true };
	char chunk[4096];
	ssize_t n;

	while (b.len < sizeof(chunk) &&
	       (n = read(fd, chunk, sizeof(chunk) - b.len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			OPENSSL_cleanse(chunk, sizeof(chunk));
			ac_buf_clear(&b);
			return ac_err_set(err, AC_ERR_IO, _("Cannot read %s: %s."),
					  path, strerror(errno));
		}
		ac_buf_add(&b, chunk, (size_t)n);
	}
	OPENSSL_cleanse(chunk, sizeof(chunk));
	ac_secret_free(*out, 0);
	*out = xstrndup(b.data ? b.data : "",
			b.data ? strcspn(b.data, "\r\n") : 0);
	ac_buf_clear(&b);
	return true;
}

bool
ac_acme_eab_read(const char *path, char **hmac, struct ac_err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	bool ok = false;

	if (fd < 0)
		return ac_err_set(err, AC_ERR_USAGE, _("Cannot read the EAB HMAC key file %s: %s."),
				  path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		ac_err_set(err, AC_ERR_USAGE, _("%s is not a regular file: give the file that holds the EAB HMAC key."),
			   path);
	else if ((st.st_mode & 077) || (st.st_uid != 0 && st.st_uid != geteuid()))
		ac_err_set(err, AC_ERR_USAGE, _("%s holds a secret that other users can read or change: chown it to yourself and chmod 600 %s."),
			   path, path);
	else
		ok = first_line(fd, path, hmac, err);
	close(fd);
	return ok;
}

/* ---- the account, stored under STATE/accounts/HOST/ ---- */

/* "host_port" from https://host:port/path, safe as a directory name. */
static char *
ca_host(const char *url)
{
	const char *p = url + strlen("https://");
	size_t n = strcspn(p, "/?#");
	char *h = xstrndup(p, n), *q;

	for (q = h; *q; q++)
		if (!(*q == '.' || *q == '-' || (*q >= '0' && *q <= '9') ||
		      (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
			*q = '_';
	return h;
}

static char *
account_path(const struct ac_ctx *ctx, const char *url,
	     enum ac_layout_account what)
{
	char *host = ca_host(url);
	char *p = ac_layout_account(ctx, host, what);

	free(host);
	return p;
}

/* The archive's name for replaced account files: never a certificate's
 * (those have no '@'). */
static char *
account_archive(const char *url)
{
	char *host = ca_host(url), *name = xasprintf("account@%s", host);

	free(host);
	return name;
}

/* The stored key and URL; NULL without error when there is none. */
static EVP_PKEY *
load_account(const struct ac_acme *a, char **kid, struct ac_err *err)
{
	char *path = account_path(a->ctx, a->directory_url,
				  AC_LAYOUT_ACCOUNT_KEY);
	struct ac_buf url = { 0 };
	EVP_PKEY *key = NULL;

	*kid = NULL;
	if (access(path, F_OK) == 0) {
		key = ac_key_load(path, NULL, err);
		free(path);
		path = account_path(a->ctx, a->directory_url,
				    AC_LAYOUT_ACCOUNT_URL);
		if (key && access(path, F_OK) == 0) {
			struct ac_err ignore = AC_ERR_INIT;

			if (ac_read_file(path, &url, &ignore)) {
				url.len = strcspn(url.data, "\r\n");
				url.data[url.len] = '\0';
				if (ac_http_url_ok(url.data))
					*kid = ac_buf_steal(&url, NULL);
			}
			ac_err_clear(&ignore);
			ac_buf_clear(&url);
		}
	}
	free(path);
	return key;
}

/* Stores key and kid; files they replace go to the archive. */
static bool
save_account(const struct ac_acme *a, EVP_PKEY *key, const char *kid,
	     struct ac_err *err)
{
	const char *ca_url = a->directory_url;
	char *dir = account_path(a->ctx, ca_url, AC_LAYOUT_ACCOUNT_DIR);
	char *archive = account_archive(ca_url);
	struct ac_buf pem = { 0 };
	char *kpath = account_path(a->ctx, ca_url, AC_LAYOUT_ACCOUNT_KEY);
	char *upath = account_path(a->ctx, ca_url, AC_LAYOUT_ACCOUNT_URL);
	char *url = xasprintf("%s\n", kid);
	struct ac_store_file files[2] = {
		{ kpath, NULL, 0, 0600, geteuid(), getegid() },
		{ upath, url, strlen(url), 0600, geteuid(), getegid() },
	};
	bool ok = ac_store_mkdirs(dir, 0700, err) &&
		  ac_key_to_pem(key, &pem, err);

	if (ok) {
		files[0].data = pem.data;
		files[0].len = pem.len;
		ok = ac_store_install(a->ctx, archive, files, 2, err);
	}
	ac_buf_clear(&pem);
	free(archive);
	free(dir);
	free(url);
	free(upath);
	free(kpath);
	return ok;
}

static bool
new_account(struct ac_acme *a, const struct ac_acme_opts *o,
	    const struct ac_cfg *cfg, struct ac_err *err)
{
	const json_t *meta = json_object_get(a->dir, "meta");
	const char *tos = json_string_value(json_object_get(meta, "termsOfService"));
	const char *email = ac_acme_email(o, cfg);
	const char *url = ac_acme_dir_url(a, "newAccount");
	struct ac_http_response resp = { 0 };
	json_t *req = json_object(), *acct;
	char *payload;
	bool ok = false;

	if (tos && !o->agree_tos) {
		char *shown = ac_acme_escape(tos);

		ac_err_set_field(err, AC_FIELD_TOS, AC_ERR_USAGE, _("The CA's terms of service must be accepted: read %s and agree to them."), shown);
		free(shown);
		goto out;
	}
	if (json_is_true(json_object_get(meta, "externalAccountRequired")) &&
	    !o->eab_kid) {
		ac_err_set_field(err, AC_FIELD_EAB, AC_ERR_USAGE, _("This CA requires external account binding: give the EAB key ID and MAC key from your account at the CA."));
		goto out;
	}
	if (o->agree_tos)
		json_object_set_new(req, "termsOfServiceAgreed", json_true());
	if (email) {
		char *mailto = xasprintf("mailto:%s", email);

		json_object_set_new(req, "contact", json_pack("[s]", mailto));
		free(mailto);
	}
	if (o->eab_kid) {
		json_t *eab = ac_jws_eab(a->key, o->eab_kid, o->eab_hmac, url, err);

		if (!eab)
			goto out;
		json_object_set_new(req, "externalAccountBinding", eab);
	}
	payload = json_dumps(req, JSON_COMPACT);
	ac_acme_set_account(a, a->key, NULL);
	acct = ac_acme_post_json(a, url, payload, &resp, err);
	free(payload);
	if (!acct)
		goto out;
	if (!ac_http_url_ok(resp.location)) {
		ac_err_set(err, AC_ERR_CA, _("The ACME server did not return the account URL."));
	} else if (strcmp(json_string_value(json_object_get(acct, "status")) ?
			  json_string_value(json_object_get(acct, "status")) : "valid",
			  "valid") != 0) {
		ac_err_set(err, AC_ERR_CA, _("The ACME account is deactivated or revoked at this CA."));
	} else {
		ac_acme_set_account(a, a->key, resp.location);
		ok = true;
	}
	json_decref(acct);
out:
	json_decref(req);
	ac_http_response_clear(&resp);
	return ok;
}

/*
 * The stored account when there is one (no request at all), else a new key
 * and account, stored 0600 once the CA has accepted it.
 */
bool
ac_acme_account(struct ac_acme *a, const struct ac_acme_opts *o,
		const struct ac_cfg *cfg, bool create, struct ac_err *err)
{
	char *kid = NULL;
	EVP_PKEY *key = load_account(a, &kid, err);
	bool ok = false;

	if (!key && ac_err_isset(err))
		goto out;
	if (key && kid) {
		ac_acme_set_account(a, key, kid);
		ok = true;
		goto out;
	}
	if (!create) {
		ac_err_set_field(err, AC_FIELD_KEY, AC_ERR_INPUT, _("There is no ACME account for this CA here: give the certificate's key."));
		goto out;
	}
	ac_progress(a->ctx, _("Creating the ACME account"), 0.1, NULL);
	if (!key && !(key = ac_key_generate(AC_KEY_P256, err)))
		goto out;
	ac_acme_set_account(a, key, NULL);
	ok = new_account(a, o, cfg, err) && save_account(a, key, a->kid, err);
	a->account_made = ok;
out:
	EVP_PKEY_free(key);
	free(kid);
	return ok;
}

/*
 * The CA may refuse the old key (an account deactivated there stays bound
 * to it): a CA error is answered with a new key, anything else (terms,
 * network, cancel) is reported as it is.
 */
bool
ac_acme_account_again(struct ac_acme *a, const struct ac_acme_opts *o,
		      const struct ac_cfg *cfg, const char *why,
		      struct ac_err *err)
{
	EVP_PKEY *key = a->key;
	bool ok;

	ac_progress(a->ctx, _("Creating the ACME account"), 0.1, why);
	EVP_PKEY_up_ref(key);
	ac_acme_set_account(a, key, NULL);
	ok = new_account(a, o, cfg, err);
	if (!ok && err && err->code == AC_ERR_CA) {
		EVP_PKEY_free(key);
		ac_err_clear(err);
		key = ac_key_generate(AC_KEY_P256, err);
		if (!key)
			return false;
		ac_acme_set_account(a, key, NULL);
		ok = new_account(a, o, cfg, err);
	}
	ok = ok && save_account(a, key, a->kid, err);
	a->account_made = ok;
	EVP_PKEY_free(key);
	return ok;
}

bool
ac_acme_account_usable(struct ac_acme *a)
{
	struct ac_http_response resp = { 0 };
	struct ac_err probe = AC_ERR_INIT;
	const char *status;
	json_t *acct;
	bool usable;

	if (!a->kid)
		return true;
	acct = ac_acme_post_json(a, a->kid, NULL, &resp, &probe);
	if (acct) {
		status = json_string_value(json_object_get(acct, "status"));
		usable = !status || strcmp(status, "valid") == 0;
		json_decref(acct);
	} else {
		usable = !ac_acme_problem_is(a, "unauthorized") &&
			 !ac_acme_problem_is(a, "accountDoesNotExist");
	}
	ac_err_clear(&probe);
	ac_http_response_clear(&resp);
	return usable;
}
