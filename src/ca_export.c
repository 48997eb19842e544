/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private CA's exports: the CA for phones and Asterisk, a phone's files. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include "src/ca.h"
#include "src/i18n.h"
#include "src/keys.h"
#include "src/layout.h"
#include "src/store.h"
#include "src/util.h"
#include "src/x509.h"

bool
ac_ca_pkcs12(EVP_PKEY *key, X509 *cert, X509 *ca, const char *name,
	     const char *password, enum ac_p12_algo algo, struct ac_buf *out,
	     struct ac_err *err)
{
	int nid = algo == AC_P12_LEGACY ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC
					: NID_aes_256_cbc;
	const EVP_MD *mac = algo == AC_P12_LEGACY ? EVP_sha1() : EVP_sha256();
	STACK_OF(X509) *cas = sk_X509_new_null();
	PKCS12 *p12 = NULL;
	unsigned char *der = NULL;
	int n = -1;

	if (cas && sk_X509_push(cas, ca))
		/* mac_iter -1: no MAC yet, set below with the chosen digest */
		p12 = PKCS12_create(password, name, key, cert, cas, nid, nid,
				    PKCS12_DEFAULT_ITER, -1, 0);
	if (p12 && PKCS12_set_mac(p12, password, -1, NULL, 0,
				  PKCS12_DEFAULT_ITER, mac))
		n = i2d_PKCS12(p12, &der);
	if (n > 0) {
		out->secret = true;
		ac_buf_add(out, der, (size_t)n);
	} else {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not build the PKCS#12 file."));
		ac_err_ssl(err);
	}
	OPENSSL_clear_free(der, n > 0 ? (size_t)n : 0);
	PKCS12_free(p12);
	sk_X509_free(cas);
	return n > 0;
}

/* Remembers where the CRL was exported, so renewals keep it fresh. */
static bool
record_crl_export(const struct ac_ctx *ctx, const char *path,
		  const struct ac_owner *owner, struct ac_err *err)
{
	char *rec = ac_layout_ca(ctx, AC_LAYOUT_CA_CRL_EXPORT);
	char *line = xasprintf("%s %lu %lu\n", path, (unsigned long)owner->uid,
			       (unsigned long)owner->gid);
	struct ac_store_file f = { rec, line, strlen(line), 0600, geteuid(),
				   getegid() };
	bool ok = ac_store_install(ctx, NULL, &f, 1, err);

	free(line);
	free(rec);
	return ok;
}

static bool
read_into(const char *path, struct ac_buf *b, struct ac_err *err)
{
	return access(path, F_OK) == 0 ? ac_read_file(path, b, err) : true;
}

bool
ac_ca_export(const struct ac_ctx *ctx, const char *dir, const char *name,
	     const struct ac_owner *owner, struct ac_strv *files,
	     struct ac_err *err)
{
	struct ac_buf pem = { 0 }, der = { 0 }, crl = { 0 };
	struct ac_store_file f[3];
	char *paths[3] = { 0 }, *crlpath = ac_layout_ca(ctx, AC_LAYOUT_CA_CRL);
	unsigned char *d = NULL;
	X509 *ca = NULL;
	size_t n = 0;
	int len;
	bool ok = false;

	if (!ac_store_name_ok(name, err) || !ac_store_dir_ok(dir, err) ||
	    !ac_ca_load(ctx, &ca, NULL, err) || !ac_x509_to_pem(ca, &pem, err) ||
	    !read_into(crlpath, &crl, err))
		goto out;
	len = i2d_X509(ca, &d);
	if (len <= 0) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not encode the certificate."));
		ac_err_ssl(err);
		goto out;
	}
	ac_buf_add(&der, d, (size_t)len);
	paths[0] = xasprintf("%s/%s.crt", dir, name);
	paths[1] = xasprintf("%s/%s.der", dir, name);
	paths[2] = xasprintf("%s/%s.crl", dir, name);
	f[n++] = (struct ac_store_file){ paths[0], pem.data, pem.len, 0644,
					 owner->uid, owner->gid };
	f[n++] = (struct ac_store_file){ paths[1], der.data, der.len, 0644,
					 owner->uid, owner->gid };
	if (crl.len)
		f[n++] = (struct ac_store_file){ paths[2], crl.data, crl.len,
						 0644, owner->uid, owner->gid };
	if (!ac_store_install(ctx, AC_CA_DEFAULT_NAME, f, n, err) ||
	    (crl.len && !record_crl_export(ctx, paths[2], owner, err)))
		goto out;
	for (size_t i = 0; i < n; i++)
		ac_strv_add(files, paths[i]);
	ok = true;
