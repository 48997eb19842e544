/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A job: one run of one path, the only entry point both front ends call. */
#ifndef AC_JOB_H
#define AC_JOB_H

#include <stdbool.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/certinfo.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/keys.h"
#include "src/store.h"
#include "src/x509.h"

enum ac_job_kind {
	AC_JOB_SELFSIGNED,
	AC_JOB_CSR,
	AC_JOB_IMPORT,
	AC_JOB_ACME,
	AC_JOB_CA_INIT,
	AC_JOB_CA_SERVER,
	AC_JOB_CA_PHONE,
};

/* Path-specific options, defined by their modules; owned by the job. */
struct ac_acme_opts;
struct ac_import_opts;
struct ac_ca_opts;

/* What a run produced, for the result screen and the CLI summary. */
struct ac_job_result {
	bool have_info;
	struct ac_certinfo info;	/* the installed leaf */
	struct ac_strv files;		/* paths written, deployed first */
	struct ac_strv warnings;	/* translated lines */
	char *csr_pem;			/* CSR text (AC_JOB_CSR) */
};

struct ac_job {
	enum ac_job_kind kind;

	/* what to certify */
	struct ac_subject subject;
	struct ac_names names;
	enum ac_key_type key_type;
	int days;

	/* where it goes */
	char *name;		/* file base name; NULL = derived from names */
	char *out_dir;		/* NULL = the configured key directory */
	struct ac_owner owner;
	bool owner_set;		/* false = ac_owner_default() */

	struct ac_acme_opts *acme;
	struct ac_import_opts *import;
	struct ac_ca_opts *ca;

	struct ac_job_result result;
};

/* A job with the configuration's defaults filled in. */
void ac_job_init(struct ac_job *job, enum ac_job_kind kind,
		 const struct ac_cfg *cfg);

/*
 * Runs the job: validates everything first (nothing is generated or written
 * for bad input), then generates, issues or imports, installs and fills
 * job->result.  Reports progress and honours cancel through ctx.  On
 * failure nothing already on disk has changed.
 */
bool ac_job_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		struct ac_job *job, struct ac_err *err);

void ac_job_free(struct ac_job *job);

/* The base file name: job->name, else the first DNS name, else the CN when
 * it is a valid file name, else "asterisk". */
const char *ac_job_name(const struct ac_job *job);

/* Output directory for the job (new string, root-mapped default). */
char *ac_job_out_dir(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		     const struct ac_job *job);

/* The owner: job->owner when set, else the configured one, else the
 * default; only root may give files to someone else. */
bool ac_job_resolve_owner(const struct ac_cfg *cfg, struct ac_job *job,
			  struct ac_err *err);

/*
 * Checks what every issuing path needs before any key is made: subject,
 * names, days, name, output directory and owner; resolves the default owner.
 * When the CN is a name and no DNS name was given, the CN becomes the first
 * SAN; when there is no CN, the first DNS name becomes the CN.
 */
bool ac_job_prepare(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		    struct ac_job *job, struct ac_err *err);

/* What was issued, ready to install. */
struct ac_issued {
	X509 *leaf;
	STACK_OF(X509) *chain;	/* intermediates, leaf excluded; may be NULL */
	EVP_PKEY *key;
};

/*
 * Makes the job's key and a server certificate for it, signed by issuer
 * with issuer_key (both NULL: self-signed), and installs them with
 * ac_job_install.  Call after ac_job_prepare.  On success *leaf (when not
 * NULL) gets the certificate (the caller frees it).
 */
bool ac_job_issue_server(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			 struct ac_job *job, X509 *issuer, EVP_PKEY *issuer_key,
			 X509 **leaf, struct ac_err *err);

/*
 * Installs as Asterisk needs it: OUT/NAME.crt (leaf then intermediates,
 * 0644) and OUT/NAME.key (unencrypted, 0640 with a shared group else 0600),
 * plus STATE/certs/NAME/{cert,chain,fullchain,privkey}.pem and the renewal
 * profile; previous files archived.  Fills job->result.
 */
bool ac_job_install(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		    struct ac_job *job, const struct ac_issued *issued,
		    struct ac_err *err);

/*
 * Checks the deployed pair OUT/NAME.crt and OUT/NAME.key against leaf, the
 * state's copy of what was installed: the certificate must be leaf and the
 * key its key (a key this user may not read is not checked).  Fails with a
 * line naming the file that differs and what to do.
 */
bool ac_job_check_deployed(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			   const struct ac_job *job, X509 *leaf,
			   struct ac_err *err);

#endif
