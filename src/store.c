/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files on disk: atomic installs with final modes and owners, the archive. */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "src/i18n.h"
#include "src/layout.h"
#include "src/store.h"
#include "src/store_int.h"
#include "src/util.h"
#include "src/xalloc.h"

bool
ac_store_name_ok(const char *name, struct ac_err *err)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64 || name[0] == '.' || name[0] == '-')
		return ac_err_set(err, AC_ERR_INPUT,
				  _("The name \"%s\" cannot be a file name: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'."),
				  name);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!isalnum(c) && c != '.' && c != '_' && c != '-')
			return ac_err_set(err, AC_ERR_INPUT,
					  _("The name \"%s\" cannot be a file name: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'."),
					  name);
	}
	return true;
}

bool
ac_store_dir_ok(const char *dir, struct ac_err *err)
{
	struct stat st;

	if (stat(dir, &st) != 0)
		return ac_err_set(err, AC_ERR_IO,
				  _("The directory %s does not exist: create it or choose another."),
				  dir);
	if (!S_ISDIR(st.st_mode))
		return ac_err_set(err, AC_ERR_IO,
				  _("%s is not a directory: choose a directory."),
				  dir);
	if (access(dir, W_OK | X_OK) != 0)
		return ac_err_set(err, AC_ERR_IO,
				  _("Cannot write in %s: %s. Run as root or choose another directory."),
				  dir, strerror(errno));
	return true;
}

bool
ac_store_mkdirs(const char *dir, mode_t mode, struct ac_err *err)
{
	char *copy = xstrdup(dir);
	bool ok = true;

	for (char *p = copy + 1; ok; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, mode) != 0 && errno != EEXIST) {
			ok = ac_err_set(err, AC_ERR_IO,
					_("Cannot create the directory %s: %s."),
					copy, strerror(errno));
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(copy);
	return ok && ac_store_dir_ok(dir, err);
}

bool
ac_store_make_key_dir(const char *dir, const struct ac_owner *owner,
		      struct ac_err *err)
{
	char *parent = xstrdup(dir), *slash = strrchr(parent, '/');
	bool ok = true;
	int fd = -1;

	if (slash && slash != parent) {
		*slash = '\0';
		ok = ac_store_mkdirs(parent, 0755, err);
	}
	free(parent);
	if (!ok)
		return false;
	/* made closed, then given to the group: never wider than the end */
	if (mkdir(dir, 0700) != 0 ||
	    (fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fchown(fd, geteuid(), owner->gid) != 0 || fchmod(fd, 0750) != 0)
		ok = ac_err_set(err, AC_ERR_IO,
				_("Cannot create the directory %s: %s."), dir,
				strerror(errno));
	if (fd >= 0)
		close(fd);
	return ok;
}

bool
ac_store_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

char *
ac_store_dir_of(const char *path)
{
	char *copy = xstrdup(path), *d = xstrdup(dirname(copy));

	free(copy);
	return d;
}

char *
ac_store_abs(const char *path)
{
	char *cwd;
	char *abs;

	if (path[0] == '/')
		return xstrdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return xstrdup(path);
	abs = xasprintf("%s/%s", cwd, path);
	free(cwd);
	return abs;
}

char *
ac_store_temp_name(const char *path, const char *suffix)
{
	unsigned char rnd[6];
	char *dir = ac_store_dir_of(path), *base = xstrdup(path), *hex, *t;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	hex = ac_hex(rnd, sizeof(rnd), 0);
	t = xasprintf("%s/.astcert-%s.%s%s", dir, basename(base), hex, suffix);
	free(hex);
	free(base);
	free(dir);
	return t;
}

/*
 * The new file: created exclusively with the final mode (umask can only
 * narrow it), chowned and chmoded before any data, then written.  It stays
 * open in *fdp: the caller syncs all of an install's files at once.
 */
bool
ac_store_write_temp(const struct ac_store_file *f, const char *tmp, int *fdp,
		    struct ac_err *err)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		      f->mode & 0777);
	int saved;

	*fdp = -1;
	if (fd < 0)
		return ac_err_set(err, AC_ERR_IO, _("Cannot create %s: %s."),
				  tmp, strerror(errno));
	if ((geteuid() == 0 || f->uid != geteuid() || f->gid != getegid()) &&
	    fchown(fd, f->uid, f->gid) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return ac_err_set(err, AC_ERR_IO,
				  _("Cannot give %s to the requested owner: %s. Run as root or choose another owner."),
				  f->path, strerror(saved));
	}
	if (fchmod(fd, f->mode & 0777) != 0 ||
	    !ac_store_write_all(fd, f->data, f->len)) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."),
				  f->path, strerror(saved));
	}
	*fdp = fd;
	return true;
}

