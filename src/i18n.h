/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one gettext include: _() marks and translates, N_() only marks,
 * ngettext() picks the plural form, C_(context, s) translates a word that
 * has several roles (pgettext: "Key" the algorithm, "Key" the file), all
 * in astcert's own text domain (no textdomain() call makes it the default).
 * The context is a string literal; po/Makevars gives xgettext C_:1c,2.
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

#ifdef ENABLE_NLS
/* pgettext: the catalogue keys a message with a context as
 * "context\004msgid"; untranslated, the msgid alone comes back. */
static inline const char *
ac_pgettext(const char *ctx_msgid, const char *msgid)
{
	const char *t = dgettext(PACKAGE, ctx_msgid);

	return t == ctx_msgid ? msgid : t;
}
#define C_(ctx, s) ac_pgettext(ctx "\004" s, s)
#else
#define C_(ctx, s) ((const char *)(s))
#endif

/* The count that picks a plural form: ngettext takes an unsigned long, and
 * "EXPIRED 5 days ago" is the plural of 5, not of -5. */
static inline unsigned long
ac_plural_n(long n)
{
	return n < 0 ? -(unsigned long)n : (unsigned long)n;
}

#endif
