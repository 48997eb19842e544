/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The ACME screen: which CA, the account, and how the challenge is met. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "src/acme.h"
#include "src/cfg.h"
#include "src/i18n.h"
#include "src/names.h"
#include "src/solver.h"
#include "src/x509.h"
#include "src/xalloc.h"
#include "ui/wiz.h"
#include "ui/words.h"

enum { CA_CONFIGURED, CA_STAGING, CA_OTHER, NCAS };
/* the list is enum ac_acme_mode, in its order */
#define NMODES AC_ACME_MODES

static const char *ca_items[NCAS];
static const char *mode_items[NMODES];
static char *configured_label;

const char *
wiz_acme_url(const struct wiz *w)
{
	switch (w->ans.acme_ca.sel) {
	case CA_STAGING:
		return AC_LE_STAGING;
	case CA_OTHER:
		return NULL;	/* the field's text */
	default:
		return w->cfg->acme_directory ? w->cfg->acme_directory
						  : AC_LE_PRODUCTION;
	}
}

enum ac_acme_mode
wiz_acme_mode(const struct wiz *w)
{
	return w->ans.acme_mode.sel < NMODES
		? (enum ac_acme_mode)w->ans.acme_mode.sel : AC_ACME_STANDALONE;
}

int
wiz_acme_port(const struct wiz *w)
{
	char *s = wg_field_get(&w->ans.acme_port), *end;
	long port = strtol(s, &end, 10);
	bool ok = *s && !*end && port > 0 && port < 65536;

	free(s);
	return ok ? (int)port : 80;
}

static bool
email_valid(struct wiz *w, struct ac_err *err)
{
	char *email = wg_field_get(&w->ans.acme_email);
	bool ok = !*email || ac_acme_email_ok(email);

	if (!ok)
		ac_err_set(err, AC_ERR_INPUT,
			   _("\"%s\" is not an e-mail address: give one like admin@example.com, or leave the field empty."),
			   email);
	free(email);
	return ok;
}

static bool
port_valid(struct wiz *w, struct ac_err *err)
{
	char *s = wg_field_get(&w->ans.acme_port), *end;
	long port = strtol(s, &end, 10);
	bool ok = *s && !*end && port > 0 && port < 65536;

	if (!ok)
		ac_err_set(err, AC_ERR_INPUT,
			   _("\"%s\" is not a port: give a number from 1 to 65535 (80 unless port 80 is forwarded)."),
			   s);
	free(s);
	return ok;
}

static bool
url_valid(struct wiz *w, struct ac_err *err)
{
	char *url = wg_field_get(&w->ans.acme_url);
	bool ok = strncmp(url, "https://", 8) == 0 && url[8];

	if (!ok)
		ac_err_set(err, AC_ERR_INPUT, "%s",
			   _("Give the CA's directory URL, starting with https://."));
	free(url);
	return ok;
}

static bool
tsig_key_valid(struct wiz *w, struct ac_err *err)
{
	char *path = wg_field_get(&w->ans.dns_tsig_key);
	struct stat st;
	bool ok = *path && stat(path, &st) == 0 && S_ISREG(st.st_mode);

	if (!*path)
		ac_err_set(err, AC_ERR_INPUT, "%s",
			   _("Give the TSIG key file (as tsig-keygen writes it)."));
	else if (!ok)
		ac_err_set(err, AC_ERR_INPUT,
			   _("%s is not a file: give the TSIG key file tsig-keygen wrote (e.g. /etc/astcert/tsig.key)."),
			   path);
	free(path);
	return ok;
}

static bool
hook_valid(struct wiz *w, struct ac_err *err)
{
	char *line = wg_field_get(&w->ans.dns_hook);
	struct ac_strv argv = { 0 };
	bool split = ui_words_split(line, &argv);
	bool ok = split && argv.n > 0 && argv.v[0][0] == '/';

	if (!split)
		ac_err_set(err, AC_ERR_INPUT, "%s",
			   _("A quote is not closed: close it, or put a "
			     "backslash before a quote that is part of an "
			     "argument."));
	else if (!ok)
		ac_err_set(err, AC_ERR_INPUT, "%s",
			   _("Give the hook program's full path, starting with /."));
	ac_strv_clear(&argv);
	free(line);
	return ok;
}

/* Wildcards only with a method that can prove them (DNS-01). */
static bool
mode_valid(struct wiz *w, struct ac_err *err)
{
	const struct ac_solver *solver = ac_solver_get(wiz_acme_mode(w));
	char *text = wg_field_get(&w->ans.dns), *save = NULL, *word;
	bool ok = true;

	for (word = strtok_r(text, " ,;", &save); word && ok && solver &&
	     !solver->wildcards; word = strtok_r(NULL, " ,;", &save))
		if (word[0] == '*') {
			ac_err_set(err, AC_ERR_INPUT,
				   _("%s: a wildcard name can only be proved with DNS-01, not %s: list each name instead, or use DNS-01."),
				   word, solver->type);
			ok = false;
		}
	free(text);
	return ok;
}

