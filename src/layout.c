/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The state directory's layout: every path under STATE is spelled here. */
#include <config.h>

#include <stdlib.h>

#include "src/layout.h"
#include "src/xalloc.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const file_names[] = {
	[AC_LAYOUT_CERT] = "cert.pem",
	[AC_LAYOUT_CHAIN] = "chain.pem",
	[AC_LAYOUT_FULLCHAIN] = "fullchain.pem",
	[AC_LAYOUT_PRIVKEY] = "privkey.pem",
	[AC_LAYOUT_PROFILE] = "renewal.conf",
	[AC_LAYOUT_LAST] = "last-renewal",
	[AC_LAYOUT_ARI] = "renewal-info",
};

static const char *const ca_names[] = {
	[AC_LAYOUT_CA_DIR] = "ca",
	[AC_LAYOUT_CA_CERT] = "ca/ca.crt",
	[AC_LAYOUT_CA_KEY] = "ca/ca.key",
	[AC_LAYOUT_CA_ISSUED] = "ca/issued",
	[AC_LAYOUT_CA_REVOKED] = "ca/revoked",
	[AC_LAYOUT_CA_CRL] = "ca/crl.pem",
	[AC_LAYOUT_CA_CRL_EXPORT] = "ca/crl-export",
	[AC_LAYOUT_CA_PHONES] = "ca/phones",
};

static const char *const account_names[] = {
	[AC_LAYOUT_ACCOUNT_DIR] = NULL,
	[AC_LAYOUT_ACCOUNT_KEY] = "account.key",
	[AC_LAYOUT_ACCOUNT_URL] = "account.url",
};

static const char *const csr_names[] = {
	[AC_LAYOUT_CSR_DIR] = NULL,
	[AC_LAYOUT_CSR_KEY] = "key.pem",
	[AC_LAYOUT_CSR_REQ] = "csr.pem",
};

static const char *const state_names[] = {
	[AC_LAYOUT_STATE_DIR] = NULL,
	[AC_LAYOUT_DEPLOYED] = "deployed",
	[AC_LAYOUT_RENEW_LOCK] = "lock",
	[AC_LAYOUT_INSTALL_LOCK] = "install.lock",
	[AC_LAYOUT_CA_LOCK] = "ca.lock",
	[AC_LAYOUT_CSR_LOCK] = "csr.lock",
};

/* names[i], or NULL for an index out of the table. */
static const char *
pick(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? names[i] : NULL;
}

/* STATE/DIR[/NAME[/FILE]]: the parts that are NULL are left out. */
static char *
build(const struct ac_ctx *ctx, const char *dir, const char *name,
      const char *file)
{
	char *sub, *p;

	if (!name)
		sub = xstrdup(dir);
	else if (!file)
		sub = xasprintf("%s/%s", dir, name);
	else
		sub = xasprintf("%s/%s/%s", dir, name, file);
	p = ac_state_path(ctx, sub);
	free(sub);
	return p;
}

const char *
ac_layout_file_name(enum ac_layout_file file)
{
	const char *n = pick(file_names, COUNT(file_names), (int)file);

	return n ? n : "?";
}

char *
ac_layout_cert_dir(const struct ac_ctx *ctx, const char *name)
{
	return build(ctx, "certs", name, NULL);
}

char *
ac_layout_cert_file(const struct ac_ctx *ctx, const char *name,
		    enum ac_layout_file file)
{
	return build(ctx, "certs", name, ac_layout_file_name(file));
}

char *
ac_layout_ca(const struct ac_ctx *ctx, enum ac_layout_ca what)
{
	const char *n = pick(ca_names, COUNT(ca_names), (int)what);

	return ac_state_path(ctx, n ? n : "ca");
}

char *
ac_layout_ca_issued(const struct ac_ctx *ctx, const char *serial)
{
	char *file = xasprintf("%s.pem", serial);
	char *p = build(ctx, ca_names[AC_LAYOUT_CA_ISSUED], file, NULL);

	free(file);
	return p;
}

char *
ac_layout_phone_dir(const struct ac_ctx *ctx, const char *mac)
{
	return build(ctx, ca_names[AC_LAYOUT_CA_PHONES], mac, NULL);
}

char *
ac_layout_phone_file(const struct ac_ctx *ctx, const char *mac,
		     enum ac_layout_file file)
{
	return build(ctx, ca_names[AC_LAYOUT_CA_PHONES], mac,
		     ac_layout_file_name(file));
}

char *
ac_layout_account(const struct ac_ctx *ctx, const char *host,
		  enum ac_layout_account what)
{
	return build(ctx, "accounts", host,
		     pick(account_names, COUNT(account_names), (int)what));
}

char *
ac_layout_csr(const struct ac_ctx *ctx, const char *name,
	      enum ac_layout_csr what)
{
	return build(ctx, "csr", name,
		     pick(csr_names, COUNT(csr_names), (int)what));
}

char *
ac_layout_archive(const struct ac_ctx *ctx, const char *name,
		  const char *stamp)
{
	return build(ctx, "archive", name, stamp);
}

char *
ac_layout_journal(const struct ac_ctx *ctx, const char *name)
{
	return build(ctx, "journal", name, NULL);
}

char *
ac_layout_state(const struct ac_ctx *ctx, enum ac_layout_state what)
{
	return ac_state_path(ctx,
			     pick(state_names, COUNT(state_names), (int)what));
}
