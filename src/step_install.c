/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The last shared step: installing an issued certificate the way Asterisk
 * reads it. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/job.h"
#include "src/layout.h"
#include "src/profile.h"
#include "src/step.h"
#include "src/xalloc.h"

struct pems {
	struct ac_buf cert;
	struct ac_buf chain;
	struct ac_buf full;
	struct ac_buf key;
	struct ac_buf profile;
};

static void
pems_clear(struct pems *p)
{
	ac_buf_clear(&p->cert);
	ac_buf_clear(&p->chain);
	ac_buf_clear(&p->full);
	ac_buf_clear(&p->key);
	ac_buf_clear(&p->profile);
}

static bool
encode(const struct ac_issued *is, struct pems *p, struct ac_err *err)
{
	if (!ac_x509_to_pem(is->leaf, &p->cert, err))
		return false;
	for (int i = 0; i < sk_X509_num(is->chain); i++)
		if (!ac_x509_to_pem(sk_X509_value(is->chain, i), &p->chain, err))
			return false;
	ac_buf_add(&p->full, p->cert.data, p->cert.len);
	if (p->chain.len)
		ac_buf_add(&p->full, p->chain.data, p->chain.len);
	if (!p->chain.data)
		ac_buf_add(&p->chain, "", 0);
	return ac_key_to_pem(is->key, &p->key, err);
}

static struct ac_store_file
file(const char *path, const struct ac_buf *b, mode_t mode, uid_t uid,
     gid_t gid)
{
	return (struct ac_store_file){ path, b->data, b->len, mode, uid, gid };
}

bool
ac_step_install(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		struct ac_job *job, const struct ac_issued *issued,
		struct ac_err *err)
{
	struct pems p = { 0 };
	struct ac_store_file files[7];
	const char *name = ac_step_name(job);
	char *out = ac_step_out_dir(ctx, cfg, job), *state;
	char *paths[7] = { 0 };
	uid_t me = geteuid();
	gid_t mygroup = getegid();
	mode_t keymode = ac_owner_key_mode(&job->owner);
	bool ok = false;
	size_t n = 0;

	if (!ac_key_matches(issued->leaf, issued->key)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("The private key does not match the certificate; nothing was installed."));
		goto out;
	}
	if (!encode(issued, &p, err) ||
	    !ac_profile_render(job, name, out, &p.profile, err))
		goto out;
	state = ac_layout_cert_dir(ctx, name);
	if (!ac_store_mkdirs(state, 0700, err)) {
		free(state);
		goto out;
	}
	free(state);
	paths[0] = xasprintf("%s/%s.crt", out, name);
	paths[1] = xasprintf("%s/%s.key", out, name);
	paths[2] = ac_layout_cert_file(ctx, name, AC_LAYOUT_CERT);
	paths[3] = ac_layout_cert_file(ctx, name, AC_LAYOUT_CHAIN);
	paths[4] = ac_layout_cert_file(ctx, name, AC_LAYOUT_FULLCHAIN);
	paths[5] = ac_layout_cert_file(ctx, name, AC_LAYOUT_PRIVKEY);
	paths[6] = ac_layout_cert_file(ctx, name, AC_LAYOUT_PROFILE);
	files[n++] = file(paths[0], &p.full, 0644, job->owner.uid, job->owner.gid);
	files[n++] = file(paths[1], &p.key, keymode, job->owner.uid, job->owner.gid);
	files[n++] = file(paths[2], &p.cert, 0644, me, mygroup);
	files[n++] = file(paths[3], &p.chain, 0644, me, mygroup);
	files[n++] = file(paths[4], &p.full, 0644, me, mygroup);
	files[n++] = file(paths[5], &p.key, 0600, me, mygroup);
	files[n++] = file(paths[6], &p.profile, 0600, me, mygroup);
	if (ac_cancelled(ctx)) {
		ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was written."));
		goto out;
	}
	if (!ac_store_install(ctx, name, files, n, err))
		goto out;
	for (size_t i = 0; i < n; i++)
		ac_strv_add(&job->result.files, paths[i]);
	ac_certinfo_clear(&job->result.info);
	ok = ac_certinfo_get(ctx, issued->leaf, &job->result.info, err);
	job->result.have_info = ok;
out:
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		free(paths[i]);
	free(out);
	pems_clear(&p);
	return ok;
}

/* True when the file's first certificate is leaf. */
static bool
holds_leaf(const char *crt, X509 *leaf, struct ac_err *detail)
{
	STACK_OF(X509) *certs = ac_x509_load_file(crt, detail);
	bool same = certs && X509_cmp(sk_X509_value(certs, 0), leaf) == 0;

	sk_X509_pop_free(certs, X509_free);
	return same;
}

bool
ac_step_check_deployed(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		       const struct ac_job *job, X509 *leaf,
		       struct ac_err *err)
{
	const char *name = ac_step_name(job);
	char *out = ac_step_out_dir(ctx, cfg, job);
	char *crt = xasprintf("%s/%s.crt", out, name);
	char *key = xasprintf("%s/%s.key", out, name);
	struct ac_err e = AC_ERR_INIT;
	EVP_PKEY *pkey = NULL;
	bool ok = false;

	if (!holds_leaf(crt, leaf, &e)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s is not the certificate astcert installed: Asterisk serves something else. Run 'astcert renew --force --name %s' (or import it again) to deploy a matching pair."),
			   crt, name);
		goto out;
	}
	/* a key we may not read (not root) is not ours to judge */
	if (access(key, R_OK) != 0 && errno == EACCES) {
		ok = true;
		goto out;
	}
	pkey = ac_key_load(key, NULL, &e);
	if (!pkey || !ac_key_matches(leaf, pkey)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s is not the key of %s: Asterisk fails every TLS handshake with this pair. Run 'astcert renew --force --name %s' (or import it again) to deploy a matching pair."),
			   key, crt, name);
		goto out;
	}
	ok = true;
out:
	if (!ok && e.msg)
		ac_err_detail(err, "%s", e.msg);
	EVP_PKEY_free(pkey);
	ac_err_clear(&e);
	free(key);
	free(crt);
	free(out);
	return ok;
}
