/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From the answer an engine error names to the wizard's field that holds it. */
#include <config.h>

#include <stdlib.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

/* The form screens, where answers are given. */
static const struct scr *const forms[] = {
	&scr_import, &scr_names, &scr_acme, &scr_subject, &scr_key, &scr_ca,
	&scr_install,
};

#define NFORMS ((int)(sizeof(forms) / sizeof(forms[0])))

/*
 * The widgets that hold an answer, best first: a field shown only in one
 * mode (the web root, the directory URL) falls back to the choice that
 * shows it.
 */
static int
holders(struct wiz *w, enum ac_field field, const void **h)
{
	switch (field) {
	case AC_FIELD_DNS: h[0] = &w->dns; return 1;
	case AC_FIELD_IP: h[0] = &w->ip; return 1;
	case AC_FIELD_CN: h[0] = &w->subject[WIZ_SUBJ_CN]; return 1;
	case AC_FIELD_DAYS: h[0] = &w->days; return 1;
	case AC_FIELD_KEY_TYPE: h[0] = &w->key; return 1;
	case AC_FIELD_OUT_DIR: h[0] = &w->out_dir; return 1;
	case AC_FIELD_NAME: h[0] = &w->name; return 1;
	case AC_FIELD_OWNER: h[0] = &w->owner; return 1;
	case AC_FIELD_CERT: h[0] = &w->imp_cert; return 1;
	case AC_FIELD_KEY: h[0] = &w->imp_key; return 1;
	case AC_FIELD_CHAIN: h[0] = &w->imp_chain; return 1;
	case AC_FIELD_PASSPHRASE: h[0] = &w->imp_pass; return 1;
	case AC_FIELD_CA_FILE: h[0] = &w->imp_cafile; return 1;
	case AC_FIELD_FETCH: h[0] = &w->imp_fetch; return 1;
	case AC_FIELD_MAC: h[0] = &w->phones; return 1;
	case AC_FIELD_EMAIL: h[0] = &w->acme_email; return 1;
	case AC_FIELD_TOS: h[0] = &w->acme_tos; return 1;
	case AC_FIELD_STAGING: h[0] = &w->acme_ca; return 1;
	case AC_FIELD_SERVER: h[0] = &w->acme_url; h[1] = &w->acme_ca; return 2;
	case AC_FIELD_EAB: h[0] = &w->eab_kid; h[1] = &w->acme_ca; return 2;
	case AC_FIELD_WEBROOT:
		h[0] = &w->acme_webroot; h[1] = &w->acme_mode; return 2;
	case AC_FIELD_HTTP_PORT:
		h[0] = &w->acme_port; h[1] = &w->acme_mode; return 2;
	default: return 0;
	}
}

static bool
holds(const struct wiz_item *it, const void *h)
{
	return (it->field && (const void *)it->field == h) ||
	       (it->list && (const void *)it->list == h) ||
	       (it->check && (const void *)it->check == h);
}

/* The item of a form of this path that holds h: its screen and index. */
static bool
find_holder(struct wiz *w, const void *h, const struct scr **scr, int *focus,
	    const char **label)
{
	struct wiz_item it[WIZ_MAX_ITEMS];

	for (int s = 0; s < NFORMS; s++) {
		int n;

		if (forms[s]->applies && !forms[s]->applies(w))
			continue;
		n = forms[s]->items(w, it);
		for (int i = 0; i < n; i++) {
			if (!holds(&it[i], h))
				continue;
			*scr = forms[s];
			*focus = i;
			*label = it[i].label;
			return true;
		}
	}
	return false;
}

bool
wiz_field_find(struct wiz *w, enum ac_field field, const struct scr **scr,
	       int *focus, const char **label)
{
	const void *h[2];
	int n = holders(w, field, h);

	for (int i = 0; i < n; i++)
		if (find_holder(w, h[i], scr, focus, label))
			return true;
	return false;
}

bool
wiz_field_goto(struct wiz *w, const struct ac_err *err)
{
	const struct scr *scr;
	const char *label;
	char *msg;
	int focus;

	if (!err->field || !wiz_field_find(w, err->field, &scr, &focus, &label))
		return false;
	msg = err->msg ? xstrdup(err->msg) : NULL;
	wiz_goto(w, scr);
	/* entering the screen may change what it shows: look again */
	if (wiz_field_find(w, err->field, &scr, &focus, &label))
		w->focus = focus;
	/* TRANSLATORS: a field's label, then why its answer failed */
	wiz_error(w, _("%s: %s"), label, msg ? msg : "");
	free(msg);
	return true;
}
