/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The install screen: directory, file name, owner. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/store.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static int
items(struct wiz *w, struct wiz_item *it)
{
	it[0] = (struct wiz_item){
		/* TRANSLATORS: field: the directory the files are written to */
		_("Directory"),
		_("Where Asterisk reads keys; astcert offers to create it when "
		  "it is missing."),
		&w->ans.out_dir, NULL, 0 };
	it[1] = (struct wiz_item){
		/* TRANSLATORS: field: the base name of the files */
		_("File name"),
		_("NAME.crt and NAME.key are written there; keep the same name "
		  "on renewal so a reload picks up the new files."),
		&w->ans.name, NULL, 0 };
	it[2] = (struct wiz_item){
		/* TRANSLATORS: field: the files' owner, user:group */
		_("Owner"),
		_("USER:GROUP. The key is readable by the group only, so "
		  "Asterisk's group must be given here."),
		&w->ans.owner, NULL, 0 };
	it[3] = (struct wiz_item){
		_("Set up Asterisk"),
		_("Write astcert's include files for pjsip.conf and http.conf, "
		  "reload Asterisk, and check that it serves the new "
		  "certificate (what 'astcert deploy' does)."),
		NULL, NULL, 0, &w->ans.deploy };
	it[0].compl = WIZ_COMPL_DIR;
	return 4;
}

/* Offered when Asterisk looks installed: its configuration and its user. */
static bool
asterisk_here(const struct wiz *w)
{
	char *conf = ac_path(w->ctx, "/etc/asterisk");
	bool here = access(conf, F_OK) == 0 &&
		    getpwnam(w->cfg->asterisk_user) != NULL;

	free(conf);
	return here;
}

static void
install_enter(struct wiz *w)
{
	struct ac_owner o = { 0 };
	char *s, *dns, *save = NULL, *first, *ascii;

	if (!w->ans.out_dir.len) {
		s = ac_path(w->ctx, w->cfg->key_dir);
		wg_field_set(&w->ans.out_dir, s);
		free(s);
	}
	if (!w->ans.name.len) {
		dns = wg_field_get(&w->ans.dns);
		first = strtok_r(dns, " ,;", &save);
		ascii = first && *first != '*'
				? ac_name_to_ascii(first, 0, NULL) : NULL;
		wg_field_set(&w->ans.name, ascii && ac_store_name_ok(ascii, NULL)
					       ? ascii : "asterisk");
		/* the wizard's choice: files read later may propose theirs */
		free(w->name_proposed);
		w->name_proposed = wg_field_get(&w->ans.name);
		free(ascii);
		free(dns);
	}
	if (!w->deploy_offered) {
		w->ans.deploy = asterisk_here(w);
		w->deploy_offered = true;
	}
	if (!w->ans.owner.len) {
		if (w->cfg->owner) {
			wg_field_set(&w->ans.owner, w->cfg->owner);
		} else {
			ac_owner_default(&o);
			s = xasprintf("%s:%s", o.user, o.group);
			wg_field_set(&w->ans.owner, s);
			free(s);
			ac_owner_clear(&o);
		}
	}
}

static void
install_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[4];

	wiz_form_draw(w, d, top, height, it, items(w, it));
}

static enum wiz_move
install_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[4];

	return wiz_form_key(w, it, items(w, it), k);
}

/*
 * Files of that name are there already (a certificate Asterisk may be
 * using): the first Continue says so, the second one agrees.  Changing
 * the directory or the name asks again.
 */
static bool
replace_agreed(struct wiz *w, const char *dir, const char *name)
{
	char *crt = xasprintf("%s/%s.crt", dir, name);
	char *key = xasprintf("%s/%s.key", dir, name);
	struct stat st;
	bool there = fstatat(AT_FDCWD, crt, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		     fstatat(AT_FDCWD, key, &st, AT_SYMLINK_NOFOLLOW) == 0;
	bool ok = !there || (w->replace_ok && strcmp(w->replace_ok, crt) == 0);

	if (!ok) {
		wiz_error(w, _("%1$s.crt and %1$s.key are already in %2$s: they will be replaced, the old ones kept in the archive. Press Enter again to replace them, or give another file name."),
			  name, dir);
		free(w->replace_ok);
		w->replace_ok = crt;
	} else {
		free(crt);
	}
	free(key);
	return ok;
}

/*
 * A directory that is not there yet: the first Continue offers to create
 * it as Asterisk needs it (0750, the owner's group), the second creates it.
 * The offer is false with err unset (the focus stays for that Enter).
 */
static bool
dir_ready(struct wiz *w, const char *dir, const struct ac_owner *owner,
	  struct ac_err *err)
{
	struct passwd *me = getpwuid(geteuid());
	struct stat st;

	if (lstat(dir, &st) == 0 || errno != ENOENT || *dir != '/')
		return ac_store_dir_ok(dir, err);
	if (w->mkdir_ok && strcmp(w->mkdir_ok, dir) == 0)
		return ac_store_make_key_dir(dir, owner, err) &&
		       ac_store_dir_ok(dir, err);
	free(w->mkdir_ok);
	w->mkdir_ok = xstrdup(dir);
	wiz_error(w, _("%1$s does not exist: create it as Asterisk needs it (%2$s:%3$s, mode 0750) by pressing Enter again, or give another directory."),
		  dir, me ? me->pw_name : "root", owner->group);
	return false;
}

static bool
install_leave(struct wiz *w)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_owner owner = { 0 };
	char *dir = wg_field_get(&w->ans.out_dir), *name = wg_field_get(&w->ans.name);
	char *who = wg_field_get(&w->ans.owner);
	bool ok = true;

	/* the focus goes to the field to fix */
	if (*who && !ac_owner_parse(who, &owner, &err)) {
		ok = false;
		w->focus = 2;
	} else if (!*who) {
		ac_owner_default(&owner);
	}
	if (ok && !ac_store_name_ok(name, &err)) {
		ok = false;
		w->focus = 1;
	}
	if (ok && !dir_ready(w, dir, &owner, &err)) {
		ok = false;
		if (ac_err_isset(&err))
			w->focus = 0;
	}
	if (!ok && ac_err_isset(&err))
		wiz_error(w, "%s", err.msg);
	else if (ok)
		ok = replace_agreed(w, dir, name);
	ac_owner_clear(&owner);
	free(who);
	free(dir);
	free(name);
	ac_err_clear(&err);
	return ok;
}

static bool
install_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_ACME) | WIZ_P(WIZ_PATH_SELFSIGNED) |
				 WIZ_P(WIZ_PATH_CA) | WIZ_P(WIZ_PATH_IMPORT));
}

const struct scr scr_install = {
	.items = items,
	/* TRANSLATORS: the title of a wizard step: where the files go */
	.title = N_("Install"),
	.help = N_("astcert writes the full chain (leaf first) to NAME.crt and "
		   "the unencrypted key to NAME.key, which is what Asterisk's "
		   "pjsip cert_file and priv_key_file expect. The key gets mode "
		   "0640 so that only root and the group can read it. Files "
		   "that are replaced are kept in /var/lib/astcert/archive."),
	.applies = install_applies,
	.enter = install_enter,
	.draw = install_draw,
	.key = install_key,
	.leave = install_leave,
};
