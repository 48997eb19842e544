/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state directory's layout: every path under STATE is spelled here. */
#ifndef AC_LAYOUT_H
#define AC_LAYOUT_H

#include "src/ac.h"

/*
 * STATE/ (0700):
 *   certs/NAME/          one managed certificate: cert.pem, chain.pem,
 *                        fullchain.pem, privkey.pem (0600), renewal.conf
 *                        (its profile), last-renewal, renewal-info (ARI)
 *   accounts/HOST/       an ACME account: account.key (0600), account.url
 *   ca/                  the private CA: ca.key (0600), ca.crt,
 *                        issued/SERIAL.pem, revoked, crl.pem, crl-export,
 *                        phones/MAC/ (cert.pem + privkey.pem)
 *   csr/NAME/            a pending request: key.pem (0600), csr.pem
 *   archive/NAME/STAMP/  what an install replaced
 *   journal/             installs in progress (see store_int.h)
 *   deployed             the name 'astcert deploy' wired into Asterisk
 *   lock, install.lock, ca.lock, csr.lock   the runs' locks
 * Every function returns a new string; names are not checked here.
 */

/* A file in a certificate's directory (certs/NAME/ or ca/phones/MAC/). */
enum ac_layout_file {
	AC_LAYOUT_CERT,		/* the leaf */
	AC_LAYOUT_CHAIN,	/* the intermediates */
	AC_LAYOUT_FULLCHAIN,	/* leaf first, then the chain */
	AC_LAYOUT_PRIVKEY,	/* the key, 0600 */
	AC_LAYOUT_PROFILE,	/* the renewal profile */
	AC_LAYOUT_LAST,		/* the last renewal's result */
	AC_LAYOUT_ARI,		/* the CA's cached renewal window */
};

/* The file's name inside such a directory ("cert.pem"...). */
const char *ac_layout_file_name(enum ac_layout_file file);

/* STATE/certs when name is NULL, else STATE/certs/NAME. */
char *ac_layout_cert_dir(const struct ac_ctx *ctx, const char *name);
/* STATE/certs/NAME/FILE. */
char *ac_layout_cert_file(const struct ac_ctx *ctx, const char *name,
			  enum ac_layout_file file);

/* The private CA's files. */
enum ac_layout_ca {
	AC_LAYOUT_CA_DIR,	/* STATE/ca itself */
	AC_LAYOUT_CA_CERT,
	AC_LAYOUT_CA_KEY,
	AC_LAYOUT_CA_ISSUED,	/* the directory of what it signed */
	AC_LAYOUT_CA_REVOKED,
	AC_LAYOUT_CA_CRL,
	AC_LAYOUT_CA_CRL_EXPORT,
	AC_LAYOUT_CA_PHONES,	/* the directory of the phones' */
};

char *ac_layout_ca(const struct ac_ctx *ctx, enum ac_layout_ca what);
/* STATE/ca/issued/SERIAL.pem. */
char *ac_layout_ca_issued(const struct ac_ctx *ctx, const char *serial);
/* STATE/ca/phones/MAC. */
char *ac_layout_phone_dir(const struct ac_ctx *ctx, const char *mac);
/* STATE/ca/phones/MAC/FILE. */
char *ac_layout_phone_file(const struct ac_ctx *ctx, const char *mac,
			   enum ac_layout_file file);

/* An ACME account's files, by the CA's host (already made safe). */
enum ac_layout_account {
	AC_LAYOUT_ACCOUNT_DIR,
	AC_LAYOUT_ACCOUNT_KEY,
	AC_LAYOUT_ACCOUNT_URL,
};

char *ac_layout_account(const struct ac_ctx *ctx, const char *host,
			enum ac_layout_account what);

/* A pending CSR's files; STATE/csr when name is NULL. */
enum ac_layout_csr {
	AC_LAYOUT_CSR_DIR,
	AC_LAYOUT_CSR_KEY,
	AC_LAYOUT_CSR_REQ,
};

char *ac_layout_csr(const struct ac_ctx *ctx, const char *name,
		    enum ac_layout_csr what);

/* STATE/archive/NAME/STAMP. */
char *ac_layout_archive(const struct ac_ctx *ctx, const char *name,
			const char *stamp);
/* STATE/journal when name is NULL, else STATE/journal/NAME. */
char *ac_layout_journal(const struct ac_ctx *ctx, const char *name);

/* Files directly in STATE. */
enum ac_layout_state {
	AC_LAYOUT_STATE_DIR,	/* STATE itself */
	AC_LAYOUT_DEPLOYED,
	AC_LAYOUT_RENEW_LOCK,	/* 'astcert renew' runs one at a time */
	AC_LAYOUT_INSTALL_LOCK,	/* installs and their recovery */
	AC_LAYOUT_CA_LOCK,	/* beside ca/, which may be moved away */
	AC_LAYOUT_CSR_LOCK,	/* a CSR's look for a pending request */
};

char *ac_layout_state(const struct ac_ctx *ctx, enum ac_layout_state what);

#endif
