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

/* One per certificate source; each has its entry in src/source.c's table. */
enum ac_job_kind {
	AC_JOB_SELFSIGNED,
	AC_JOB_CSR,
	AC_JOB_IMPORT,
	AC_JOB_ACME,
	AC_JOB_CA_INIT,
	AC_JOB_CA_SERVER,
	AC_JOB_CA_PHONE,
};

/* "selfsigned", "acme", "ca-server"...: the name in renewal profiles and
 * in status; "?" for no kind. */
const char *ac_job_kind_name(enum ac_job_kind kind);
bool ac_job_kind_parse(const char *s, enum ac_job_kind *out);

struct ac_source;

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
	const struct ac_source *source;	/* kind's entry, set by ac_job_init */

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

void ac_job_clear(struct ac_job *job);

/* Reads a renewal profile (src/profile.h) into a job prepared with
 * ac_job_init: its kind, then what every source has, then the source's own
 * section. */
bool ac_job_load(const char *path, struct ac_job *job, struct ac_err *err);

#endif
