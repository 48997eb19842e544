/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Wiring a managed certificate into Asterisk through astcert-owned files. */
#ifndef AC_ASTERISK_H
#define AC_ASTERISK_H

#include <stdbool.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/xalloc.h"

#define AC_ASTERISK_CONF_DIR "/etc/asterisk"
#define AC_ASTERISK_SUBDIR "astcert"	/* our include files live here */
#define AC_ASTERISK_USER "asterisk"

struct ac_asterisk_opts {
	const char *template_dir;	/* where pjsip.conf.tmpl etc. are */
	const char *conf_dir;		/* NULL = /etc/asterisk (root-mapped) */
	const char *method;		/* NULL = "tlsv1_2" */
	const char *tls_bind;		/* NULL = "0.0.0.0:5061" */
	const char *https_bind;		/* NULL = "0.0.0.0:8089" */
	const char *user;		/* NULL = "asterisk": must read the files */
	bool verify_clients;		/* require phone certificates */
};

struct ac_asterisk_result {
	char *cert_file;		/* what the include files point at */
	char *key_file;
	char *ca_file;			/* private CA for ca_list_file, or NULL */
	bool self_signed;		/* phones trust the certificate itself */
	char *sha256;			/* the deployed certificate */
	struct ac_strv files;		/* include files written */
	struct ac_strv includes;	/* "FILE: #include LINE" to add */
	struct ac_strv warnings;	/* translated lines */
};

void ac_asterisk_result_clear(struct ac_asterisk_result *r);

/*
 * Renders a template: every @NAME@ is replaced by the value of NAME in
 * vars (NULL-terminated NAME, VALUE pairs); "@@" is a literal '@'.  An
 * unknown or unterminated @NAME fails naming it.  Appends to out.
 */
bool ac_template_render(const char *tmpl, const char *const *vars,
			struct ac_buf *out, struct ac_err *err);

/*
 * True when user can read path: its mode bits for the user's uid and
 * groups, and search permission on every directory above it.  An unknown
 * user fails with AC_ERR_CHECK naming it.
 */
bool ac_user_can_read(const char *path, const char *user,
		      struct ac_err *err);

/*
 * Checks the managed certificate NAME before Asterisk is pointed at it
 * (key matches certificate; the asterisk user can read both), then writes
 * CONF/astcert/pjsip.conf and CONF/astcert/http.conf from the templates
 * (atomically, the previous ones archived) and records NAME as deployed.
 * Never touches any other file.  Fills r.
 */
bool ac_asterisk_deploy(const struct ac_ctx *ctx, const struct ac_cfg *cfg,
			const char *name, const struct ac_asterisk_opts *opts,
			struct ac_asterisk_result *r, struct ac_err *err);

/*
 * Renders the pjsip.conf include file deploy writes for the certificate
 * NAME whose files r names (cert_file, key_file, ca_file, self_signed),
 * from opts->template_dir; appends to out.  Writes nothing: the wizard
 * shows the same lines before or instead of a deploy.
 */
bool ac_asterisk_render_pjsip(const struct ac_asterisk_opts *opts,
			      const char *name,
			      const struct ac_asterisk_result *r,
			      struct ac_buf *out, struct ac_err *err);

/*
 * Checks the ca_list_file that CONF/astcert/pjsip.conf names, if any, with
 * ac_ca_check_file: phones of the current private CA must be accepted.
 * *ca_file gets its path (new string), or NULL when the include names
 * none (then there is nothing to check).
 */
bool ac_asterisk_check_ca_list(const struct ac_ctx *ctx,
			       const struct ac_asterisk_opts *opts,
			       char **ca_file, struct ac_err *err);

/* The deployed certificate's name (new string) or NULL when none. */
char *ac_asterisk_deployed(const struct ac_ctx *ctx);

#endif
