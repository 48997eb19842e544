/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private CA's records: what it issued, revocation and the CRL. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
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
#include "src/layout.h"
#include "src/x509.h"
#include "src/keys.h"
#include "src/store.h"
#include "src/util.h"

static bool write_crl(const struct ac_ctx *ctx, struct ac_err *err);

/*
 * Revocations: "SERIAL EPOCH" lines, "SERIAL EPOCH void" for a certificate
 * whose install failed (revoked all the same: a part may have got out).
 */
struct revoked {
	struct ac_strv serial;
	time_t *when;
	bool *voided;
};

static void
revoked_clear(struct revoked *r)
{
	ac_strv_clear(&r->serial);
	free(r->when);
	free(r->voided);
}

static bool
revoked_load(const struct ac_ctx *ctx, struct revoked *r, struct ac_err *err)
{
	char *path = ac_layout_ca(ctx, AC_LAYOUT_CA_REVOKED), *save = NULL;
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
		char serial[130], mark[8] = "";
		long long when;

		if (sscanf(line, "%129s %lld %7s", serial, &when, mark) < 2)
			continue;
		r->when = xreallocarray(r->when, r->serial.n + 1,
					sizeof(*r->when));
		r->voided = xreallocarray(r->voided, r->serial.n + 1,
					  sizeof(*r->voided));
		r->when[r->serial.n] = (time_t)when;
		r->voided[r->serial.n] = strcmp(mark, "void") == 0;
		ac_strv_add(&r->serial, serial);
	}
	ac_buf_clear(&b);
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
	char *dir = ac_layout_ca(ctx, AC_LAYOUT_CA_ISSUED);
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
	e->voided = i >= 0 && r->voided[i];
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
	ac_strv_clear(&files);
	revoked_clear(&r);
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
			ac_buf_clear(&b);
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

/*
 * Adds lines to the revocations and signs a new CRL.  The file is written
 * anew like every other (atomic, 0644 from the first byte); the caller
 * holds the CA's lock, so no revocation is lost between the read and the
 * write, and each CRL has all of them.
 */
static bool
revocations_add(const struct ac_ctx *ctx, const struct ac_buf *lines,
		struct ac_err *err)
{
	char *path = ac_layout_ca(ctx, AC_LAYOUT_CA_REVOKED);
	struct ac_buf all = { 0 };
	struct ac_store_file f;
	bool ok = true;

	if (access(path, F_OK) == 0)
		ok = ac_read_file(path, &all, err);
	if (ok && all.len && all.data[all.len - 1] != '\n')
		ac_buf_add(&all, "\n", 1);
	ac_buf_add(&all, lines->data, lines->len);
	f = (struct ac_store_file){ path, all.data, all.len, 0644, geteuid(),
				    getegid() };
	ok = ok && ac_store_install(ctx, NULL, &f, 1, err) &&
	     write_crl(ctx, err);
	ac_buf_clear(&all);
	free(path);
	return ok;
}

bool
ac_ca_void_locked(const struct ac_ctx *ctx, X509 *cert, struct ac_err *err)
{
	char *serial = ac_ca_serial_hex(cert);
	struct ac_buf line = { 0 };
	bool ok;

	ac_buf_printf(&line, "%s %lld void\n", serial, (long long)ac_now(ctx));
	ok = revocations_add(ctx, &line, err);
	ac_buf_clear(&line);
	free(serial);
	return ok;
}

static bool
revoke_locked(const struct ac_ctx *ctx, const char *id, size_t *count,
	      struct ac_err *err)
{
	struct ac_ca_entry *e = NULL;
	struct ac_buf add = { 0 };
	struct ac_err ignored = AC_ERR_INIT;
	char *serial = serial_normalize(id), *mac;
	size_t n = 0, hits = 0;
	bool ok = false;

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
	ok = revocations_add(ctx, &add, err);
	if (ok && count)
		*count = hits;
out:
	ac_buf_clear(&add);
	ac_ca_entries_free(e, n);
	free(mac);
	free(serial);
	return ok;
}

bool
ac_ca_revoke(const struct ac_ctx *ctx, const char *id, size_t *count,
	     struct ac_err *err)
{
	int lock = ac_ca_lock(ctx, err);
	bool ok;

