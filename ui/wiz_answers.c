/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Answers files: the wizard's answers saved, and loaded on another server. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

#include "src/cfg.h"
#include "src/i18n.h"
#include "src/store.h"
#include "src/x509.h"
#include "src/xalloc.h"
#include "ui/wiz.h"
#include "ui/words.h"

static const char *const path_names[WIZ_NPATHS] = {
	[WIZ_PATH_ACME] = "acme",
	[WIZ_PATH_SELFSIGNED] = "selfsigned",
	[WIZ_PATH_CA] = "ca",
	[WIZ_PATH_IMPORT] = "import",
	[WIZ_PATH_CSR] = "csr",
};

/* The ACME screen's CA choices and challenge modes, in its list order. */
static const char *const acme_cas[] = { "configured", "staging", "other" };
static const char *const acme_modes[AC_ACME_MODES] = {
	"standalone", "webroot", "rfc2136", "hook", "manual",
};

static const char *const subject_names[WIZ_NSUBJ] = {
	"country", "state", "locality", "organization", "unit", "cn",
};

/* What an answers file may hold: a name, its type, and for a group what
 * it may hold in turn.  Anything else is refused, so a typo is not lost. */
struct spec {
	const char *name;
	int type;
	const struct spec *sub;
};

static const struct spec subject_spec[] = {
	{ "country", CONFIG_TYPE_STRING }, { "state", CONFIG_TYPE_STRING },
	{ "locality", CONFIG_TYPE_STRING },
	{ "organization", CONFIG_TYPE_STRING },
	{ "unit", CONFIG_TYPE_STRING }, { "cn", CONFIG_TYPE_STRING },
	{ NULL },
};

static const struct spec import_spec[] = {
	{ "cert", CONFIG_TYPE_STRING }, { "key", CONFIG_TYPE_STRING },
	{ "chain", CONFIG_TYPE_ARRAY }, { "ca_file", CONFIG_TYPE_STRING },
	{ "fetch_intermediates", CONFIG_TYPE_BOOL },
	{ NULL },
};

static const struct spec ca_spec[] = {
	{ "phones", CONFIG_TYPE_ARRAY },
	{ NULL },
};

static const struct spec acme_spec[] = {
	{ "ca", CONFIG_TYPE_STRING }, { "server", CONFIG_TYPE_STRING },
	{ "eab_kid", CONFIG_TYPE_STRING }, { "email", CONFIG_TYPE_STRING },
	{ "agree_tos", CONFIG_TYPE_BOOL }, { "mode", CONFIG_TYPE_STRING },
	{ "http_port", CONFIG_TYPE_INT }, { "webroot", CONFIG_TYPE_STRING },
	{ "dns_server", CONFIG_TYPE_STRING }, { "dns_zone", CONFIG_TYPE_STRING },
	{ "dns_tsig_key_file", CONFIG_TYPE_STRING },
	{ "dns_hook", CONFIG_TYPE_ARRAY },
	{ NULL },
};

static const struct spec install_spec[] = {
	{ "out", CONFIG_TYPE_STRING }, { "name", CONFIG_TYPE_STRING },
	{ "owner", CONFIG_TYPE_STRING }, { "deploy", CONFIG_TYPE_BOOL },
	{ NULL },
};

static const struct spec root_spec[] = {
	{ "kind", CONFIG_TYPE_STRING }, { "dns", CONFIG_TYPE_ARRAY },
	{ "ip", CONFIG_TYPE_ARRAY },
	{ "subject", CONFIG_TYPE_GROUP, subject_spec },
	{ "key", CONFIG_TYPE_STRING }, { "days", CONFIG_TYPE_INT },
	{ "import", CONFIG_TYPE_GROUP, import_spec },
	{ "ca", CONFIG_TYPE_GROUP, ca_spec },
	{ "acme", CONFIG_TYPE_GROUP, acme_spec },
	{ "install", CONFIG_TYPE_GROUP, install_spec },
	{ NULL },
};

char *
wiz_answers_default(const struct wiz *w)
{
	/* root's home is private and survives a reboot; anyone else gets
	 * the directory they started the wizard in, which they can write */
	if (geteuid() == 0)
		return ac_path(w->ctx, "/root/astcert-answers.conf");
	return xstrdup("./astcert-answers.conf");
}

/* ---- saving ---- */

