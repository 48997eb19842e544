/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by engine modules: bounded file reads, PEM sniffing. */
#ifndef AC_UTIL_H
#define AC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <strings.h>

#include "src/err.h"
#include "src/xalloc.h"

/* Largest file the engine reads (certificates, bundles, configs). */
#define AC_MAX_FILE (4u * 1024 * 1024)

/*
 * Appends the whole file to out.  Fails with a line naming the file when it
 * is missing, unreadable, not a regular file or larger than AC_MAX_FILE.
 */
bool ac_read_file(const char *path, struct ac_buf *out, struct ac_err *err);

/*
 * True when path opens (readable) as a regular file, for files another
 * library opens by name (curl's CA bundle): a FIFO or device would block
 * it or feed it without end.  Fails with a line naming the file.
 */
bool ac_file_regular(const char *path, struct ac_err *err);

/* True when the data holds an encrypted PEM private key. */
bool ac_pem_has_encrypted_key(const char *data, size_t len);

/* Lower-case hex of data into a new string, separated by sep when non-0. */
char *ac_hex(const unsigned char *data, size_t len, char sep);

/*
 * The entries of dir (no dot files) for which keep(dir, name) is true,
 * sorted by name, appended to out as "DIR/NAME" (full) or NAME.  A missing
 * directory is an empty list; another error fails naming the directory.
 * keep may be NULL.
 */
bool ac_dir_list(const char *dir, bool (*keep)(const char *dir,
					      const char *name),
		 bool full, struct ac_strv *out, struct ac_err *err);

/* Formats t as UTC "YYYY-MM-DD HH:MM:SS UTC" into buf (>= 32 bytes). */
void ac_time_utc(time_t t, char *buf, size_t size);

/* Milliseconds on CLOCK_MONOTONIC: for deadlines (never set back, never
 * ASTCERT_NOW). */
long long ac_mono_ms(void);

/*
 * The date people read (status, show, the wizard's result, warnings):
 * "YYYY-MM-DD" (ISO 8601) in UTC, into buf (>= 16 bytes).  The same in
 * every language: never ambiguous (is 03/01 March or January?), never
 * English beside another language (LC_TIME and LANGUAGE may disagree:
 * "Thu Mar 8" on a Japanese screen), 10 columns wide on any screen, and
 * as precise as "days left".  JSON keeps ac_time_utc.
 */
void ac_date(time_t t, char *buf, size_t size);

#endif
