/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The configuration file: defaults for every path, read with libconfig. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libconfig.h>

#include "src/cfg.h"
#include "src/i18n.h"
#include "src/util.h"
#include "src/xalloc.h"

/* Where text at s[i] ("//" or "#") ends its line comment: the newline. */
static size_t
line_end(const char *s, size_t len, size_t i)
{
	const char *nl = memchr(s + i, '\n', len - i);

	return nl ? (size_t)(nl - s) : len;
}

/*
 * The line of the first "@include" outside strings and comments, as
 * libconfig's scanner sees them, or 0.  Any case and any place: libconfig
 * takes it at a line's start only, and elsewhere it is a syntax error.
 */
static int
include_line(const char *s, size_t len)
{
	enum { CODE, STRING, COMMENT } st = CODE;
	int line = 1;

	for (size_t i = 0; i < len; i++) {
		char next = i + 1 < len ? s[i + 1] : '\0';

		if (s[i] == '\n')
			line++;
		if (st == STRING && s[i] == '\\') {
			line += next == '\n';
			i++;
		} else if (st == STRING && s[i] == '"') {
			st = CODE;
		} else if (st == COMMENT && s[i] == '*' && next == '/') {
			st = CODE;
			i++;
		} else if (st != CODE) {
			continue;
		} else if (s[i] == '"') {
			st = STRING;
		} else if (s[i] == '/' && next == '*') {
			st = COMMENT;
			i++;
		} else if (s[i] == '#' || (s[i] == '/' && next == '/')) {
			i = line_end(s, len, i) - 1;
		} else if (s[i] == '@' && len - i >= 8 &&
			   strncasecmp(s + i, "@include", 8) == 0) {
			return line;
		}
	}
	return 0;
}

bool
ac_cfg_read(config_t *conf, const char *path, struct ac_err *err)
{
	struct ac_buf text = { .secret = true };
	bool ok = ac_read_file(path, &text, err);
	int line;

	if (ok && memchr(text.data, '\0', text.len))
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s: holds a NUL byte: not a text file."),
				path);
	if (ok && (line = include_line(text.data, text.len)) > 0)
		ok = ac_err_set(err, AC_ERR_INPUT,
				_("%s:%d: @include is not allowed; put the settings in this file."),
				path, line);
	if (ok && !config_read_string(conf, text.data))
		ok = ac_err_set(err, AC_ERR_INPUT, "%s:%d: %s", path,
				config_error_line(conf),
				config_error_text(conf));
	ac_buf_clear(&text);
	return ok;
}

static void
add_reload(struct ac_cfg *cfg, const char *const *argv)
{
	struct ac_strv *cmd;

	cfg->reload = xreallocarray(cfg->reload, cfg->nreload + 1,
				    sizeof(*cfg->reload));
	cmd = &cfg->reload[cfg->nreload++];
	memset(cmd, 0, sizeof(*cmd));
	for (; *argv; argv++)
		ac_strv_add(cmd, *argv);
}

static void
clear_reload(struct ac_cfg *cfg)
{
	for (size_t i = 0; i < cfg->nreload; i++)
		ac_strv_clear(&cfg->reload[i]);
	free(cfg->reload);
	cfg->reload = NULL;
	cfg->nreload = 0;
}

void
ac_cfg_defaults(struct ac_cfg *cfg)
{
	static const char *const pjsip[] = { "asterisk", "-rx",
		"module reload res_pjsip.so", NULL };
	static const char *const http[] = { "asterisk", "-rx",
		"module reload http", NULL };

	memset(cfg, 0, sizeof(*cfg));
	cfg->key_type = AC_KEY_DEFAULT;
	cfg->days = AC_DAYS_BROWSER_MAX;
	cfg->key_dir = xstrdup(AC_DEFAULT_KEY_DIR);
	cfg->asterisk_user = xstrdup("asterisk");
	cfg->acme_directory = xstrdup(AC_LE_PRODUCTION);
	cfg->renew_days = 30;
	add_reload(cfg, pjsip);
	add_reload(cfg, http);
	ac_strv_add(&cfg->verify, "127.0.0.1:5061");
	ac_strv_add(&cfg->verify, "127.0.0.1:8089");
}

static void
warn(struct ac_cfg *cfg, const char *file, const config_setting_t *s,
     const char *msg)
{
	ac_strv_add_owned(&cfg->warnings,
			  xasprintf("%s:%d: %s", file,
				    config_setting_source_line(s), msg));
}

static void
get_string(const config_setting_t *group, const char *name, char **dst)
{
	const char *v;

	if (group && config_setting_lookup_string(group, name, &v)) {
		free(*dst);
		*dst = xstrdup(v);
	}
}

