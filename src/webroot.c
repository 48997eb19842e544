/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP-01 webroot mode: challenge files in a web server's document root. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/challenge.h"
#include "src/i18n.h"
#include "src/xalloc.h"

/*
 * The document root belongs to the web server's user, and astcert runs as
 * root: whoever owns the docroot must not be able to make us create or
 * delete anything elsewhere.  So every directory is opened from the one
 * above it with O_NOFOLLOW, the files are created and removed through the
 * descriptor of their directory, and nothing is ever opened by path.
 */

/* At most this many symbolic links in the path given (as the kernel). */
#define MAX_LINKS 40

struct ac_webroot {
	int root_fd;		/* the document root */
	int well_known_fd;	/* DIR/.well-known */
	int challenge_fd;	/* DIR/.well-known/acme-challenge */
	bool made_well_known;	/* created by us: removed by close */
	bool made_challenge;
	struct ac_strv tokens;	/* the files we wrote */
	char *challenge_path;	/* for messages */
};

/* The walk of the path given, from "/" down to the docroot. */
struct walk {
	int fd;			/* the directory reached */
	struct stat st;		/* its status */
	struct ac_buf path;	/* its path, for messages */
	char *todo;		/* the components still to walk */
	size_t pos;		/* how far todo is walked */
	unsigned links;
	/* the non-root owner of a directory above, which must also own the
	 * docroot (one that can change the path controls the docroot) */
	uid_t stranger;
	char *stranger_path;	/* NULL: none */
};

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static bool
trusted_owner(uid_t uid)
{
	return uid == 0 || uid == geteuid();
}

static bool
refuse_changeable(const char *path, struct ac_err *err)
{
	return ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_INPUT,
			  _("%s can be changed by a user other than root and the owner of the document root: correct its owner and mode, or give another web root."),
			  path);
}

static bool
refuse_missing(const char *path, int e, struct ac_err *err)
{
	ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_INPUT,
		   _("%s is not a directory: give the web server's document root as the web root."),
		   path);
	ac_err_detail(err, _("%s: %s"), path, strerror(e));
	return false;
}

/* The path of name in the walk's directory, for messages (caller frees). */
static char *
shown_path(const struct walk *w, const char *name)
{
	return xasprintf("%s/%s", w->path.len ? w->path.data : "", name);
}

static const char *
walk_path(const struct walk *w)
{
	return w->path.len ? w->path.data : "/";
}

/*
 * The directory we leave lies above the docroot: anyone who can rename
 * entries in it can swap what lies below.  Only root, or the user who will
 * own the docroot anyway, may own it; nobody else may write it unless it is
 * sticky (as /tmp).
 */
static bool
check_above(struct walk *w, struct ac_err *err)
{
	if ((w->st.st_mode & S_IWOTH) && !(w->st.st_mode & S_ISVTX))
		return refuse_changeable(walk_path(w), err);
	if (trusted_owner(w->st.st_uid))
		return true;
	if (!w->stranger_path) {
		w->stranger = w->st.st_uid;
		w->stranger_path = xstrdup(walk_path(w));
		return true;
	}
	return w->st.st_uid == w->stranger ||
	       refuse_changeable(walk_path(w), err);
}

/* Moves the walk to fd, the directory name opened from the current one. */
static bool
enter(struct walk *w, int fd, const char *name, struct ac_err *err)
{
	struct stat st;

	ac_buf_printf(&w->path, "/%s", name);
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		return refuse_missing(walk_path(w), e, err);
	}
	close(w->fd);
	w->fd = fd;
	w->st = st;
	return true;
}

/* Restarts the walk at "/" (an absolute path or link). */
static bool
restart_at_root(struct walk *w, struct ac_err *err)
{
	int fd = open("/", DIR_FLAGS);

	if (fd < 0 || fstat(fd, &w->st) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return refuse_missing("/", e, err);
	}
	if (w->fd >= 0)
		close(w->fd);
	w->fd = fd;
	w->path.len = 0;
	if (w->path.data)
		w->path.data[0] = '\0';
	return true;
}

/* Walks on through target, the contents of a link, then the rest. */
static bool
walk_through(struct walk *w, const char *target, struct ac_err *err)
{
	char *todo = xasprintf("%s/%s", target, w->todo + w->pos);

	free(w->todo);
	w->todo = todo;
	w->pos = 0;
	return target[0] != '/' || restart_at_root(w, err);
}

/*
 * A symbolic link in the path given is followed only when root made it in
 * a directory only root can write: then nobody else can have placed it.
 */
