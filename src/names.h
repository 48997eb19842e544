/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Host names and IP addresses: syntax, IDN conversion, canonical forms, and
 * the list of them a certificate covers.
 */
#ifndef AC_NAMES_H
#define AC_NAMES_H

#include <stdbool.h>

#include "src/err.h"
#include "src/xalloc.h"

/* Accept a leading "*." label (certificates, not HTTP-01). */
#define AC_NAME_WILDCARD 1u

/*
 * Validates a DNS name and returns its ASCII form (IDN U-labels converted to
 * A-labels by UTS #46, lower case, trailing dot removed) as a new string.
 * Fails with a line naming the name and what is wrong.
 */
char *ac_name_to_ascii(const char *name, unsigned flags, struct ac_err *err);

/* The Unicode form of an ASCII name for display (new string; a copy of the
 * input when it has no A-labels or cannot be converted). */
char *ac_name_to_unicode(const char *ascii);

/*
 * A host name as a person reads it, escaped for display (src/text.h): its
 * Unicode form beside the xn-- form the certificate carries
 * ("pbx.bücher.example → pbx.xn--bcher-kva.example", "->" when utf8 is
 * false) when it has A-labels that convert, else the name alone.  Machine
 * output keeps the ASCII name.  New string.
 */
char *ac_name_shown(const char *ascii, bool utf8);

/*
 * The special-use suffix an ASCII name lies under (RFC 6761 "test",
 * "localhost", "invalid", "example"; RFC 6762 "local"; RFC 8375
 * "home.arpa"; RFC 7686 "onion"; RFC 9476 "alt"; ICANN's "internal"; and
 * the LAN names "lan", "home", "corp", "localdomain"), or NULL: names no
 * public CA certifies.
 */
const char *ac_name_special_use(const char *ascii);

/* True when s is an IPv4 or IPv6 literal. */
bool ac_ip_is_literal(const char *s);

/* Validates an IP literal and returns its canonical text (new string). */
char *ac_ip_canonical(const char *s, struct ac_err *err);

/* Subject alternative names: ASCII DNS names and canonical IP literals. */
struct ac_names {
	struct ac_strv dns;
	struct ac_strv ip;
};

/*
 * Adds a DNS name (validated, IDN converted, duplicates dropped) or an IP
 * address.  flags as for ac_name_to_ascii.
 */
bool ac_names_add_dns(struct ac_names *n, const char *name, unsigned flags,
		      struct ac_err *err);
bool ac_names_add_ip(struct ac_names *n, const char *ip, struct ac_err *err);
void ac_names_clear(struct ac_names *n);

#endif
