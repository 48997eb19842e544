/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Repairing and checking an imported chain: order, completeness, trust. */
#ifndef AC_CHAIN_H
#define AC_CHAIN_H

#include <stdbool.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/import.h"
#include "src/x509.h"
#include "src/xalloc.h"

/* A certificate expiring sooner than this is installed with a warning. */
#define AC_CHAIN_WARN_DAYS 30
/* Most intermediates fetched through AIA for one chain. */
#define AC_CHAIN_MAX_FETCH 4
/* Largest AIA answer taken, and how long a fetch may take. */
#define AC_AIA_MAX_BYTES (256u * 1024)
#define AC_AIA_TIMEOUT_S 20L

struct ac_chain_opts {
	const char *ca_file;		/* trust anchors; NULL = system store */
	bool fetch;			/* may follow AIA caIssuers */
	const struct ac_names *names;	/* must be covered; may be NULL */
};

/* The repaired chain: leaf and intermediates in order, root left out. */
struct ac_chain {
	X509 *leaf;			/* owned reference */
	const char *leaf_src;		/* borrowed from the bundle */
	STACK_OF(X509) *chain;		/* owned; intermediates, leaf's issuer first */
};

void ac_chain_clear(struct ac_chain *c);

/*
 * The bundle's certificate for key (key NULL: the one server certificate
 * that issued none of the others, preferring the first file's).  Returns a
 * borrowed pointer and its source, or NULL with a line naming the files.
 */
X509 *ac_chain_pick_leaf(const struct ac_import_bundle *b, EVP_PKEY *key,
			 const char *key_src, const char **src,
			 struct ac_err *err);

/*
 * Checks the leaf (expiry by the ctx clock, key strength, signature
 * hash, serverAuth, the names asked for), orders the chain from the
 * bundle, drops the root, duplicates and strangers (with a warning),
 * fetches missing intermediates when allowed, and verifies the whole
 * against the trust anchors at the ctx time.  Warnings are translated
 * lines.  out is filled only on success.
 */
bool ac_chain_build(const struct ac_ctx *ctx,
		    const struct ac_import_bundle *b, X509 *leaf,
		    const char *leaf_src, const struct ac_chain_opts *opts,
		    struct ac_chain *out, struct ac_strv *warnings,
		    struct ac_err *err);

/*
 * True when the certificate name san (from a SAN, ASCII, any case) covers
 * the host name: equal, or san is "*.REST" with REST at least two labels
 * and name exactly one non-empty label followed by ".REST".  Partial
 * wildcards ("f*.example.com") and wildcards below the first label never
 * match; a wildcard name asked for is covered only by the same wildcard.
 */
bool ac_chain_name_covered(const char *name, const char *san);

/* The first http(s) caIssuers URL of cert's AIA (new string) or NULL. */
char *ac_chain_aia_url(X509 *cert);

/*
 * Downloads url (http or https, at most AC_AIA_MAX_BYTES within
 * AC_AIA_TIMEOUT_S, honours cancel) and parses the answer (DER, PEM or
 * PKCS#7) into out.  Blocking.
 */
bool ac_chain_fetch(const struct ac_ctx *ctx, const char *url,
		    struct ac_import_bundle *out, struct ac_err *err);

#endif