static bool
follow_link(struct walk *w, const char *name, const struct stat *link,
	    struct ac_err *err)
{
	char *shown = shown_path(w, name), *target;
	bool ok = false;
	ssize_t n;

	if (!trusted_owner(link->st_uid) || !trusted_owner(w->st.st_uid) ||
	    (w->st.st_mode & (S_IWGRP | S_IWOTH))) {
		ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_INPUT,
			   _("%s is a symbolic link another user could change: give the real directory as the web root."),
			   shown);
		free(shown);
		return false;
	}
	target = xmalloc((size_t)link->st_size + 1);
	n = readlinkat(w->fd, name, target, (size_t)link->st_size + 1);
	if (++w->links > MAX_LINKS)
		refuse_missing(shown, ELOOP, err);
	else if (n < 0 || n > link->st_size)
		refuse_missing(shown, n < 0 ? errno : EAGAIN, err);
	else
		ok = true;
	if (ok) {
		target[n] = '\0';
		ok = walk_through(w, target, err);
	}
	free(target);
	free(shown);
	return ok;
}

/* One component of the path given. */
static bool
step(struct walk *w, const char *name, struct ac_err *err)
{
	struct stat st;
	char *shown;
	int fd, e;

	if (strcmp(name, ".") == 0)
		return true;
	if (!check_above(w, err))
		return false;
	fd = openat(w->fd, name, DIR_FLAGS);
	if (fd >= 0)
		return enter(w, fd, name, err);
	e = errno;
	if (fstatat(w->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return follow_link(w, name, &st, err);
	shown = shown_path(w, name);
	refuse_missing(shown, e, err);
	free(shown);
	return false;
}

/* A relative dir is walked from "/" too, after the working directory. */
static bool
walk_start(struct walk *w, const char *dir, struct ac_err *err)
{
	char *cwd = NULL;

	if (dir[0] != '/' && !(cwd = getcwd(NULL, 0)))
		return refuse_missing(dir, errno, err);
	w->todo = cwd ? xasprintf("%s/%s", cwd, dir) : xstrdup(dir);
	free(cwd);
	return restart_at_root(w, err);
}

/*
 * Walks dir to the document root: its descriptor, owner and real path
 * (for messages; caller frees), or -1 with err set.  The docroot may
 * belong to anyone (the web server's user), but then every directory
 * above it must belong to root or to that user.
 */
static int
open_docroot(const char *dir, uid_t *owner, char **path, struct ac_err *err)
{
	struct walk w = { .fd = -1 };
	bool ok = walk_start(&w, dir, err);

	while (ok) {
		size_t len;
		char *name;

		w.pos += strspn(w.todo + w.pos, "/");
		if (!w.todo[w.pos])
			break;
		len = strcspn(w.todo + w.pos, "/");
		name = xstrndup(w.todo + w.pos, len);
		w.pos += len;
		ok = step(&w, name, err);
		free(name);
	}
	if (ok && w.stranger_path && w.stranger != w.st.st_uid)
		ok = refuse_changeable(w.stranger_path, err);
	if (ok) {
		*owner = w.st.st_uid;
		*path = xstrdup(walk_path(&w));
	} else if (w.fd >= 0) {
		close(w.fd);
	}
	free(w.stranger_path);
	free(w.todo);
	ac_buf_clear(&w.path);
	return ok ? w.fd : -1;
}

/* Why the directory name in parent could not be opened (errno e). */
static void
refuse_inner(int parent, const char *name, const char *shown, int e,
	     struct ac_err *err)
{
	struct stat st;

	if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s is a symbolic link: astcert follows no links inside a webroot; make it a real directory."),
			   shown);
		return;
	}
	ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_IO,
		   _("Cannot create %s for the challenge: check the web root directory."),
		   shown);
	ac_err_detail(err, _("%s: %s"), shown, strerror(e));
}

/*
 * Opens (or creates, 0755 whatever the umask, for the web server to read)
 * the directory name inside parent: never through a link, and only when
 * it belongs to root or to the docroot's owner.  *made tells whether we
 * created it (and so remove it again).
 */
