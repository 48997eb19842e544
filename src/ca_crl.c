/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private CA's records: what it issued, revocation, CRL and exports. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include "src/ca.h"
#include "src/certinfo.h"
#include "src/i18n.h"
#include "src/x509.h"
#include "src/keys.h"
#include "src/store.h"
#include "src/util.h"

static char *
ca_file(const struct ac_ctx *ctx, const char *file)
{
	char *sub = xasprintf(AC_CA_DIR "/%s", file);
	char *p = ac_state_path(ctx, sub);

	free(sub);
	return p;
}

/* Revocations: "SERIAL EPOCH" lines. */
struct revoked {
	struct ac_strv serial;
	time_t *when;
};

static void
revoked_free(struct revoked *r)
{
	ac_strv_free(&r->serial);
	free(r->when);
}

static bool
revoked_load(const struct ac_ctx *ctx, struct revoked *r, struct ac_err *err)
{
	char *path = ca_file(ctx, "revoked"), *save = NULL;
	struct ac_buf b = { 0 };
	bool ok = true;

	memset(r, 0, sizeof(*r));
	if (access(path, F_OK) != 0) {
		free(path);
		return true;
	}
	ok = ac_read_file(path, &b, err);
	for (char *line = ok ? strtok_r(b.data, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char serial[130];
		long long when;

		if (sscanf(line, "%129s %lld", serial, &when) != 2)
			continue;
		r->when = xreallocarray(r->when, r->serial.n + 1,
					sizeof(*r->when));
		r->when[r->serial.n] = (time_t)when;
		ac_strv_add(&r->serial, serial);
	}
	ac_buf_free(&b);
	free(path);
	return ok;
}

static int
revoked_find(const struct revoked *r, const char *serial)
{
	for (size_t i = 0; i < r->serial.n; i++)
		if (strcmp(r->serial.v[i], serial) == 0)
			return (int)i;
	return -1;
}

static bool
is_pem(const char *dir, const char *name)
{
	size_t n = strlen(name);

	(void)dir;
	return n > 4 && strcmp(name + n - 4, ".pem") == 0;
}

/* The certificates in STATE/ca/issued, sorted by file name. */
static bool
issued_files(const struct ac_ctx *ctx, struct ac_strv *out,
	     struct ac_err *err)
{
	char *dir = ca_file(ctx, "issued");
	bool ok = ac_dir_list(dir, is_pem, true, out, err);

	free(dir);
	return ok;
}

static bool
entry_fill(const struct ac_ctx *ctx, X509 *cert, const struct revoked *r,
	   struct ac_ca_entry *e, struct ac_err *err)
{
	struct ac_certinfo info = { 0 };
	int i;

	if (!ac_certinfo_get(ctx, cert, &info, err))
		return false;
	e->serial = ac_ca_serial_hex(cert);
	e->cn = xstrdup(info.cn ? info.cn : "");
	/* phones carry clientAuth only; servers serverAuth too */
	e->kind = xstrdup((X509_get_extended_key_usage(cert) & XKU_SSL_SERVER)
				  ? "server" : "phone");
	e->not_after = info.not_after;
	e->days_left = info.days_left;
	i = revoked_find(r, e->serial);
	e->revoked = i >= 0;
	e->revoked_at = i >= 0 ? r->when[i] : 0;
	ac_certinfo_clear(&info);
	return true;
}

bool
ac_ca_list(const struct ac_ctx *ctx, struct ac_ca_entry **out, size_t *n,
	   struct ac_err *err)
{
	struct ac_strv files = { 0 };
	struct revoked r;
	struct ac_ca_entry *e = NULL;
	size_t count = 0;
	bool ok = false;

	if (!ac_ca_exists(ctx))
		return ac_err_set(err, AC_ERR_INPUT,
				  _("There is no private CA yet: create it with 'astcert ca init'."));
	if (!revoked_load(ctx, &r, err))
		return false;
	if (!issued_files(ctx, &files, err))
		goto out;
	e = xcalloc(files.n ? files.n : 1, sizeof(*e));
	for (size_t i = 0; i < files.n; i++) {
		STACK_OF(X509) *certs = ac_x509_load_file(files.v[i], err);

		if (!certs)
			goto out;
		ok = entry_fill(ctx, sk_X509_value(certs, 0), &r, &e[count], err);
		sk_X509_pop_free(certs, X509_free);
		if (!ok)
			goto out;
		count++;
	}
	/* a renewed server (or re-issued phone) leaves its predecessor */
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < count; j++)
			if (i != j && !strcmp(e[i].cn, e[j].cn) &&
			    !strcmp(e[i].kind, e[j].kind) && !e[j].revoked &&
			    e[j].not_after > e[i].not_after)
				e[i].replaced = true;
	*out = e;
	*n = count;
	e = NULL;
	ok = true;
out:
	ac_ca_entries_free(e, count);
	ac_strv_free(&files);
	revoked_free(&r);
	return ok;
}

