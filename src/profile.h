/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renewal profiles: what a managed certificate was made from, on disk. */
#ifndef AC_PROFILE_H
#define AC_PROFILE_H

#include <stdbool.h>

#include "src/err.h"
#include "src/job.h"
#include "src/xalloc.h"

/* The job as a libconfig document (kind, names, subject, key, days,
 * output, owner) appended to out. */
bool ac_profile_render(const struct ac_job *job, const char *out_dir,
		       struct ac_buf *out, struct ac_err *err);

/* Reads a profile back into a job prepared with ac_job_init. */
bool ac_profile_load(const char *path, struct ac_job *job,
		     struct ac_err *err);

const char *ac_job_kind_name(enum ac_job_kind kind);
bool ac_job_kind_parse(const char *s, enum ac_job_kind *out);

#endif