/*
 * fsync() of several files, all at once.  Each fsync ends in a cache flush
 * of the disk; issued together, the block layer merges the flushes, so an
 * install of seven files waits for about one flush instead of seven in a
 * row.  Only our own files are synced (never syncfs: a busy /var full of
 * call recordings would make that unbounded).  errs[i] gets the errno of
 * fds[i]'s fsync, 0 when it succeeded.
 */
struct sync_arg {
	int fd;
	int err;
};

static void *
sync_one(void *p)
{
	struct sync_arg *a = p;

	a->err = fsync(a->fd) == 0 ? 0 : errno;
	return NULL;
}

#define SYNC_MAX_THREADS 16

static void
sync_fds(const int *fds, int *errs, size_t n)
{
	struct sync_arg args[SYNC_MAX_THREADS];
	pthread_t th[SYNC_MAX_THREADS];
	bool started[SYNC_MAX_THREADS];
	size_t i, base, k;

	for (base = 0; base < n; base += k) {
		k = n - base < SYNC_MAX_THREADS ? n - base : SYNC_MAX_THREADS;
		for (i = 0; i < k; i++) {
			args[i] = (struct sync_arg){ fds[base + i], 0 };
			/* the last one, or any without a thread, runs here */
			started[i] = i + 1 < k &&
				     pthread_create(&th[i], NULL, sync_one,
						    &args[i]) == 0;
			if (!started[i] && i + 1 < k)
				sync_one(&args[i]);
		}
		sync_one(&args[k - 1]);
		for (i = 0; i + 1 < k; i++)
			if (started[i])
				pthread_join(th[i], NULL);
		for (i = 0; i < k; i++)
			errs[base + i] = args[i].err;
	}
}

/*
 * Syncs and closes the n open temp files; on failure names the first file
 * that did not reach the disk.  Every fd is closed either way.
 */
static bool
sync_close(int *fds, const char *const *names, size_t n, struct ac_err *err)
{
	int *errs = xcalloc(n ? n : 1, sizeof(*errs));
	bool ok = true;

	sync_fds(fds, errs, n);
	for (size_t i = 0; i < n; i++) {
		if (close(fds[i]) != 0 && errs[i] == 0)
			errs[i] = errno;
		fds[i] = -1;
		if (errs[i] != 0 && ok)
			ok = ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."),
					names[i], strerror(errs[i]));
	}
	free(errs);
	return ok;
}

void
ac_store_sync_dirs(const char *const *paths, size_t n)
{
	int *fds = xcalloc(n ? n : 1, sizeof(*fds));
	int *errs = xcalloc(n ? n : 1, sizeof(*errs));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		char *dir = ac_store_dir_of(paths[i]);
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++) {
			char *other = ac_store_dir_of(paths[j]);

			seen = strcmp(dir, other) == 0;
			free(other);
		}
		if (!seen) {
			fds[k] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fds[k] >= 0)
				k++;
		}
		free(dir);
	}
	sync_fds(fds, errs, k);
	for (size_t i = 0; i < k; i++)
		close(fds[i]);
	free(errs);
	free(fds);
}

/*
 * Copies src into dst with src's mode (never wider), for the archive.  A
 * read error fails: an archive must be faithful or not be at all.
 */
static bool
copy_file(const char *src, const char *dst)
{
	struct stat st;
	char buf[8192];
	ssize_t n = 0;
	int in, out, saved;
	bool ok = true;

	in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0)
		return false;
	saved = fstat(in, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? EISDIR : 0;
	if (saved) {
		close(in);
		errno = saved;
		return false;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		   st.st_mode & 0600);
	if (out < 0) {
		saved = errno;
		close(in);
		errno = saved;
		return false;
	}
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = ac_store_write_all(out, buf, (size_t)n);
	ok = ok && n == 0 && fsync(out) == 0;
	saved = errno;
	close(in);
	close(out);
	if (!ok)
		unlink(dst);
	errno = saved;
	return ok;
}

