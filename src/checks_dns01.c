/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Domain checks of the DNS-01 path: the zone, the update method, DNSSEC. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "src/checks_int.h"
#include "src/dns_update.h"
#include "src/i18n.h"

/* RFC 1035 4.1.1 response codes the DNSSEC check tells apart. */
#define RCODE_NOERROR 0
#define RCODE_SERVFAIL 2
#define RCODE_NXDOMAIN 3

/* The name without "*.": what _acme-challenge goes in front of. */
static const char *
base_name(const struct name_state *ns)
{
	return ns->wildcard ? ns->ascii + 2 : ns->ascii;
}

/* "ns1.example.com (192.0.2.1), ns2..." */
static char *
servers_text(const struct ac_strv *names, const struct ac_strv *addrs,
	     const bool *answered, bool want)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < names->n; i++)
		if (!answered || answered[i] == want)
			ac_buf_printf(&b, "%s%s (%s)", b.len ? ", " : "",
				      names->v[i], addrs->v[i]);
	return b.data ? ac_buf_steal(&b, NULL) : xstrdup("-");
}

/* Asks every server of the zone for the target: who answers at all. */
static void
judge_servers(struct name_state *ns, const struct ac_strv *names,
	      const struct ac_strv *addrs, struct ac_check *c)
{
	bool *answered = xcalloc(addrs->n ? addrs->n : 1, sizeof(*answered));
	size_t up = 0;
	char *list;

	for (size_t i = 0; i < addrs->n; i++) {
		struct ac_err e = AC_ERR_INIT;

		/* a value no record has: only whether the server answers */
		answered[i] = ac_dns_zone_has_txt(addrs->v[i], ns->target,
						  "astcert-probe", &e) >= 0;
		up += answered[i];
		ac_err_clear(&e);
	}
	if (up == addrs->n) {
		list = servers_text(names, addrs, NULL, true);
		ac_checks_set(c, AC_STATUS_OK,
			  xasprintf(_("%1$s is in the zone %2$s; its servers answer: %3$s."),
				    ns->target, ns->zone, list), NULL);
	} else {
		list = servers_text(names, addrs, answered, false);
		ac_checks_set(c, up ? AC_STATUS_WARN : AC_STATUS_FAIL,
			  xasprintf(_("Servers of the zone %1$s do not answer: %2$s; the CA asks any of them."),
				    ns->zone, list),
			  xstrdup(_("Make every server in the zone's NS records answer on port 53 (UDP and TCP), or remove it from the NS records.")));
	}
	free(list);
	free(answered);
}

void
ac_checks_zone(struct check_run *r, size_t i, struct ac_check *c)
{
	struct name_state *ns = &r->names[i];
	struct ac_strv names = { 0 }, addrs = { 0 };
	struct ac_err e = AC_ERR_INIT;

	if (!ns->ascii) {
		ac_checks_set(c, AC_STATUS_SKIP,
			  xstrdup(_("Skipped: the name is not valid.")), NULL);
		return;
	}
	ns->target = ac_dns_zone_target(r->dns, base_name(ns), &e);
	if (ns->target)
		ns->zone = ac_dns_zone_find(r->dns, ns->target,
					    r->opts->dns_zone, &e);
	if (!ns->zone) {
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg),
			  xstrdup(_("Check that the DNS server answers, or give the zone.")));
		c->field = AC_FIELD_DNS_ZONE;
	} else if (!ac_dns_zone_servers(r->dns, ns->zone, &names, &addrs,
					&ns->primary, &e)) {
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg),
			  xasprintf(_("Give the zone %s NS records whose names have addresses."),
				    ns->zone));
	} else {
		judge_servers(ns, &names, &addrs, c);
	}
	ac_strv_clear(&names);
	ac_strv_clear(&addrs);
	ac_err_clear(&e);
}

/* The hook must be a program root may run: executable, not writable by
 * others (it runs with our rights). */