void
ac_ca_entries_free(struct ac_ca_entry *e, size_t n)
{
	if (!e)
		return;
	for (size_t i = 0; i < n; i++) {
		free(e[i].serial);
		free(e[i].cn);
		free(e[i].kind);
	}
	free(e);
}

/* A serial as given: hex with or without colons, upper-cased. */
static char *
serial_normalize(const char *id)
{
	struct ac_buf b = { 0 };

	ac_buf_add(&b, "", 0);
	for (const char *p = id; *p; p++) {
		if (*p == ':')
			continue;
		if (!strchr("0123456789abcdefABCDEF", *p)) {
			ac_buf_free(&b);
			return NULL;
		}
		char c = (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);

		ac_buf_add(&b, &c, 1);
	}
	/* BN_bn2hex drops leading zeros */
	while (b.len > 1 && b.data[0] == '0') {
		memmove(b.data, b.data + 1, b.len);
		b.len--;
	}
	return ac_buf_steal(&b, NULL);
}

static bool
entry_matches(const struct ac_ca_entry *e, const char *id,
	      const char *serial, const char *mac)
{
	return (serial && strcmp(e->serial, serial) == 0) ||
	       (mac && strcmp(e->cn, mac) == 0) || strcmp(e->cn, id) == 0;
}

bool
ac_ca_revoke(const struct ac_ctx *ctx, const char *id, size_t *count,
	     struct ac_err *err)
{
	struct ac_ca_entry *e = NULL;
	struct ac_buf add = { 0 };
	struct ac_err ignored = AC_ERR_INIT;
	char *serial = serial_normalize(id), *mac, *path = NULL;
	size_t n = 0, hits = 0;
	bool ok = false;
	FILE *f;

	mac = ac_mac_normalize(id, &ignored);
	ac_err_clear(&ignored);
	if (!ac_ca_list(ctx, &e, &n, err))
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (e[i].revoked || !entry_matches(&e[i], id, serial, mac))
			continue;
		ac_buf_printf(&add, "%s %lld\n", e[i].serial,
			      (long long)ac_now(ctx));
		hits++;
	}
	if (!hits) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("No valid certificate of this CA matches \"%s\": 'astcert ca list' shows serials and names."),
			   id);
		goto out;
	}
	path = ca_file(ctx, "revoked");
	f = fopen(path, "a");
	if (!f || fwrite(add.data, 1, add.len, f) != add.len ||
	    fflush(f) != 0 || fsync(fileno(f)) != 0) {
		ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."), path,
			   strerror(errno));
		if (f)
			fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."), path,
			   strerror(errno));
		goto out;
	}
	ok = ac_ca_write_crl(ctx, err);
	if (ok && count)
		*count = hits;
out:
	free(path);
	ac_buf_free(&add);
	ac_ca_entries_free(e, n);
	free(mac);
	free(serial);
	return ok;
}

