/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by engine modules: bounded file reads, PEM sniffing. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/util.h"

/*
 * O_NONBLOCK: opening a FIFO without a writer, or a tape or modem device,
 * would block here for ever; with it the open returns and fstat refuses
 * what is not a regular file.  (Regular files ignore the flag.)
 */
static int
open_regular(const char *path, struct stat *st, struct ac_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		ac_err_set(err, AC_ERR_IO, _("%s: cannot open: %s."), path,
			   strerror(errno));
		return -1;
	}
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		ac_err_set(err, AC_ERR_INPUT, _("%s: not a regular file."),
			   path);
		return -1;
	}
	return fd;
}

bool
ac_file_regular(const char *path, struct ac_err *err)
{
	struct stat st;
	int fd = open_regular(path, &st, err);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

bool
ac_read_file(const char *path, struct ac_buf *out, struct ac_err *err)
{
	struct stat st;
	char chunk[8192];
	ssize_t n;
	int fd;

	fd = open_regular(path, &st, err);
	if (fd < 0)
		return false;
	if (st.st_size > (off_t)AC_MAX_FILE) {
		close(fd);
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s: too large for a certificate or key file (over %u MiB)."),
				  path, AC_MAX_FILE / (1024 * 1024));
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ac_err_set(err, AC_ERR_IO, _("%s: read error: %s."),
				   path, strerror(errno));
			close(fd);
			return false;
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > AC_MAX_FILE) {
			close(fd);
			return ac_err_set(err, AC_ERR_INPUT,
					  _("%s: too large for a certificate or key file."),
					  path);
		}
		ac_buf_add(out, chunk, (size_t)n);
	}
	close(fd);
	if (!out->data)
		ac_buf_add(out, "", 0);
	return true;
}

static bool
contains(const char *data, size_t len, const char *needle)
{
	return memmem(data, len, needle, strlen(needle)) != NULL;
}

bool
ac_pem_has_encrypted_key(const char *data, size_t len)
{
	return contains(data, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
	       (contains(data, len, "PRIVATE KEY-----") &&
		contains(data, len, "Proc-Type: 4,ENCRYPTED"));
}

char *
ac_hex(const unsigned char *data, size_t len, char sep)
{
	static const char digits[] = "0123456789abcdef";
	char *s = xmalloc(len * 3 + 1), *p = s;

	for (size_t i = 0; i < len; i++) {
		if (sep && i)
			*p++ = sep;
		*p++ = digits[data[i] >> 4];
		*p++ = digits[data[i] & 15];
	}
	*p = '\0';
	return s;
}

void
ac_time_utc(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S UTC", &tm);
}

void
ac_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool
ac_dir_list(const char *dir, bool (*keep)(const char *dir, const char *name),
	    bool full, struct ac_strv *out, struct ac_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t first = out->n;

	if (!d)
		return errno == ENOENT ||
		       ac_err_set(err, AC_ERR_IO, _("Cannot read %s: %s."), dir,
				  strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || (keep && !keep(dir, de->d_name)))
			continue;
		if (full)
			ac_strv_add_owned(out, xasprintf("%s/%s", dir,
							 de->d_name));
		else
			ac_strv_add(out, de->d_name);
	}
	closedir(d);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), by_name);
	return true;
}

long long
ac_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
