/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one gettext include: _() marks and translates, N_() only marks,
 * ngettext() picks the plural form, all in astcert's own text domain (no
 * textdomain() call makes it the default).
 */
#ifndef AC_I18N_H
#define AC_I18N_H

#include <config.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
#undef ngettext
#define ngettext(s, p, n) dngettext(PACKAGE, s, p, n)
#else
#define _(s) ((const char *)(s))
#define ngettext(s, p, n) ((n) == 1 ? (const char *)(s) : (const char *)(p))
#endif
#define N_(s) s

/* The count that picks a plural form: ngettext takes an unsigned long, and
 * "EXPIRED 5 days ago" is the plural of 5, not of -5. */
static inline unsigned long
ac_plural_n(long n)
{
	return n < 0 ? -(unsigned long)n : (unsigned long)n;
}

#endif