static int
open_inner(int parent, const char *name, const char *shown, uid_t owner,
	   bool *made, struct ac_err *err)
{
	struct stat st;
	int fd = openat(parent, name, DIR_FLAGS);

	*made = false;
	if (fd < 0 && errno == ENOENT) {
		*made = mkdirat(parent, name, 0755) == 0;
		fd = openat(parent, name, DIR_FLAGS);
	}
	if (fd < 0) {
		refuse_inner(parent, name, shown, errno, err);
		return -1;
	}
	if (fstat(fd, &st) != 0 ||
	    !(trusted_owner(st.st_uid) || st.st_uid == owner)) {
		close(fd);
		refuse_changeable(shown, err);
		return -1;
	}
	/* not ours after all when someone swapped it in meanwhile */
	*made = *made && st.st_uid == geteuid();
	if (*made)
		fchmod(fd, 0755);
	return fd;
}

/* Removes what open created (directories only when left empty). */
static void
remove_made(struct ac_webroot *w)
{
	if (w->made_challenge)
		unlinkat(w->well_known_fd, "acme-challenge", AT_REMOVEDIR);
	if (w->made_well_known)
		unlinkat(w->root_fd, ".well-known", AT_REMOVEDIR);
	w->made_challenge = w->made_well_known = false;
}

struct ac_webroot *
ac_webroot_open(const char *dir, struct ac_err *err)
{
	struct ac_webroot *w = xcalloc(1, sizeof(*w));
	char *root = NULL, *well_known = NULL;
	uid_t owner;

	w->well_known_fd = w->challenge_fd = -1;
	w->root_fd = open_docroot(dir, &owner, &root, err);
	if (w->root_fd >= 0) {
		well_known = xasprintf("%s/.well-known", root);
		w->challenge_path = xasprintf("%s/acme-challenge", well_known);
		w->well_known_fd = open_inner(w->root_fd, ".well-known",
					      well_known, owner,
					      &w->made_well_known, err);
	}
	if (w->well_known_fd >= 0)
		w->challenge_fd = open_inner(w->well_known_fd,
					     "acme-challenge",
					     w->challenge_path, owner,
					     &w->made_challenge, err);
	free(well_known);
	free(root);
	if (w->challenge_fd < 0) {
		ac_webroot_close(w);
		return NULL;
	}
	return w;
}

/*
 * Creates the token's file in dir: O_EXCL, never into a file or link
 * someone placed there.  What is there already (a file left by a run that
 * was killed, a link planted) is unlinked first, which only drops that
 * name: only root can have put it into a directory root made, and whoever
 * else can write the directory could remove it anyway.
 */
static int
create_token(int dir, const char *token)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(dir, token, flags, 0644);

	if (fd >= 0 || errno != EEXIST)
		return fd;
	if (unlinkat(dir, token, 0) != 0) {
		errno = EEXIST;		/* a directory, say */
		return -1;
	}
	return openat(dir, token, flags, 0644);
}

/* Writes data to fd and closes it; false with errno set. */
static bool
write_all(int fd, const char *data, size_t len)
{
	bool ok = fchmod(fd, 0644) == 0;

	while (ok && len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok) {
			data += n;
			len -= (size_t)n;
		}
	}
	if (close(fd) != 0)
		ok = false;
	return ok;
}

bool
ac_webroot_put(struct ac_webroot *w, const char *token,
	       const char *key_authorization, struct ac_err *err)
{
	char *file;
	int fd;

	if (!ac_challenge_token_ok(token))
		return ac_err_set(err, AC_ERR_CA, _("The CA sent an invalid challenge token."));
	file = xasprintf("%s/%s", w->challenge_path, token);
	fd = create_token(w->challenge_fd, token);
	if (fd < 0 && errno == EEXIST) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s already exists and cannot be replaced: remove it and try again."),
			   file);
		free(file);
		return false;
	}
	/* the web server must read it, whatever our umask */
	if (fd < 0 ||
	    !write_all(fd, key_authorization, strlen(key_authorization))) {
		ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_IO, _("Cannot write the challenge file %s: check the web root directory."),
			   file);
		ac_err_detail(err, _("%s: %s"), file, strerror(errno));
		if (fd >= 0)
			unlinkat(w->challenge_fd, token, 0);
		free(file);
		return false;
	}
	if (!ac_strv_contains(&w->tokens, token))
		ac_strv_add(&w->tokens, token);
	free(file);
	return true;
}

void
ac_webroot_close(struct ac_webroot *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->tokens.n; i++)
		unlinkat(w->challenge_fd, w->tokens.v[i], 0);
	remove_made(w);
	if (w->challenge_fd >= 0)
		close(w->challenge_fd);
	if (w->well_known_fd >= 0)
		close(w->well_known_fd);
	if (w->root_fd >= 0)
		close(w->root_fd);
	ac_strv_clear(&w->tokens);
	free(w->challenge_path);
	free(w);
}
