/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private CA: creating it, and signing server and phone certificates. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>

#include "src/ca.h"
#include "src/i18n.h"
#include "src/keys.h"
#include "src/layout.h"
#include "src/source.h"
#include "src/step.h"
#include "src/store.h"
#include "src/util.h"

struct ac_ca_opts *
ac_ca_opts_new(void)
{
	return xcalloc(1, sizeof(struct ac_ca_opts));
}

void
ac_ca_opts_free(struct ac_ca_opts *opts)
{
	if (!opts)
		return;
	free(opts->mac);
	ac_secret_free(opts->password, 0);
	ac_strv_clear(&opts->permitted_dns);
	free(opts->fingerprint);
	free(opts);
}

char *
ac_ca_read_password(const char *path, struct ac_err *err)
{
	struct ac_buf b = { .secret = true };
	char *pw;
	size_t n;

	if (!ac_read_file(path, &b, err))
		return NULL;
	n = strcspn(b.data ? b.data : "", "\r\n");
	if (n == 0) {
		ac_buf_clear(&b);
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the password file is empty: put the export password on its first line."),
			   path);
		return NULL;
	}
	pw = xstrndup(b.data, n);
	ac_buf_clear(&b);
	return pw;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Takes hex digits in groups of group_len separated by sep (0 = none). */
static bool
mac_groups(const char *s, int groups, int group_len, char sep, char *out)
{
	int k = 0;

	for (int g = 0; g < groups; g++) {
		if (g && sep && *s++ != sep)
			return false;
		for (int i = 0; i < group_len; i++, s++) {
			if (hexval(*s) < 0)
				return false;
			out[k++] = (char)tolower((unsigned char)*s);
		}
	}
	out[k] = '\0';
	return *s == '\0';
}

char *
ac_mac_normalize(const char *mac, struct ac_err *err)
{
	char out[13];
	size_t n = strlen(mac);
	bool ok = false;

	if (n == 17 && (mac[2] == ':' || mac[2] == '-'))
		ok = mac_groups(mac, 6, 2, mac[2], out);
	else if (n == 14 && mac[4] == '.')
		ok = mac_groups(mac, 3, 4, '.', out);
	else if (n == 12)
		ok = mac_groups(mac, 1, 12, 0, out);
	if (!ok) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("\"%s\" is not a MAC address: write it as 00:04:F2:A1:B2:C3, 00-04-f2-a1-b2-c3, 0004.f2a1.b2c3 or 0004f2a1b2c3."),
			   mac);
		return NULL;
	}
	return xstrdup(out);
}

char *
ac_fingerprint_group(const char *fingerprint, int per_line)
{
	struct ac_buf b = { 0 };
	int pair = 0;

	ac_buf_add(&b, "", 0);
	for (const char *p = fingerprint; *p; p++) {
		if (*p != ':') {
			ac_buf_add(&b, p, 1);
			continue;
		}
		if (++pair % per_line == 0)
			ac_buf_addstr(&b, "\n");
		else
			ac_buf_addstr(&b, ":");
	}
	return ac_buf_steal(&b, NULL);
}

int
ac_ca_lock(const struct ac_ctx *ctx, struct ac_err *err)
{
	return ac_store_lock(ctx, AC_LAYOUT_CA_LOCK, -1, err);
}

bool
ac_ca_exists(const struct ac_ctx *ctx)
{
	char *p = ac_layout_ca(ctx, AC_LAYOUT_CA_CERT);
	bool yes = access(p, F_OK) == 0;

	free(p);
	return yes;
}

bool
ac_ca_load(const struct ac_ctx *ctx, X509 **cert, EVP_PKEY **key,
	   struct ac_err *err)
{
	char *cpath = ac_layout_ca(ctx, AC_LAYOUT_CA_CERT);
	char *kpath = ac_layout_ca(ctx, AC_LAYOUT_CA_KEY);
	STACK_OF(X509) *certs = NULL;
	EVP_PKEY *k = NULL;
	bool ok = false;

	if (!ac_ca_exists(ctx)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("There is no private CA yet: create it with 'astcert ca init'."));
		goto out;
	}
	certs = ac_x509_load_file(cpath, err);
	if (!certs)
		goto out;
	if (key) {
		k = ac_key_load(kpath, NULL, err);
		if (!k)
			goto out;
		if (!ac_key_matches(sk_X509_value(certs, 0), k)) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("%s does not match %s: the CA is damaged; restore it from the archive or a backup."),
				   kpath, cpath);
			goto out;
		}
		*key = k;
		k = NULL;
	}
	if (cert)
		*cert = X509_dup(sk_X509_value(certs, 0));
	ok = true;