static void
put_string(config_setting_t *g, const char *name, const struct wg_field *f)
{
	char *v = wg_field_get(f);

	if (*v)
		config_setting_set_string(
			config_setting_add(g, name, CONFIG_TYPE_STRING), v);
	free(v);
}

static void
put_bool(config_setting_t *g, const char *name, bool v)
{
	config_setting_set_bool(config_setting_add(g, name, CONFIG_TYPE_BOOL), v);
}

/* A number field as a number; left out when it is not one. */
static void
put_int(config_setting_t *g, const char *name, const struct wg_field *f)
{
	char *v = wg_field_get(f), *end;
	long n = strtol(v, &end, 10);

	if (*v && !*end && n > 0 && n <= AC_DAYS_MAX)
		config_setting_set_int(
			config_setting_add(g, name, CONFIG_TYPE_INT), (int)n);
	free(v);
}

/* The words of a field (spaces, commas or semicolons between) as a list. */
static void
put_words(config_setting_t *g, const char *name, const struct wg_field *f)
{
	char *text = wg_field_get(f), *save = NULL, *word;
	config_setting_t *a = NULL;

	for (word = strtok_r(text, " ,;", &save); word;
	     word = strtok_r(NULL, " ,;", &save)) {
		if (!a)
			a = config_setting_add(g, name, CONFIG_TYPE_ARRAY);
		config_setting_set_string_elem(a, -1, word);
	}
	free(text);
}

/* A command line as its words, split as a shell would (ui/words.h): an
 * argument may hold spaces or commas. */
static void
put_argv(config_setting_t *g, const char *name, const struct wg_field *f)
{
	char *text = wg_field_get(f);
	struct ac_strv argv = { 0 };
	config_setting_t *a;

	if (ui_words_split(text, &argv) && argv.n) {
		a = config_setting_add(g, name, CONFIG_TYPE_ARRAY);
		for (size_t i = 0; i < argv.n; i++)
			config_setting_set_string_elem(a, -1, argv.v[i]);
	}
	ac_strv_clear(&argv);
	free(text);
}

static config_setting_t *
group(config_setting_t *root, const char *name)
{
	return config_setting_add(root, name, CONFIG_TYPE_GROUP);
}

/* The fields of the challenge method chosen: the key file's path, never
 * the key. */
static void
render_acme_mode(struct wiz *w, config_setting_t *g)
{
	switch (wiz_acme_mode(w)) {
	case AC_ACME_WEBROOT:
		put_string(g, "webroot", &w->ans.acme_webroot);
		break;
	case AC_ACME_DNS_RFC2136:
		put_string(g, "dns_server", &w->ans.dns_server);
		put_string(g, "dns_zone", &w->ans.dns_zone);
		put_string(g, "dns_tsig_key_file", &w->ans.dns_tsig_key);
		break;
	case AC_ACME_DNS_HOOK:
		put_argv(g, "dns_hook", &w->ans.dns_hook);
		break;
	case AC_ACME_DNS_MANUAL:
		break;
	default:
		config_setting_set_int(config_setting_add(g, "http_port",
							  CONFIG_TYPE_INT),
				       wiz_acme_port(w));
	}
}

static void
render_acme(struct wiz *w, config_setting_t *root)
{
	config_setting_t *g = group(root, "acme");

	config_setting_set_string(config_setting_add(g, "ca", CONFIG_TYPE_STRING),
				  acme_cas[w->ans.acme_ca.sel < 3 ? w->ans.acme_ca.sel : 0]);
	if (w->ans.acme_ca.sel == 2) {
		put_string(g, "server", &w->ans.acme_url);
		put_string(g, "eab_kid", &w->ans.eab_kid);
	}
	put_string(g, "email", &w->ans.acme_email);
	put_bool(g, "agree_tos", w->ans.acme_tos);
	config_setting_set_string(config_setting_add(g, "mode", CONFIG_TYPE_STRING),
				  acme_modes[wiz_acme_mode(w)]);
	render_acme_mode(w, g);
}