static bool
crl_add_revoked(X509_CRL *crl, const struct revoked *r)
{
	for (size_t i = 0; i < r->serial.n; i++) {
		X509_REVOKED *rev = X509_REVOKED_new();
		ASN1_TIME *t = ASN1_TIME_set(NULL, r->when[i]);
		BIGNUM *bn = NULL;
		ASN1_INTEGER *sn = NULL;
		bool ok;

		ok = rev && t && BN_hex2bn(&bn, r->serial.v[i]) &&
		     (sn = BN_to_ASN1_INTEGER(bn, NULL)) != NULL &&
		     X509_REVOKED_set_serialNumber(rev, sn) &&
		     X509_REVOKED_set_revocationDate(rev, t) &&
		     X509_CRL_add0_revoked(crl, rev);
		ASN1_INTEGER_free(sn);
		BN_free(bn);
		ASN1_TIME_free(t);
		if (!ok) {
			X509_REVOKED_free(rev);
			return false;
		}
	}
	return true;
}

static X509_CRL *
crl_build(const struct ac_ctx *ctx, X509 *ca, EVP_PKEY *key,
	  const struct revoked *r)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *last = ASN1_TIME_set(NULL, ac_now(ctx));
	ASN1_TIME *next = ASN1_TIME_adj(NULL, ac_now(ctx), AC_CA_CRL_DAYS, 0);
	ASN1_INTEGER *number = ASN1_INTEGER_new();
	X509_EXTENSION *aki = NULL;
	X509V3_CTX v3;
	const EVP_MD *md = ac_x509_digest_for(key);
	bool ok;

	X509V3_set_ctx(&v3, ca, NULL, NULL, crl, 0);
	/* a CRL number that grows: the clock, as each CRL is issued anew */
	ok = crl && last && next && number &&
	     X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
	     X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) &&
	     X509_CRL_set1_lastUpdate(crl, last) &&
	     X509_CRL_set1_nextUpdate(crl, next) &&
	     crl_add_revoked(crl, r) && X509_CRL_sort(crl) &&
	     ASN1_INTEGER_set_int64(number, (int64_t)ac_now(ctx)) &&
	     X509_CRL_add1_ext_i2d(crl, NID_crl_number, number, 0, 0) &&
	     (aki = X509V3_EXT_conf_nid(NULL, &v3,
					NID_authority_key_identifier,
					"keyid:always")) != NULL &&
	     X509_CRL_add_ext(crl, aki, -1) && X509_CRL_sign(crl, key, md);
	X509_EXTENSION_free(aki);
	ASN1_INTEGER_free(number);
	ASN1_TIME_free(next);
	ASN1_TIME_free(last);
	if (!ok) {
		X509_CRL_free(crl);
		return NULL;
	}
	return crl;
}

bool
ac_ca_write_crl(const struct ac_ctx *ctx, struct ac_err *err)
{
	struct revoked r = { 0 };
	struct ac_store_file f;
	struct ac_buf pem = { 0 };
	X509 *ca = NULL;
	EVP_PKEY *key = NULL;
	X509_CRL *crl = NULL;
	BIO *bio = NULL;
	char *path = ca_file(ctx, "crl.pem"), *data;
	long len;
	bool ok = false;

	if (!ac_ca_load(ctx, &ca, &key, err) || !revoked_load(ctx, &r, err))
		goto out;
	crl = crl_build(ctx, ca, key, &r);
	bio = BIO_new(BIO_s_mem());
	if (!crl || !bio || !PEM_write_bio_X509_CRL(bio, crl) ||
	    (len = BIO_get_mem_data(bio, &data)) <= 0) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Could not sign the revocation list."));
		ac_err_ssl(err);
		goto out;
	}
	ac_buf_add(&pem, data, (size_t)len);
	f = (struct ac_store_file){ path, pem.data, pem.len, 0644, geteuid(),
				    getegid() };
	ok = ac_store_install(ctx, NULL, &f, 1, err);