out:
	EVP_PKEY_free(k);
	sk_X509_pop_free(certs, X509_free);
	free(cpath);
	free(kpath);
	return ok;
}

const char *
ac_ca_default_cn(void)
{
	/* TRANSLATORS: the private CA's name (CN) when none is given; the
	 * phones show it */
	return _("astcert private CA");
}

char *
ac_ca_serial_hex(X509 *cert)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
	char *h = bn ? BN_bn2hex(bn) : NULL;
	char *s = xstrdup(h ? h : "0");

	OPENSSL_free(h);
	BN_free(bn);
	return s;
}

/* The owner for installed files: given, configured, or the default. */
static struct ac_store_file
mem_file(const char *path, const struct ac_buf *b, mode_t mode, uid_t uid,
	 gid_t gid)
{
	return (struct ac_store_file){ path, b->data, b->len, mode, uid, gid };
}

static bool
der_of(X509 *cert, struct ac_buf *out, struct ac_err *err)
{
	unsigned char *der = NULL;
	int n = i2d_X509(cert, &der);

	if (n <= 0) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not encode the certificate."));
		ac_err_ssl(err);
		return false;
	}
	ac_buf_add(out, der, (size_t)n);
	OPENSSL_free(der);
	return true;
}

static bool
run_init(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	 struct ac_job *job, struct ac_err *err)
{
	const struct ac_strv *permitted = job->ca ? &job->ca->permitted_dns
						  : NULL;
	struct ac_x509_spec spec = {
		.subject = &job->subject,
		.usage = AC_USAGE_CA,
		.days = job->days,
		.pathlen = 0,
		.permitted_dns = permitted,
	};
	struct ac_buf pem = { 0 }, der = { 0 }, key = { 0 };
	struct ac_store_file files[4];
	char *dir = ac_layout_ca(ctx, AC_LAYOUT_CA_DIR), *paths[4] = { 0 };
	char *out = NULL;
	const char *name = job->name ? job->name : AC_CA_DEFAULT_NAME;
	EVP_PKEY *k = NULL;
	X509 *cert = NULL;
	bool ok = false;

	if (!job->subject.cn || !*job->subject.cn)
		ac_subject_set(&job->subject.cn, ac_ca_default_cn());
	if (job->key_type != AC_KEY_P384 && job->key_type != AC_KEY_RSA4096) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("A CA key must be p384 (default) or rsa4096: it signs for ten years."));
		goto out;
	}
	if (!ac_subject_validate(&job->subject, true, err) ||
	    !ac_store_name_ok(name, err) || !ac_step_owner(cfg, job, err))
		goto out;
	if (ac_ca_exists(ctx)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("A private CA already exists in %s: its certificates stay valid. Move that directory away first to start a new CA."),
			   dir);
		goto out;
	}
	out = ac_step_out_dir(ctx, cfg, job);
	if (!ac_store_dir_ok(out, err) || !ac_store_mkdirs(dir, 0700, err))
		goto out;
	ac_progress(ctx, _("Generating the CA key"), 0.1,
		    ac_key_type_name(job->key_type));
	k = ac_key_generate(job->key_type, err);
	if (!k)
		goto out;
	ac_progress(ctx, _("Signing the CA certificate"), 0.6, NULL);
	cert = ac_x509_issue(ctx, k, &spec, NULL, k, err);
	if (!cert || !ac_x509_to_pem(cert, &pem, err) || !der_of(cert, &der, err) ||
	    !ac_key_to_pem(k, &key, err))
		goto out;
	if (ac_cancelled(ctx)) {
		ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was written."));
		goto out;
	}
	paths[0] = xasprintf("%s/%s.crt", out, name);
	paths[1] = xasprintf("%s/%s.der", out, name);
	paths[2] = ac_layout_ca(ctx, AC_LAYOUT_CA_CERT);
	paths[3] = ac_layout_ca(ctx, AC_LAYOUT_CA_KEY);
	files[0] = mem_file(paths[0], &pem, 0644, job->owner.uid, job->owner.gid);
	files[1] = mem_file(paths[1], &der, 0644, job->owner.uid, job->owner.gid);
	files[2] = mem_file(paths[2], &pem, 0644, geteuid(), getegid());
	files[3] = mem_file(paths[3], &key, 0600, geteuid(), getegid());
	ac_progress(ctx, _("Installing"), 0.8, NULL);
	if (!ac_store_install(ctx, AC_CA_DEFAULT_NAME, files, 4, err))
		goto out;
	for (size_t i = 0; i < 4; i++)
		ac_strv_add(&job->result.files, paths[i]);
	ok = ac_certinfo_get(ctx, cert, &job->result.info, err);
	job->result.have_info = ok;