/*
 * The names against the CA chosen: a public CA never certifies .local,
 * .internal, .test...  Asked here, where the CA is known (the names come
 * a screen earlier), so a private ACME CA can still take them.
 */
static bool
ca_valid(struct wiz *w, struct ac_err *err)
{
	struct ac_names names = { 0 };
	char *text = wg_field_get(&w->ans.dns), *save = NULL, *word;
	char *url = wiz_acme_url(w) ? xstrdup(wiz_acme_url(w))
				    : wg_field_get(&w->ans.acme_url);
	bool ok;

	for (word = strtok_r(text, " ,;", &save); word;
	     word = strtok_r(NULL, " ,;", &save))
		ac_names_add_dns(&names, word, AC_NAME_WILDCARD, NULL);
	ok = ac_acme_names_for_ca(&names.dns, url, err);
	ac_names_clear(&names);
	free(url);
	free(text);
	return ok;
}

/* One line on the method chosen. */
static const char *
mode_hint(const struct wiz *w)
{
	switch (wiz_acme_mode(w)) {
	case AC_ACME_DNS_RFC2136:
		return _("DNS-01: astcert adds a TXT record _acme-challenge.NAME "
			 "to your zone by dynamic update (RFC 2136) signed with "
			 "a TSIG key, then removes it; no port 80 needed.");
	case AC_ACME_DNS_HOOK:
		return _("DNS-01: your program adds and removes the TXT "
			 "record, run as PROGRAM add|remove NAME VALUE (your "
			 "DNS provider's script); no port 80 needed.");
	case AC_ACME_DNS_MANUAL:
		return _("DNS-01: astcert shows the TXT record to create at "
			 "your DNS provider and waits until every server shows "
			 "it; renewals need you again.");
	default:
		return _("HTTP-01: the CA fetches a file from "
			 "http://NAME/.well-known/acme-challenge/ to see that you "
			 "control NAME; astcert serves it itself, or writes it where "
			 "the web server already on port 80 serves it.");
	}
}

/* The fields of the method chosen. */
static int
mode_items_add(struct wiz *w, struct wiz_item *it)
{
	int n = 0;

	switch (wiz_acme_mode(w)) {
	case AC_ACME_WEBROOT:
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: a web server's document root */
			_("Web root"),
			_("The document root of the web server on port 80; "
			  "astcert puts the challenge file under "
			  ".well-known/acme-challenge/ and removes it after."),
			&w->ans.acme_webroot, NULL, 0, NULL, NULL,
			WIZ_COMPL_DIR };
		break;
	case AC_ACME_DNS_RFC2136:
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: the DNS server taking updates */
			_("DNS server"),
			_("The zone's primary server, HOST[:PORT], that takes "
			  "dynamic updates; empty: the one the zone's SOA names."),
			&w->ans.dns_server };
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: the DNS zone to update */
			_("Zone"),
			_("Optional: the zone holding the names, e.g. "
			  "example.com; empty: found by asking the DNS."),
			&w->ans.dns_zone };
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: the file holding the TSIG key */
			_("TSIG key file"),
			_("The key file tsig-keygen wrote (name, algorithm, "
			  "secret), readable by root only; only its path is saved."),
			&w->ans.dns_tsig_key, NULL, 0, NULL, NULL,
			WIZ_COMPL_FILE, .valid = tsig_key_valid };
		break;
	case AC_ACME_DNS_HOOK:
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: the program that publishes the
			 * TXT record */
			_("Hook program"),
			_("The full path of the program that adds or removes "
			  "the record, with its arguments if any; quote an "
			  "argument that holds spaces, as in a shell."),
			&w->ans.dns_hook, NULL, 0, NULL, NULL,
			WIZ_COMPL_FILE, .valid = hook_valid };
		break;
	case AC_ACME_DNS_MANUAL:
		break;
	default:
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: the TCP port of the HTTP-01
			 * responder */
			_("HTTP port"),
			_("The CA connects to port 80; another port only when "
			  "port 80 is forwarded to it."),
			&w->ans.acme_port, .valid = port_valid };
	}
	return n;
}

