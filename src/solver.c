/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The table of challenge solvers, and HTTP-01's two (standalone, webroot). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "src/challenge.h"
#include "src/i18n.h"
#include "src/jws.h"
#include "src/solver.h"
#include "src/xalloc.h"

/* Indexed by enum ac_acme_mode; NULL = not in this build. */
static const struct ac_solver *const solvers[AC_ACME_MODES] = {
	[AC_ACME_STANDALONE] = &ac_solver_standalone,
	[AC_ACME_WEBROOT] = &ac_solver_webroot,
	[AC_ACME_DNS_RFC2136] = &ac_solver_rfc2136,
	[AC_ACME_DNS_HOOK] = &ac_solver_hook,
	[AC_ACME_DNS_MANUAL] = &ac_solver_manual,
};

const struct ac_solver *
ac_solver_get(enum ac_acme_mode mode)
{
	if ((unsigned)mode >= AC_ACME_MODES)
		return NULL;
	return solvers[mode];
}

bool
ac_solver_mode(const char *name, enum ac_acme_mode *mode)
{
	for (unsigned i = 0; name && i < AC_ACME_MODES; i++) {
		if (solvers[i] && strcmp(solvers[i]->name, name) == 0) {
			*mode = (enum ac_acme_mode)i;
			return true;
		}
	}
	return false;
}

const char *
ac_solver_name(enum ac_acme_mode mode)
{
	const struct ac_solver *s = ac_solver_get(mode);

	return s ? s->name : "?";
}

char *
ac_solver_dns_value(const char *key_authorization)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (!EVP_Digest(key_authorization, strlen(key_authorization), md,
			&len, EVP_sha256(), NULL))
		len = 0;
	return ac_base64url(md, len);
}

/* ---- HTTP-01: our own responder (standalone) or the web server's files
 * (webroot); what the first challenge opens, cleanup closes ---- */

struct http01 {
	const struct ac_acme_opts *o;
	struct ac_responder *responder;	/* standalone */
	unsigned names;			/* the order's, for its share */
	struct ac_webroot *w;		/* webroot: the files written there */
};

static bool
standalone_validate(const struct ac_acme_opts *o, struct ac_err *err)
{
	if (o->http_port < 0 || o->http_port > 65535)
		return ac_err_set(err, AC_ERR_USAGE, _("Port %d is out of range: give 1 to 65535."), o->http_port);
	return true;
}

static void *
http01_begin(const struct ac_ctx *ctx, const struct ac_acme_opts *o,
	     const struct ac_names *names, struct ac_err *err)
{
	struct http01 *s = xcalloc(1, sizeof(*s));

	(void)ctx;
	(void)err;
	s->o = o;
	s->names = (unsigned)(names->dns.n + names->ip.n);
	return s;
}

static bool
standalone_present(void *state, const struct ac_challenge *c,
		   struct ac_err *err)
{
	struct http01 *s = state;

	/* the port is taken only when a challenge needs it */
	if (!s->responder) {
		s->responder = ac_responder_start_for(s->o->http_address,
						      s->o->http_port,
						      s->names, err);
		if (!s->responder)
			return false;
	}
	return ac_responder_add(s->responder, c->token, c->key_authorization);
}

static void
http01_cleanup(void *state)
{
	struct http01 *s = state;

	if (!s)
		return;
	ac_responder_stop(s->responder);
	ac_webroot_close(s->w);
	free(s);
}

const struct ac_solver ac_solver_standalone = {
	.name = "standalone",
	.type = "http-01",
	.validate = standalone_validate,
	.begin = http01_begin,
	.present = standalone_present,
	.cleanup = http01_cleanup,
};

/* ---- webroot: files under the running web server's document root ---- */

static bool
webroot_validate(const struct ac_acme_opts *o, struct ac_err *err)
{
	if (!o->webroot || !*o->webroot)
		return ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_USAGE, _("Webroot mode needs the web server's document root."));
	return standalone_validate(o, err);
}

static bool
webroot_present(void *state, const struct ac_challenge *c,
		struct ac_err *err)
{
	struct http01 *s = state;

	if (!s->w)
		s->w = ac_webroot_open(s->o->webroot, err);
	return s->w && ac_webroot_put(s->w, c->token, c->key_authorization,
				      err);
}

const struct ac_solver ac_solver_webroot = {
	.name = "webroot",
	.type = "http-01",
	.validate = webroot_validate,
	.begin = http01_begin,
	.present = webroot_present,
	.cleanup = http01_cleanup,
};