out:
	for (size_t i = 0; i < 4; i++)
		free(paths[i]);
	ac_buf_clear(&pem);
	ac_buf_clear(&der);
	ac_buf_clear(&key);
	X509_free(cert);
	EVP_PKEY_free(k);
	free(out);
	free(dir);
	return ok;
}

/* Keeps a copy of what the CA signed, for 'ca list' and revocation. */
static char *
issued_path(const struct ac_ctx *ctx, X509 *cert, struct ac_err *err)
{
	char *dir = ac_layout_ca(ctx, AC_LAYOUT_CA_ISSUED), *serial, *p;

	if (!ac_store_mkdirs(dir, 0700, err)) {
		free(dir);
		return NULL;
	}
	serial = ac_ca_serial_hex(cert);
	p = ac_layout_ca_issued(ctx, serial);
	free(serial);
	free(dir);
	return p;
}

static bool
record_issued(const struct ac_ctx *ctx, X509 *cert, struct ac_err *err)
{
	struct ac_buf pem = { 0 };
	struct ac_store_file f;
	char *path = issued_path(ctx, cert, err);
	bool ok;

	if (!path)
		return false;
	ok = ac_x509_to_pem(cert, &pem, err);
	f = mem_file(path, &pem, 0644, geteuid(), getegid());
	ok = ok && ac_store_install(ctx, NULL, &f, 1, err);
	ac_buf_clear(&pem);
	free(path);
	return ok;
}

/*
 * A failed install after the record: the certificate is revoked as void
 * (a part of it may be out).  Keeps err's message; a failure to void is
 * added to its detail.
 */
static void
void_issued(const struct ac_ctx *ctx, X509 *cert, struct ac_err *err)
{
	struct ac_err verr = AC_ERR_INIT;

	if (!ac_ca_void_locked(ctx, cert, &verr))
		ac_err_detail(err, "%s", verr.msg ? verr.msg : "");
	ac_err_clear(&verr);
}

/*
 * What the CA signed is recorded before it can leave the CA: a kill or a
 * full disk in between leaves an entry 'ca list' shows and 'ca revoke'
 * can revoke, never a certificate out there that nobody knows about.
 */
static bool
record_then_install(const struct ac_ctx *ctx, X509 *cert,
		    bool (*install)(const struct ac_ctx *, const void *,
				    struct ac_err *),
		    const void *arg, struct ac_err *err)
{
	if (ac_cancelled(ctx))
		return ac_err_set(err, AC_ERR_CANCELLED,
				  _("Cancelled; nothing was written."));
	if (!record_issued(ctx, cert, err))
		return false;
	ac_progress(ctx, _("Installing"), 0.8, NULL);
	if (install(ctx, arg, err))
		return true;
	void_issued(ctx, cert, err);
	return false;
}

struct server_install {
	const struct ac_cfg *cfg;
	struct ac_job *job;
	const struct ac_issued *issued;
};

static bool
install_server(const struct ac_ctx *ctx, const void *arg, struct ac_err *err)
{
	const struct server_install *si = arg;

	return ac_step_install(ctx, si->cfg, si->job, si->issued, err);
}

static bool
run_server(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	   struct ac_job *job, X509 *ca, EVP_PKEY *ca_key, struct ac_err *err)
{
	struct ac_x509_spec spec = {
		.subject = &job->subject,
		.names = &job->names,
		.usage = AC_USAGE_SERVER,
		.days = job->days,
		.pathlen = -1,
	};
	struct ac_issued issued = { 0 };
	struct server_install si = { cfg, job, &issued };
	bool ok = false;

	if (job->days > AC_DAYS_BROWSER_MAX)
		return ac_err_set_field(err, AC_FIELD_DAYS, AC_ERR_INPUT,
				  ngettext("A server certificate may last at most %d day (browsers and Apple clients refuse longer ones): give a validity of %d days or less.",
					   "A server certificate may last at most %d days (browsers and Apple clients refuse longer ones): give a validity of %d days or less.",
					   AC_DAYS_BROWSER_MAX),
				  AC_DAYS_BROWSER_MAX, AC_DAYS_BROWSER_MAX);
	if (!ac_step_prepare(ctx, cfg, job, err))
		return false;
	ac_progress(ctx, _("Generating the key"), 0.1,
		    ac_key_type_name(job->key_type));
	issued.key = ac_key_generate(job->key_type, err);
	if (!issued.key)
		return false;
	ac_progress(ctx, _("Signing the certificate"), 0.6, NULL);
	issued.leaf = ac_x509_issue(ctx, issued.key, &spec, ca, ca_key, err);
	ok = issued.leaf &&
	     record_then_install(ctx, issued.leaf, install_server, &si, err);
	X509_free(issued.leaf);
	EVP_PKEY_free(issued.key);
	return ok;
}