static int
items(struct wiz *w, struct wiz_item *it)
{
	int n = 0;

	it[n++] = (struct wiz_item){ _("CA"), NULL, NULL, &w->ans.acme_ca, NCAS,
				     .valid = ca_valid };
	if (w->ans.acme_ca.sel == CA_OTHER) {
		it[n++] = (struct wiz_item){
			/* TRANSLATORS: field: the ACME server's directory
			 * URL */
			_("Directory URL"),
			_("The address where the CA's ACME server starts (its "
			  "\"directory\"), https:// only, as the CA documents "
			  "it: step-ca, Vault, a commercial CA."),
			&w->ans.acme_url, .valid = url_valid };
		it[n++] = (struct wiz_item){
			_("EAB key ID"),
			_("External Account Binding ties this account to one you "
			  "have at the CA: the key ID its web console gives. "
			  "Leave it empty when the CA gave none."),
			&w->ans.eab_kid };
		it[n++] = (struct wiz_item){
			_("EAB MAC key"),
			_("The MAC key the CA showed with the key ID, copied as "
			  "it is (base64url); never saved in the answers."),
			&w->ans.eab_hmac };
	}
	it[n++] = (struct wiz_item){
		/* TRANSLATORS: field: the contact address for the ACME
		 * account */
		_("E-mail"),
		_("Where the CA sends expiry warnings; optional."),
		&w->ans.acme_email, .valid = email_valid };
	it[n++] = (struct wiz_item){
		_("Agree to terms"),
		_("The CA's subscriber agreement (Let's Encrypt: "
		  "https://letsencrypt.org/repository/). Space to tick."),
		NULL, NULL, 0, &w->ans.acme_tos };
	it[n++] = (struct wiz_item){
		/* TRANSLATORS: field: the ACME challenge type (HTTP-01...) */
		_("Challenge"), mode_hint(w), NULL, &w->ans.acme_mode, NMODES,
		.valid = mode_valid };
	return n + mode_items_add(w, it + n);
}

static void
acme_enter(struct wiz *w)
{
	const char *url = w->cfg->acme_directory;

	free(configured_label);
	configured_label = url && strcmp(url, AC_LE_PRODUCTION) != 0
		? xasprintf(_("The configured CA (%s)"), url)
		/* TRANSLATORS: a CA's name: usually not translated */
		: xstrdup(_("Let's Encrypt"));
	ca_items[CA_CONFIGURED] = configured_label;
	ca_items[CA_STAGING] = _("Let's Encrypt staging (a rehearsal: untrusted certificate)");
	ca_items[CA_OTHER] = _("Another ACME CA");
	mode_items[AC_ACME_STANDALONE] = _("astcert answers on the port itself");
	mode_items[AC_ACME_WEBROOT] = _("A web server already runs on port 80");
	mode_items[AC_ACME_DNS_RFC2136] = _("A DNS record: automatic (RFC 2136)");
	mode_items[AC_ACME_DNS_HOOK] = _("A DNS record: through a script");
	mode_items[AC_ACME_DNS_MANUAL] = _("A DNS record: by hand");
	w->ans.acme_ca.items = ca_items;
	w->ans.acme_ca.n = NCAS;
	w->ans.acme_mode.items = mode_items;
	w->ans.acme_mode.n = NMODES;
	w->ans.eab_hmac.secret = true;
	w->ans.acme_port.max = 5;
	if (!w->ans.acme_port.len)
		wg_field_set(&w->ans.acme_port, "80");
	if (!w->ans.acme_email.len && w->cfg->acme_email)
		wg_field_set(&w->ans.acme_email, w->cfg->acme_email);
	/* the answers decide what the checks test: run them again */
	w->checks_done = false;
}

static void
acme_draw(struct wiz *w, struct draw *d, int top, int height)
{
	struct wiz_item it[WIZ_MAX_ITEMS];

	wiz_form_draw(w, d, top, height, it, items(w, it));
}

static enum wiz_move
acme_key(struct wiz *w, struct wg_key k)
{
	struct wiz_item it[WIZ_MAX_ITEMS];
	int n = items(w, it);

	if (w->focus >= n)
		w->focus = n - 1;
	return wiz_form_key(w, it, n, k);
}

static bool
acme_leave(struct wiz *w)
{
	char *root;
	bool ok = true;

	if (!w->ans.acme_tos) {
		wiz_error(w, "%s", _("The CA issues certificates only to those who accept its terms: tick \"Agree to terms\"."));
		ok = false;
	} else if (wiz_acme_mode(w) == AC_ACME_WEBROOT) {
		root = wg_field_get(&w->ans.acme_webroot);
		if (!*root) {
			wiz_error(w, "%s", _("Give the web server's document root."));
			ok = false;
		}
		free(root);
	}
	return ok;
}

static bool
acme_applies(const struct wiz *w)
{
	return wiz_on_path(w, WIZ_P(WIZ_PATH_ACME));
}

const struct scr scr_acme = {
	.items = items,
	/* TRANSLATORS: the title of a wizard step */
	.title = N_("Certificate authority"),
	.help = N_("Let's Encrypt checks that you control the names before "
		   "it issues. With a web request (HTTP-01) it fetches a file "
		   "from each name on port 80: astcert answers that request "
		   "itself, or puts the file where your web server serves it. "
		   "With a DNS record (DNS-01) it looks up the TXT record "
		   "_acme-challenge.NAME: astcert adds it by dynamic update "
		   "(RFC 2136) or through your DNS provider's script, or shows "
		   "it for you to create by hand; no port 80 is needed, and "
		   "wildcard names (*.example.com) need this method. The staging "
		   "CA is for a rehearsal: same checks, but browsers and phones "
		   "do not trust its certificates and its limits are higher. "
		   "Certificates last 90 days; astcert renews them on a timer."),
	.applies = acme_applies,
	.enter = acme_enter,
	.draw = acme_draw,
	.key = acme_key,
	.leave = acme_leave,
};
