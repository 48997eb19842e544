/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Repairing and checking an imported chain: order, completeness, trust. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "src/certinfo.h"
#include "src/chain.h"
#include "src/i18n.h"
#include "src/keys.h"
#include "src/text.h"
#include "src/util.h"

void
ac_chain_clear(struct ac_chain *c)
{
	if (!c)
		return;
	X509_free(c->leaf);
	sk_X509_pop_free(c->chain, X509_free);
	memset(c, 0, sizeof(*c));
}

static bool
self_signed(X509 *c)
{
	return (X509_get_extension_flags(c) & EXFLAG_SS) != 0;
}

static bool
is_ca(X509 *c)
{
	return (X509_get_extension_flags(c) & EXFLAG_CA) != 0;
}

static bool
issued(X509 *issuer, X509 *subject)
{
	bool ok = X509_check_issued(issuer, subject) == X509_V_OK;

	ERR_clear_error();
	return ok;
}

/* The CN, else the whole subject, for messages (new string). */
static char *
label(X509 *c)
{
	X509_NAME *name = X509_get_subject_name(c);
	int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
	unsigned char *utf8 = NULL;
	char *s = NULL, *shown;
	int n;

	if (i >= 0 && (n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
				   X509_NAME_get_entry(name, i)))) >= 0) {
		/* whole, even past a NUL, and safe to show */
		shown = ac_text_escape((char *)utf8, (size_t)n);
		s = xasprintf("\"%s\"", shown);
		free(shown);
		OPENSSL_free(utf8);
		return s;
	}
	s = X509_NAME_oneline(name, NULL, 0);
	if (s) {
		char *r = xasprintf("\"%s\"", s);

		OPENSSL_free(s);
		return r;
	}
	return xstrdup("?");
}

X509 *
ac_chain_pick_leaf(const struct ac_import_bundle *b, EVP_PKEY *key,
		   const char *key_src, const char **src, struct ac_err *err)
{
	int n = sk_X509_num(b->certs);
	const char *first = n > 0 ? b->srcs.v[0] : NULL;
	X509 *found = NULL;

	if (n <= 0) {
		ac_err_set_field(err, AC_FIELD_CERT, AC_ERR_INPUT,
			   _("%s: holds a key but no certificate; give the certificate file."),
			   key_src ? key_src : "?");
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		X509 *c = sk_X509_value(b->certs, i);
		bool issuer = false;

		if (key) {
			if (ac_key_matches(c, key)) {
				*src = b->srcs.v[i];
				return c;
			}
			continue;
		}
		if (is_ca(c))
			continue;
		for (int j = 0; j < n && !issuer; j++)
			issuer = j != i && issued(c, sk_X509_value(b->certs, j));
		if (issuer)
			continue;
		if (!found || strcmp(b->srcs.v[i], first) == 0) {
			found = c;
			*src = b->srcs.v[i];
			if (strcmp(b->srcs.v[i], first) == 0)
				break;
		}
	}
	if (key)
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the private key does not belong to the certificate in %s."),
			   key_src, first);
	else if (!found)
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: no server certificate in it, only CA certificates."),
			   first);
	return found;
}

bool
ac_chain_name_covered(const char *name, const char *san)
{
	const char *rest, *dot;

	if (strcasecmp(name, san) == 0)
		return true;
	if (strncmp(san, "*.", 2) != 0 || name[0] == '*')
		return false;
	rest = san + 2;
	/* "*.com" would cover a whole top-level domain */
	if (!strchr(rest, '.') || strchr(rest, '*'))
		return false;
	dot = strchr(name, '.');
	if (!dot || dot == name)
		return false;
	return strcasecmp(dot + 1, rest) == 0;
}

/* Key size and signature hash: what clients refuse outright. */
static bool
check_strength(X509 *c, const char *src, struct ac_err *err)
{
	EVP_PKEY *pub = X509_get0_pubkey(c);
	int md = NID_undef, pk = NID_undef;
	char *who = label(c);
	bool ok = true;

	if (!pub) {
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s: cannot read the public key of %s."),
				src, who);
	} else if (EVP_PKEY_is_a(pub, "RSA") && EVP_PKEY_get_bits(pub) < 2048) {
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s: %s has a %d-bit RSA key; clients need at least 2048 bits: have it reissued with a new key."),
				src, who, EVP_PKEY_get_bits(pub));
	} else if (OBJ_find_sigid_algs(X509_get_signature_nid(c), &md, &pk) &&
		   (md == NID_sha1 || md == NID_md5 || md == NID_md4 ||
		    md == NID_md5_sha1)) {
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s: %s is signed with %s, which clients refuse: have it reissued with SHA-256."),
				src, who, OBJ_nid2sn(md));
	}
	ERR_clear_error();
	free(who);
	return ok;
}

