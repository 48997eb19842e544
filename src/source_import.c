/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import and CSR sources, and the pending CSR keys that link them. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>

#include "src/certinfo.h"
#include "src/chain.h"
#include "src/i18n.h"
#include "src/import.h"
#include "src/keys.h"
#include "src/layout.h"
#include "src/source.h"
#include "src/step.h"
#include "src/store.h"
#include "src/text.h"

/* Most pending CSRs looked at for a key. */
#define MAX_PENDING 1000
static char *
pending_dir(const struct ac_ctx *ctx, const char *name)
{
	return ac_layout_csr(ctx, name, AC_LAYOUT_CSR_DIR);
}

/*
 * Looks through the pending CSRs for the key of cert.  Returns the key and
 * the pending entry's name (*name, new string), or NULL without error when
 * none matches.
 */
static EVP_PKEY *
find_pending_key(const struct ac_ctx *ctx, X509 *cert, char **name,
		 struct ac_err *err)
{
	char *dir = pending_dir(ctx, NULL);
	DIR *d = opendir(dir);
	struct dirent *e;
	EVP_PKEY *found = NULL;
	int seen = 0;

	(void)err;
	while (d && !found && seen++ < MAX_PENDING && (e = readdir(d))) {
		struct ac_err ignored = AC_ERR_INIT;
		EVP_PKEY *key;
		char *path;

		if (!ac_store_name_ok(e->d_name, &ignored)) {
			ac_err_clear(&ignored);
			continue;
		}
		path = ac_layout_csr(ctx, e->d_name, AC_LAYOUT_CSR_KEY);
		key = ac_key_load(path, NULL, &ignored);
		ac_err_clear(&ignored);
		free(path);
		if (key && ac_key_matches(cert, key)) {
			found = key;
			*name = xstrdup(e->d_name);
		} else {
			EVP_PKEY_free(key);
		}
	}
	if (d)
		closedir(d);
	free(dir);
	return found;
}

/* Removes the pending CSR NAME (its key is wiped from disk by unlinking). */
static bool
forget_pending(const struct ac_ctx *ctx, const char *name, struct ac_err *err)
{
	static const enum ac_layout_csr files[] = { AC_LAYOUT_CSR_KEY,
						    AC_LAYOUT_CSR_REQ };
	char *dir = pending_dir(ctx, name);
	bool ok = true;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = ac_layout_csr(ctx, name, files[i]);

		if (unlink(path) != 0 && errno != ENOENT)
			ok = ac_err_set(err, AC_ERR_IO, _("Cannot remove %s: %s."),
					path, strerror(errno));
		free(path);
	}
	if (ok && rmdir(dir) != 0 && errno != ENOENT)
		ok = ac_err_set(err, AC_ERR_IO, _("Cannot remove %s: %s."), dir,
				strerror(errno));
	free(dir);
	return ok;
}

/*
 * The CSR source: a new key and a CSR for the job's subject and names, kept
 * as STATE/csr/NAME/{key.pem (0600), csr.pem}; the CSR text goes to
 * job->result.csr_pem.  Fails when NAME already has a pending CSR.
 */
static bool
csr_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	struct ac_job *job, struct ac_err *err)
{
	const char *name = ac_step_name(job);
	struct ac_buf key_pem = { .secret = true }, csr_pem = { 0 };
	struct ac_store_file files[2];
	char *dir = pending_dir(ctx, name), *paths[2] = { NULL, NULL };
	EVP_PKEY *key = NULL;
	X509_REQ *req = NULL;
	struct stat st;
	bool ok = false;
	/* two at once for one name: the second must see the first's key */
	int lock = ac_store_lock(ctx, AC_LAYOUT_CSR_LOCK, -1, err);

	(void)cfg;
	if (lock < 0)
		goto out;
	if (stat(dir, &st) == 0) {
		ac_err_set_field(err, AC_FIELD_NAME, AC_ERR_INPUT,
			   _("A CSR named %s is waiting for its certificate already (%s): import that certificate, or choose another file name."),
			   name, dir);
		goto out;
	}
	ac_progress(ctx, _("Generating the key"), 0.1, ac_key_type_name(job->key_type));
	if (!(key = ac_key_generate(job->key_type, err)))
		goto out;
	ac_progress(ctx, _("Making the request"), 0.6, NULL);
	if (!(req = ac_x509_csr(key, &job->subject, &job->names, err)) ||
	    !ac_csr_to_pem(req, &csr_pem, err) ||
	    !ac_key_to_pem(key, &key_pem, err) ||
	    !ac_store_mkdirs(dir, 0700, err))
		goto out;
	paths[0] = ac_layout_csr(ctx, name, AC_LAYOUT_CSR_KEY);
	paths[1] = ac_layout_csr(ctx, name, AC_LAYOUT_CSR_REQ);
	files[0] = (struct ac_store_file){ paths[0], key_pem.data, key_pem.len,
					   0600, geteuid(), getegid() };
	files[1] = (struct ac_store_file){ paths[1], csr_pem.data, csr_pem.len,
					   0644, geteuid(), getegid() };
	if (!ac_store_install(ctx, NULL, files, 2, err))
		goto out;
	ac_strv_add(&job->result.files, paths[1]);
	ac_strv_add(&job->result.files, paths[0]);
	job->result.csr_pem = ac_buf_steal(&csr_pem, NULL);
	ok = true;
out:
	if (lock >= 0)
		close(lock);
	free(paths[0]);
	free(paths[1]);
	X509_REQ_free(req);
	EVP_PKEY_free(key);
	ac_buf_clear(&key_pem);
	ac_buf_clear(&csr_pem);
	free(dir);
	return ok;
}