static bool
archive_old(const char *path, const char *archive_dir, struct ac_err *err)
{
	char *base = xstrdup(path), *dst;
	struct stat st;
	bool ok = true;

	dst = xasprintf("%s/%s", archive_dir, basename(base));
	/* a hard link keeps the old inode, its mode and owner, atomically */
	if (link(path, dst) != 0 && !copy_file(path, dst)) {
		if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			ok = ac_err_set(err, AC_ERR_IO,
					_("%s is a symbolic link, which astcert cannot keep in the archive %s (another file system): replace it with a regular file (cp --remove-destination \"$(readlink -f %s)\" %s) and run again."),
					path, archive_dir, path, path);
		else
			ok = ac_err_set(err, AC_ERR_IO,
					_("Cannot keep the previous %s in the archive %s: %s."),
					path, archive_dir, strerror(errno));
	}
	free(dst);
	free(base);
	return ok;
}

static char *
make_archive_dir(const struct ac_ctx *ctx, const char *name,
		 struct ac_err *err)
{
	char stamp[32], *sub, *dir;
	time_t now = ac_now(ctx);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	dir = ac_layout_archive(ctx, name, stamp);
	for (int i = 1; access(dir, F_OK) == 0; i++) {
		free(dir);
		sub = xasprintf("%s-%d", stamp, i);
		dir = ac_layout_archive(ctx, name, sub);
		free(sub);
	}
	if (!ac_store_mkdirs(dir, 0700, err)) {
		free(dir);
		return NULL;
	}
	return dir;
}

/* Keeps every previous file of the install in a new archive directory. */
static bool
archive_all(const struct ac_ctx *ctx, const char *name,
	    const struct ac_store_txn *t, struct ac_err *err)
{
	char *dir = NULL;
	bool ok = true;

	for (size_t i = 0; ok && i < t->n; i++) {
		struct stat st;

		if (lstat(t->final[i], &st) != 0)
			continue;
		if (!dir && !(dir = make_archive_dir(ctx, name, err)))
			return false;
		ok = archive_old(t->final[i], dir, err);
	}
	free(dir);
	return ok;
}

/*
 * Installs run one at a time: a renewal from the timer and an issue by
 * hand could otherwise interleave their renames (the new certificate of
 * one beside the new key of the other), or one could "finish" the other's
 * journal while it is still renaming.  The lock is held for milliseconds,
 * so a run simply waits for it.  -1 when the state directory cannot hold
 * it (a single-file install goes on without it; renaming one file is
 * atomic anyway).
 */
int
ac_store_lock(const struct ac_ctx *ctx, enum ac_layout_state lock,
	      int wait_secs, struct ac_err *err)
{
	char *state = ac_layout_state(ctx, AC_LAYOUT_STATE_DIR);
	char *path = ac_layout_state(ctx, lock);
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	long long deadline = ac_mono_ms() +
		1000LL * (wait_secs < 0 ? AC_STORE_LOCK_WAIT_MAX : wait_secs);
	int fd = -1;

	if (!ac_store_mkdirs(state, 0700, err))
		goto out;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		ac_err_set(err, AC_ERR_IO, _("Cannot open the lock %s: %s."),
			   path, strerror(errno));
		goto out;
	}
	/* never blocked in flock(): a cancel is seen within 0.1 s */
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			ac_err_set(err, AC_ERR_IO, _("Cannot lock %s: %s."),
				   path, strerror(errno));
		} else if (ac_cancelled(ctx)) {
			ac_err_set(err, AC_ERR_CANCELLED,
				   _("Cancelled while waiting for another astcert run (%s)."),
				   path);
		} else if (ac_mono_ms() < deadline) {
			nanosleep(&pause, NULL);
			continue;
		} else {
			ac_err_set(err, AC_ERR_BUSY,
				   _("Another astcert run holds %s; try again later."),
				   path);
		}
		close(fd);
		fd = -1;
		break;
	}
out:
	free(path);
	free(state);
	return fd;
}

static int
install_lock(const struct ac_ctx *ctx, struct ac_err *err)
{
	return ac_store_lock(ctx, AC_LAYOUT_INSTALL_LOCK, -1, err);
}

/* True when the journal directory has an entry: an install to finish. */
static bool
journal_pending(const struct ac_ctx *ctx)
{
	char *dir = ac_layout_journal(ctx, NULL);
	DIR *d = opendir(dir);
	struct dirent *e;
	bool pending = false;

	while (d && !pending && (e = readdir(d)) != NULL)
		pending = e->d_name[0] != '.';
	if (d)
		closedir(d);
	free(dir);
	return pending;
}

bool
ac_store_recover(const struct ac_ctx *ctx, struct ac_strv *finished,
		 struct ac_strv *undone, struct ac_err *err)
{
	int lock;
	bool ok;

