/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The subject screen: country, state, locality, organization, unit, CN. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "src/i18n.h"
#include "src/names.h"
#include "src/x509.h"
#include "src/xalloc.h"
#include "ui/wiz.h"

static int
items(struct wiz *w, struct wiz_item *it)
{
	static const char *const labels[WIZ_NSUBJ] = {
		N_("Country"), N_("State or province"), N_("Locality"),
		N_("Organization"),
		/* TRANSLATORS: certificate subject field (OU), short form */
		N_("Unit"), N_("Common name"),
	};
	static const char *const hints[WIZ_NSUBJ] = {
		N_("Type the two-letter code or the name, e.g. CA or Canada; "
		   "Down shows the list, Enter picks."),
		N_("Optional, e.g. Ontario."),
		N_("Optional: the city, e.g. Toronto."),
		N_("Optional: your company, e.g. ShiftEight."),
		N_("Optional: the department, e.g. Telephony."),
		N_("The server's main name; phones that ignore the other names check this one."),
	};

	for (int i = 0; i < WIZ_NSUBJ; i++)
		it[i] = (struct wiz_item){ _(labels[i]), _(hints[i]),
					   &w->ans.subject[i], NULL, 0 };
	it[WIZ_SUBJ_COUNTRY].pick = &w->ans.country;
	return WIZ_NSUBJ;
}

static void
subject_enter(struct wiz *w)
{
	const struct ac_subject *def = &w->cfg->subject;
	const char *const defaults[WIZ_NSUBJ - 1] = {
		def->country, def->state, def->locality, def->org, def->unit,
	};
	char *dns, *first, *ascii, *save = NULL, *file;

	for (int i = 0; i < WIZ_NSUBJ - 1; i++)
		if (!w->ans.subject[i].len && defaults[i])
			wg_field_set(&w->ans.subject[i], defaults[i]);
	/* the names as iso-codes translates them, when it is installed */
	if (!w->countries_loaded) {
		file = xasprintf("%s/countries", w->data_dir);
		wg_pick_load(&w->ans.country, file, "iso_3166-1");
		free(file);
		w->countries_loaded = true;
	}
	w->ans.subject[WIZ_SUBJ_COUNTRY].max = 64;
	w->ans.subject[WIZ_SUBJ_CN].max = 64;
	/* the CN is prefilled from the first name, once */
	if (!w->ans.subject[WIZ_SUBJ_CN].len) {
		dns = wg_field_get(w->ans.dns.len ? &w->ans.dns : &w->ans.ip);
		first = strtok_r(dns, " ,;", &save);
		ascii = first ? ac_name_to_ascii(first, AC_NAME_WILDCARD, NULL)
			      : NULL;
		/* the ASCII form: what phones that check only the CN compare */
		if (first)
			wg_field_set(&w->ans.subject[WIZ_SUBJ_CN], ascii ? ascii : first);
		free(ascii);
		free(dns);
	}
}

static void
subject_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[WIZ_NSUBJ];

	wiz_form_draw(w, d, top, height, it, items(w, it));
}

static enum wiz_move
subject_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[WIZ_NSUBJ];

	return wiz_form_key(w, it, items(w, it), k);
}

static bool
subject_leave(struct wiz *w)
{
	struct ac_subject s = { 0 };
	struct ac_err err = AC_ERR_INIT;
	char **dst[WIZ_NSUBJ] = { &s.country, &s.state, &s.locality, &s.org,
				  &s.unit, &s.cn };
	bool ok;

	wg_pick_settle(&w->ans.country);
	for (int i = 0; i < WIZ_NSUBJ; i++) {
		char *v = wg_field_get(&w->ans.subject[i]);

		ac_subject_set(dst[i], *v ? v : NULL);
		free(v);
	}
	ok = ac_subject_validate(&s, true, &err);
	if (!ok)
		wiz_error(w, "%s", err.msg);
	ac_err_clear(&err);
	ac_subject_clear(&s);
	return ok;
}

static bool
subject_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_SELFSIGNED) | WIZ_P(WIZ_PATH_CA) |
				 WIZ_P(WIZ_PATH_CSR));
}

const struct scr scr_subject = {
	.items = items,
	.title = N_("Subject"),
	.help = N_("The subject says who the certificate belongs to. Only the "
		   "country has a fixed form: a two-letter ISO 3166 code. Type "
		   "the code, or part of the country's name and pick it from "
		   "the list (Up and Down move, Enter picks, Esc closes the "
		   "list). The other fields are free text and may be left "
		   "empty. Defaults come from /etc/astcert/astcert.conf."),
	.applies = subject_applies,
	.enter = subject_enter,
	.draw = subject_draw,
	.key = subject_key,
	.leave = subject_leave,
};