/* Only what the chosen path asks for, as its screens would. */
static void
render(struct wiz *w, config_setting_t *root)
{
	config_setting_t *g;

	config_setting_set_string(config_setting_add(root, "kind",
						     CONFIG_TYPE_STRING),
				  path_names[w->ans.path.sel]);
	if (scr_names.applies(w)) {
		put_words(root, "dns", &w->ans.dns);
		put_words(root, "ip", &w->ans.ip);
	}
	if (scr_subject.applies(w)) {
		g = group(root, "subject");
		for (int i = 0; i < WIZ_NSUBJ; i++)
			put_string(g, subject_names[i], &w->ans.subject[i]);
	}
	if (scr_key.applies(w)) {
		config_setting_set_string(config_setting_add(root, "key",
							     CONFIG_TYPE_STRING),
					  ac_key_type_name(wiz_key_type(w)));
		put_int(root, "days", &w->ans.days);
	}
	if (scr_import.applies(w)) {
		g = group(root, "import");
		put_string(g, "cert", &w->ans.imp_cert);
		put_string(g, "key", &w->ans.imp_key);
		put_words(g, "chain", &w->ans.imp_chain);
		put_string(g, "ca_file", &w->ans.imp_cafile);
		put_bool(g, "fetch_intermediates", w->ans.imp_fetch);
	}
	if (scr_ca.applies(w))
		put_words(group(root, "ca"), "phones", &w->ans.phones);
	if (scr_acme.applies(w))
		render_acme(w, root);
	if (scr_install.applies(w)) {
		g = group(root, "install");
		put_string(g, "out", &w->ans.out_dir);
		put_string(g, "name", &w->ans.name);
		put_string(g, "owner", &w->ans.owner);
		put_bool(g, "deploy", w->ans.deploy);
	}
}

/* The header: what the file is, and which secrets must be given again. */
static void
header(struct wiz *w, FILE *out)
{
	fprintf(out, "# %s\n# %s\n",
		_("astcert answers file, saved by the wizard's review screen."),
		_("Load it with: astcert wizard --answers FILE"));
	fprintf(out, "# %s\n",
		_("Secrets (passphrases, passwords, EAB MAC keys) are never saved here."));
	if (scr_import.applies(w) && !wg_field_empty(&w->ans.imp_pass))
		fprintf(out, "# %s\n",
			_("Left out: the passphrase of the files to import; give it again."));
	if (scr_ca.applies(w) && !wg_field_empty(&w->ans.p12pass))
		fprintf(out, "# %s\n",
			_("Left out: the phones' PKCS#12 export password; give it again."));
	if (scr_acme.applies(w) && w->ans.acme_ca.sel == 2 &&
	    !wg_field_empty(&w->ans.eab_hmac))
		fprintf(out, "# %s\n",
			_("Left out: the EAB MAC key; give it again."));
}

bool
wiz_answers_save(struct wiz *w, const char *path, struct ac_err *err)
{
	struct ac_store_file f;
	config_t conf;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	bool ok;

	config_init(&conf);
	render(w, config_root_setting(&conf));
	mem = open_memstream(&text, &len);
	if (!mem) {
		config_destroy(&conf);
		return ac_err_set(err, AC_ERR_INTERNAL, _("Out of memory."));
	}
	header(w, mem);
	config_write(&conf, mem);
	fclose(mem);
	config_destroy(&conf);
	/* atomic, 0600 from the first byte: never half a file, never wider */
	f = (struct ac_store_file){ path, text, len, 0600, geteuid(),
				    getegid() };
	ok = ac_store_install(w->ctx, NULL, &f, 1, err);
	free(text);
	return ok;
}

/* ---- loading ---- */

static bool
bad(struct ac_err *err, const config_setting_t *s, const char *path,
    const char *what)
{
	return ac_err_set(err, AC_ERR_INPUT, "%s:%d: %s", path,
			  (int)config_setting_source_line(s), what);
}

static const char *
type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_STRING:
		return _("a string in double quotes");
	case CONFIG_TYPE_BOOL:
		return _("true or false");
	case CONFIG_TYPE_INT:
		return _("a whole number");
	case CONFIG_TYPE_ARRAY:
		return _("a list of strings, [ \"...\", \"...\" ]");
	default:
		return _("a group, { ... }");
	}
}

/* No control character in a string or a list of strings: a field shows
 * one line, and the terminal must never receive escapes from a file. */
static bool
plain_text(const config_setting_t *s)
{
	int n = config_setting_type(s) == CONFIG_TYPE_STRING ? 1
		: config_setting_is_array(s) || config_setting_is_list(s)
			? config_setting_length(s) : 0;

	for (int i = 0; i < n; i++) {
		const char *v = config_setting_type(s) == CONFIG_TYPE_STRING
			? config_setting_get_string(s)
			: config_setting_get_string_elem(s, i);

		for (; v && *v; v++)
			if ((unsigned char)*v < 0x20 || *v == 0x7f)
				return false;
	}
	return true;
}

