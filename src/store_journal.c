/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The install journal: all or nothing across failures, kills and crashes. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/layout.h"
#include "src/store_int.h"
#include "src/util.h"
#include "src/xalloc.h"

/* Not in a file name base (ac_store_name_ok), so never a journal name. */
#define PENDING_SUFFIX "@pending"
#define UNDO_SUFFIX "@undo"

/* One line of a journal. */
struct jline {
	const char *tmp;
	const char *final;
	const char *undo;	/* NULL: there was no previous file */
	bool undo_known;	/* false in the journals of older versions */
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool
gone(const char *path)
{
	struct stat st;

	return lstat(path, &st) != 0 && errno == ENOENT;
}

/* unlink that counts a file already gone as done. */
static bool
remove_file(const char *path)
{
	return unlink(path) == 0 || errno == ENOENT;
}

/* "TEMP\tFINAL\tUNDO" lines; the strings point into b. */
static struct jline *
parse_lines(struct ac_buf *b, size_t *n)
{
	struct jline *l = NULL;
	char *line, *save = NULL, *tab, *tab2;

	*n = 0;
	for (line = b->data ? strtok_r(b->data, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		tab2 = strchr(tab + 1, '\t');
		if (tab2)
			*tab2 = '\0';
		l = xreallocarray(l, *n + 1, sizeof(*l));
		l[*n] = (struct jline){ line, tab + 1, NULL, tab2 != NULL };
		if (tab2 && strcmp(tab2 + 1, "-") != 0)
			l[*n].undo = tab2 + 1;
		(*n)++;
	}
	return l;
}

static void
sync_finals(const struct jline *l, size_t n)
{
	const char **paths = xcalloc(n ? n : 1, sizeof(*paths));

	for (size_t i = 0; i < n; i++)
		paths[i] = l[i].final;
	ac_store_sync_dirs(paths, n);
	free(paths);
}

/* Renames what is left; then the undo copies are not needed any more. */
static bool
forward(const struct jline *l, size_t n, struct ac_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (!gone(l[i].tmp) && rename(l[i].tmp, l[i].final) != 0)
			return ac_err_set(err, AC_ERR_IO,
					  _("Cannot finish the interrupted install of %s: %s."),
					  l[i].final, strerror(errno));
	sync_finals(l, n);
	for (size_t i = 0; i < n; i++)
		if (l[i].undo)
			unlink(l[i].undo);
	return true;
}

/*
 * Puts one previous file back.  Decided from what is on disk, so that it
 * can run again after a kill: a temp file still there was not renamed.
 */
static bool
back_one(const struct jline *l)
{
	if (!gone(l->tmp)) {
		/* the undo copy first: both gone reads as "already back" */
		return (!l->undo || remove_file(l->undo)) &&
		       remove_file(l->tmp);
	}
	if (!l->undo_known)
		return false;
	if (!l->undo)
		return remove_file(l->final);
	/* ENOENT: put back already; a link to the same file stays: drop it */
	if (rename(l->undo, l->final) != 0 && errno != ENOENT)
		return false;
	return remove_file(l->undo);
}

static bool
back(const struct jline *l, size_t n, struct ac_err *err)
{
	bool ok = true;

	for (size_t i = 0; i < n; i++)
		if (!back_one(&l[i]) && ok)
			ok = ac_err_set(err, AC_ERR_IO,
					_("Cannot put the previous %s back: %s."),
					l[i].final, strerror(errno));
	sync_finals(l, n);
	return ok;
}

/* Renames journal to its @undo name (in place); false when it cannot. */
static bool
mark_undo(char **journal)
{
	char *marked = xasprintf("%s%s", *journal, UNDO_SUFFIX);

	if (rename(*journal, marked) != 0) {
		free(marked);
		return false;
	}
	ac_store_sync_dirs((const char *const *)&marked, 1);
	free(*journal);
	*journal = marked;
	return true;
}

static void
add_name(struct ac_strv *list, const char *entry)
{
	char *name = xstrdup(entry), *at = strchr(name, '@');

	if (at)
		*at = '\0';
	if (list)
		ac_strv_add(list, name);
	free(name);
}

/* A committed journal: forward, or back when forward fails or began so. */
static bool
recover_one(const char *dir, const char *entry, struct ac_strv *done,
	    struct ac_strv *undone, struct ac_err *err)
{
	char *path = xasprintf("%s/%s", dir, entry);
	struct ac_buf b = { 0 };
	struct jline *l = NULL;
	size_t n = 0;
	bool ok = false, undo = ends_with(entry, UNDO_SUFFIX);

	if (!ac_read_file(path, &b, err))
		goto out;
	l = parse_lines(&b, &n);
	if (!undo && forward(l, n, err)) {
		ok = true;
		add_name(done, entry);
	} else if (undo || mark_undo(&path)) {
		ok = back(l, n, err);
		if (ok)
			add_name(undone, entry);
	}
	if (ok)
		unlink(path);
out:
	free(l);
	ac_buf_clear(&b);
	free(path);
	return ok;
}

/* A pending list whose journal never came: its temp files go. */
static void
drop_pending(const char *dir, const char *entry)
{
	char *path = xasprintf("%s/%s", dir, entry);
	struct ac_buf b = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct jline *l;
	size_t n = 0;

	if (ac_read_file(path, &b, &err)) {
		l = parse_lines(&b, &n);
		for (size_t i = 0; i < n; i++) {
			unlink(l[i].tmp);
			if (l[i].undo)
				unlink(l[i].undo);
		}
		free(l);
		unlink(path);
	}
	ac_err_clear(&err);
	ac_buf_clear(&b);
	free(path);
}

bool
ac_store_recover_locked(const struct ac_ctx *ctx, struct ac_strv *done,
			struct ac_strv *undone, struct ac_err *err)
{
	char *dir = ac_layout_journal(ctx, NULL);
	struct ac_strv entries = { 0 };
	bool ok = ac_dir_list(dir, NULL, false, &entries, err);

	/* journals first: a pending list beside one is stale */
	for (size_t i = 0; ok && i < entries.n; i++)
		if (!ends_with(entries.v[i], PENDING_SUFFIX) &&
		    !recover_one(dir, entries.v[i], done, undone, err))
			ok = false;
	for (size_t i = 0; ok && i < entries.n; i++)
		if (ends_with(entries.v[i], PENDING_SUFFIX))
			drop_pending(dir, entries.v[i]);
	ac_strv_clear(&entries);
	free(dir);
	return ok;
}

static void
add_line(struct ac_buf *b, const char *tmp, const char *final,
	 const char *undo)
{
	ac_buf_printf(b, "%s\t%s\t%s\n", tmp, final, undo ? undo : "-");
}

/* Not synced: it only matters after a kill, when the page cache survives. */
static bool
write_pending(struct ac_store_txn *t, struct ac_err *err)
{
	struct ac_buf b = { 0 };
	int fd;
	bool ok;

	for (size_t i = 0; i < t->n; i++)
		add_line(&b, t->tmp[i], t->final[i], t->undo[i]);
	add_line(&b, t->jtmp, t->journal, NULL);
	t->pending = xasprintf("%s%s", t->journal, PENDING_SUFFIX);
	fd = open(t->pending, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		  O_NOFOLLOW, 0600);
	ok = fd >= 0 && ac_store_write_all(fd, b.data, b.len);
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok)
		ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."),
			   t->pending, strerror(errno));
	ac_buf_clear(&b);
	return ok;
}

