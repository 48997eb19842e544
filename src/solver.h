/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The challenge interface: how an order proves control of its names. */
#ifndef AC_SOLVER_H
#define AC_SOLVER_H

#include <stdbool.h>

#include "src/ac.h"
#include "src/acme.h"
#include "src/err.h"

/*
 * One challenge of an order, as the CA sent it.  Strings are borrowed for
 * the call only: a solver copies what it keeps.
 */
struct ac_challenge {
	const char *name;	/* the identifier, without "*." */
	bool wildcard;		/* the authorization is for "*.NAME" */
	const char *token;	/* base64url, checked by the order loop */
	const char *key_authorization;	/* TOKEN.THUMBPRINT (RFC 8555 8.1) */
};

/*
 * A challenge solver.  The order loop calls, for one order:
 *   state = begin(ctx, opts)          once, before the first challenge;
 *   present(state, challenge)         for every pending authorization;
 *   wait(state)                       once, after all were presented,
 *                                     before the CA is told to look;
 *   cleanup(state)                    once, always (success, failure,
 *                                     cancel), even after a failed begin
 *                                     (state NULL).
 * A solver gets its settings from the ACME options (struct ac_acme_opts,
 * the fields of its mode) and reports progress and honours cancel through
 * ctx.  Everything it presented is gone when cleanup returns.
 *
 * Adding a challenge method: one file defining a struct ac_solver, one
 * value of enum ac_acme_mode, one entry in solver.c's table.
 */
struct ac_solver {
	const char *name;	/* the mode in profiles and answers files */
	const char *type;	/* the ACME challenge type: "http-01", ... */
	bool wildcards;		/* can prove control of "*.NAME" */
	/* the mode's options make sense (AC_ERR_USAGE otherwise); no I/O */
	bool (*validate)(const struct ac_acme_opts *o, struct ac_err *err);
	/* NULL with err set when the solver cannot start */
	void *(*begin)(const struct ac_ctx *ctx, const struct ac_acme_opts *o,
		       const struct ac_names *names, struct ac_err *err);
	bool (*present)(void *state, const struct ac_challenge *c,
			struct ac_err *err);
	/* blocks until what was presented is visible to the CA, or fails
	 * (deadline, cancel); NULL = visible as soon as presented */
	bool (*wait)(void *state, struct ac_err *err);
	void (*cleanup)(void *state);
};

/* The solver of a mode, or NULL when this build has none for it. */
const struct ac_solver *ac_solver_get(enum ac_acme_mode mode);

/* The mode whose solver is called name; false when none is. */
bool ac_solver_mode(const char *name, enum ac_acme_mode *mode);

/* The mode's name ("standalone", "webroot", "rfc2136", ...); "?" if none. */
const char *ac_solver_name(enum ac_acme_mode mode);

/*
 * The TXT value of a DNS-01 challenge (RFC 8555 8.4): base64url of the
 * SHA-256 of the key authorization.  New string.
 */
char *ac_solver_dns_value(const char *key_authorization);

/* The solvers this build has (solver.c, solver_dns.c). */
extern const struct ac_solver ac_solver_standalone;
extern const struct ac_solver ac_solver_webroot;
extern const struct ac_solver ac_solver_rfc2136;
extern const struct ac_solver ac_solver_hook;
extern const struct ac_solver ac_solver_manual;

#endif
