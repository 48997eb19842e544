/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The steps every certificate source shares: name, place, owner, checks,
 * issuing a server certificate, installing (src/step.c,
 * src/step_install.c). */
#ifndef AC_STEP_H
#define AC_STEP_H

#include <stdbool.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/job.h"

/* The base file name: job->name, else the first DNS name, else the CN when
 * it is a valid file name, else "asterisk". */
const char *ac_step_name(const struct ac_job *job);

/* Output directory for the job (new string, root-mapped default). */
char *ac_step_out_dir(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		      const struct ac_job *job);

/* The owner: job->owner when set, else the configured one, else the
 * default; only root may give files to someone else. */
bool ac_step_owner(const struct ac_cfg *cfg, struct ac_job *job,
		   struct ac_err *err);

/*
 * Checks what every issuing source needs before any key is made: subject,
 * names, days, name, output directory and owner; resolves the default owner.
 * When the CN is a name and no DNS name was given, the CN becomes the first
 * SAN; when there is no CN, the first DNS name becomes the CN.
 */
bool ac_step_prepare(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     struct ac_job *job, struct ac_err *err);

/* The part of ac_step_prepare a request needs (a CSR installs nothing):
 * names, subject and file name. */
bool ac_step_prepare_request(struct ac_job *job, struct ac_err *err);

/*
 * Makes the job's key and a server certificate for it, signed by issuer
 * with issuer_key (both NULL: self-signed), and installs them with
 * ac_step_install.  Call after ac_step_prepare.  On success *leaf (when not
 * NULL) gets the certificate (the caller frees it).
 */
bool ac_step_issue_server(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			  struct ac_job *job, X509 *issuer,
			  EVP_PKEY *issuer_key, X509 **leaf,
			  struct ac_err *err);

/* What was issued, ready to install. */
struct ac_issued {
	X509 *leaf;
	STACK_OF(X509) *chain;	/* intermediates, leaf excluded; may be NULL */
	EVP_PKEY *key;
};

/*
 * Installs as Asterisk needs it: OUT/NAME.crt (leaf then intermediates,
 * 0644) and OUT/NAME.key (unencrypted, 0640 with a shared group else 0600),
 * plus STATE/certs/NAME/{cert,chain,fullchain,privkey}.pem and the renewal
 * profile; previous files archived.  Fills job->result.
 */
bool ac_step_install(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     struct ac_job *job, const struct ac_issued *issued,
		     struct ac_err *err);

/*
 * Checks the deployed pair OUT/NAME.crt and OUT/NAME.key against leaf, the
 * state's copy of what was installed: the certificate must be leaf and the
 * key its key (a key this user may not read is not checked).  Fails with a
 * line naming the file that differs and what to do.
 */
bool ac_step_check_deployed(const struct ac_ctx *ctx,
			    const struct ac_cfg *cfg,
			    const struct ac_job *job, X509 *leaf,
			    struct ac_err *err);

#endif
