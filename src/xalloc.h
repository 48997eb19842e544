/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation that cannot fail, growable buffers, and string lists. */
#ifndef AC_XALLOC_H
#define AC_XALLOC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Out of memory is not recoverable for a tool like this: the x* functions
 * call the out-of-memory hook (the front end restores the terminal there)
 * and abort.
 */
void ac_xalloc_set_oom_hook(void (*hook)(void));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Frees a secret after wiping it; NULL is a no-op.  len 0 = strlen. */
void ac_secret_free(void *p, size_t len);

/* A growable byte buffer, always NUL-terminated. */
struct ac_buf {
	char *data;
	size_t len;
	size_t cap;
	bool secret;	/* wiped before every free or move */
};

void ac_buf_add(struct ac_buf *b, const void *data, size_t len);
void ac_buf_addstr(struct ac_buf *b, const char *s);
void ac_buf_printf(struct ac_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ac_buf_clear(struct ac_buf *b);
/* Hands the data to the caller (who frees it) and resets the buffer. */
char *ac_buf_steal(struct ac_buf *b, size_t *len);

/* A growable list of owned strings. */
struct ac_strv {
	char **v;
	size_t n;
};

void ac_strv_add(struct ac_strv *l, const char *s);
void ac_strv_add_owned(struct ac_strv *l, char *s);
bool ac_strv_contains(const struct ac_strv *l, const char *s);
void ac_strv_copy(struct ac_strv *dst, const struct ac_strv *src);
void ac_strv_clear(struct ac_strv *l);

#endif
