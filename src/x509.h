/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Building certificates and CSRs: subject, SANs, extensions, signing. */
#ifndef AC_X509_H
#define AC_X509_H

#include <stdbool.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/names.h"
#include "src/xalloc.h"

/* Subject fields; NULL or "" = absent.  Owned strings. */
struct ac_subject {
	char *country;
	char *state;
	char *locality;
	char *org;
	char *unit;
	char *cn;
	char *email;
};

/*
 * Parses the book's form "/C=CA/ST=Ontario/L=Toronto/O=ShiftEight/CN=x",
 * merging into out (fields given override).  "\/" escapes a slash.
 */
bool ac_subject_parse(const char *s, struct ac_subject *out,
		      struct ac_err *err);

/* Checks lengths, characters and the 2-letter country; need_cn requires CN. */
bool ac_subject_validate(const struct ac_subject *s, bool need_cn,
			 struct ac_err *err);

/* Sets field *dst to a copy of value (replacing). */
void ac_subject_set(char **dst, const char *value);
void ac_subject_copy(struct ac_subject *dst, const struct ac_subject *src);
void ac_subject_clear(struct ac_subject *s);

/* The subject as an X509_NAME (new). */
X509_NAME *ac_subject_to_name(const struct ac_subject *s, struct ac_err *err);

/* What a certificate is for. */
enum ac_x509_usage {
	AC_USAGE_SERVER,	/* CA:FALSE, serverAuth (+ clientAuth for SIP) */
	AC_USAGE_CLIENT,	/* CA:FALSE, clientAuth: a phone */
	AC_USAGE_CA,		/* CA:TRUE, keyCertSign, cRLSign */
};

struct ac_x509_spec {
	const struct ac_subject *subject;
	const struct ac_names *names;	/* may be NULL */
	enum ac_x509_usage usage;
	int days;			/* validity from now (ctx clock) */
	int pathlen;			/* CA only; -1 = none */
	const struct ac_strv *permitted_dns;	/* CA only: name constraints */
};

#define AC_DAYS_MAX 36500
#define AC_DAYS_BROWSER_MAX 825

/*
 * Issues a certificate for key with the spec, signed by issuer_key; issuer
 * NULL means self-signed (issuer_key must then be key).  v3, random 64+ bit
 * serial, SHA-256 (SHA-384 for P-384 issuers), SKI/AKI, SANs.
 */
X509 *ac_x509_issue(const struct ac_ctx *ctx, EVP_PKEY *key,
		    const struct ac_x509_spec *spec, X509 *issuer,
		    EVP_PKEY *issuer_key, struct ac_err *err);

/* The digest a signature by signer uses: SHA-384 for P-384 and larger EC
 * keys, else SHA-256. */
const EVP_MD *ac_x509_digest_for(EVP_PKEY *signer);

/* A CSR for key with the subject and SANs. */
X509_REQ *ac_x509_csr(EVP_PKEY *key, const struct ac_subject *subject,
		      const struct ac_names *names, struct ac_err *err);

/* PEM text of certificates appended to out. */
bool ac_x509_to_pem(X509 *cert, struct ac_buf *out, struct ac_err *err);
bool ac_csr_to_pem(X509_REQ *req, struct ac_buf *out, struct ac_err *err);

/*
 * Reads every certificate in a PEM or DER file (new stack, at least one).
 * Fails naming the file when there is none or a block is corrupt.
 */
STACK_OF(X509) *ac_x509_load_file(const char *path, struct ac_err *err);
STACK_OF(X509) *ac_x509_from_mem(const char *data, size_t len,
				 const char *what, struct ac_err *err);

#endif
