/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The certificate sources (self-signed, ACME, import, CSR, private CA) as
 * one table of operations: the job, the renewal profile, renew and the
 * front ends ask the table instead of naming sources.
 *
 * Adding a source: one new file defining its struct ac_source (its run,
 * using the shared steps of src/step.h), one entry in src/source.c's table
 * (and its enum ac_job_kind value in src/job.h); the file goes into
 * src/local.mk and, with translatable strings, po/POTFILES.in.  The engine
 * needs nothing else; a user reaches it through a front end that builds a
 * job of that kind (a ui/cmd_*.c command, a wizard path).
 */
#ifndef AC_SOURCE_H
#define AC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <libconfig.h>
#include <openssl/x509.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/job.h"
#include "src/inventory.h"

struct ac_source {
	enum ac_job_kind kind;
	const char *name;	/* shown by status, in renewal profiles: "acme" */
	const char *command;	/* the CLI command that runs it: "ca server" */
	bool installs;		/* leaves certificate files (a CSR only asks) */
	bool browser_days;	/* a server certificate: the 825-day limit applies */
	enum ac_renew_method renew;	/* how renew finds when it is due */

	/* Checks the job before anything is made; NULL: run checks itself. */
	bool (*validate)(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			 struct ac_job *job, struct ac_err *err);
	/* Makes, issues or imports, installs and fills job->result; on
	 * failure nothing on disk has changed. */
	bool (*run)(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
		    struct ac_job *job, struct ac_err *err);
	/* Frees the source's options in the job (and sets them NULL);
	 * called for every source on ac_job_clear. */
	void (*clear)(struct ac_job *job);
	/* The source's own section of the renewal profile: written into
	 * root, read back from conf (path names the file in errors). */
	void (*profile_write)(config_setting_t *root, const struct ac_job *job);
	bool (*profile_read)(const config_t *conf, const char *path,
			     struct ac_job *job, struct ac_err *err);
	/* A renewal window of the source's own (ACME's ARI): true with *due
	 * (and *explanation, a new string or NULL) when there is one; offline
	 * uses only what was stored.  NULL: the renew method decides. */
	bool (*renew_window)(const struct ac_ctx *ctx,
			     const struct ac_cfg *cfg, const char *name,
			     struct ac_job *job, X509 *leaf, bool offline,
			     time_t *due, char **explanation,
			     struct ac_err *err);
};

/* The sources, defined by their modules. */
extern const struct ac_source ac_source_selfsigned, ac_source_csr,
	ac_source_import, ac_acme_source, ac_ca_source_init,
	ac_ca_source_server, ac_ca_source_phone;

/* The table's entry for kind, or NULL. */
const struct ac_source *ac_source_get(enum ac_job_kind kind);

/* The entry named name ("acme"), or NULL. */
const struct ac_source *ac_source_find(const char *name);

/* The i-th entry (for listing them all), NULL past the end. */
const struct ac_source *ac_source_at(size_t i);

#endif