static void
check_hook(struct check_run *r, struct ac_check *c)
{
	const char *prog = r->opts->dns_hook;
	struct stat st;

	if (!prog || !*prog) {
		ac_checks_set(c, AC_STATUS_FAIL,
			  xstrdup(_("No hook program is given.")),
			  xstrdup(_("Give the hook program's path.")));
		c->field = AC_FIELD_DNS_HOOK;
	} else if (!strchr(prog, '/') || stat(prog, &st) != 0 ||
		   !S_ISREG(st.st_mode)) {
		ac_checks_set(c, AC_STATUS_FAIL,
			  xasprintf(_("The hook %s is not a file."), prog),
			  xstrdup(_("Give the hook's full path, e.g. /usr/local/bin/dns-hook.")));
	} else if (access(prog, X_OK) != 0) {
		ac_checks_set(c, AC_STATUS_FAIL,
			  xasprintf(_("The hook %s is not executable."), prog),
			  xasprintf(_("Make it executable: chmod 755 %s"), prog));
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		ac_checks_set(c, AC_STATUS_FAIL,
			  xasprintf(_("The hook %s is writable by others, who could make astcert run anything."),
				    prog),
			  xasprintf("chmod go-w %s", prog));
	} else {
		ac_checks_set(c, AC_STATUS_OK,
			  xasprintf(_("The hook %s is executable; astcert runs it as: %s add|remove NAME VALUE."),
				    prog, prog), NULL);
	}
}

/* Where updates go: --dns-server, else the zone's primary, as an address. */
static char *
update_server(struct check_run *r, const struct name_state *ns,
	      struct ac_err *err)
{
	struct ac_dns_rrs rrs = { 0 };
	char *addr = NULL;

	if (r->opts->dns_server)
		return xstrdup(r->opts->dns_server);
	if (!ns->primary) {
		ac_err_set(err, AC_ERR_NET,
			   _("The zone %s names no primary server."), ns->zone);
		return NULL;
	}
	if (ac_dns_addrs(r->dns, ns->primary, &rrs, err) == AC_DNS_OK &&
	    rrs.addrs.n)
		addr = strchr(rrs.addrs.v[0], ':')
		       ? xasprintf("[%s]", rrs.addrs.v[0])
		       : xstrdup(rrs.addrs.v[0]);
	else if (!err->msg)
		ac_err_set(err, AC_ERR_NET,
			   _("The zone's primary %s has no address."),
			   ns->primary);
	ac_dns_rrs_clear(&rrs);
	return addr;
}

/* Adds a test TXT record at the target and removes it again. */
static void
try_update(const struct name_state *ns,
	   const struct ac_tsig_key *key, const char *server,
	   struct ac_check *c)
{
	unsigned char rnd[8];
	char value[32] = "astcert-check-";
	struct ac_dns_change change = { ns->target, value, true };
	struct ac_err e = AC_ERR_INIT;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		memset(rnd, 0, sizeof(rnd));
	for (size_t k = 0; k < sizeof(rnd); k++)
		snprintf(value + 14 + 2 * k, 3, "%02x", rnd[k]);
	if (!ac_dns_update(server, ns->zone, &change, 1, 60, key, 10, &e)) {
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg),
			  xasprintf(_("The key %1$s must be allowed to update TXT records at %2$s (BIND: update-policy { grant %1$s name %2$s TXT; };)."),
				    key->name, ns->target));
	} else {
		change.add = false;
		if (!ac_dns_update(server, ns->zone, &change, 1, 60, key, 10,
				   &e))
			ac_checks_set(c, AC_STATUS_WARN, xstrdup(e.msg),
				  xasprintf(_("Delete the test record %s TXT \"%s\" by hand."),
					    ns->target, value));
		else
			ac_checks_set(c, AC_STATUS_OK,
				  xasprintf(_("%1$s accepts updates of %2$s signed with the key %3$s: a test record was added and removed."),
					    server, ns->zone, key->name),
				  NULL);
	}
	ac_err_clear(&e);
}

