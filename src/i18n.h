/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one gettext include: _() marks and translates, N_() only marks. */
#ifndef AC_I18N_H
#define AC_I18N_H

#include <config.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
#else
#define _(s) ((const char *)(s))
#endif
#define N_(s) s

#endif