bool
ac_store_txn_begin(struct ac_store_txn *t, const struct ac_ctx *ctx,
		   const char *name, const struct ac_store_file *files,
		   size_t n, bool with_pending, struct ac_err *err)
{
	char *dir;
	bool ok = true;

	memset(t, 0, sizeof(*t));
	t->ctx = ctx;
	t->n = n;
	t->tmp = xcalloc(n ? n : 1, sizeof(*t->tmp));
	t->final = xcalloc(n ? n : 1, sizeof(*t->final));
	t->undo = xcalloc(n ? n : 1, sizeof(*t->undo));
	t->kept = xcalloc(n ? n : 1, sizeof(*t->kept));
	for (size_t i = 0; i < n; i++) {
		t->final[i] = ac_store_abs(files[i].path);
		t->tmp[i] = ac_store_temp_name(t->final[i], "");
		t->undo[i] = ac_store_temp_name(t->final[i], ".old");
	}
	t->journal = ac_layout_journal(ctx, name);
	t->jtmp = ac_store_temp_name(t->journal, "");
	if (with_pending || n > 1) {
		dir = ac_layout_journal(ctx, NULL);
		ok = ac_store_mkdirs(dir, 0700, err);
		free(dir);
	}
	return ok && (!with_pending || write_pending(t, err));
}

