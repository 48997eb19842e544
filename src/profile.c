/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Renewal profiles: what a managed certificate was made from, on disk. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libconfig.h>

#include "src/cfg.h"
#include "src/i18n.h"
#include "src/names.h"
#include "src/profile.h"
#include "src/source.h"

void
ac_profile_put(config_setting_t *group, const char *name, const char *value)
{
	if (value && *value)
		config_setting_set_string(
			config_setting_add(group, name, CONFIG_TYPE_STRING),
			value);
}

void
ac_profile_put_list(config_setting_t *group, const char *name,
		    const struct ac_strv *l)
{
	config_setting_t *a = config_setting_add(group, name, CONFIG_TYPE_ARRAY);

	for (size_t i = 0; i < l->n; i++)
		config_setting_set_string_elem(a, -1, l->v[i]);
}

bool
ac_profile_render(const struct ac_job *job, const char *name,
		  const char *out_dir, struct ac_buf *out, struct ac_err *err)
{
	config_t conf;
	config_setting_t *root, *sub;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;

	config_init(&conf);
	root = config_root_setting(&conf);
	ac_profile_put(root, "kind", job->source ? job->source->name : "?");
	ac_profile_put(root, "name", name);
	ac_profile_put_list(root, "dns", &job->names.dns);
	ac_profile_put_list(root, "ip", &job->names.ip);
	sub = config_setting_add(root, "subject", CONFIG_TYPE_GROUP);
	ac_profile_put(sub, "country", job->subject.country);
	ac_profile_put(sub, "state", job->subject.state);
	ac_profile_put(sub, "locality", job->subject.locality);
	ac_profile_put(sub, "organization", job->subject.org);
	ac_profile_put(sub, "unit", job->subject.unit);
	ac_profile_put(sub, "cn", job->subject.cn);
	ac_profile_put(root, "key", ac_key_type_name(job->key_type));
	config_setting_set_int(config_setting_add(root, "days", CONFIG_TYPE_INT),
			       job->days);
	ac_profile_put(root, "out", out_dir);
	ac_profile_put(root, "owner", job->owner.user);
	ac_profile_put(root, "group", job->owner.group);
	if (job->source && job->source->profile_write)
		job->source->profile_write(root, job);
	mem = open_memstream(&text, &len);
	if (!mem) {
		config_destroy(&conf);
		return ac_err_set(err, AC_ERR_INTERNAL, _("Out of memory."));
	}
	fputs("# astcert renewal profile: written by astcert, read by "
	      "'astcert renew'.\n", mem);
	config_write(&conf, mem);
	fclose(mem);
	ac_buf_add(out, text, len);
	free(text);
	config_destroy(&conf);
	return true;
}

void
ac_profile_get(const config_t *conf, const char *path, char **dst)
{
	const char *v;

	if (config_lookup_string(conf, path, &v))
		ac_subject_set(dst, v);
}

void
ac_profile_get_list(const config_t *conf, const char *path,
		    struct ac_strv *l)
{
	config_setting_t *a = config_lookup(conf, path);

	for (int i = 0; a && i < config_setting_length(a); i++) {
		const char *v = config_setting_get_string_elem(a, i);

		if (v)
			ac_strv_add(l, v);
	}
}