/* Every setting of g is one spec names, of its type; lists hold strings. */
static bool
check(const config_setting_t *g, const struct spec *spec, const char *path,
      struct ac_err *err)
{
	char *msg;

	for (int i = 0; i < config_setting_length(g); i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const struct spec *sp = spec;
		int type = config_setting_type(s);

		while (sp->name && strcmp(sp->name, name ? name : "") != 0)
			sp++;
		if (!sp->name)
			msg = xasprintf(_("unknown setting \"%s\"."), name ? name : "?");
		else if (type != sp->type &&
			 !(sp->type == CONFIG_TYPE_ARRAY && type == CONFIG_TYPE_LIST))
			msg = xasprintf(_("\"%s\" must be %s."), name,
					type_name(sp->type));
		else
			msg = NULL;
		for (int j = 0; !msg && sp->type == CONFIG_TYPE_ARRAY &&
				j < config_setting_length(s); j++)
			if (config_setting_type(config_setting_get_elem(
				    s, (unsigned)j)) != CONFIG_TYPE_STRING)
				msg = xasprintf(_("\"%s\" must be %s."), name,
						type_name(sp->type));
		if (!msg && !plain_text(s))
			msg = xasprintf(_("\"%s\" holds a control character."),
					name);
		if (msg) {
			bad(err, s, path, msg);
			free(msg);
			return false;
		}
		if (sp->sub && !check(s, sp->sub, path, err))
			return false;
	}
	return true;
}

/* The index of value in names, or -1 with err set at the setting's line. */
static int
choice(config_t *conf, const char *name, const char *const *names, int n,
       const char *path, const char *expected, struct ac_err *err)
{
	config_setting_t *s = config_lookup(conf, name);
	const char *v = s ? config_setting_get_string(s) : NULL;
	char *msg;

	for (int i = 0; v && i < n; i++)
		if (names[i] && strcmp(v, names[i]) == 0)
			return i;
	/* TRANSLATORS: setting, its value, the values it may take */
	msg = xasprintf(_("\"%s\" is \"%s\"; it must be %s."), name, v ? v : "",
			expected);
	if (s)
		bad(err, s, path, msg);
	else
		ac_err_set(err, AC_ERR_INPUT, _("%s: %s"), path, msg);
	free(msg);
	return -1;
}

static void
get_string(config_t *conf, const char *name, struct wg_field *f)
{
	const char *v;

	if (config_lookup_string(conf, name, &v))
		wg_field_set(f, v);
}

/* A list, as its field shows it: the words separated by spaces. */
static void
get_words(config_t *conf, const char *name, struct wg_field *f)
{
	config_setting_t *a = config_lookup(conf, name);
	struct ac_buf b = { 0 };
	char *s;

	if (!a)
		return;
	for (int i = 0; i < config_setting_length(a); i++)
		ac_buf_printf(&b, "%s%s", i ? " " : "",
			      config_setting_get_string_elem(a, i));
	s = ac_buf_steal(&b, NULL);
	wg_field_set(f, s ? s : "");
	free(s);
}

/* The words of a command line back into its field, quoted where a word
 * needs it so that the field splits into them again. */
static void
get_argv(config_t *conf, const char *name, struct wg_field *f)
{
	config_setting_t *a = config_lookup(conf, name);
	struct ac_strv argv = { 0 };
	const char *v;
	char *s;

	if (!a)
		return;
	for (int i = 0; i < config_setting_length(a); i++)
		if ((v = config_setting_get_string_elem(a, i)))
			ac_strv_add(&argv, v);
	s = ui_words_join(&argv);
	wg_field_set(f, s);
	free(s);
	ac_strv_clear(&argv);
}

static void
get_bool(config_t *conf, const char *name, bool *dst)
{
	int v;

	if (config_lookup_bool(conf, name, &v))
		*dst = v;
}

/* A number within [min, max] into its field. */
static bool
get_int(config_t *conf, const char *name, int min, int max,
	struct wg_field *f, const char *path, struct ac_err *err)
{
	config_setting_t *s = config_lookup(conf, name);
	char *msg, num[16];
	int v;

	if (!s)
		return true;
	v = config_setting_get_int(s);
	if (v < min || v > max) {
		msg = xasprintf(_("\"%s\" must be from %d to %d."), name, min, max);
		bad(err, s, path, msg);
		free(msg);
		return false;
	}
	snprintf(num, sizeof(num), "%d", v);
	wg_field_set(f, num);
	return true;
}

