/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS-01 records through the admin's hook program. */
#ifndef AC_DNS_HOOK_H
#define AC_DNS_HOOK_H

#include <stdbool.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/xalloc.h"

/*
 * One call of the hook: argv (the program, an absolute or relative path,
 * never looked up in PATH and never run through a shell, then its own
 * arguments) is run with ACTION FQDN VALUE appended, ACTION "add" or
 * "remove", FQDN the TXT record's owner (_acme-challenge.NAME or the end
 * of its CNAME chain, no final dot).  The environment adds the same as
 * ASTCERT_DNS_ACTION, ASTCERT_DNS_NAME, ASTCERT_DNS_VALUE and
 * ASTCERT_DNS_DOMAIN (the certificate's name), and certbot's manual-hook
 * variables CERTBOT_DOMAIN and CERTBOT_VALIDATION.
 */
struct ac_dns_hook_call {
	const struct ac_strv *argv;
	const char *action;
	const char *domain;
	const char *fqdn;
	const char *value;
	long timeout_s;		/* then the hook's process group is killed */
};

/*
 * Runs the hook and waits for it (at most timeout_s, or until ctx is
 * cancelled).  Fails unless it exits with status 0: one line naming the
 * program, its exit status, signal or the deadline, and the last line it
 * wrote (escaped); everything it wrote is the detail.
 */
bool ac_dns_hook_run(const struct ac_ctx *ctx,
		     const struct ac_dns_hook_call *h, struct ac_err *err);

#endif
