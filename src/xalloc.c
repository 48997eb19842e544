/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Allocation that cannot fail, growable buffers and string lists. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "src/xalloc.h"

static void (*oom_hook)(void);

void
ac_xalloc_set_oom_hook(void (*hook)(void))
{
	oom_hook = hook;
}

static void
oom(void)
{
	if (oom_hook)
		oom_hook();
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		oom();
	return d;
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = strndup(s, n);

	if (!d)
		oom();
	return d;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	va_end(ap);
	return s;
}

void
ac_secret_free(void *p, size_t len)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, len ? len : strlen(p));
	free(p);
}

static void
buf_reserve(struct ac_buf *b, size_t extra)
{
	size_t need, cap;
	char *n;

	if (extra > SIZE_MAX - b->len - 1)
		oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (!b->secret) {
		b->data = xrealloc(b->data, cap);
	} else {
		/* realloc could leave a copy of the secret behind */
		n = xmalloc(cap);
		if (b->data) {
			memcpy(n, b->data, b->len);
			OPENSSL_cleanse(b->data, b->cap);
			free(b->data);
		}
		b->data = n;
	}
	b->cap = cap;
}

void
ac_buf_add(struct ac_buf *b, const void *data, size_t len)
{
	buf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
ac_buf_addstr(struct ac_buf *b, const char *s)
{
	ac_buf_add(b, s, strlen(s));
}

void
ac_buf_printf(struct ac_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
ac_buf_clear(struct ac_buf *b)
{
	if (!b)
		return;
	if (b->data && b->secret)
		OPENSSL_cleanse(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

char *
ac_buf_steal(struct ac_buf *b, size_t *len)
{
	char *d;

	if (!b->data)
		ac_buf_add(b, "", 0);
	d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void
ac_strv_add_owned(struct ac_strv *l, char *s)
{
	l->v = xreallocarray(l->v, l->n + 2, sizeof(*l->v));
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void
ac_strv_add(struct ac_strv *l, const char *s)
{
	ac_strv_add_owned(l, xstrdup(s));
}

bool
ac_strv_contains(const struct ac_strv *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void
ac_strv_copy(struct ac_strv *dst, const struct ac_strv *src)
{
	for (size_t i = 0; i < src->n; i++)
		ac_strv_add(dst, src->v[i]);
}

void
ac_strv_clear(struct ac_strv *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
