/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renewal profiles: what a managed certificate was made from, on disk
 * (read back by ac_job_load). */
#ifndef AC_PROFILE_H
#define AC_PROFILE_H

#include <stdbool.h>

#include <libconfig.h>

#include "src/err.h"
#include "src/job.h"
#include "src/xalloc.h"

/* The job as a libconfig document (kind, name, names, subject, key, days,
 * output, owner, then the source's own section) appended to out. */
bool ac_profile_render(const struct ac_job *job, const char *name,
		       const char *out_dir, struct ac_buf *out,
		       struct ac_err *err);

/* Adds the string setting name to group; nothing for NULL or "". */
void ac_profile_put(config_setting_t *group, const char *name,
		    const char *value);

/* Replaces *dst with the string at path, when there is one. */
void ac_profile_get(const config_t *conf, const char *path, char **dst);

/* A list of strings (an array setting): written when not empty; read
 * appended to l. */
void ac_profile_put_list(config_setting_t *group, const char *name,
			 const struct ac_strv *l);
void ac_profile_get_list(const config_t *conf, const char *path,
			 struct ac_strv *l);

#endif