/* Files of a phone: state copies plus the exports. */
struct phone_files {
	struct ac_buf cert, key, p12;
	char *paths[6];
	struct ac_store_file f[6];
	size_t n;
	char *archive;		/* "phone-MAC" */
};

static bool
install_phone(const struct ac_ctx *ctx, const void *arg, struct ac_err *err)
{
	const struct phone_files *pf = arg;

	return ac_store_install(ctx, pf->archive, pf->f, pf->n, err);
}

static void
phone_files_clear(struct phone_files *pf)
{
	ac_buf_clear(&pf->cert);
	ac_buf_clear(&pf->key);
	ac_buf_clear(&pf->p12);
	for (size_t i = 0; i < 6; i++)
		free(pf->paths[i]);
	free(pf->archive);
}

static void
phone_add(struct phone_files *pf, char *path, const struct ac_buf *b,
	  mode_t mode, uid_t uid, gid_t gid)
{
	pf->paths[pf->n] = path;
	pf->f[pf->n] = mem_file(path, b, mode, uid, gid);
	pf->n++;
}

static bool
run_phone(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	  struct ac_job *job, X509 *ca, EVP_PKEY *ca_key, struct ac_err *err)
{
	struct ac_x509_spec spec = {
		.subject = &job->subject,
		.usage = AC_USAGE_CLIENT,
		.days = job->days,
		.pathlen = -1,
	};
	struct phone_files pf = { .key.secret = true, .p12.secret = true };
	const char *mac = job->ca ? job->ca->mac : NULL, *name;
	char *state = NULL, *out = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	mode_t keymode;
	bool ok = false;

	if (!mac)
		return ac_err_set_field(err, AC_FIELD_MAC, AC_ERR_USAGE,
				  _("A phone certificate needs the phone's MAC address: give it."));
	/* the book's advice: a subscriber name that means nothing outside */
	ac_subject_set(&job->subject.cn, mac);
	if (!job->name)
		job->name = xstrdup(mac);
	name = job->name;
	if (job->days <= 0 || job->days > AC_DAYS_MAX)
		return ac_err_set_field(err, AC_FIELD_DAYS, AC_ERR_INPUT,
				  ngettext("A validity of %d days is out of range: give 1 to %d day.",
					   "A validity of %d days is out of range: give 1 to %d days.",
					   AC_DAYS_MAX),
				  job->days, AC_DAYS_MAX);
	if (!ac_subject_validate(&job->subject, true, err) ||
	    !ac_store_name_ok(name, err) || !ac_step_owner(cfg, job, err))
		return false;
	state = ac_layout_phone_dir(ctx, mac);
	out = job->out_dir ? xstrdup(job->out_dir) : xstrdup(state);
	if (!ac_store_mkdirs(state, 0700, err) || !ac_store_dir_ok(out, err))
		goto out;
	ac_progress(ctx, _("Generating the key"), 0.1,
		    ac_key_type_name(job->key_type));
	key = ac_key_generate(job->key_type, err);
	if (!key)
		goto out;
	ac_progress(ctx, _("Signing the certificate"), 0.6, NULL);
	cert = ac_x509_issue(ctx, key, &spec, ca, ca_key, err);
	if (!cert || !ac_x509_to_pem(cert, &pf.cert, err) ||
	    !ac_key_to_pem(key, &pf.key, err))
		goto out;
	if (job->ca->password &&
	    !ac_ca_pkcs12(key, cert, ca, mac, job->ca->password, job->ca->p12,
			  &pf.p12, err))
		goto out;
	keymode = ac_owner_key_mode(&job->owner);
	phone_add(&pf, xasprintf("%s/%s.crt", out, name), &pf.cert, 0644,
		  job->owner.uid, job->owner.gid);
	phone_add(&pf, xasprintf("%s/%s.key", out, name), &pf.key, keymode,
		  job->owner.uid, job->owner.gid);
	if (pf.p12.len)
		phone_add(&pf, xasprintf("%s/%s.p12", out, name), &pf.p12,
			  keymode, job->owner.uid, job->owner.gid);
	phone_add(&pf, ac_layout_phone_file(ctx, mac, AC_LAYOUT_CERT),
		  &pf.cert, 0644, geteuid(), getegid());
	phone_add(&pf, ac_layout_phone_file(ctx, mac, AC_LAYOUT_PRIVKEY),
		  &pf.key, 0600, geteuid(), getegid());
	pf.archive = xasprintf("phone-%s", mac);
	if (!record_then_install(ctx, cert, install_phone, &pf, err))
		goto out;
	for (size_t i = 0; i < pf.n; i++)
		ac_strv_add(&job->result.files, pf.paths[i]);
	ok = ac_certinfo_get(ctx, cert, &job->result.info, err);
	job->result.have_info = ok;
out:
	phone_files_clear(&pf);
	X509_free(cert);
	EVP_PKEY_free(key);
	free(out);
	free(state);
	return ok;
}