	/* the usual case, and read-only commands create nothing */
	if (!journal_pending(ctx))
		return true;
	/* an install still running holds the lock: its journal is not ours */
	lock = install_lock(ctx, err);
	if (lock < 0)
		return false;
	ok = ac_store_recover_locked(ctx, finished, undone, err);
	close(lock);
	return ok;
}

/* The new files over the old ones; *failed: the index that failed. */
static bool
rename_all(const struct ac_store_txn *t, size_t *failed, int *error)
{
	for (size_t i = 0; i < t->n; i++) {
		if (rename(t->tmp[i], t->final[i]) != 0) {
			*failed = i;
			*error = errno;
			return false;
		}
	}
	return true;
}

/*
 * A rename failed (same directory, so a permission or disk fault, or a
 * busy or immutable file): every previous file goes back.  True when that
 * failed too and the journal must stay for the next run.
 */
static bool
undo_renames(struct ac_store_txn *t, size_t failed, int error,
	     struct ac_err *err)
{
	const char *path = t->final[failed];

	if (!t->committed) {
		ac_err_set(err, AC_ERR_IO, _("Cannot put %s in place: %s."),
			   path, strerror(error));
		return false;
	}
	if (ac_store_txn_rollback(t)) {
		ac_err_set(err, AC_ERR_IO,
			   _("Cannot put %s in place: %s. The previous files are back in place."),
			   path, strerror(error));
		return false;
	}
	ac_err_set(err, AC_ERR_IO,
		   _("Cannot put %s in place: %s, nor put the previous files back: the next astcert command finishes or undoes this install before anything else."),
		   path, strerror(error));
	return true;
}

/* Writes the n files to their temp names, then the journal (n > 1). */
static bool
write_all_temps(struct ac_store_txn *t, const struct ac_store_file *files,
		int *fds, const char **names, size_t *nfd, struct ac_err *err)
{
	for (size_t i = 0; i < t->n; i++) {
		struct ac_store_file f = files[i];

		f.path = t->final[i];
		names[*nfd] = t->final[i];
		if (!ac_store_write_temp(&f, t->tmp[i], &fds[*nfd], err))
			return false;
		(*nfd)++;
	}
	if (t->n < 2)
		return true;
	/* each previous file kept, so a failure can put it back */
	if (!ac_store_txn_keep(t, err) ||
	    !ac_store_txn_journal(t, &fds[*nfd], err))
		return false;
	names[(*nfd)++] = t->journal;
	return true;
}

bool
ac_store_install(const struct ac_ctx *ctx, const char *archive_name,
		 const struct ac_store_file *files, size_t n,
		 struct ac_err *err)
{
	struct ac_store_txn t = { 0 };
	/* n files and the journal: open fds, names for errors */
	int *fds = xcalloc(n + 1, sizeof(*fds));
	const char **names = xcalloc(n + 1, sizeof(*names));
	const char *name = archive_name ? archive_name : "install";
	bool ok = false, keep_journal = false;
	size_t i, nfd = 0, failed = 0;
	int error = 0;
	struct ac_err lock_err = { 0 };
	int lock = install_lock(ctx, n > 1 ? err : &lock_err);

	if (lock < 0 && n > 1)
		goto out;
	if (lock >= 0 && !ac_store_recover_locked(ctx, NULL, NULL, err))
		goto out;
	if (!ac_store_txn_begin(&t, ctx, name, files, n, lock >= 0, err) ||
	    !write_all_temps(&t, files, fds, names, &nfd, err))
		goto out;
	/* every new byte is on disk before anything is renamed */
	ok = sync_close(fds, names, nfd, err);
	nfd = 0;
	if (!ok)
		goto out;
	ok = false;
	if (archive_name && !archive_all(ctx, archive_name, &t, err))
		goto out;
	if (n > 1 && !ac_store_txn_commit(&t, err))
		goto out;
	if (!rename_all(&t, &failed, &error)) {
		keep_journal = undo_renames(&t, failed, error, err);
		goto out;
	}
	ac_store_sync_dirs(names, n);
	ac_store_txn_finish(&t);
	ok = true;
out:
	for (i = 0; i < nfd; i++)
		close(fds[i]);
	ac_store_txn_end(&t, keep_journal);
	free(names);
	free(fds);
	if (lock >= 0)
		close(lock);	/* releases the lock */
	ac_err_clear(&lock_err);
	return ok;
}
