/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Engine errors: a translated line for the user, details for the curious. */
#ifndef AC_ERR_H
#define AC_ERR_H

#include <stdbool.h>

/* What kind of failure; the CLI maps each to an exit status. */
enum ac_code {
	AC_OK = 0,
	AC_ERR_USAGE,		/* bad option or argument */
	AC_ERR_INPUT,		/* bad value: name, subject, file contents */
	AC_ERR_IO,		/* file system */
	AC_ERR_CRYPTO,		/* OpenSSL failed */
	AC_ERR_NET,		/* connection, DNS, timeout */
	AC_ERR_CA,		/* the CA said no (ACME problem document) */
	AC_ERR_CHECK,		/* a pre-flight check failed */
	AC_ERR_CANCELLED,	/* the user cancelled */
	AC_ERR_BUSY,		/* another run holds the lock */
	AC_ERR_INTERNAL,
};

/*
 * Which answer a failure is about, so that each front end can name it in
 * its own words (the CLI its option, the wizard its field) and take the
 * user to it.  The engine never spells a command-line option in a message:
 * it says what to give and sets this.
 */
enum ac_field {
	AC_FIELD_NONE = 0,
	AC_FIELD_DNS,		/* the names to certify */
	AC_FIELD_IP,
	AC_FIELD_CN,
	AC_FIELD_DAYS,
	AC_FIELD_KEY_TYPE,
	AC_FIELD_OUT_DIR,	/* where the files go */
	AC_FIELD_NAME,		/* their base name */
	AC_FIELD_OWNER,
	AC_FIELD_CERT,		/* import: the certificate file */
	AC_FIELD_KEY,		/* import: the key file */
	AC_FIELD_CHAIN,		/* import: intermediate certificates */
	AC_FIELD_PASSPHRASE,	/* import: the PKCS#12 or key passphrase */
	AC_FIELD_CA_FILE,	/* import: a root to trust */
	AC_FIELD_FETCH,		/* import: fetch intermediates */
	AC_FIELD_MAC,		/* private CA: a phone's MAC address */
	AC_FIELD_SERVER,	/* ACME: the directory URL */
	AC_FIELD_STAGING,	/* ACME: the staging directory */
	AC_FIELD_EMAIL,
	AC_FIELD_TOS,		/* ACME: agreeing to the terms */
	AC_FIELD_EAB,		/* ACME: external account binding */
	AC_FIELD_WEBROOT,	/* ACME: webroot mode and its directory */
	AC_FIELD_HTTP_PORT,
	AC_FIELD_RESOLVER,	/* the DNS server the checks ask */
	AC_FIELD_CA_BUNDLE,	/* the CAs that TLS to the ACME server trusts */
	AC_FIELD_SKIP_CHECKS,
	AC_FIELD_REASON,	/* revocation reason */
	AC_FIELD_PREFERRED_CHAIN,
	AC_FIELD_PROFILE,
	AC_FIELD_DNS_SERVER,	/* DNS-01: the server that takes updates */
	AC_FIELD_DNS_ZONE,	/* DNS-01: the zone to update */
	AC_FIELD_DNS_TSIG_KEY,	/* DNS-01: the TSIG key file */
	AC_FIELD_DNS_HOOK,	/* DNS-01: the program that publishes */
};

/*
 * msg is one translated line naming the problem and what to do.  detail is
 * technical text (OpenSSL error queue, curl error, problem document, errno),
 * possibly several lines, never containing secrets.  Both are owned.
 *
 * Both are safe to show: ac_err_set, ac_err_detail and ac_err_prefix pass
 * what they format through ac_text_esc_rendered (src/text.h), line by line
 * for the detail, so no control, escape sequence or bidi mark from a quoted
 * certificate, file or server reaches a terminal, a log or a state file.
 * That pass keeps backslashes (it may run twice); a caller quoting text
 * others control escapes it first with ac_text_esc, so that a literal
 * "\x1b" cannot pass for an escaped ESC and a newline cannot start a line.
 */
struct ac_err {
	enum ac_code code;
	char *msg;
	char *detail;
	enum ac_field field;	/* the answer to fix, or AC_FIELD_NONE */
};

#define AC_ERR_INIT { AC_OK, NULL, NULL, AC_FIELD_NONE }

/*
 * Sets the error if none is set yet: the innermost failure wins, outer
 * layers cannot overwrite it.  fmt is already translated.  Returns false so
 * that "return ac_err_set(...)" reads naturally.  err may be NULL.
 */
bool ac_err_set(struct ac_err *err, enum ac_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ac_err_set, naming the answer to fix (when it sets the message). */
bool ac_err_set_field(struct ac_err *err, enum ac_field field,
		      enum ac_code code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends a line to the detail (always, even when msg was set before). */
void ac_err_detail(struct ac_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Drains the whole OpenSSL error queue into the detail. */
void ac_err_ssl(struct ac_err *err);

/* Prefixes the message with context: "CONTEXT: msg". */
void ac_err_prefix(struct ac_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True when an error is set. */
bool ac_err_isset(const struct ac_err *err);

/* Frees the strings and resets to AC_OK. */
void ac_err_clear(struct ac_err *err);

#endif
