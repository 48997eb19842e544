/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The private CA: its key and certificate, what it issued, revocation. */
#ifndef AC_CA_H
#define AC_CA_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/job.h"
#include "src/xalloc.h"

/*
 * On disk, in the state directory's ca/ (0700, see layout.h): the CA key
 * (0600, never leaves it) and certificate; a copy of every certificate
 * the CA signed; the revocations, one line each ("SERIAL EPOCH", and
 * "SERIAL EPOCH void" for one whose install failed); the current CRL and
 * where 'ca export' last copied it ("PATH UID GID"); each phone's
 * certificate and key (0600) for later exports.
 */
#define AC_CA_DAYS 3650
#define AC_CA_CRL_DAYS 30
#define AC_CA_DEFAULT_NAME "astcert-ca"
/* The CA's CN when none is given, in the user's language (it is what the
 * phones show). */
const char *ac_ca_default_cn(void);

/* PKCS#12 encryption. */
enum ac_p12_algo {
	AC_P12_AES,	/* AES-256-CBC, PBKDF2, SHA-256 MAC: current softphones */
	AC_P12_LEGACY,	/* 3DES, SHA-1 MAC: old phones and Windows 7 era */
};

/* Options of the private-CA jobs (job->ca); owned by the job. */
struct ac_ca_opts {
	char *mac;			/* phone: 12 lower-case hex digits */
	char *password;			/* phone: PKCS#12 password (secret) or NULL */
	enum ac_p12_algo p12;
	struct ac_strv permitted_dns;	/* init: name constraints */
	char *fingerprint;		/* result: CA SHA-256, colons */
};

struct ac_ca_opts *ac_ca_opts_new(void);
/* Wipes the password; NULL is a no-op. */
void ac_ca_opts_free(struct ac_ca_opts *opts);

/*
 * Reads a password from the first line of path (the trailing newline
 * dropped) into a new secret string (free with ac_secret_free).  Never
 * from the command line: other users see argv in ps.
 */
char *ac_ca_read_password(const char *path, struct ac_err *err);

/*
 * Normalises a MAC address: "00:04:F2:A1:B2:C3", "00-04-f2-a1-b2-c3",
 * "0004.f2a1.b2c3" and "0004f2a1b2c3" all give "0004f2a1b2c3" (new string).
 * Fails naming the input when it is not 6 bytes in one of those notations.
 */
char *ac_mac_normalize(const char *mac, struct ac_err *err);

/*
 * Groups a colon-separated fingerprint the way phones show it: per_line
 * pairs per line, pairs separated by ':', lines by '\n' (new string).
 */
char *ac_fingerprint_group(const char *fingerprint, int per_line);

/* The serial as upper-case hex without separators, as 'ca list' shows it. */
char *ac_ca_serial_hex(X509 *cert);

/*
 * Takes the CA's lock, waiting for it: one run at a time creates the CA,
 * signs and records a certificate, or changes the revocations and the
 * CRL (each holds it for a moment).  Returns the descriptor that holds it
 * (close() releases it), or -1 with err.  Not to be taken twice.
 */
int ac_ca_lock(const struct ac_ctx *ctx, struct ac_err *err);

/* True when STATE/ca/ holds a CA. */
bool ac_ca_exists(const struct ac_ctx *ctx);

/* Loads the CA certificate and key (either out-pointer may be NULL). */
bool ac_ca_load(const struct ac_ctx *ctx, X509 **cert, EVP_PKEY **key,
		struct ac_err *err);

/* One certificate the CA issued. */
struct ac_ca_entry {
	char *serial;		/* upper-case hex, no colons */
	char *cn;
	char *kind;		/* "server" or "phone" */
	time_t not_after;
	long days_left;
	bool revoked;
	time_t revoked_at;
	bool voided;		/* revoked because its install failed */
	bool replaced;		/* a newer one of the same name and kind exists */
};

/* Everything the CA issued, oldest first. */
bool ac_ca_list(const struct ac_ctx *ctx, struct ac_ca_entry **out,
		size_t *n, struct ac_err *err);
void ac_ca_entries_free(struct ac_ca_entry *e, size_t n);

/*
 * Revokes what id names (a serial in hex, with or without colons, or a
 * MAC in any notation, or a server certificate's CN), then writes a new
 * CRL, all under the CA's lock.  Every matching, not yet revoked
 * certificate is revoked; *count says how many.  Fails when nothing
 * matches.
 */
bool ac_ca_revoke(const struct ac_ctx *ctx, const char *id, size_t *count,
		  struct ac_err *err);

/*
 * With the CA's lock held: revokes cert, which the CA signed and recorded
 * but whose install failed (a part of it may be out), as "void", and
 * writes a new CRL.
 */
bool ac_ca_void_locked(const struct ac_ctx *ctx, X509 *cert,
		       struct ac_err *err);

/*
 * Signs a new CRL when the current one's next update is less than a third
 * of AC_CA_CRL_DAYS away (ctx clock), and copies it to where 'ca export'
 * last put one.  *refreshed says whether it did.  No CA or no CRL yet is
 * not an error.  Takes the CA's lock.
 */
bool ac_ca_crl_refresh(const struct ac_ctx *ctx, bool *refreshed,
		       struct ac_err *err);

/*
 * Exports the CA to dir: NAME.crt (PEM), NAME.der and NAME.crl when there
 * is a CRL, 0644, owned by owner.  Paths written are added to files.
 */
bool ac_ca_export(const struct ac_ctx *ctx, const char *dir,
		  const char *name, const struct ac_owner *owner,
		  struct ac_strv *files, struct ac_err *err);

/*
 * Exports a phone's certificate again (PEM pair, and PKCS#12 when
 * password is not NULL) to dir as NAME.crt/.key/.p12.
 */
bool ac_ca_export_phone(const struct ac_ctx *ctx, const char *mac,
			const char *dir, const char *name,
			const struct ac_owner *owner, const char *password,
			enum ac_p12_algo algo, struct ac_strv *files,
			struct ac_err *err);

/*
 * Checks that the CA file at path (what Asterisk reads as ca_list_file)
 * accepts the phone certificates this CA signs: the CA's certificate
 * verifies as a trust anchor of the file (ctx clock).  Fails naming the
 * file and what to do (AC_ERR_CHECK) when it holds another CA.
 */
bool ac_ca_check_file(const struct ac_ctx *ctx, const char *path,
		      struct ac_err *err);

/* A PKCS#12 of key, cert and the CA, DER bytes appended to out. */
bool ac_ca_pkcs12(EVP_PKEY *key, X509 *cert, X509 *ca, const char *name,
		  const char *password, enum ac_p12_algo algo,
		  struct ac_buf *out, struct ac_err *err);

#endif
