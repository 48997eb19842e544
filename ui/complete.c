/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File-path completion: the longest common prefix of the matching entries. */
#include <config.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui/complete.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory entries of dir that begin with base, '/' after the
 * directories among them. */
static void
matches(const char *dir, const char *base, bool dirs_only,
	struct ac_strv *out)
{
	size_t blen = strlen(base);
	DIR *dp = opendir(*dir ? dir : ".");
	struct dirent *e;
	struct stat st;

	if (!dp)
		return;
	while ((e = readdir(dp)) != NULL) {
		char *full;
		bool is_dir;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (e->d_name[0] == '.' && base[0] != '.')
			continue;
		if (strncmp(e->d_name, base, blen) != 0)
			continue;
		/* stat, not d_type: a link to a directory is a directory */
		full = xasprintf("%s%s", *dir ? dir : "./", e->d_name);
		is_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		free(full);
		if (dirs_only && !is_dir)
			continue;
		ac_strv_add_owned(out, xasprintf("%s%s", e->d_name,
						 is_dir ? "/" : ""));
	}
	closedir(dp);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_name);
}

static size_t
common_prefix(const struct ac_strv *l)
{
	size_t n = strlen(l->v[0]);

	for (size_t i = 1; i < l->n; i++) {
		size_t j = 0;

		while (j < n && l->v[i][j] == l->v[0][j])
			j++;
		n = j;
	}
	return n;
}

enum wg_compl
wg_complete_path(const char *word, bool dirs_only, char **completed,
		 struct ac_strv *cands)
{
	const char *slash = strrchr(word, '/');
	size_t dlen = slash ? (size_t)(slash - word) + 1 : 0;
	char *dir = xstrndup(word, dlen);
	const char *base = word + dlen;
	struct ac_strv found = { 0 };
	enum wg_compl r = WG_COMPL_NONE;
	size_t common;

	if (!*word)
		goto out;
	matches(dir, base, dirs_only, &found);
	if (found.n == 0)
		goto out;
	if (found.n == 1) {
		if (strcmp(found.v[0], base) != 0) {
			*completed = xasprintf("%s%s", dir, found.v[0]);
			r = WG_COMPL_UNIQUE;
		}
		goto out;
	}
	common = common_prefix(&found);
	r = common > strlen(base) ? WG_COMPL_PARTIAL : WG_COMPL_AMBIGUOUS;
	if (r == WG_COMPL_PARTIAL)
		*completed = xasprintf("%s%.*s", dir, (int)common, found.v[0]);
	for (size_t i = 0; i < found.n; i++)
		ac_strv_add(cands, found.v[i]);
out:
	ac_strv_clear(&found);
	free(dir);
	return r;
}
