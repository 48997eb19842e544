/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files on disk: atomic installs with final modes and owners, the archive. */
#ifndef AC_STORE_H
#define AC_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "src/ac.h"
#include "src/err.h"
#include "src/layout.h"
#include "src/xalloc.h"

/* How long a run waits for another run's lock when told to wait. */
#define AC_STORE_LOCK_WAIT_MAX 600

/*
 * Takes a lock file of the state directory (created 0600): waits for it
 * up to wait_secs seconds (0: not at all; < 0: up to
 * AC_STORE_LOCK_WAIT_MAX), then fails with AC_ERR_BUSY; a cancel (ctx)
 * while waiting fails with AC_ERR_CANCELLED.  Returns the descriptor that
 * holds it (close() releases it), or -1 with err.
 */
int ac_store_lock(const struct ac_ctx *ctx, enum ac_layout_state lock,
		  int wait_secs, struct ac_err *err);

/* Who owns installed files. */
struct ac_owner {
	uid_t uid;
	gid_t gid;
	char *user;	/* names, for messages and profiles (owned) */
	char *group;
};

/*
 * Parses "USER:GROUP", "USER" (the user's primary group) or ":GROUP" (the
 * invoking user).  Names or numeric ids.  Fails naming an unknown one.
 */
bool ac_owner_parse(const char *spec, struct ac_owner *out,
		    struct ac_err *err);

/* root:asterisk when that group exists, else the invoking user and group. */
void ac_owner_default(struct ac_owner *out);
void ac_owner_copy(struct ac_owner *dst, const struct ac_owner *src);
void ac_owner_clear(struct ac_owner *o);
/* True when the owner's group is not the user's own: key mode 0640. */
bool ac_owner_group_shared(const struct ac_owner *o);
/*
 * The mode of a private key given to o: 0640 when its group is shared
 * (root:asterisk: Asterisk reads it through the group), else 0600.
 */
mode_t ac_owner_key_mode(const struct ac_owner *o);

/* One file to install. */
struct ac_store_file {
	const char *path;	/* final path, used as given */
	const void *data;
	size_t len;
	mode_t mode;
	uid_t uid;
	gid_t gid;
};

/*
 * Checks that dir exists, is a directory, and that we may create files in
 * it.  Fails with a line naming the directory and what to do.
 */
bool ac_store_dir_ok(const char *dir, struct ac_err *err);

/* mkdir -p with mode for the missing parts. */
bool ac_store_mkdirs(const char *dir, mode_t mode, struct ac_err *err);

/*
 * Creates a missing key directory as Asterisk needs it: its parents 0755,
 * itself 0750 owned by root (this user) and owner's group, so that the
 * group reads the keys in it and nobody else lists it.  Fails (IO) with a
 * line naming the directory when it cannot.
 */
bool ac_store_make_key_dir(const char *dir, const struct ac_owner *owner,
			   struct ac_err *err);

/*
 * Installs files as one unit.  Each is written to a temporary file in its
 * target's directory, created with its final mode and owner before any byte
 * is written, and fsynced.  Only when all are written is each previous file
 * kept in the archive (STATE/archive/ARCHIVE_NAME/TIMESTAMP/) and the new
 * one renamed over it; then the directories are fsynced.  On failure before
 * the renames nothing on disk has changed; a rename that fails puts every
 * previous file back, and when even that fails the journal stays for
 * ac_store_recover.  A previous file that cannot be kept faithfully (a
 * directory, a read error) fails the install before any rename.  Paths are
 * made absolute.  archive_name NULL = no archive.
 */
bool ac_store_install(const struct ac_ctx *ctx, const char *archive_name,
		      const struct ac_store_file *files, size_t n,
		      struct ac_err *err);

/*
 * Finishes installs that a crash or kill interrupted between renames (roll
 * forward from STATE/journal/), or puts the previous files back where that
 * fails or a rollback was interrupted, and removes the temp files of runs
 * killed before their journal was complete.  Names of the finished installs
 * are added to finished, of the undone ones to undone (each may be NULL).
 * ac_store_install does this first.
 */
bool ac_store_recover(const struct ac_ctx *ctx, struct ac_strv *finished,
		      struct ac_strv *undone, struct ac_err *err);

/* A file name base: letters, digits, '.', '_', '-'; no leading dot. */
bool ac_store_name_ok(const char *name, struct ac_err *err);

/* path made absolute against the working directory, symbolic links kept
 * (new string): what is stored must not depend on where a run started. */
char *ac_store_abs(const char *path);

#endif