static bool
read_all(const struct ac_import_opts *o, struct ac_import_bundle *b,
	 struct ac_err *err)
{
	/* the key file first, so that messages name it as the key's source */
	if (o->key_path) {
		if (!ac_import_parse_file(o->key_path, o->passphrase, b, err))
			return false;
		if (!b->key)
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s: no private key in it."),
					  o->key_path);
	}
	if (!ac_import_parse_file(o->cert_path, o->passphrase, b, err))
		return false;
	for (size_t i = 0; i < o->chain_paths.n; i++)
		if (!ac_import_parse_file(o->chain_paths.v[i], o->passphrase,
					  b, err))
			return false;
	return true;
}

/* The job's names, subject, key type and file name now come from the
 * certificate, so that the renewal profile describes what is installed. */
static void
take_names(struct ac_job *job, const struct ac_certinfo *info,
	   const char *pending)
{
	static const struct {
		const char *desc;
		enum ac_key_type type;
	} types[] = {
		{ "RSA 2048", AC_KEY_RSA2048 }, { "RSA 3072", AC_KEY_RSA3072 },
		{ "RSA 4096", AC_KEY_RSA4096 }, { "ECDSA P-256", AC_KEY_P256 },
		{ "ECDSA P-384", AC_KEY_P384 },
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(info->key, types[i].desc) == 0)
			job->key_type = types[i].type;
	ac_names_clear(&job->names);
	ac_strv_copy(&job->names.dns, &info->dns);
	ac_strv_copy(&job->names.ip, &info->ip);
	ac_subject_clear(&job->subject);
	if (!info->dns.n && !info->ip.n && info->cn)
		ac_subject_set(&job->subject.cn, info->cn);
	if (!job->name && pending)
		job->name = xstrdup(pending);
}

/*
 * The import source: reads the files, finds the key (given, in the bundle, or
 * a pending CSR's), orders and checks the chain (src/chain.h), installs
 * through ac_step_install and removes the pending CSR it used.  Nothing is
 * written when anything fails.
 */
static bool
import_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	   struct ac_job *job, struct ac_err *err)
{
	const struct ac_import_opts *o = job->import;
	struct ac_import_bundle b = { 0 };
	struct ac_chain chain = { 0 };
	struct ac_certinfo info = { 0 };
	struct ac_chain_opts copts;
	struct ac_issued issued = { 0 };
	const char *leaf_src = NULL;
	char *pending = NULL, *dir;
	EVP_PKEY *key = NULL;
	X509 *leaf;
	bool ok;

	if (!o || !o->cert_path)
		return ac_err_set_field(err, AC_FIELD_CERT, AC_ERR_USAGE,
				  _("No certificate to import: give the certificate file."));
	copts = (struct ac_chain_opts){ o->ca_file, o->fetch_intermediates,
					&o->names };
	/* before any network access: where it goes must be usable */
	dir = ac_step_out_dir(ctx, cfg, job);
	ok = ac_store_dir_ok(dir, err);
	free(dir);
	if (!ok)
		return false;
	ok = false;
	ac_progress(ctx, _("Reading the files"), 0.1, o->cert_path);
	if (!read_all(o, &b, err))
		goto out;
	leaf = ac_chain_pick_leaf(&b, b.key, b.key_src, &leaf_src, err);
	if (!leaf)
		goto out;
	if (b.key) {
		key = b.key;
		EVP_PKEY_up_ref(key);
	} else if (!(key = find_pending_key(ctx, leaf, &pending, err))) {
		ac_err_set_field(err, AC_FIELD_KEY, AC_ERR_INPUT,
			   _("%s: no private key for this certificate: give the key file, or make the request with 'astcert csr' so the key is found."),
			   leaf_src);
		goto out;
	}
	ac_progress(ctx, _("Checking the certificate and its chain"), 0.3, NULL);
	if (!ac_chain_build(ctx, &b, leaf, leaf_src, &copts, &chain,
			    &job->result.warnings, err) ||
	    !ac_certinfo_get(ctx, leaf, &info, err))
		goto out;
	take_names(job, &info, pending);
	if (!ac_step_prepare(ctx, cfg, job, err))
		goto out;
	if (o->passphrase && b.key)
		ac_strv_add(&job->result.warnings,
			    ac_owner_group_shared(&job->owner)
				    ? _("The key is installed without its passphrase, as Asterisk needs it (it cannot ask for one); only its owner and group can read it.")
				    : _("The key is installed without its passphrase, as Asterisk needs it (it cannot ask for one); only its owner can read it."));
	ac_progress(ctx, _("Installing"), 0.8, NULL);
	issued = (struct ac_issued){ chain.leaf, chain.chain, key };
	if (!ac_step_install(ctx, cfg, job, &issued, err))
		goto out;
	if (pending) {
		struct ac_err e = AC_ERR_INIT;

		if (!forget_pending(ctx, pending, &e))
			ac_strv_add(&job->result.warnings, e.msg);
		ac_err_clear(&e);
	}
	ok = true;
out:
	ac_certinfo_clear(&info);
	ac_chain_clear(&chain);
	EVP_PKEY_free(key);
	free(pending);
	ac_import_bundle_clear(&b);
	return ok;
}