static void
load_subject(struct ac_cfg *cfg, const char *file, config_setting_t *root)
{
	config_setting_t *s = config_setting_get_member(root, "subject");
	struct ac_subject sub = { 0 };
	struct ac_err err = AC_ERR_INIT;

	if (!s)
		return;
	get_string(s, "country", &sub.country);
	get_string(s, "state", &sub.state);
	get_string(s, "locality", &sub.locality);
	get_string(s, "organization", &sub.org);
	get_string(s, "unit", &sub.unit);
	if (ac_subject_validate(&sub, false, &err))
		ac_subject_copy(&cfg->subject, &sub);
	else
		warn(cfg, file, s, err.msg);
	ac_err_clear(&err);
	ac_subject_clear(&sub);
}

static void
load_reload(struct ac_cfg *cfg, const char *file, config_setting_t *root)
{
	config_setting_t *list = config_setting_get_member(root, "reload");
	int n;

	if (!list)
		return;
	if (!config_setting_is_list(list) && !config_setting_is_array(list)) {
		warn(cfg, file, list,
		     _("reload must be a list of commands, each an array of strings"));
		return;
	}
	clear_reload(cfg);
	n = config_setting_length(list);
	for (int i = 0; i < n; i++) {
		config_setting_t *cmd = config_setting_get_elem(list, (unsigned)i);
		int argc = config_setting_length(cmd);
		const char **argv;

		if (!config_setting_is_array(cmd) || argc < 1) {
			warn(cfg, file, cmd,
			     _("a reload command must be an array of strings, like [\"asterisk\", \"-rx\", \"module reload http\"]"));
			continue;
		}
		argv = xcalloc((size_t)argc + 1, sizeof(*argv));
		for (int j = 0; j < argc; j++) {
			argv[j] = config_setting_get_string_elem(cmd, j);
			if (!argv[j])
				argv[j] = "";
		}
		add_reload(cfg, argv);
		free(argv);
	}
}

static void
load_values(struct ac_cfg *cfg, const char *file, config_t *conf)
{
	config_setting_t *root = config_root_setting(conf), *s;
	const char *v;
	int n;

	load_subject(cfg, file, root);
	if (config_lookup_string(conf, "key", &v)) {
		if (!ac_key_type_parse(v, &cfg->key_type))
			warn(cfg, file, config_lookup(conf, "key"),
			     _("key must be rsa2048, rsa3072, rsa4096, p256 or p384"));
	}
	if (config_lookup_int(conf, "days", &n)) {
		if (n > 0 && n <= AC_DAYS_MAX)
			cfg->days = n;
		else
			warn(cfg, file, config_lookup(conf, "days"),
			     _("days must be between 1 and 36500"));
	}
	get_string(root, "key_dir", &cfg->key_dir);
	get_string(root, "owner", &cfg->owner);
	get_string(root, "asterisk_user", &cfg->asterisk_user);
	s = config_setting_get_member(root, "acme");
	get_string(s, "directory", &cfg->acme_directory);
	get_string(s, "email", &cfg->acme_email);
	get_string(s, "caa_identity", &cfg->acme_caa_identity);
	if (config_lookup_int(conf, "renew.days_before", &n)) {
		if (n > 0 && n < 3650)
			cfg->renew_days = n;
		else
			warn(cfg, file, config_lookup(conf, "renew.days_before"),
			     _("renew.days_before must be between 1 and 3649"));
	}
	load_reload(cfg, file, root);
	s = config_setting_get_member(root, "verify");
	if (s && config_setting_is_array(s)) {
		ac_strv_clear(&cfg->verify);
		for (int i = 0; i < config_setting_length(s); i++) {
			v = config_setting_get_string_elem(s, i);
			if (v)
				ac_strv_add(&cfg->verify, v);
		}
	}
}

bool
ac_cfg_load(const struct ac_ctx *ctx, struct ac_cfg *cfg, struct ac_err *err)
{
	/* an explicit file is used as given; the default is mapped */
	char *file = ctx->conf_path ? xstrdup(ctx->conf_path)
				    : ac_path(ctx, AC_DEFAULT_CONF);
	config_t conf;
	bool ok = true;

	ac_cfg_defaults(cfg);
	if (access(file, F_OK) != 0 && errno == ENOENT) {
		free(file);
		return true;
	}
	config_init(&conf);
	ok = ac_cfg_read(&conf, file, err);
	if (ok)
		load_values(cfg, file, &conf);
	config_destroy(&conf);
	free(file);
	return ok;
}

void
ac_cfg_clear(struct ac_cfg *cfg)
{
	if (!cfg)
		return;
	ac_subject_clear(&cfg->subject);
	free(cfg->key_dir);
	free(cfg->owner);
	free(cfg->asterisk_user);
	free(cfg->acme_directory);
	free(cfg->acme_email);
	free(cfg->acme_caa_identity);
	clear_reload(cfg);
	ac_strv_clear(&cfg->verify);
	ac_strv_clear(&cfg->warnings);
	memset(cfg, 0, sizeof(*cfg));
}