/* What the CA signs: run_server, run_phone. */
typedef bool sign_fn(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     struct ac_job *job, X509 *ca, EVP_PKEY *ca_key,
		     struct ac_err *err);

static bool
ca_signs(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	 struct ac_job *job, sign_fn *sign, struct ac_err *err)
{
	X509 *ca = NULL;
	EVP_PKEY *ca_key = NULL;
	bool ok;

	if (!ac_ca_load(ctx, &ca, &ca_key, err))
		return false;
	ok = sign(ctx, cfg, job, ca, ca_key, err);
	if (ok) {
		free(job->ca->fingerprint);
		job->ca->fingerprint = ac_cert_fingerprint(ca);
	}
	X509_free(ca);
	EVP_PKEY_free(ca_key);
	return ok;
}

/* With the CA's lock held: a new CA (sign NULL), or what sign makes. */
static bool
locked_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	   struct ac_job *job, sign_fn *sign, struct ac_err *err)
{
	int lock;
	bool ok;

	if (!job->ca)
		job->ca = ac_ca_opts_new();
	/* two runs at once: one CA, every serial recorded, nothing lost */
	lock = ac_ca_lock(ctx, err);
	if (lock < 0)
		return false;
	if (sign) {
		ok = ca_signs(ctx, cfg, job, sign, err);
	} else {
		ok = run_init(ctx, cfg, job, err);
		if (ok)
			job->ca->fingerprint = xstrdup(job->result.info.sha256);
	}
	close(lock);
	return ok;
}

/*
 * The sources AC_JOB_CA_INIT, AC_JOB_CA_SERVER and AC_JOB_CA_PHONE.
 *   init:   a new CA (refuses to replace one), exported to OUT/NAME.crt
 *           (PEM) and OUT/NAME.der; key P-384 unless RSA 4096 was asked.
 *   server: a server certificate of at most 825 days, installed like any
 *           managed certificate (renewal profile "ca-server").
 *   phone:  a client certificate, CN = the MAC, kept in STATE/ca/phones/MAC/
 *           and exported to OUT/NAME.crt + OUT/NAME.key (+ OUT/NAME.p12
 *           when a password was given).
 */
static bool
init_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	 struct ac_job *job, struct ac_err *err)
{
	return locked_run(ctx, cfg, job, NULL, err);
}

static bool
server_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	   struct ac_job *job, struct ac_err *err)
{
	return locked_run(ctx, cfg, job, run_server, err);
}

static bool
phone_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	  struct ac_job *job, struct ac_err *err)
{
	return locked_run(ctx, cfg, job, run_phone, err);
}

static void
clear(struct ac_job *job)
{
	ac_ca_opts_free(job->ca);
	job->ca = NULL;
}

const struct ac_source ac_ca_source_init = {
	.kind = AC_JOB_CA_INIT,
	.name = "ca",
	.command = "ca init",
	.installs = true,
	.renew = AC_RENEW_DAYS,
	.run = init_run,
	.clear = clear,
};

const struct ac_source ac_ca_source_server = {
	.kind = AC_JOB_CA_SERVER,
	.name = "ca-server",
	.command = "ca server",
	.installs = true,
	.browser_days = true,
	.renew = AC_RENEW_DAYS,
	.run = server_run,
	.clear = clear,
};

const struct ac_source ac_ca_source_phone = {
	.kind = AC_JOB_CA_PHONE,
	.name = "ca-phone",
	.command = "ca phone",
	.installs = true,
	.browser_days = true,
	.renew = AC_RENEW_DAYS,
	.run = phone_run,
	.clear = clear,
};
