/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of challenge solvers, one per ACME mode. */
#include <config.h>

#include <string.h>

#include <openssl/evp.h>

#include "src/jws.h"
#include "src/solver.h"

/* Indexed by enum ac_acme_mode; NULL = not in this build. */
static const struct ac_solver *const solvers[AC_ACME_MODES] = {
	[AC_ACME_STANDALONE] = &ac_solver_standalone,
	[AC_ACME_WEBROOT] = &ac_solver_webroot,
	[AC_ACME_DNS_RFC2136] = &ac_solver_rfc2136,
	[AC_ACME_DNS_HOOK] = &ac_solver_hook,
	[AC_ACME_DNS_MANUAL] = &ac_solver_manual,
};

const struct ac_solver *
ac_solver_get(enum ac_acme_mode mode)
{
	if ((unsigned)mode >= AC_ACME_MODES)
		return NULL;
	return solvers[mode];
}

bool
ac_solver_mode(const char *name, enum ac_acme_mode *mode)
{
	for (unsigned i = 0; name && i < AC_ACME_MODES; i++) {
		if (solvers[i] && strcmp(solvers[i]->name, name) == 0) {
			*mode = (enum ac_acme_mode)i;
			return true;
		}
	}
	return false;
}

const char *
ac_solver_name(enum ac_acme_mode mode)
{
	const struct ac_solver *s = ac_solver_get(mode);

	return s ? s->name : "?";
}

char *
ac_solver_dns_value(const char *key_authorization)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (!EVP_Digest(key_authorization, strlen(key_authorization), md,
			&len, EVP_sha256(), NULL))
		len = 0;
	return ac_base64url(md, len);
}