out:
	for (size_t i = 0; i < 3; i++)
		free(paths[i]);
	OPENSSL_free(d);
	ac_buf_clear(&pem);
	ac_buf_clear(&der);
	ac_buf_clear(&crl);
	X509_free(ca);
	free(crlpath);
	return ok;
}

bool
ac_ca_export_phone(const struct ac_ctx *ctx, const char *mac,
		   const char *dir, const char *name,
		   const struct ac_owner *owner, const char *password,
		   enum ac_p12_algo algo, struct ac_strv *files,
		   struct ac_err *err)
{
	struct ac_buf cert = { 0 }, key = { .secret = true },
		      p12 = { .secret = true };
	struct ac_store_file f[3];
	char *paths[3] = { 0 }, *cp, *kp;
	mode_t keymode = ac_owner_key_mode(owner);
	STACK_OF(X509) *certs = NULL;
	EVP_PKEY *k = NULL;
	X509 *ca = NULL;
	size_t n = 0;
	bool ok = false;

	cp = ac_layout_phone_file(ctx, mac, AC_LAYOUT_CERT);
	kp = ac_layout_phone_file(ctx, mac, AC_LAYOUT_PRIVKEY);
	if (access(cp, F_OK) != 0) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("This CA has no certificate for the phone %s: make one with 'astcert ca phone --mac %s'."),
			   mac, mac);
		goto out;
	}
	if (!ac_store_name_ok(name, err) || !ac_store_dir_ok(dir, err) ||
	    !ac_read_file(cp, &cert, err) || !ac_read_file(kp, &key, err))
		goto out;
	if (password) {
		certs = ac_x509_from_mem(cert.data, cert.len, cp, err);
		k = certs ? ac_key_from_mem(key.data, key.len, NULL, kp, err)
			  : NULL;
		if (!k || !ac_ca_load(ctx, &ca, NULL, err) ||
		    !ac_ca_pkcs12(k, sk_X509_value(certs, 0), ca, mac, password,
				  algo, &p12, err))
			goto out;
	}
	paths[0] = xasprintf("%s/%s.crt", dir, name);
	paths[1] = xasprintf("%s/%s.key", dir, name);
	paths[2] = xasprintf("%s/%s.p12", dir, name);
	f[n++] = (struct ac_store_file){ paths[0], cert.data, cert.len, 0644,
					 owner->uid, owner->gid };
	f[n++] = (struct ac_store_file){ paths[1], key.data, key.len, keymode,
					 owner->uid, owner->gid };
	if (p12.len)
		f[n++] = (struct ac_store_file){ paths[2], p12.data, p12.len,
						 keymode, owner->uid, owner->gid };
	if (!ac_store_install(ctx, NULL, f, n, err))
		goto out;
	for (size_t i = 0; i < n; i++)
		ac_strv_add(files, paths[i]);
	ok = true;
out:
	for (size_t i = 0; i < 3; i++)
		free(paths[i]);
	X509_free(ca);
	EVP_PKEY_free(k);
	sk_X509_pop_free(certs, X509_free);
	ac_buf_clear(&cert);
	ac_buf_clear(&key);
	ac_buf_clear(&p12);
	free(cp);
	free(kp);

	return ok;
}

bool
ac_ca_check_file(const struct ac_ctx *ctx, const char *path,
		 struct ac_err *err)
{
	STACK_OF(X509) *certs = NULL;
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *vctx = X509_STORE_CTX_new();
	X509 *ca = NULL;
	bool ok = false;

	if (!store || !vctx) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot set up certificate verification."));
		ac_err_ssl(err);
		goto out;
	}
	if (!ac_ca_load(ctx, &ca, NULL, err) ||
	    !(certs = ac_x509_load_file(path, err)))
		goto out;
	for (int i = 0; i < sk_X509_num(certs); i++)
		X509_STORE_add_cert(store, sk_X509_value(certs, i));
	/*
	 * The chain of a phone certificate ends at the CA: it is accepted
	 * when the CA's own certificate verifies as a trust anchor of the file.
	 */
	ok = X509_STORE_CTX_init(vctx, store, ca, NULL) == 1;
	if (ok) {
		X509_STORE_CTX_set_time(vctx, 0, ac_now(ctx));
		ok = X509_verify_cert(vctx) == 1;
	}
	if (!ok)
		ac_err_set(err, AC_ERR_CHECK,
			   _("%s does not hold the current private CA: Asterisk would refuse every phone certificate it signs. Run 'astcert deploy' to write it again."),
			   path);
	ERR_clear_error();
out:
	X509_free(ca);
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_CTX_free(vctx);
	X509_STORE_free(store);
	return ok;
}
