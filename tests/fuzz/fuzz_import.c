/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the import parser and what the chain logic reads from
 * its results (untrusted files from users and AIA answers from servers). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <openssl/err.h>

#include "src/certinfo.h"
#include "src/chain.h"
#include "src/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
inspect(const struct ac_import_bundle *b)
{
	struct ac_ctx ctx = { .now_override = 1767225600 };	/* 2026-01-01 */
	struct ac_err err = AC_ERR_INIT;
	const char *src = NULL;

	for (int i = 0; i < sk_X509_num(b->certs); i++) {
		X509 *c = sk_X509_value(b->certs, i);
		struct ac_certinfo info = { 0 };

		free(ac_chain_aia_url(c));
		if (ac_certinfo_get(&ctx, c, &info, &err))
			for (size_t j = 0; j < info.dns.n; j++)
				(void)ac_chain_name_covered("pbx.example.test",
							    info.dns.v[j]);
		ac_certinfo_clear(&info);
		ac_err_clear(&err);
	}
	(void)ac_chain_pick_leaf(b, b->key, b->key_src, &src, &err);
	ac_err_clear(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ac_import_bundle b = { 0 };
	struct ac_err err = AC_ERR_INIT;

	/* the seeds' encrypted keys and PKCS#12 files use "secret" */
	if (ac_import_parse((const char *)data, size, "secret", "fuzz", &b,
			    &err))
		inspect(&b);
	ac_err_clear(&err);
	ac_import_bundle_clear(&b);
	ERR_clear_error();
	return 0;
}