static bool
check_names(const struct ac_certinfo *info, const struct ac_names *want,
	    const char *src, struct ac_err *err)
{
	struct ac_buf have = { 0 };
	const char *missing = NULL;

	for (size_t i = 0; want && i < want->dns.n && !missing; i++) {
		bool covered = false;

		for (size_t j = 0; j < info->dns.n && !covered; j++)
			covered = ac_chain_name_covered(want->dns.v[i],
							info->dns.v[j]);
		if (!covered)
			missing = want->dns.v[i];
	}
	for (size_t i = 0; want && i < want->ip.n && !missing; i++)
		if (!ac_strv_contains(&info->ip, want->ip.v[i]))
			missing = want->ip.v[i];
	if (!missing)
		return true;
	for (size_t i = 0; i < info->dns.n; i++)
		ac_buf_printf(&have, "%s%s", have.len ? ", " : "", info->dns.v[i]);
	for (size_t i = 0; i < info->ip.n; i++)
		ac_buf_printf(&have, "%s%s", have.len ? ", " : "", info->ip.v[i]);
	ac_err_set(err, AC_ERR_INPUT,
		   _("%s: the certificate does not cover %s (it is for: %s)."),
		   /* TRANSLATORS: the certificate holds no host name */
		   src, missing, have.len ? have.data : _("no names"));
	ac_buf_clear(&have);
	return false;
}

static bool
check_leaf(const struct ac_ctx *ctx, X509 *leaf, const char *src,
	   const struct ac_chain_opts *opts, struct ac_strv *warnings,
	   struct ac_err *err)
{
	struct ac_certinfo info = { 0 };
	time_t now = ac_now(ctx);
	char when[32];
	uint32_t xku;
	bool ok = false;

	if (!ac_certinfo_get(ctx, leaf, &info, err))
		return false;
	if (info.not_after < now) {
		ac_date(info.not_after, when, sizeof(when));
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the certificate expired on %s; get the renewed one from the CA."),
			   src, when);
		goto out;
	}
	if (info.not_before > now) {
		ac_time_utc(info.not_before, when, sizeof(when));
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the certificate is valid only from %s; check this machine's clock."),
			   src, when);
		goto out;
	}
	if (info.is_ca) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: this is a CA certificate, not a server certificate; give the server's own certificate."),
			   src);
		goto out;
	}
	if (info.bad_name) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the certificate holds a name with a NUL or a control character (%s), a known way to pass for another name; astcert refuses it: ask the CA for a clean certificate."),
			   src, info.bad_name);
		goto out;
	}
	if (!check_strength(leaf, src, err))
		goto out;
	xku = X509_get_extended_key_usage(leaf);
	if (!(X509_get_extension_flags(leaf) & EXFLAG_XKUSAGE) ||
	    !(xku & XKU_SSL_SERVER)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the certificate is not for TLS servers (no serverAuth extended key usage); ask the CA for a server certificate."),
			   src);
		goto out;
	}
	if (!check_names(&info, opts->names, src, err))
		goto out;
	if (info.days_left < AC_CHAIN_WARN_DAYS) {
		ac_date(info.not_after, when, sizeof(when));
		ac_strv_add_owned(warnings,
				  xasprintf(ngettext("%s: the certificate expires in %ld day (%s); renew it soon.",
						     "%s: the certificate expires in %ld days (%s); renew it soon.",
						     ac_plural_n(info.days_left)),
					    src, info.days_left, when));
	}
	if (info.dns.n == 0 && info.ip.n == 0)
		ac_strv_add_owned(warnings,
				  xasprintf(_("%s: the certificate has no subject alternative names; most clients will refuse it."),
					    src));
	ok = true;
out:
	ac_certinfo_clear(&info);
	return ok;
}

/* The certificates to build from, with where each came from. */
struct pool {
	STACK_OF(X509) *certs;
	struct ac_strv srcs;
	X509 *root;		/* the bundle's root, borrowed */
};

static void
pool_add(struct pool *p, X509 *c, const char *src)
{
	for (int i = 0; i < sk_X509_num(p->certs); i++)
		if (X509_cmp(sk_X509_value(p->certs, i), c) == 0)
			return;
	X509_up_ref(c);
	sk_X509_push(p->certs, c);
	ac_strv_add(&p->srcs, src);
}

static const char *
pool_src(const struct pool *p, X509 *c)
{
	for (int i = 0; i < sk_X509_num(p->certs); i++)
		if (X509_cmp(sk_X509_value(p->certs, i), c) == 0)
			return p->srcs.v[i];
	return "?";
}

