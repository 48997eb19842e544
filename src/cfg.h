/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The configuration file: defaults for every path, read with libconfig. */
#ifndef AC_CFG_H
#define AC_CFG_H

#include <stdbool.h>

#include <libconfig.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/keys.h"
#include "src/x509.h"

#define AC_LE_PRODUCTION "https://acme-v02.api.letsencrypt.org/directory"
#define AC_LE_STAGING "https://acme-staging-v02.api.letsencrypt.org/directory"

struct ac_cfg {
	struct ac_subject subject;	/* defaults for new certificates */
	enum ac_key_type key_type;
	int days;			/* self-signed / private CA validity */
	char *key_dir;			/* where Asterisk reads keys */
	char *owner;			/* "USER:GROUP" or NULL = default */
	char *asterisk_user;		/* who runs Asterisk: must read keys */
	char *acme_directory;
	char *acme_email;
	char *acme_caa_identity;	/* the CA's CAA name, when its directory
					   does not say; NULL = unknown */
	int renew_days;			/* renew this many days before expiry */
	struct ac_strv *reload;		/* reload commands, each an argv */
	size_t nreload;
	struct ac_strv verify;		/* "HOST:PORT" TLS endpoints to check */
	struct ac_strv warnings;	/* "file:line: message", load went on */
};

/* Built-in defaults (what a missing config file means). */
void ac_cfg_defaults(struct ac_cfg *cfg);

/*
 * Loads ctx->conf_path (or the default) over the defaults.  A missing file
 * is not an error.  A syntax error fails with "file:line: message"; a bad
 * value is reported in cfg->warnings and the default kept.
 */
bool ac_cfg_load(const struct ac_ctx *ctx, struct ac_cfg *cfg,
		 struct ac_err *err);
void ac_cfg_clear(struct ac_cfg *cfg);

/*
 * Reads the libconfig file path into conf (initialised by the caller): a
 * regular file of at most AC_MAX_FILE (a FIFO is refused, not waited on),
 * text without NUL bytes and without @include (libconfig 1.5 cannot turn
 * includes off; an include would read any file as root and echo its
 * settings in errors).  Fails with "file:line: message" or a line naming
 * the file.
 */
bool ac_cfg_read(config_t *conf, const char *path, struct ac_err *err);

#endif