static void
check_rfc2136(struct check_run *r, size_t i, struct ac_check *c)
{
	const struct name_state *ns = &r->names[i];
	struct ac_tsig_key key = { 0 };
	struct ac_err e = AC_ERR_INIT;
	char *server = NULL;

	if (!r->opts->dns_tsig_key_file) {
		ac_checks_set(c, AC_STATUS_FAIL,
			  xstrdup(_("No TSIG key is given for the dynamic update.")),
			  xstrdup(_("Make one with tsig-keygen, allow it in the zone, and give its file.")));
		c->field = AC_FIELD_DNS_TSIG_KEY;
	} else if (!ns->zone)
		ac_checks_set(c, AC_STATUS_SKIP,
			  xstrdup(_("Skipped: the zone is not known (see the zone check).")),
			  NULL);
	else if (!ac_tsig_key_read(r->opts->dns_tsig_key_file, &key, &e) ||
		 !(server = update_server(r, ns, &e)))
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg), NULL);
	else
		try_update(ns, &key, server, c);
	free(server);
	ac_tsig_key_clear(&key);
	ac_err_clear(&e);
}

void
ac_checks_update(struct check_run *r, size_t i, struct ac_check *c)
{
	if (!r->names[i].ascii) {
		ac_checks_set(c, AC_STATUS_SKIP,
			  xstrdup(_("Skipped: the name is not valid.")), NULL);
		return;
	}
	switch (r->opts->dns_method) {
	case AC_CHECK_DNS_RFC2136:
		check_rfc2136(r, i, c);
		break;
	case AC_CHECK_DNS_HOOK:
		check_hook(r, c);
		break;
	case AC_CHECK_DNS_MANUAL:
		ac_checks_set(c, AC_STATUS_SKIP,
			  xstrdup(_("By hand: you create the record; astcert shows it and waits until every server has it.")),
			  NULL);
		break;
	}
}

/*
 * Since 2026-03-15 CAs validate DNSSEC: a zone whose chain is broken
 * (bogus) answers SERVFAIL through a validating resolver, and the CA then
 * refuses.  Asked with checking disabled (CD) the same resolver answers:
 * that tells a broken chain from a dead server.
 */
void
ac_checks_dnssec(struct check_run *r, size_t i, struct ac_check *c)
{
	const struct name_state *ns = &r->names[i];
	struct ac_dns_probe plain, cd;
	struct ac_err e = AC_ERR_INIT;
	char *qname;

	if (!ns->ascii) {
		ac_checks_set(c, AC_STATUS_SKIP,
			  xstrdup(_("Skipped: the name is not valid.")), NULL);
		return;
	}
	qname = ns->target ? xstrdup(ns->target)
		: xasprintf("_acme-challenge.%s", base_name(ns));
	if (!ac_dns_probe(r->dns, qname, AC_DNS_T_TXT, false, &plain, &e) ||
	    !ac_dns_probe(r->dns, qname, AC_DNS_T_TXT, true, &cd, &e)) {
		ac_checks_set(c, AC_STATUS_WARN, xstrdup(e.msg),
			  xstrdup(_("Check that the DNS server answers (or give another DNS server).")));
		c->field = AC_FIELD_RESOLVER;
	} else if (plain.rcode == RCODE_SERVFAIL &&
		 (cd.rcode == RCODE_NOERROR || cd.rcode == RCODE_NXDOMAIN))
		ac_checks_set(c, AC_STATUS_FAIL,
			  xasprintf(_("The DNSSEC signatures for %s do not validate (the resolver answers SERVFAIL, and answers when asked not to check): the CA will refuse."),
				    qname),
			  xstrdup(_("Re-sign the zone, or fix its DS record at the parent (or remove the DS to turn DNSSEC off).")));
	else if (plain.rcode == RCODE_SERVFAIL)
		ac_checks_set(c, AC_STATUS_WARN,
			  xasprintf(_("The resolver cannot answer for %s at all (SERVFAIL), so DNSSEC cannot be checked."),
				    qname),
			  xstrdup(_("Make the zone's servers answer; see the zone check.")));
	else if (plain.ad)
		ac_checks_set(c, AC_STATUS_OK,
			  xasprintf(_("%s is signed with DNSSEC and validates."),
				    qname), NULL);
	else
		ac_checks_set(c, AC_STATUS_OK,
			  xasprintf(_("%s is not signed with DNSSEC (or the resolver does not validate): nothing to break."),
				    qname), NULL);
	free(qname);
	ac_err_clear(&e);
}
