/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who owns installed files: parsing USER:GROUP, the default owner. */
#include <config.h>

#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/i18n.h"
#include "src/store.h"
#include "src/xalloc.h"

static bool
lookup_user(const char *s, uid_t *uid, gid_t *gid, char **name)
{
	struct passwd *pw = getpwnam(s);
	char *end;
	unsigned long n;

	if (!pw && isdigit((unsigned char)s[0])) {
		n = strtoul(s, &end, 10);
		if (!*end)
			pw = getpwuid((uid_t)n);
	}
	if (!pw)
		return false;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	*name = xstrdup(pw->pw_name);
	return true;
}

static bool
lookup_group(const char *s, gid_t *gid, char **name)
{
	struct group *gr = getgrnam(s);
	char *end;
	unsigned long n;

	if (!gr && isdigit((unsigned char)s[0])) {
		n = strtoul(s, &end, 10);
		if (!*end)
			gr = getgrgid((gid_t)n);
	}
	if (!gr)
		return false;
	*gid = gr->gr_gid;
	*name = xstrdup(gr->gr_name);
	return true;
}

static char *
group_name(gid_t gid)
{
	struct group *gr = getgrgid(gid);

	return gr ? xstrdup(gr->gr_name) : xasprintf("%lu", (unsigned long)gid);
}

bool
ac_owner_parse(const char *spec, struct ac_owner *out, struct ac_err *err)
{
	struct ac_owner o = { 0 };
	const char *colon = strchr(spec, ':');
	char *user = colon ? xstrndup(spec, (size_t)(colon - spec))
			   : xstrdup(spec);
	const char *grp = colon ? colon + 1 : NULL;
	gid_t user_gid = getgid();
	bool ok = false;

	if (*user) {
		if (!lookup_user(user, &o.uid, &user_gid, &o.user)) {
			ac_err_set_field(err, AC_FIELD_OWNER, AC_ERR_INPUT,
				   _("Unknown user \"%s\" in the owner: create it first or give an existing user."),
				   user);
			goto out;
		}
	} else {
		struct passwd *pw = getpwuid(getuid());

		o.uid = getuid();
		o.user = pw ? xstrdup(pw->pw_name)
			    : xasprintf("%lu", (unsigned long)o.uid);
	}
	if (grp && *grp) {
		if (!lookup_group(grp, &o.gid, &o.group)) {
			ac_err_set_field(err, AC_FIELD_OWNER, AC_ERR_INPUT,
				   _("Unknown group \"%s\" in the owner: is Asterisk installed? Create the group or give another."),
				   grp);
			goto out;
		}
	} else {
		o.gid = user_gid;
		o.group = group_name(o.gid);
	}
	ac_owner_clear(out);
	*out = o;
	o = (struct ac_owner){ 0 };
	ok = true;
out:
	ac_owner_clear(&o);
	free(user);
	return ok;
}

void
ac_owner_default(struct ac_owner *out)
{
	struct group *gr = getgrnam("asterisk");
	struct passwd *pw;

	ac_owner_clear(out);
	if (gr && getuid() == 0) {
		out->uid = 0;
		out->gid = gr->gr_gid;
		out->user = xstrdup("root");
		out->group = xstrdup("asterisk");
		return;
	}
	pw = getpwuid(getuid());
	out->uid = getuid();
	out->gid = getgid();
	out->user = pw ? xstrdup(pw->pw_name)
		       : xasprintf("%lu", (unsigned long)out->uid);
	out->group = group_name(out->gid);
}

void
ac_owner_copy(struct ac_owner *dst, const struct ac_owner *src)
{
	ac_owner_clear(dst);
	dst->uid = src->uid;
	dst->gid = src->gid;
	dst->user = src->user ? xstrdup(src->user) : NULL;
	dst->group = src->group ? xstrdup(src->group) : NULL;
}

void
ac_owner_clear(struct ac_owner *o)
{
	free(o->user);
	free(o->group);
	memset(o, 0, sizeof(*o));
}

bool
ac_owner_group_shared(const struct ac_owner *o)
{
	struct passwd *pw = getpwuid(o->uid);

	return !pw || pw->pw_gid != o->gid;
}

mode_t
ac_owner_key_mode(const struct ac_owner *o)
{
	return ac_owner_group_shared(o) ? 0640 : 0600;
}

