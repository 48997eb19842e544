/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import screen: the files a CA sent, their passphrase, the chain. */
#include <config.h>

#include <stdlib.h>

#include "src/i18n.h"
#include "src/util.h"
#include "ui/wiz.h"

#define NITEMS 6

static int
items(struct wiz *w, struct wiz_item *it)
{
	it[0] = (struct wiz_item){
		/* TRANSLATORS: field or label: a certificate file */
		_("Certificate"),
		_("The file the CA sent: PEM, DER, PKCS#7 (.p7b) or PKCS#12 "
		  "(.pfx, .p12); a bundle with the key and the chain is fine."),
		&w->ans.imp_cert };
	it[1] = (struct wiz_item){
		/* TRANSLATORS: field or label: a private key file */
		_("Private key"),
		_("Leave empty when the key is in the file above, or when "
		  "astcert made the request (astcert csr) and keeps the key."),
		&w->ans.imp_key };
	it[2] = (struct wiz_item){
		/* TRANSLATORS: field: the intermediate certificates' files */
		_("Chain files"),
		_("Optional: intermediate certificates, separated by spaces."),
		&w->ans.imp_chain };
	it[3] = (struct wiz_item){
		/* TRANSLATORS: field: the passphrase of the key or PKCS#12
		 * file */
		_("Passphrase"),
		_("For an encrypted key or a PKCS#12 file. The key is installed "
		  "unencrypted because Asterisk cannot ask for a passphrase; "
		  "its mode keeps it private."),
		&w->ans.imp_pass };
	it[4] = (struct wiz_item){
		/* TRANSLATORS: field (yes/no): download missing intermediate
		 * certificates */
		_("Fetch intermediates"),
		_("Allow astcert to download a missing intermediate from the "
		  "address in the certificate (its CA's server)."),
		NULL, NULL, 0, &w->ans.imp_fetch };
	it[5] = (struct wiz_item){
		/* TRANSLATORS: field: a file of trusted root certificates */
		_("Trusted roots"),
		_("Optional: a file of CA certificates to verify against "
		  "instead of the system's."),
		&w->ans.imp_cafile };
	it[0].compl = it[1].compl = it[5].compl = WIZ_COMPL_FILE;
	it[2].compl = WIZ_COMPL_FILE | WIZ_COMPL_WORDS;
	return NITEMS;
}

static void
import_enter(struct wiz *w)
{
	w->ans.imp_pass.secret = true;
	w->ans.imp_cert.max = w->ans.imp_key.max = w->ans.imp_cafile.max = 4096;
	w->ans.imp_chain.max = 8192;
}

static void
import_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[NITEMS];

	wiz_form_draw(w, d, top, height, it, items(w, it));
}

static enum wiz_move
import_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[NITEMS];

	return wiz_form_key(w, it, items(w, it), k);
}

static bool
import_leave(struct wiz *w)
{
	char *cert = wg_field_get(&w->ans.imp_cert);
	bool ok = *cert != '\0';

	if (!ok)
		wiz_error(w, "%s", _("Give the certificate file the CA sent."));
	free(cert);
	return ok;
}

static bool
import_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_IMPORT));
}

const struct scr scr_import = {
	.items = items,
	.title = N_("Files to import"),
	.help = N_("astcert reads every format a CA or a Windows export gives, "
		   "in any order, with or without the key and the chain. It "
		   "checks that the key matches, orders the chain leaf first, "
		   "drops the root, verifies it, and refuses certificates that "
		   "are expired, use SHA-1, have a key under 2048 bits or are "
		   "not for servers — each with the reason. Tab completes a "
		   "file name you are typing, as the shell does."),
	.applies = import_applies,
	.enter = import_enter,
	.draw = import_draw,
	.key = import_key,
	.leave = import_leave,
};
