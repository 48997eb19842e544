/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files on disk: atomic installs with final modes and owners, the archive. */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pthread.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "src/i18n.h"
#include "src/store.h"
#include "src/util.h"
#include "src/xalloc.h"

static bool
lookup_user(const char *s, uid_t *uid, gid_t *gid, char **name)
{
	struct passwd *pw = getpwnam(s);
	char *end;
	unsigned long n;

	if (!pw && isdigit((unsigned char)s[0])) {
		n = strtoul(s, &end, 10);
		if (!*end)
			pw = getpwuid((uid_t)n);
	}
	if (!pw)
		return false;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	*name = xstrdup(pw->pw_name);
	return true;
}

static bool
lookup_group(const char *s, gid_t *gid, char **name)
{
	struct group *gr = getgrnam(s);
	char *end;
	unsigned long n;

	if (!gr && isdigit((unsigned char)s[0])) {
		n = strtoul(s, &end, 10);
		if (!*end)
			gr = getgrgid((gid_t)n);
	}
	if (!gr)
		return false;
	*gid = gr->gr_gid;
	*name = xstrdup(gr->gr_name);
	return true;
}

static char *
group_name(gid_t gid)
{
	struct group *gr = getgrgid(gid);

	return gr ? xstrdup(gr->gr_name) : xasprintf("%lu", (unsigned long)gid);
}

bool
ac_owner_parse(const char *spec, struct ac_owner *out, struct ac_err *err)
{
	struct ac_owner o = { 0 };
	const char *colon = strchr(spec, ':');
	char *user = colon ? xstrndup(spec, (size_t)(colon - spec))
			   : xstrdup(spec);
	const char *grp = colon ? colon + 1 : NULL;
	gid_t user_gid = getgid();
	bool ok = false;

	if (*user) {
		if (!lookup_user(user, &o.uid, &user_gid, &o.user)) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("Unknown user \"%s\" in --owner: create it first or give an existing user."),
				   user);
			goto out;
		}
	} else {
		struct passwd *pw = getpwuid(getuid());

		o.uid = getuid();
		o.user = pw ? xstrdup(pw->pw_name)
			    : xasprintf("%lu", (unsigned long)o.uid);
	}
	if (grp && *grp) {
		if (!lookup_group(grp, &o.gid, &o.group)) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("Unknown group \"%s\" in --owner: is Asterisk installed? Create the group or give another."),
				   grp);
			goto out;
		}
	} else {
		o.gid = user_gid;
		o.group = group_name(o.gid);
	}
	ac_owner_clear(out);
	*out = o;
	o = (struct ac_owner){ 0 };
	ok = true;
out:
	ac_owner_clear(&o);
	free(user);
	return ok;
}

void
ac_owner_default(struct ac_owner *out)
{
	struct group *gr = getgrnam("asterisk");
	struct passwd *pw;

	ac_owner_clear(out);
	if (gr && getuid() == 0) {
		out->uid = 0;
		out->gid = gr->gr_gid;
		out->user = xstrdup("root");
		out->group = xstrdup("asterisk");
		return;
	}
	pw = getpwuid(getuid());
	out->uid = getuid();
	out->gid = getgid();
	out->user = pw ? xstrdup(pw->pw_name)
		       : xasprintf("%lu", (unsigned long)out->uid);
	out->group = group_name(out->gid);
}

void
ac_owner_copy(struct ac_owner *dst, const struct ac_owner *src)
{
	ac_owner_clear(dst);
	dst->uid = src->uid;
	dst->gid = src->gid;
	dst->user = src->user ? xstrdup(src->user) : NULL;
	dst->group = src->group ? xstrdup(src->group) : NULL;
}

void
ac_owner_clear(struct ac_owner *o)
{
	free(o->user);
	free(o->group);
	memset(o, 0, sizeof(*o));
}

bool
ac_owner_group_shared(const struct ac_owner *o)
{
	struct passwd *pw = getpwuid(o->uid);

	return !pw || pw->pw_gid != o->gid;
}

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

static bool
write_all(int fd, const void *data, size_t len)
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

static char *
dir_of(const char *path)
{
	char *copy = xstrdup(path), *d = xstrdup(dirname(copy));

	free(copy);
	return d;
}

