/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Not compiled.  xgettext reads it (po/POTFILES.in) so that the NAME line
 * of astcert(8) is in the catalogue with everything else a translator
 * sees; data/man-l10n writes its translations into the pages installed
 * under $(mandir)/LL/man8 (man -L fr astcert, apropos, whatis).  It must
 * equal the NAME line of data/astcert.8: tests/docs.sh checks.
 */

/* TRANSLATORS: the NAME line of the manual page, shown by apropos and
   whatis after "astcert - ": what astcert is, lower case, no full stop */
N_("certificates for Asterisk SIP-TLS and SRTP")
