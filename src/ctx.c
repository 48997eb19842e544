/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine context: clock, path root, progress and cancel. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/ac.h"
#include "src/xalloc.h"

time_t
ac_now(const struct ac_ctx *ctx)
{
	if (ctx && ctx->now_override)
		return ctx->now_override;
	return time(NULL);
}

char *
ac_path(const struct ac_ctx *ctx, const char *path)
{
	if (!ctx || !ctx->root || !*ctx->root || path[0] != '/')
		return xstrdup(path);
	return xasprintf("%s%s", ctx->root, path);
}

char *
ac_state_path(const struct ac_ctx *ctx, const char *sub)
{
	/* an explicit directory is used as given; the default is mapped */
	char *base = ctx && ctx->state_dir ? xstrdup(ctx->state_dir)
					   : ac_path(ctx, AC_DEFAULT_STATE_DIR);
	char *p;

	if (!sub || !*sub)
		return base;
	p = xasprintf("%s/%s", base, sub);
	free(base);
	return p;
}

void
ac_progress(const struct ac_ctx *ctx, const char *step, double fraction,
	    const char *message)
{
	if (ctx && ctx->progress)
		ctx->progress(ctx->progress_arg, step, fraction, message);
}

void
ac_note(const struct ac_ctx *ctx, enum ac_note kind, const char *key,
	const char *line)
{
	if (ctx && ctx->note)
		ctx->note(ctx->progress_arg, kind, key, line);
}

bool
ac_cancelled(const struct ac_ctx *ctx)
{
	return ctx && ctx->cancel && *ctx->cancel;
}