	if (lock < 0)
		return false;
	ok = revoke_locked(ctx, id, count, err);
	close(lock);
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

/* The CRL in path, or NULL when there is none or it does not parse. */
static X509_CRL *
crl_read(const char *path, struct ac_err *err)
{
	struct ac_buf pem = { 0 };
	X509_CRL *crl = NULL;
	BIO *bio;

	if (access(path, F_OK) != 0 || !ac_read_file(path, &pem, err))
		return NULL;
	bio = BIO_new_mem_buf(pem.data, (int)pem.len);
	crl = bio ? PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	ac_buf_clear(&pem);
	ERR_clear_error();
	return crl;
}

/*
 * The number of the next CRL: the clock, but always above the current
 * CRL's, so that a verifier never sees the number go down (a clock set
 * back, or two CRLs signed in one second).
 */
static int64_t
crl_next_number(const struct ac_ctx *ctx, const char *path)
{
	struct ac_err ignored = AC_ERR_INIT;
	X509_CRL *crl = crl_read(path, &ignored);
	ASN1_INTEGER *n = crl ? X509_CRL_get_ext_d2i(crl, NID_crl_number,
						     NULL, NULL) : NULL;
	int64_t prev = 0, next = (int64_t)ac_now(ctx);

	if (n && ASN1_INTEGER_get_int64(&prev, n) && prev >= next &&
	    prev < INT64_MAX)
		next = prev + 1;
	ASN1_INTEGER_free(n);
	X509_CRL_free(crl);
	ac_err_clear(&ignored);
	return next;
}

static X509_CRL *
crl_build(const struct ac_ctx *ctx, X509 *ca, EVP_PKEY *key,
	  const struct revoked *r, int64_t crl_number)
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
	ok = crl && last && next && number &&
	     X509_CRL_set_version(crl, X509_CRL_VERSION_2) &&
	     X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) &&
	     X509_CRL_set1_lastUpdate(crl, last) &&
	     X509_CRL_set1_nextUpdate(crl, next) &&
	     crl_add_revoked(crl, r) && X509_CRL_sort(crl) &&
	     ASN1_INTEGER_set_int64(number, crl_number) &&
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

/*
 * Writes STATE/ca/crl.pem anew (next update in AC_CA_CRL_DAYS), its number
 * above the previous CRL's.  The caller holds the CA's lock.
 */
static bool
write_crl(const struct ac_ctx *ctx, struct ac_err *err)
{
	struct revoked r = { 0 };
	struct ac_store_file f;
	struct ac_buf pem = { 0 };
	X509 *ca = NULL;
	EVP_PKEY *key = NULL;
	X509_CRL *crl = NULL;
	BIO *bio = NULL;
	char *path = ac_layout_ca(ctx, AC_LAYOUT_CA_CRL), *data;
	long len;
	bool ok = false;

	if (!ac_ca_load(ctx, &ca, &key, err) || !revoked_load(ctx, &r, err))
		goto out;
	crl = crl_build(ctx, ca, key, &r, crl_next_number(ctx, path));
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
	ac_buf_clear(&pem);
	BIO_free(bio);
	X509_CRL_free(crl);
	EVP_PKEY_free(key);
	X509_free(ca);
	revoked_clear(&r);
	free(path);
	return ok;
}

/* Copies the new CRL to the recorded export path, if any. */
static bool
copy_crl_export(const struct ac_ctx *ctx, struct ac_err *err)
{
	char *rec = ac_layout_ca(ctx, AC_LAYOUT_CA_CRL_EXPORT);
	char *crlpath = ac_layout_ca(ctx, AC_LAYOUT_CA_CRL);
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
	ac_buf_clear(&r);
	ac_buf_clear(&crl);
	free(crlpath);
	free(rec);
	return ok;
}

bool
ac_ca_crl_refresh(const struct ac_ctx *ctx, bool *refreshed,
		  struct ac_err *err)
{
	char *path = ac_layout_ca(ctx, AC_LAYOUT_CA_CRL);
	struct ac_err rerr = AC_ERR_INIT;
	X509_CRL *crl = NULL;
	time_t next = 0;
	bool ok = true;
	int lock = -1;

	*refreshed = false;
	if (!ac_ca_exists(ctx) || access(path, F_OK) != 0)
		goto out;
	lock = ac_ca_lock(ctx, err);
	if (lock < 0) {
		ok = false;
		goto out;
	}
	crl = crl_read(path, &rerr);
	if (ac_err_isset(&rerr)) {
		ok = ac_err_set(err, rerr.code, "%s", rerr.msg);
		goto out;
	}
	/* a damaged CRL, or one without next update, is made anew too */
	if (crl && X509_CRL_get0_nextUpdate(crl) &&
	    ac_asn1_time(X509_CRL_get0_nextUpdate(crl), &next) &&
	    next - ac_now(ctx) > (time_t)AC_CA_CRL_DAYS * 86400 / 3)
		goto out;
	ok = write_crl(ctx, err) && copy_crl_export(ctx, err);
	*refreshed = ok;
out:
	if (lock >= 0)
		close(lock);
	X509_CRL_free(crl);
	ac_err_clear(&rerr);
	free(path);
	return ok;
}
