/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a certificate says, in the form the front ends show. */
#ifndef AC_CERTINFO_H
#define AC_CERTINFO_H

#include <stdbool.h>
#include <time.h>

#include <openssl/x509.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/xalloc.h"

/*
 * Every string is safe to show (src/text.h).  subject and issuer are
 * RFC 2253 text made safe by ac_text_esc_rendered.  cn and dns are the
 * exact values, for matching and for the renewal profile, when they are
 * plain text; otherwise they hold their ac_text_escape form (a NUL, a
 * control, a bidi mark or a backslash inside), which matches no real name.
 * bad_name says when one of them, or an e-mail or URI SAN, holds what a
 * name must not: the import refuses the certificate.
 */
struct ac_certinfo {
	char *subject;		/* RFC 2253 form, UTF-8, safe to show */
	char *issuer;
	char *cn;		/* subject CN or NULL */
	char *serial;		/* hex, colon-separated, upper case */
	char *sha256;		/* fingerprint, hex with colons, upper case */
	struct ac_strv dns;	/* SAN DNS names (ASCII form) */
	struct ac_strv ip;	/* SAN IP addresses */
	time_t not_before;
	time_t not_after;
	long days_left;		/* whole days until not_after, by ctx clock;
				   negative once expired */
	char key[32];		/* "RSA 2048", "ECDSA P-256" */
	char sigalg[48];	/* "sha256WithRSAEncryption" */
	bool is_ca;
	bool self_signed;
	char *bad_name;		/* escaped form of the first SAN (DNS, e-mail,
				   URI) or CN holding a NUL or a control (or,
				   in a DNS name, a non-ASCII byte or a
				   backslash); NULL when every name is clean */
};

/* Fills info (which must be zeroed) from the certificate. */
bool ac_certinfo_get(const struct ac_ctx *ctx, X509 *cert,
		     struct ac_certinfo *info, struct ac_err *err);
void ac_certinfo_clear(struct ac_certinfo *info);

/* The SHA-256 fingerprint as upper-case hex with colons (new string). */
char *ac_cert_fingerprint(X509 *cert);

/* Whole days from the ctx clock until when (floor; negative when past). */
long ac_days_until(const struct ac_ctx *ctx, time_t when);

/* Converts an ASN1_TIME to time_t; false when it is malformed. */
bool ac_asn1_time(const ASN1_TIME *t, time_t *out);

#endif