/* Leaf first, each next certificate the issuer of the one before; the
 * root stops the walk and stays out.  used[] marks what was taken. */
static STACK_OF(X509) *
order(struct pool *p, X509 *leaf, bool *used)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	int n = sk_X509_num(p->certs);
	X509 *cur = leaf;

	p->root = NULL;
	for (int i = 0; i < n; i++)
		used[i] = X509_cmp(sk_X509_value(p->certs, i), leaf) == 0;
	while (!self_signed(cur) && sk_X509_num(chain) < n) {
		int next = -1, root = -1;

		for (int i = 0; i < n && next < 0; i++) {
			X509 *c = sk_X509_value(p->certs, i);

			if (used[i] || !issued(c, cur))
				continue;
			if (self_signed(c))
				root = root < 0 ? i : root;
			else
				next = i;
		}
		if (next < 0) {
			if (root >= 0) {
				used[root] = true;
				p->root = sk_X509_value(p->certs, root);
			}
			break;
		}
		used[next] = true;
		cur = sk_X509_value(p->certs, next);
		X509_up_ref(cur);
		sk_X509_push(chain, cur);
	}
	return chain;
}

static X509_STORE *
trust_store(const char *ca_file, struct ac_err *err)
{
	struct ac_import_bundle anchors = { 0 };
	X509_STORE *store = X509_STORE_new();

	if (!store) {
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot set up certificate verification."));
		return NULL;
	}
	if (!ca_file) {
		X509_STORE_set_default_paths(store);
		ERR_clear_error();
		return store;
	}
	if (!ac_import_parse_file(ca_file, NULL, &anchors, err))
		goto fail;
	if (sk_X509_num(anchors.certs) <= 0) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: no CA certificate in it."), ca_file);
		goto fail;
	}
	for (int i = 0; i < sk_X509_num(anchors.certs); i++)
		X509_STORE_add_cert(store, sk_X509_value(anchors.certs, i));
	ERR_clear_error();
	ac_import_bundle_clear(&anchors);
	return store;
fail:
	ac_import_bundle_clear(&anchors);
	X509_STORE_free(store);
	return NULL;
}

/* X509_V_OK, or the failure and the certificate it is about (*bad, new). */
static int
verify(const struct ac_ctx *ctx, X509_STORE *store, X509 *leaf,
       STACK_OF(X509) *chain, X509 **bad)
{
	X509_STORE_CTX *sc = X509_STORE_CTX_new();
	int code = X509_V_ERR_UNSPECIFIED;

	*bad = NULL;
	if (sc && X509_STORE_CTX_init(sc, store, leaf, chain)) {
		X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(sc),
					   ac_now(ctx));
		X509_STORE_CTX_set_purpose(sc, X509_PURPOSE_SSL_SERVER);
		code = X509_verify_cert(sc) == 1 ? X509_V_OK
						 : X509_STORE_CTX_get_error(sc);
		if (code != X509_V_OK) {
			*bad = X509_STORE_CTX_get_current_cert(sc);
			if (*bad)
				X509_up_ref(*bad);
		}
	}
	X509_STORE_CTX_free(sc);
	ERR_clear_error();
	return code;
}

/* The issuer of bad is missing: fetch it when allowed, else say how. */
static bool
find_issuer(const struct ac_ctx *ctx, struct pool *p, X509 *bad,
	    const char *leaf_src, const struct ac_chain_opts *opts,
	    int *fetches, struct ac_err *err)
{
	struct ac_import_bundle got = { 0 };
	char *who = label(bad), *url = NULL;
	X509_NAME *iname = X509_get_issuer_name(bad);
	char *issuer = X509_NAME_oneline(iname, NULL, 0);
	bool ok = false;

	if (p->root && issued(p->root, bad)) {
		ac_err_set_field(err, AC_FIELD_CA_FILE, AC_ERR_INPUT,
			   _("%s: the chain ends at the root %s, which this system does not trust; if you trust it, give it as a trusted root."),
			   pool_src(p, p->root), issuer ? issuer : "?");
		goto out;
	}
	url = ac_chain_aia_url(bad);
	if (!opts->fetch || !url || *fetches >= AC_CHAIN_MAX_FETCH) {
		if (url && *fetches < AC_CHAIN_MAX_FETCH)
			ac_err_set_field(err, AC_FIELD_FETCH, AC_ERR_INPUT,
				   _("%s: the chain is incomplete: the issuer of %s (%s) is missing; add it to the chain files, or let astcert fetch it from %s."),
				   leaf_src, who, issuer ? issuer : "?", url);
		else
			ac_err_set_field(err, AC_FIELD_CHAIN, AC_ERR_INPUT,
				   _("%s: the chain is incomplete: the issuer of %s (%s) is missing or not trusted; add it to the chain files or give the root as a trusted root."),
				   leaf_src, who, issuer ? issuer : "?");
		goto out;
	}
	(*fetches)++;
	ac_progress(ctx, _("Fetching a missing intermediate"), -1, url);
	if (!ac_chain_fetch(ctx, url, &got, err))
		goto out;
	for (int i = 0; i < sk_X509_num(got.certs); i++) {
		X509 *c = sk_X509_value(got.certs, i);

		if (!issued(c, bad))
			continue;
		if (!self_signed(c) && !check_strength(c, url, err))
			goto out;
		pool_add(p, c, url);
		ok = true;
	}
	if (!ok)
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: what this address serves is not the issuer of %s."),
			   url, who);
