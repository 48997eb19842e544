/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Host names and IP addresses: syntax, IDN conversion, canonical forms. */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/text.h"
#include "src/xalloc.h"

static bool
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* RFC 1123 LDH labels, 1..63 octets, no leading or trailing hyphen. */
static bool
check_labels(const char *name, const char *shown, struct ac_err *err)
{
	const char *label = name, *p;
	size_t n;

	if (strlen(name) > 253)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("\"%s\" is not a valid host name: longer than 253 characters."),
				  shown);
	for (;;) {
		p = strchr(label, '.');
		n = p ? (size_t)(p - label) : strlen(label);
		if (n == 0)
			return ac_err_set(err, AC_ERR_INPUT,
					  _("\"%s\" is not a valid host name: empty label (two dots in a row?)."),
					  shown);
		if (n > 63)
			return ac_err_set(err, AC_ERR_INPUT,
					  _("\"%s\" is not a valid host name: a label is longer than 63 characters."),
					  shown);
		if (label[0] == '-' || label[n - 1] == '-')
			return ac_err_set(err, AC_ERR_INPUT,
					  _("\"%s\" is not a valid host name: a label starts or ends with a hyphen."),
					  shown);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)label[i];

			if (!isalnum(c) && c != '-')
				return ac_err_set(err, AC_ERR_INPUT,
						  _("\"%s\" is not a valid host name: the character '%c' is not allowed (letters, digits, hyphens and dots only)."),
						  shown, c);
		}
		if (!p)
			break;
		label = p + 1;
	}
	return true;
}

char *
ac_name_to_ascii(const char *name, unsigned flags, struct ac_err *err)
{
	char *work, *ascii = NULL, *out = NULL;
	const char *body;
	bool wild = false;
	size_t len;
	int rc;

	if (!name || !*name) {
		ac_err_set(err, AC_ERR_INPUT, _("The host name is empty."));
		return NULL;
	}
	work = xstrdup(name);
	len = strlen(work);
	if (len > 1 && work[len - 1] == '.')
		work[len - 1] = '\0';
	body = work;
	if (strncmp(work, "*.", 2) == 0) {
		if (!(flags & AC_NAME_WILDCARD)) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("\"%s\": a wildcard name is not allowed here."),
				   name);
			goto out;
		}
		wild = true;
		body = work + 2;
	}
	if (ac_ip_is_literal(body)) {
		ac_err_set(err, AC_ERR_INPUT,
			   _("\"%s\" is an IP address, not a host name: give it as an IP address."),
			   name);
		goto out;
	}
	if (is_ascii(body)) {
		ascii = xstrdup(body);
	} else {
		rc = idn2_to_ascii_8z(body, &ascii,
				      IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
		if (rc != IDN2_OK) {
			ac_err_set(err, AC_ERR_INPUT,
				   _("\"%s\" is not a valid internationalized host name: %s."),
				   name, idn2_strerror(rc));
			ascii = NULL;
			goto out;
		}
	}
	for (char *p = ascii; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!check_labels(ascii, name, err))
		goto out;
	out = wild ? xasprintf("*.%s", ascii) : xstrdup(ascii);
out:
	if (ascii)
		idn2_free(ascii);
	free(work);
	return out;
}

char *
ac_name_to_unicode(const char *ascii)
{
	char *u = NULL, *copy;

	if (!strstr(ascii, "xn--"))
		return xstrdup(ascii);
	if (idn2_to_unicode_8z8z(ascii, &u, 0) != IDN2_OK || !u)
		return xstrdup(ascii);
	copy = xstrdup(u);
	idn2_free(u);
	return copy;
}

char *
ac_name_shown(const char *ascii, bool utf8)
{
	char *u = ac_name_to_unicode(ascii), *a = ac_text_esc_rendered(ascii);
	char *out;

	if (strcmp(u, ascii) == 0) {
		free(u);
		return a;
	}
	out = ac_text_esc(u);
	free(u);
	u = out;
	out = xasprintf("%s %s %s", u, utf8 ? "→" : "->", a);
	free(u);
	free(a);
	return out;
}

bool
ac_ip_is_literal(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	       inet_pton(AF_INET6, s, buf) == 1;
}

char *
ac_ip_canonical(const char *s, struct ac_err *err)
{
	unsigned char buf[16];
	char text[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET, s, buf) == 1)
		return xstrdup(inet_ntop(AF_INET, buf, text, sizeof(text)));
	if (inet_pton(AF_INET6, s, buf) == 1)
		return xstrdup(inet_ntop(AF_INET6, buf, text, sizeof(text)));
	ac_err_set(err, AC_ERR_INPUT,
		   _("\"%s\" is not a valid IP address (IPv4 like 192.0.2.10 or IPv6 like 2001:db8::10)."),
		   s);
	return NULL;
}

bool
ac_names_add_dns(struct ac_names *n, const char *name, unsigned flags,
		 struct ac_err *err)
{
	char *ascii = ac_name_to_ascii(name, flags, err);

	if (!ascii)
		return false;
	if (ac_strv_contains(&n->dns, ascii))
		free(ascii);
	else
		ac_strv_add_owned(&n->dns, ascii);
	return true;
}

bool
ac_names_add_ip(struct ac_names *n, const char *ip, struct ac_err *err)
{
	char *canon = ac_ip_canonical(ip, err);

	if (!canon)
		return false;
	if (ac_strv_contains(&n->ip, canon))
		free(canon);
	else
		ac_strv_add_owned(&n->ip, canon);
	return true;
}

void
ac_names_clear(struct ac_names *n)
{
	ac_strv_clear(&n->dns);
	ac_strv_clear(&n->ip);
}

const char *
ac_name_special_use(const char *ascii)
{
	static const char *const suffixes[] = {
		"test", "localhost", "invalid", "example", "local", "home.arpa",
		"onion", "alt", "internal", "lan", "home", "corp",
		"localdomain",
	};
	size_t len = strlen(ascii);

	/* a trailing dot is the same name */
	if (len && ascii[len - 1] == '.')
		len--;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t n = strlen(suffixes[i]);

		if (len >= n && strncasecmp(ascii + len - n, suffixes[i], n) == 0 &&
		    (len == n || ascii[len - n - 1] == '.'))
			return suffixes[i];
	}
	return NULL;
}