static bool
get_key(struct wiz *w, config_t *conf, const char *path, struct ac_err *err)
{
	static const char *const names[] = { "rsa2048", "rsa3072", "rsa4096",
					     "p256", "p384" };
	enum ac_key_type type;
	int i = config_lookup(conf, "key")
		? choice(conf, "key", names, 5, path,
			 "rsa2048, rsa3072, rsa4096, p256, p384", err)
		: -2;

	if (i == -1)
		return false;
	if (i == -2 || !ac_key_type_parse(names[i], &type))
		return true;
	wiz_key_select(w, type);
	return true;
}

static bool
get_acme(struct wiz *w, config_t *conf, const char *path, struct ac_err *err)
{
	int i;

	if (config_lookup(conf, "acme.ca")) {
		i = choice(conf, "acme.ca", acme_cas, 3, path,
			   "configured, staging, other", err);
		if (i < 0)
			return false;
		w->ans.acme_ca.sel = (size_t)i;
	}
	if (config_lookup(conf, "acme.mode")) {
		i = choice(conf, "acme.mode", acme_modes, AC_ACME_MODES, path,
			   "standalone, webroot, rfc2136, hook, manual", err);
		if (i < 0)
			return false;
		w->ans.acme_mode.sel = (size_t)i;
	}
	get_string(conf, "acme.server", &w->ans.acme_url);
	get_string(conf, "acme.eab_kid", &w->ans.eab_kid);
	get_string(conf, "acme.email", &w->ans.acme_email);
	get_bool(conf, "acme.agree_tos", &w->ans.acme_tos);
	get_string(conf, "acme.webroot", &w->ans.acme_webroot);
	get_string(conf, "acme.dns_server", &w->ans.dns_server);
	get_string(conf, "acme.dns_zone", &w->ans.dns_zone);
	get_string(conf, "acme.dns_tsig_key_file", &w->ans.dns_tsig_key);
	get_argv(conf, "acme.dns_hook", &w->ans.dns_hook);
	return get_int(conf, "acme.http_port", 1, 65535, &w->ans.acme_port, path,
		       err);
}

static bool
fill(struct wiz *w, config_t *conf, const char *path, struct ac_err *err)
{
	char *name;
	int i = choice(conf, "kind", path_names, WIZ_NPATHS, path,
		       "acme, selfsigned, ca, import, csr", err);

	if (i < 0)
		return false;
	w->ans.path.sel = (size_t)i;
	get_words(conf, "dns", &w->ans.dns);
	get_words(conf, "ip", &w->ans.ip);
	for (i = 0; i < WIZ_NSUBJ; i++) {
		name = xasprintf("subject.%s", subject_names[i]);
		get_string(conf, name, &w->ans.subject[i]);
		free(name);
	}
	if (!get_key(w, conf, path, err) ||
	    !get_int(conf, "days", 1, AC_DAYS_MAX, &w->ans.days, path, err) ||
	    !get_acme(w, conf, path, err))
		return false;
	get_string(conf, "import.cert", &w->ans.imp_cert);
	get_string(conf, "import.key", &w->ans.imp_key);
	get_words(conf, "import.chain", &w->ans.imp_chain);
	get_string(conf, "import.ca_file", &w->ans.imp_cafile);
	get_bool(conf, "import.fetch_intermediates", &w->ans.imp_fetch);
	get_words(conf, "ca.phones", &w->ans.phones);
	get_string(conf, "install.out", &w->ans.out_dir);
	get_string(conf, "install.name", &w->ans.name);
	get_string(conf, "install.owner", &w->ans.owner);
	if (config_lookup(conf, "install.deploy")) {
		get_bool(conf, "install.deploy", &w->ans.deploy);
		w->deploy_offered = true;
	}
	return true;
}

bool
wiz_answers_load(struct wiz *w, const char *path, struct ac_err *err)
{
	config_t conf;
	bool ok = false;

	config_init(&conf);
	if (!ac_cfg_read(&conf, path, err)) {
		/* a file the user named: bad input, nothing was done */
		if (err)
			err->code = AC_ERR_INPUT;
		goto out;
	}
	if (!check(config_root_setting(&conf), root_spec, path, err) ||
	    !fill(w, &conf, path, err))
		goto out;
	wiz_note(w, _("The answers in %s are filled in: check each screen."),
		 path);
	ok = true;
out:
	config_destroy(&conf);
	return ok;
}