out:
	ac_import_bundle_clear(&got);
	OPENSSL_free(issuer);
	free(url);
	free(who);
	return ok;
}

static bool
verify_failed(const struct ac_ctx *ctx, struct pool *p, int code, X509 *bad,
	      struct ac_err *err)
{
	char *who = bad ? label(bad) : xstrdup("?");
	const char *src = bad ? pool_src(p, bad) : "?";
	time_t t;
	char when[32] = "?";

	(void)ctx;
	if (code == X509_V_ERR_CERT_HAS_EXPIRED && bad &&
	    ac_asn1_time(X509_get0_notAfter(bad), &t)) {
		ac_date(t, when, sizeof(when));
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the chain certificate %s expired on %s; get the current chain from the CA."),
			   src, who, when);
	} else {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s: the chain does not verify at %s: %s."), src,
			   who, X509_verify_cert_error_string(code));
	}
	free(who);
	return false;
}

static void
warn_strangers(const struct pool *p, const bool *used,
	       struct ac_strv *warnings)
{
	for (int i = 0; i < sk_X509_num(p->certs); i++) {
		X509 *c = sk_X509_value(p->certs, i);
		char *who;

		if (used[i] || c == p->root)
			continue;
		who = label(c);
		ac_strv_add_owned(warnings,
				  xasprintf(_("%s: left out %s, which is not in this certificate's chain."),
					    p->srcs.v[i], who));
		free(who);
	}
}

bool
ac_chain_build(const struct ac_ctx *ctx, const struct ac_import_bundle *b,
	       X509 *leaf, const char *leaf_src,
	       const struct ac_chain_opts *opts, struct ac_chain *out,
	       struct ac_strv *warnings, struct ac_err *err)
{
	struct pool p = { .certs = sk_X509_new_null() };
	STACK_OF(X509) *chain = NULL;
	X509_STORE *store = NULL;
	X509 *bad = NULL;
	bool *used = NULL, ok = false;
	int code, fetches = 0;

	if (!check_leaf(ctx, leaf, leaf_src, opts, warnings, err))
		goto out;
	for (int i = 0; i < sk_X509_num(b->certs); i++)
		pool_add(&p, sk_X509_value(b->certs, i), b->srcs.v[i]);
	if (!(store = trust_store(opts->ca_file, err)))
		goto out;
	for (;;) {
		free(used);
		used = xcalloc((size_t)sk_X509_num(p.certs) + 1, sizeof(bool));
		sk_X509_pop_free(chain, X509_free);
		chain = order(&p, leaf, used);
		for (int i = 0; i < sk_X509_num(chain); i++) {
			X509 *c = sk_X509_value(chain, i);

			if (!check_strength(c, pool_src(&p, c), err))
				goto out;
		}
		X509_free(bad);
		code = verify(ctx, store, leaf, chain, &bad);
		if (code == X509_V_OK)
			break;
		if (ac_cancelled(ctx)) {
			ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was written."));
			goto out;
		}
		if (code != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY &&
		    code != X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT) {
			verify_failed(ctx, &p, code, bad, err);
			goto out;
		}
		if (!find_issuer(ctx, &p, bad ? bad : leaf, leaf_src, opts,
				 &fetches, err))
			goto out;
	}
	warn_strangers(&p, used, warnings);
	X509_up_ref(leaf);
	out->leaf = leaf;
	out->leaf_src = leaf_src;
	out->chain = chain;
	chain = NULL;
	ok = true;
out:
	X509_free(bad);
	free(used);
	sk_X509_pop_free(chain, X509_free);
	X509_STORE_free(store);
	sk_X509_pop_free(p.certs, X509_free);
	ac_strv_clear(&p.srcs);
	return ok;
}
