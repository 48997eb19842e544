/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display-safe text: the one escaper for strings others control. */
#ifndef AC_TEXT_H
#define AC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Contract of the escaper.  Every string astcert did not write itself (a
 * certificate's names and subject, a file's contents, a server's answer,
 * an ACME problem "detail") goes through ac_text_escape before it reaches
 * a terminal, a log line, a state file that is shown again, or the text of
 * an error (struct ac_err does it for its msg and detail lines).
 *
 * The result is valid UTF-8 of one line in which a terminal can find no
 * control: every byte or character below is replaced by a visible escape,
 * and everything else (printable ASCII, letters of every script, CJK, emoji)
 * is kept as it is:
 *
 *   \      -> \\                      (so no escape can be forged)
 *   \n \r \t                          (named)
 *   other C0 controls, DEL            -> \xHH     ("\x1b", "\x00", "\x7f")
 *   bytes that are not UTF-8          -> \xHH     (each byte, "\x9b")
 *   C1 controls U+0080..U+009F        -> \uHHHH   ("\u009b")
 *   bidi and invisible format marks   -> \uHHHH   ("\u202e"): U+061C,
 *     U+200B..U+200F, U+2028..U+202E, U+2060..U+2069, U+FEFF
 *
 * Machine output (--json) carries the real value instead (jansson writes
 * it as \u escapes, ASCII only), except where noted by the caller.
 *
 * Never fails; returns a new string the caller frees.  data may hold NULs
 * (len says where it ends); data NULL is the empty string.
 */
char *ac_text_escape(const char *data, size_t len);

/* ac_text_escape of a C string (s NULL is the empty string). */
char *ac_text_esc(const char *s);

/*
 * Like ac_text_esc, but backslashes are kept: for text whose backslashes are
 * already escapes written by an encoder that doubles a literal backslash
 * (RFC 2253 names, astcert's own escaped messages read back from a file).
 */
char *ac_text_esc_rendered(const char *s);

/* True when ac_text_esc(s) would return s unchanged. */
bool ac_text_is_plain(const char *s);

#endif
