/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the store: what store.c and store_journal.c share. */
#ifndef AC_STORE_INT_H
#define AC_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "src/store.h"

/* The directory part of path (new string). */
char *ac_store_dir_of(const char *path);

/* ".astcert-BASE.RANDOM" beside path, plus suffix (new string). */
char *ac_store_temp_name(const char *path, const char *suffix);

bool ac_store_write_all(int fd, const void *data, size_t len);

/*
 * Creates tmp with f's final mode and owner and writes f's data; the file
 * stays open in *fdp for the caller to sync.  On failure tmp is gone.
 */
bool ac_store_write_temp(const struct ac_store_file *f, const char *tmp,
			 int *fdp, struct ac_err *err);

/* fsync of the directories of paths, each once, all at once. */
void ac_store_sync_dirs(const char *const *paths, size_t n);

/*
 * A multi-file install in flight.  Before any temp file exists its names
 * are listed in STATE/journal/NAME@pending, so a run killed before the
 * journal is complete leaves nothing the next run does not remove.  For
 * several files, each previous file is first linked (or copied) to an
 * "undo" name beside it; the journal STATE/journal/NAME ("TEMP\tFINAL\t
 * UNDO" lines, UNDO "-" when there was none) is renamed into place before
 * the first rename.  A failure after that point puts every previous file
 * back (renaming the journal to NAME@undo first, so a run killed while it
 * rolls back is rolled back, not forward, by the next run).
 */
struct ac_store_txn {
	const struct ac_ctx *ctx;
	size_t n;
	char **tmp;		/* new content beside final[i] */
	char **final;		/* absolute */
	char **undo;		/* planned undo names */
	bool *kept;		/* undo[i] holds the previous final[i] */
	char *jtmp;		/* the journal's temp file */
	char *journal;		/* STATE/journal/NAME */
	char *pending;		/* STATE/journal/NAME@pending, or NULL */
	bool committed;		/* the journal is in place */
};

/*
 * Names everything for files[0..n) under the journal name; with_pending
 * writes the pending list (needs the install lock).
 */
bool ac_store_txn_begin(struct ac_store_txn *t, const struct ac_ctx *ctx,
			const char *name, const struct ac_store_file *files,
			size_t n, bool with_pending, struct ac_err *err);

/*
 * Keeps each previous file under its undo name.  Fails, naming the file,
 * when one cannot be kept faithfully (a directory, a read error).
 */
bool ac_store_txn_keep(struct ac_store_txn *t, struct ac_err *err);

/* Writes the journal's temp file, left open in *fd. */
bool ac_store_txn_journal(struct ac_store_txn *t, int *fd,
			  struct ac_err *err);

/* Renames the journal into place: from here on, all or nothing. */
bool ac_store_txn_commit(struct ac_store_txn *t, struct ac_err *err);

/*
 * After a failed rename: puts every previous file back.  False when that
 * failed too; the journal then stays for the next run.
 */
bool ac_store_txn_rollback(struct ac_store_txn *t);

/* After the renames: drops the undo copies, the journal, the pending list. */
void ac_store_txn_finish(struct ac_store_txn *t);

/*
 * Removes what a failed install left (temps, undo copies, the pending
 * list; the journal too unless it must stay) and frees t.
 */
void ac_store_txn_end(struct ac_store_txn *t, bool keep_journal);

/*
 * Finishes (or undoes) interrupted installs and removes what killed ones
 * left; the lock is held.  Names are added to done / undone when not NULL.
 */
bool ac_store_recover_locked(const struct ac_ctx *ctx, struct ac_strv *done,
			     struct ac_strv *undone, struct ac_err *err);

#endif
