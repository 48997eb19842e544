/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of certificate sources, and the self-signed source: nothing but
 * the shared steps. */
#include <config.h>

#include <string.h>

#include "src/source.h"
#include "src/step.h"

static bool
selfsigned_run(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
	       struct ac_job *job, struct ac_err *err)
{
	return ac_step_issue_server(ctx, cfg, job, NULL, NULL, NULL, err);
}

const struct ac_source ac_source_selfsigned = {
	.kind = AC_JOB_SELFSIGNED,
	.name = "selfsigned",
	.command = "selfsigned",
	.installs = true,
	.browser_days = true,
	.renew = AC_RENEW_DAYS,
	.validate = ac_step_prepare,
	.run = selfsigned_run,
};

/* Every source, once: a new one is one more line here. */
static const struct ac_source *const table[] = {
	&ac_source_selfsigned,
	&ac_source_csr,
	&ac_source_import,
	&ac_acme_source,
	&ac_ca_source_init,
	&ac_ca_source_server,
	&ac_ca_source_phone,
};

#define TABLE_N (sizeof(table) / sizeof(table[0]))

const struct ac_source *
ac_source_at(size_t i)
{
	return i < TABLE_N ? table[i] : NULL;
}

const struct ac_source *
ac_source_get(enum ac_job_kind kind)
{
	for (size_t i = 0; i < TABLE_N; i++)
		if (table[i]->kind == kind)
			return table[i];
	return NULL;
}

const struct ac_source *
ac_source_find(const char *name)
{
	for (size_t i = 0; i < TABLE_N; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}