static bool
csr_validate(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	     struct ac_job *job, struct ac_err *err)
{
	(void)ctx;
	(void)cfg;
	return ac_step_prepare_request(job, err);
}

static void
import_clear(struct ac_job *job)
{
	ac_import_opts_free(job->import);
	job->import = NULL;
}

const struct ac_source ac_source_import = {
	.kind = AC_JOB_IMPORT,
	.name = "import",
	.command = "import",
	.installs = true,
	.renew = AC_RENEW_MANUAL,
	.run = import_run,
	.clear = import_clear,
};

const struct ac_source ac_source_csr = {
	.kind = AC_JOB_CSR,
	.name = "csr",
	.command = "csr",
	.renew = AC_RENEW_MANUAL,
	.validate = csr_validate,
	.run = csr_run,
};

void
ac_import_preview_clear(struct ac_import_preview *p)
{
	ac_certinfo_clear(&p->leaf);
	free(p->leaf_src);
	free(p->key_src);
	free(p->pending);
	free(p->problem);
	ac_strv_clear(&p->warnings);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

/* The name the import would install under (ac_job_name's choice), when it
 * is a usable file name. */
static char *
proposed_name(const struct ac_import_preview *p)
{
	const char *dns = p->leaf.dns.n ? p->leaf.dns.v[0] : NULL;
	const char *const candidates[] = {
		dns && !strncmp(dns, "*.", 2) ? dns + 2 : dns, p->leaf.cn,
		p->pending,
	};

	for (size_t i = 0; i < sizeof(candidates) / sizeof(*candidates); i++)
		if (candidates[i] && ac_store_name_ok(candidates[i], NULL))
			return xstrdup(candidates[i]);
	return NULL;
}

/* The key: the files' (it must be the certificate's), or a pending CSR's. */
static X509 *
preview_key(const struct ac_ctx *ctx, const struct ac_import_bundle *b,
	    struct ac_import_preview *p, const char **leaf_src,
	    struct ac_err *err)
{
	struct ac_err mismatch = AC_ERR_INIT;
	EVP_PKEY *pending_key;
	X509 *leaf = NULL;

	if (b->key)
		leaf = ac_chain_pick_leaf(b, b->key, b->key_src, leaf_src,
					  &mismatch);
	if (leaf) {
		p->key_src = ac_text_esc(b->key_src);
		return leaf;
	}
	/* no key, or not this one: the certificate all the same */
	leaf = ac_chain_pick_leaf(b, NULL, b->key_src, leaf_src, err);
	if (leaf && mismatch.msg)
		p->problem = xstrdup(mismatch.msg);
	else if (leaf &&
		 (pending_key = find_pending_key(ctx, leaf, &p->pending, err)))
		EVP_PKEY_free(pending_key);
	else if (leaf)
		p->problem = xasprintf(_("%s: no private key for this certificate: give the key file, or make the request with 'astcert csr' so the key is found."),
				       *leaf_src);
	ac_err_clear(&mismatch);
	return leaf;
}

bool
ac_import_preview(const struct ac_ctx *ctx, const struct ac_import_opts *o,
		  struct ac_import_preview *p, struct ac_err *err)
{
	struct ac_import_bundle b = { 0 };
	struct ac_chain chain = { 0 };
	struct ac_err cerr = AC_ERR_INIT;
	struct ac_chain_opts copts = { o->ca_file, false, &o->names };
	const char *leaf_src = NULL;
	X509 *leaf;
	bool ok = false;

	if (!o->cert_path)
		return ac_err_set(err, AC_ERR_USAGE,
				  _("Give the certificate file the CA sent."));
	if (!read_all(o, &b, err) ||
	    !(leaf = preview_key(ctx, &b, p, &leaf_src, err)) ||
	    !ac_certinfo_get(ctx, leaf, &p->leaf, err))
		goto out;
	p->leaf_src = ac_text_esc(leaf_src);
	p->name = proposed_name(p);
	if (ac_chain_build(ctx, &b, leaf, leaf_src, &copts, &chain,
			   &p->warnings, &cerr)) {
		p->chain_ok = true;
		p->intermediates = chain.chain ? sk_X509_num(chain.chain) : 0;
	}
	else if (!p->problem)
		p->problem = xstrdup(cerr.msg ? cerr.msg : "?");
	ok = true;
out:
	ac_err_clear(&cerr);
	ac_chain_clear(&chain);
	ac_import_bundle_clear(&b);
	return ok;
}
