/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing purchased certificates: reading every container format, CSRs. */
#ifndef AC_IMPORT_H
#define AC_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "src/ac.h"
#include "src/certinfo.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/job.h"
#include "src/keys.h"
#include "src/x509.h"
#include "src/xalloc.h"

/* Most certificates one import takes in, over all its files. */
#define AC_IMPORT_MAX_CERTS 64
/* Most PEM blocks one file may hold. */
#define AC_IMPORT_MAX_BLOCKS 256
/* Most key derivation rounds one PKCS#12 MAC or encryption may ask for. */
#define AC_IMPORT_MAX_ITER AC_KEY_MAX_ROUNDS
/* Most key derivation work all of one import's files may ask for together. */
#define AC_IMPORT_MAX_WORK (4 * AC_KEY_MAX_ROUNDS)

/* What `astcert import` was asked to do; owned by the job (job->import). */
struct ac_import_opts {
	char *cert_path;		/* required: any format */
	char *key_path;			/* NULL = in cert_path, or a pending CSR key */
	struct ac_strv chain_paths;	/* more certificates, any format */
	char *passphrase;		/* secret: wiped on free; NULL = none */
	char *ca_file;			/* trust anchors; NULL = the system store */
	bool fetch_intermediates;	/* consent to follow AIA caIssuers */
	struct ac_names names;		/* names the certificate must cover */
};

struct ac_import_opts *ac_import_opts_new(void);
void ac_import_opts_free(struct ac_import_opts *opts);

/*
 * Everything read from the files: certificates in the order met, where
 * each came from (borrowed names, parallel to certs), and the first private
 * key with its source.
 */
struct ac_import_bundle {
	STACK_OF(X509) *certs;
	struct ac_strv srcs;
	EVP_PKEY *key;
	char *key_src;
	bool certs_only;	/* set before parsing what a server sent:
				   certificates only, no keys, no PKCS#12 */
	long kdf_work;		/* key derivation asked for so far */
};

void ac_import_bundle_clear(struct ac_import_bundle *b);

/*
 * Reads what data holds into b: PEM text (any mix of certificates, PKCS#7,
 * private keys, encrypted or not; CRLF, a UTF-8 BOM and text around the
 * blocks are fine), a DER certificate, DER PKCS#7, a DER private key, or
 * PKCS#12 (legacy RC2/3DES too: OpenSSL's legacy provider is loaded into a
 * private library context for that file only).  pass may be NULL.  what
 * names the source in messages.  Input is untrusted: sizes and counts are
 * bounded (AC_MAX_FILE, AC_IMPORT_MAX_*).  Fails with one line naming what
 * and the problem; b keeps what earlier calls added.
 */
bool ac_import_parse(const char *data, size_t len, const char *pass,
		     const char *what, struct ac_import_bundle *b,
		     struct ac_err *err);

/* Reads a file (bounded) and parses it as ac_import_parse does. */
bool ac_import_parse_file(const char *path, const char *pass,
			  struct ac_import_bundle *b, struct ac_err *err);

/*
 * What an import's files hold, shown before anything is installed.  Every
 * string is safe to show (src/text.h).
 */
struct ac_import_preview {
	struct ac_certinfo leaf;	/* the certificate that would be installed */
	char *leaf_src;			/* the file it is in */
	char *key_src;			/* the file holding its key, or NULL */
	char *pending;			/* or the pending CSR (astcert csr) whose
					   key it is, or NULL */
	bool chain_ok;			/* it verifies as it is */
	int intermediates;		/* then: how many, the root left out */
	char *problem;			/* why the import would fail as it is
					   (the key, the chain, the names...), or
					   NULL */
	struct ac_strv warnings;	/* translated lines */
	char *name;			/* the file name proposed: the first DNS
					   name, else the CN, else the pending
					   CSR's name; NULL when none is usable */
};

/*
 * Reads the files o names, picks the certificate to install and its key
 * and checks the chain as the import would, without the network (a
 * missing intermediate that could be fetched is a problem here) and
 * without writing anything.  Fails with err when the files cannot be read
 * or hold no server certificate; what the import would refuse after that
 * goes to p->problem.  p must be zeroed.
 */
bool ac_import_preview(const struct ac_ctx *ctx,
		       const struct ac_import_opts *o,
		       struct ac_import_preview *p, struct ac_err *err);
void ac_import_preview_clear(struct ac_import_preview *p);

#endif
