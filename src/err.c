/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Engine errors: setting, enriching and clearing struct ac_err. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "src/err.h"
#include "src/i18n.h"
#include "src/text.h"
#include "src/xalloc.h"

static char *vformat(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static char *
vformat(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return xstrdup(fmt);
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

/* vformat, made safe to show: the arguments often quote a certificate, a
 * file or a server (see src/text.h). */
static char *vformat_safe(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

static char *
vformat_safe(const char *fmt, va_list ap)
{
	char *raw = vformat(fmt, ap), *safe = ac_text_esc_rendered(raw);

	free(raw);
	return safe;
}

bool
ac_err_set(struct ac_err *err, enum ac_code code, const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != AC_OK)
		return false;
	err->code = code == AC_OK ? AC_ERR_INTERNAL : code;
	va_start(ap, fmt);
	free(err->msg);
	err->msg = vformat_safe(fmt, ap);
	va_end(ap);
	return false;
}

bool
ac_err_set_field(struct ac_err *err, enum ac_field field, enum ac_code code,
		 const char *fmt, ...)
{
	va_list ap;

	if (!err || err->code != AC_OK)
		return false;
	err->code = code == AC_OK ? AC_ERR_INTERNAL : code;
	err->field = field;
	va_start(ap, fmt);
	free(err->msg);
	err->msg = vformat_safe(fmt, ap);
	va_end(ap);
	return false;
}

static void
detail_append(struct ac_err *err, const char *line)
{
	char *joined;

	if (!err->detail) {
		err->detail = xstrdup(line);
		return;
	}
	joined = xasprintf("%s\n%s", err->detail, line);
	free(err->detail);
	err->detail = joined;
}

void
ac_err_detail(struct ac_err *err, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (!err)
		return;
	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	/* a detail passed on from another error may hold several lines */
	for (char *l = text, *next; l; l = next) {
		char *safe;

		next = strchr(l, '\n');
		if (next)
			*next++ = '\0';
		safe = ac_text_esc_rendered(l);
		detail_append(err, safe);
		free(safe);
	}
	free(text);
}

void
ac_err_ssl(struct ac_err *err)
{
	unsigned long e;
	const char *data;
	int flags;
	char buf[256];

	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
		if (!err)
			continue;
		ERR_error_string_n(e, buf, sizeof(buf));
		if ((flags & ERR_TXT_STRING) && data && *data)
			ac_err_detail(err, "%s (%s)", buf, data);
		else
			ac_err_detail(err, "%s", buf);
	}
}

void
ac_err_prefix(struct ac_err *err, const char *fmt, ...)
{
	va_list ap;
	char *pre, *joined;

	if (!err || !err->msg)
		return;
	va_start(ap, fmt);
	pre = vformat_safe(fmt, ap);
	va_end(ap);
	/* TRANSLATORS: a name or a file, then what is wrong with it */
	joined = xasprintf(_("%s: %s"), pre, err->msg);
	free(pre);
	free(err->msg);
	err->msg = joined;
}

bool
ac_err_isset(const struct ac_err *err)
{
	return err && err->code != AC_OK;
}

void
ac_err_clear(struct ac_err *err)
{
	if (!err)
		return;
	free(err->msg);
	free(err->detail);
	err->msg = NULL;
	err->detail = NULL;
	err->code = AC_OK;
	err->field = AC_FIELD_NONE;
}