out:
	ac_buf_free(&pem);
	BIO_free(bio);
	X509_CRL_free(crl);
	EVP_PKEY_free(key);
	X509_free(ca);
	revoked_free(&r);
	free(path);
	return ok;
}

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
	char *rec = ca_file(ctx, "crl-export");
	char *line = xasprintf("%s %lu %lu\n", path, (unsigned long)owner->uid,
			       (unsigned long)owner->gid);
	struct ac_store_file f = { rec, line, strlen(line), 0600, geteuid(),
				   getegid() };
	bool ok = ac_store_install(ctx, NULL, &f, 1, err);

	free(line);
	free(rec);
	return ok;
}

/* Copies the new CRL to the recorded export path, if any. */
static bool
copy_crl_export(const struct ac_ctx *ctx, struct ac_err *err)
{
	char *rec = ca_file(ctx, "crl-export"), *crlpath = ca_file(ctx, "crl.pem");
	struct ac_buf r = { 0 }, crl = { 0 };
	char path[4096];
	unsigned long uid, gid;
	struct ac_store_file f;
	bool ok = true;

	if (access(rec, F_OK) != 0)
		goto out;
	ok = ac_read_file(rec, &r, err) && ac_read_file(crlpath, &crl, err);
	if (ok && sscanf(r.data, "%4095s %lu %lu", path, &uid, &gid) == 3) {
		f = (struct ac_store_file){ path, crl.data, crl.len, 0644,
					    (uid_t)uid, (gid_t)gid };
		ok = ac_store_install(ctx, NULL, &f, 1, err);
	}
out:
	ac_buf_free(&r);
	ac_buf_free(&crl);
	free(crlpath);
	free(rec);
	return ok;
}

bool
ac_ca_crl_refresh(const struct ac_ctx *ctx, bool *refreshed,
		  struct ac_err *err)
{
	char *path = ca_file(ctx, "crl.pem");
	struct ac_buf pem = { 0 };
	X509_CRL *crl = NULL;
	BIO *bio = NULL;
	time_t next = 0;
	bool ok = true;

	*refreshed = false;
	if (!ac_ca_exists(ctx) || access(path, F_OK) != 0)
		goto out;
	ok = ac_read_file(path, &pem, err);
	if (ok) {
		bio = BIO_new_mem_buf(pem.data, (int)pem.len);
		crl = bio ? PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) : NULL;
	}
	/* a damaged CRL, or one without next update, is made anew too */
	if (ok && crl && X509_CRL_get0_nextUpdate(crl) &&
	    ac_asn1_time(X509_CRL_get0_nextUpdate(crl), &next) &&
	    next - ac_now(ctx) > (time_t)AC_CA_CRL_DAYS * 86400 / 3)
		goto out;
	ERR_clear_error();
	ok = ok && ac_ca_write_crl(ctx, err) && copy_crl_export(ctx, err);
	*refreshed = ok;
out:
	X509_CRL_free(crl);
	BIO_free(bio);
	ac_buf_free(&pem);
	free(path);
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
	char *paths[3] = { 0 }, *crlpath = ca_file(ctx, "crl.pem");
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
	ac_buf_free(&pem);
	ac_buf_free(&der);
	ac_buf_free(&crl);
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
	char *sub = xasprintf(AC_CA_DIR "/phones/%s", mac);
	char *state = ac_state_path(ctx, sub), *paths[3] = { 0 }, *cp, *kp;
	mode_t keymode = ac_owner_group_shared(owner) ? 0640 : 0600;
	STACK_OF(X509) *certs = NULL;
	EVP_PKEY *k = NULL;
	X509 *ca = NULL;
	size_t n = 0;
	bool ok = false;

	cp = xasprintf("%s/cert.pem", state);
	kp = xasprintf("%s/privkey.pem", state);
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
	ac_buf_free(&cert);
	ac_buf_free(&key);
	ac_buf_free(&p12);
	free(cp);
	free(kp);
	free(state);
	free(sub);
	return ok;
}