/* A copy with the same mode and owner, synced, for an undo name. */
static bool
copy_same(const char *src, const char *dst, const struct stat *st)
{
	char buf[8192];
	ssize_t r = 0;
	int in, out;
	bool ok;

	if (S_ISLNK(st->st_mode)) {
		ok = (r = readlink(src, buf, sizeof(buf) - 1)) > 0;
		if (ok)
			buf[r] = '\0';
		return ok && symlink(buf, dst) == 0;
	}
	in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return false;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ok = out >= 0 && fchown(out, st->st_uid, st->st_gid) == 0 &&
	     fchmod(out, st->st_mode & 0777) == 0;
	while (ok && (r = read(in, buf, sizeof(buf))) > 0)
		ok = ac_store_write_all(out, buf, (size_t)r);
	ok = ok && r == 0 && fsync(out) == 0;
	if (out >= 0 && close(out) != 0)
		ok = false;
	close(in);
	if (!ok && out >= 0) {
		int saved = errno;

		unlink(dst);
		errno = saved;
	}
	return ok;
}

static bool
keep_one(const char *final, const char *undo, bool *kept, struct ac_err *err)
{
	struct stat st;

	if (lstat(final, &st) != 0)
		return errno == ENOENT ||
		       ac_err_set(err, AC_ERR_IO, _("Cannot read %s: %s."),
				  final, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return ac_err_set(err, AC_ERR_IO,
				  _("%s is a directory: astcert installs a file there. Move the directory away and run again."),
				  final);
	if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
		return ac_err_set(err, AC_ERR_IO,
				  _("%s is not a regular file: move it away and run again."),
				  final);
	/* a hard link keeps the very file; a copy where links cannot be */
	if (link(final, undo) != 0 && !copy_same(final, undo, &st))
		return ac_err_set(err, AC_ERR_IO,
				  _("Cannot keep the previous %s to put it back should the install fail: %s."),
				  final, strerror(errno));
	*kept = true;
	return true;
}

bool
ac_store_txn_keep(struct ac_store_txn *t, struct ac_err *err)
{
	for (size_t i = 0; i < t->n; i++)
		if (!keep_one(t->final[i], t->undo[i], &t->kept[i], err))
			return false;
	return true;
}

bool
ac_store_txn_journal(struct ac_store_txn *t, int *fd, struct ac_err *err)
{
	struct ac_buf b = { 0 };
	struct ac_store_file jf;
	bool ok;

	for (size_t i = 0; i < t->n; i++)
		add_line(&b, t->tmp[i], t->final[i],
			 t->kept[i] ? t->undo[i] : NULL);
	jf = (struct ac_store_file){ t->journal, b.data, b.len, 0600,
				     geteuid(), getegid() };
	ok = ac_store_write_temp(&jf, t->jtmp, fd, err);
	ac_buf_clear(&b);
	return ok;
}

bool
ac_store_txn_commit(struct ac_store_txn *t, struct ac_err *err)
{
	if (rename(t->jtmp, t->journal) != 0)
		return ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."),
				  t->journal, strerror(errno));
	t->committed = true;
	ac_store_sync_dirs((const char *const *)&t->journal, 1);
	if (t->pending)
		unlink(t->pending);
	free(t->pending);
	t->pending = NULL;
	return true;
}

static struct jline *
txn_lines(const struct ac_store_txn *t)
{
	struct jline *l = xcalloc(t->n ? t->n : 1, sizeof(*l));

	for (size_t i = 0; i < t->n; i++)
		l[i] = (struct jline){ t->tmp[i], t->final[i],
				       t->kept[i] ? t->undo[i] : NULL, true };
	return l;
}

bool
ac_store_txn_rollback(struct ac_store_txn *t)
{
	struct ac_err err = AC_ERR_INIT;
	struct jline *l;
	bool ok;

	if (!t->committed)
		return true;
	/* unmarked, the next run would finish the install: still whole */
	if (!mark_undo(&t->journal))
		return false;
	l = txn_lines(t);
	ok = back(l, t->n, &err);
	if (ok)
		unlink(t->journal);
	free(l);
	ac_err_clear(&err);
	return ok;
}

void
ac_store_txn_finish(struct ac_store_txn *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->kept[i])
			unlink(t->undo[i]);
	if (t->committed)
		unlink(t->journal);
}

void
ac_store_txn_end(struct ac_store_txn *t, bool keep_journal)
{
	for (size_t i = 0; i < t->n; i++) {
		/* a renamed temp is gone already; a journal left for the
		 * next run needs the temps and the undo copies it names */
		if (!keep_journal) {
			unlink(t->tmp[i]);
			if (t->kept[i])
				unlink(t->undo[i]);
		}
		free(t->tmp[i]);
		free(t->final[i]);
		free(t->undo[i]);
	}
	if (t->jtmp && !t->committed)
		unlink(t->jtmp);
	if (t->pending)
		unlink(t->pending);
	free(t->tmp);
	free(t->final);
	free(t->undo);
	free(t->kept);
	free(t->jtmp);
	free(t->journal);
	free(t->pending);
	memset(t, 0, sizeof(*t));
}