static char *
temp_name(const char *path)
{
	unsigned char rnd[6];
	char *dir = dir_of(path), *base = xstrdup(path), *hex, *t;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	hex = ac_hex(rnd, sizeof(rnd), 0);
	t = xasprintf("%s/.astcert-%s.%s", dir, basename(base), hex);
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
static bool
write_temp(const struct ac_store_file *f, const char *tmp, int *fdp,
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
	if (fchmod(fd, f->mode & 0777) != 0 || !write_all(fd, f->data, f->len)) {
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

/* Syncs the directories of paths, each once, all at once. */
static void
sync_dirs(const char *const *paths, size_t n)
{
	int *fds = xcalloc(n ? n : 1, sizeof(*fds));
	int *errs = xcalloc(n ? n : 1, sizeof(*errs));
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		char *dir = dir_of(paths[i]);
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++) {
			char *other = dir_of(paths[j]);

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

static void
sync_dir(const char *path)
{
	sync_dirs(&path, 1);
}

/* Copies src into dst with src's mode (never wider), for the archive. */
static bool
copy_file(const char *src, const char *dst)
{
	struct stat st;
	char buf[8192];
	ssize_t n;
	int in, out;
	bool ok = true;

	in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (in < 0 || fstat(in, &st) != 0) {
		if (in >= 0)
			close(in);
		return false;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		   st.st_mode & 0600);
	if (out < 0) {
		close(in);
		return false;
	}
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write_all(out, buf, (size_t)n);
	if (fsync(out) != 0)
		ok = false;
	close(in);
	close(out);
	return ok;
}

static bool
archive_old(const char *path, const char *archive_dir, struct ac_err *err)
{
	char *base = xstrdup(path), *dst;
	bool ok = true;

	dst = xasprintf("%s/%s", archive_dir, basename(base));
	/* a hard link keeps the old inode, its mode and owner, atomically */
	if (link(path, dst) != 0 && !copy_file(path, dst))
		ok = ac_err_set(err, AC_ERR_IO,
				_("Cannot keep the previous %s in the archive %s: %s."),
				path, archive_dir, strerror(errno));
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
	sub = xasprintf("archive/%s/%s", name, stamp);
	dir = ac_state_path(ctx, sub);
	free(sub);
	for (int i = 1; access(dir, F_OK) == 0; i++) {
		free(dir);
		sub = xasprintf("archive/%s/%s-%d", name, stamp, i);
		dir = ac_state_path(ctx, sub);
		free(sub);
	}
	if (!ac_store_mkdirs(dir, 0700, err)) {
		free(dir);
		return NULL;
	}
	return dir;
}

/*
 * The journal makes a multi-file install all-or-nothing across a crash:
 * it lists "TEMP\tFINAL" lines and exists only while the renames run.  A
 * later run finds it and finishes the renames (roll forward), so a killed
 * install never leaves a new certificate beside an old key.
 */
static char *
journal_path(const struct ac_ctx *ctx, const char *name)
{
	char *sub = xasprintf("journal/%s", name), *p = ac_state_path(ctx, sub);

	free(sub);
	return p;
}

/*
 * Writes the journal's temp file *jtmp (left open in *fd, synced with the
 * install's files); *out is the journal's final name.
 */
static bool
journal_write(const struct ac_ctx *ctx, const char *name, char **tmp,
	      const struct ac_store_file *files, size_t n, char **jtmp,
	      int *fd, char **out, struct ac_err *err)
{
	struct ac_buf b = { 0 };
	struct ac_store_file jf = { 0 };
	char *dir = ac_state_path(ctx, "journal");
	bool ok = false;

	if (!ac_store_mkdirs(dir, 0700, err))
		goto out;
	for (size_t i = 0; i < n; i++)
		ac_buf_printf(&b, "%s\t%s\n", tmp[i], files[i].path);
	*out = journal_path(ctx, name);
	jf = (struct ac_store_file){ *out, b.data, b.len, 0600, geteuid(),
				     getegid() };
	*jtmp = temp_name(*out);
	ok = write_temp(&jf, *jtmp, fd, err);
out:
	free(dir);
	ac_buf_free(&b);
	return ok;
}

static bool
journal_replay(const char *path, struct ac_err *err)
{
	struct ac_buf b = { 0 };
	char *line, *save = NULL, *tab;
	bool ok = true;

	if (!ac_read_file(path, &b, err))
		return false;
	for (line = strtok_r(b.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		/* a temp that is gone was renamed before the interruption */
		if (access(line, F_OK) == 0 && rename(line, tab + 1) != 0)
			ok = ac_err_set(err, AC_ERR_IO,
					_("Cannot finish the interrupted install of %s: %s."),
					tab + 1, strerror(errno));
		else
			sync_dir(tab + 1);
	}
	ac_buf_free(&b);
	if (ok)
		unlink(path);
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
ac_store_lock(const struct ac_ctx *ctx, const char *file, int wait_secs,
	      struct ac_err *err)
{
	char *state = ac_state_path(ctx, NULL);
	char *path = ac_state_path(ctx, file);
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	time_t deadline = time(NULL) + wait_secs;
	int fd = -1;

	if (!ac_store_mkdirs(state, 0700, err))
		goto out;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		ac_err_set(err, AC_ERR_IO, _("Cannot open the lock %s: %s."),
			   path, strerror(errno));
		goto out;
	}
	while (flock(fd, wait_secs < 0 ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno == EWOULDBLOCK && time(NULL) < deadline) {
			nanosleep(&pause, NULL);
			continue;
		}
		if (errno == EWOULDBLOCK)
			ac_err_set(err, AC_ERR_BUSY,
				   _("Another astcert run holds %s; try again later."),
				   path);
		else
			ac_err_set(err, AC_ERR_IO, _("Cannot lock %s: %s."),
				   path, strerror(errno));
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
	return ac_store_lock(ctx, AC_STORE_LOCK_FILE, -1, err);
}

static bool
recover_journals(const struct ac_ctx *ctx, struct ac_strv *recovered,
		 struct ac_err *err)
{
	char *dir = ac_state_path(ctx, "journal");
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = true;

	while (d && (e = readdir(d)) != NULL) {
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (journal_replay(path, err)) {
			if (recovered)
				ac_strv_add(recovered, e->d_name);
		} else {
			ok = false;
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(dir);
	return ok;
}

/* True when the journal directory has an entry: an install to finish. */
static bool
journal_pending(const struct ac_ctx *ctx)
{
	char *dir = ac_state_path(ctx, "journal");
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
ac_store_recover(const struct ac_ctx *ctx, struct ac_strv *recovered,
		 struct ac_err *err)
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
	ok = recover_journals(ctx, recovered, err);
	close(lock);
	return ok;
}

bool
ac_store_install(const struct ac_ctx *ctx, const char *archive_name,
		 const struct ac_store_file *files, size_t n,
		 struct ac_err *err)
{
	/* n files and the journal: temp names, open fds, names for errors */
	char **tmp = xcalloc(n + 1, sizeof(*tmp));
	int *fds = xcalloc(n + 1, sizeof(*fds));
	const char **names = xcalloc(n + 1, sizeof(*names));
	char *archive_dir = NULL, *journal = NULL;
	const char *name = archive_name ? archive_name : "install";
	bool have_old = false, ok = false, renamed_journal = false;
	size_t i, nfd = 0;
	struct ac_err lock_err = { 0 };
	int lock = install_lock(ctx, n > 1 ? err : &lock_err);

	if (lock < 0 && n > 1)
		goto out;
	if (!recover_journals(ctx, NULL, err))
		goto out;
	for (i = 0; i < n; i++) {
		tmp[i] = temp_name(files[i].path);
		names[i] = files[i].path;
		if (!write_temp(&files[i], tmp[i], &fds[nfd], err))
			goto out;
		nfd++;
		if (access(files[i].path, F_OK) == 0)
			have_old = true;
	}
	if (n > 1) {
		if (!journal_write(ctx, name, tmp, files, n, &tmp[n], &fds[nfd],
				   &journal, err))
			goto out;
		names[nfd++] = journal;
	}
	/* every new byte is on disk before anything is renamed */
	ok = sync_close(fds, names, nfd, err);
	nfd = 0;
	if (!ok)
		goto out;
	ok = false;
	if (have_old && archive_name) {
		archive_dir = make_archive_dir(ctx, archive_name, err);
		if (!archive_dir)
			goto out;
		for (i = 0; i < n; i++)
			if (access(files[i].path, F_OK) == 0 &&
			    !archive_old(files[i].path, archive_dir, err))
				goto out;
	}
	if (journal) {
		if (rename(tmp[n], journal) != 0) {
			ac_err_set(err, AC_ERR_IO, _("Cannot write %s: %s."),
				   journal, strerror(errno));
			goto out;
		}
		renamed_journal = true;
		free(tmp[n]);
		tmp[n] = NULL;
		sync_dir(journal);
	}
	for (i = 0; i < n; i++) {
		if (rename(tmp[i], files[i].path) != 0) {
			ac_err_set(err, AC_ERR_IO, _("Cannot put %s in place: %s."),
				   files[i].path, strerror(errno));
			/*
			 * Same directory, so this is a permission or disk
			 * fault; the previous versions are in the archive.
			 */
			goto out;
		}
		free(tmp[i]);
		tmp[i] = NULL;
	}
	sync_dirs(names, n);
	if (journal)
		unlink(journal);
	ok = true;
out:
	for (i = 0; i < nfd; i++)
		close(fds[i]);
	for (i = 0; i <= n; i++) {
		if (tmp[i])
			unlink(tmp[i]);
		free(tmp[i]);
	}
	if (!ok && renamed_journal)
		unlink(journal);
	free(journal);
	free(names);
	free(fds);
	free(tmp);
	free(archive_dir);
	if (lock >= 0)
		close(lock);	/* releases the lock */
	ac_err_clear(&lock_err);
	return ok;
}
