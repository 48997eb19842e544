/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Domain checks: the run loop, names, DNS, CAA, and the ACME pre-flight. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/cfg.h"
#include "src/checks_int.h"
#include "src/i18n.h"
#include "src/names.h"
#include "src/text.h"
#include "src/util.h"

static const char *const id_names[AC_CHECK_COUNT] = {
	"name", "dns", "caa", "port", "selftest", "ca", "clock", "asterisk",
	"zone", "update", "dnssec",
};

const char *
ac_check_id_name(enum ac_check_id id)
{
	return (unsigned)id < AC_CHECK_COUNT ? id_names[id] : "?";
}

int
ac_check_id_parse(const char *s)
{
	for (int i = 0; i < AC_CHECK_COUNT; i++)
		if (strcasecmp(s, id_names[i]) == 0)
			return i;
	return -1;
}

const char *
ac_check_status_name(enum ac_check_status s)
{
	switch (s) {
	case AC_STATUS_OK:
		return "ok";
	case AC_STATUS_WARN:
		return "warning";
	case AC_STATUS_FAIL:
		return "failure";
	case AC_STATUS_SKIP:
		break;
	}
	return "skipped";
}

void
ac_check_list_clear(struct ac_check_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].subject);
		free(l->v[i].title);
		free(l->v[i].reason);
		free(l->v[i].fix);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
ac_checks_set(struct ac_check *c, enum ac_check_status status,
	      char *reason, char *fix)
{
	c->status = status;
	c->field = AC_FIELD_NONE;
	free(c->reason);
	free(c->fix);
	/* they quote DNS answers, web servers and files: shown escaped */
	c->reason = reason ? ac_text_esc_rendered(reason) : NULL;
	c->fix = fix ? ac_text_esc_rendered(fix) : NULL;
	free(reason);
	free(fix);
}

enum ac_check_status
ac_checks_worst(const struct ac_check_list *list)
{
	enum ac_check_status worst = AC_STATUS_OK;

	for (size_t i = 0; i < list->n; i++) {
		if (list->v[i].status == AC_STATUS_FAIL)
			return AC_STATUS_FAIL;
		if (list->v[i].status == AC_STATUS_WARN)
			worst = AC_STATUS_WARN;
	}
	return worst;
}

static void
check_name(struct check_run *r, size_t i, struct ac_check *c)
{
	const char *name = r->opts->names.v[i];
	struct name_state *ns = &r->names[i];
	struct ac_err e = AC_ERR_INIT;
	char *ascii, *uni;

	if (ac_ip_is_literal(name)) {
		ac_checks_set(c, AC_STATUS_FAIL,
			  xasprintf(r->opts->dns01
				    ? _("%s is an IP address: DNS-01 proves control of names in DNS, not of addresses.")
				    : _("%s is an IP address: public CAs prove control of names, so HTTP-01 cannot be used."),
			      name),
			      xstrdup(_("Use a DNS name that points at this server, or the private CA for IP addresses.")));
		return;
	}
	ascii = ac_name_to_ascii(name, AC_NAME_WILDCARD, &e);
	if (!ascii) {
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg),
			      xstrdup(_("Type the full host name, for example pbx.example.com.")));
		ac_err_clear(&e);
		return;
	}
	ns->wildcard = strncmp(ascii, "*.", 2) == 0;
	ns->ascii = ascii;
	if (!strchr(ns->wildcard ? ascii + 2 : ascii, '.')) {
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("%s is not a fully qualified name: public CAs need a name under a public domain."),
			      name),
			      xstrdup(_("Type the full host name, for example pbx.example.com.")));
		free(ns->ascii);
		ns->ascii = NULL;
		return;
	}
	if (ns->wildcard && r->opts->dns01) {
		ac_checks_set(c, AC_STATUS_OK,
			  xasprintf(_("%s is a wildcard: DNS-01 proves it with a TXT record at _acme-challenge.%s."),
				    name, ascii + 2),
			  NULL);
		return;
	}
	if (ns->wildcard) {
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("%s is a wildcard: HTTP-01 cannot prove control of a wildcard, only DNS-01 can."),
			      name),
			      xstrdup(_("List each host name instead (pbx.example.com, sip.example.com).")));
		return;
	}
	uni = ac_name_to_unicode(ascii);
	if (strcmp(uni, ascii) != 0)
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("%s is an internationalized name: the CA and DNS see it as %s."),
			      uni, ascii),
			      NULL);
	else
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("%s is a valid host name."), ascii), NULL);
	free(uni);
}

/* "a -> b -> c" for the CNAME chain, or the name alone. */
static char *
chain_text(const char *name, const struct ac_strv *cnames)
{
	struct ac_buf b = { 0 };

	ac_buf_addstr(&b, name);
	for (size_t i = 0; i < cnames->n; i++)
		ac_buf_printf(&b, " -> %s", cnames->v[i]);
	return ac_buf_steal(&b, NULL);
}

static char *
join(const struct ac_strv *l)
{
	struct ac_buf b = { 0 };

	for (size_t i = 0; i < l->n; i++)
		ac_buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
	return b.data ? ac_buf_steal(&b, NULL) : xstrdup("-");
}

/* Compares the addresses with this host's and says what it means. */
static void
judge_addresses(struct check_run *r, struct name_state *ns, const char *chain,
		struct ac_check *c)
{
	char *addrs = join(&ns->addrs);
	const char *mine = NULL, *other = NULL;
	bool host_public = false, other_private = false;

	ac_checks_local_addresses(r);
	for (size_t i = 0; i < r->local.n; i++)
		if (ac_checks_address_scope(r->local.v[i]) == 2)
			host_public = true;
	for (size_t i = 0; i < ns->addrs.n; i++) {
		if (ac_strv_contains(&r->local, ns->addrs.v[i])) {
			if (!mine ||
			    ac_checks_address_scope(ns->addrs.v[i]) == 2)
				mine = ns->addrs.v[i];
		} else {
			other = ns->addrs.v[i];
			if (ac_checks_address_scope(other) < 2)
				other_private = true;
		}
	}
	ns->ours = mine != NULL;
	if (mine && ac_checks_address_scope(mine) == 2)
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("%s resolves to %s, an address of this host."),
			      chain, addrs), NULL);
	else if (mine && ac_checks_address_scope(mine) == 0)
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("%s resolves to %s, a loopback address: the CA on the internet cannot reach it."),
			      chain, addrs),
			      xstrdup(_("Point the name's A/AAAA records at this server's public address.")));
	else if (mine) {
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("%s resolves to %s, a private address of this host: the CA on the internet cannot reach it."),
			      chain, addrs),
			  xstrdup(_("Public DNS must give your public address, with TCP port 80 forwarded to this host (check with a public DNS server such as 1.1.1.1).")));
		c->field = AC_FIELD_RESOLVER;
	} else if ((ns->nat = !other_private && !host_public))
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("%s resolves to %s; this host has only private addresses, so it is probably behind NAT."),
			      chain, addrs),
			      xasprintf(_("Make sure the router at %s forwards TCP port 80 to this host."),
			      other));
	else
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("%s resolves to %s, which is not this host: the CA would connect to another machine."),
			      chain, addrs),
			      xstrdup(_("Point the name's A/AAAA records at this server's public address (or forward port 80 to it).")));
	free(addrs);
}

static void
check_dns(struct check_run *r, size_t i, struct ac_check *c)
{
	struct name_state *ns = &r->names[i];
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err e = AC_ERR_INIT;
	enum ac_dns_rcode rc;
	char *chain;

	if (!ns->ascii || ns->wildcard) {
		ac_checks_set(c, AC_STATUS_SKIP,
			      xstrdup(_("Skipped: the name is not usable for HTTP-01.")),
			      NULL);
		return;
	}
	rc = ac_dns_addrs(r->dns, ns->ascii, &rrs, &e);
	chain = chain_text(ns->ascii, &rrs.cnames);
	switch (rc) {
	case AC_DNS_FAIL:
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg),
			  xstrdup(_("Check that the DNS server answers (or give another DNS server).")));
		c->field = AC_FIELD_RESOLVER;
		break;
	case AC_DNS_NXDOMAIN:
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("%s does not exist in DNS."), chain),
			      xasprintf(_("Create an A (IPv4) or AAAA (IPv6) record for %s pointing at this server's public address."),
			      ns->ascii));
		break;
	case AC_DNS_NODATA:
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("%s has no A or AAAA record."), chain),
			      xasprintf(_("Create an A (IPv4) or AAAA (IPv6) record for %s pointing at this server's public address."),
			      ns->ascii));
		break;
	case AC_DNS_OK:
		ac_strv_clear(&ns->addrs);
		ac_strv_copy(&ns->addrs, &rrs.addrs);
		judge_addresses(r, ns, chain, c);
		break;
	}
	free(chain);
	ac_dns_rrs_clear(&rrs);
	ac_err_clear(&e);
}

/*
 * The names the CA looks for in CAA records: from its directory's meta,
 * else the configured one (acme.caa_identity); letsencrypt.org only when
 * the CA is Let's Encrypt (or none was given);
 * otherwise unknown (none), and the check cannot name the CA's.
 */
static void
caa_identities(struct check_run *r)
{
	const char *dir = r->opts->directory;

	if (dir)
		ac_checks_fetch_directory(r);
	if (!r->caa_ids.n && r->opts->caa_identity)
		ac_strv_add(&r->caa_ids, r->opts->caa_identity);
	if (!r->caa_ids.n && (!dir || strcmp(dir, AC_LE_PRODUCTION) == 0 ||
			      strcmp(dir, AC_LE_STAGING) == 0))
		ac_strv_add(&r->caa_ids, AC_CAA_DEFAULT_IDENTITY);
}

static void
check_caa(struct check_run *r, size_t i, struct ac_check *c)
{
	struct name_state *ns = &r->names[i];
	struct ac_caa_set set = { 0 };
	struct ac_err e = AC_ERR_INIT;
	const char *name;
	char *ids;

	if (!ns->ascii) {
		ac_checks_set(c, AC_STATUS_SKIP,
			      xstrdup(_("Skipped: the name is not valid.")), NULL);
		return;
	}
	caa_identities(r);
	ids = join(&r->caa_ids);
	name = ns->wildcard ? ns->ascii + 2 : ns->ascii;
	if (!ac_caa_climb(name, ac_dns_caa_lookup, r->dns, &set, &e)) {
		ac_checks_set(c, AC_STATUS_FAIL, xstrdup(e.msg),
			      xasprintf(_("The DNS servers for %s must answer CAA queries: a CA refuses to issue when they fail."),
			      name));
	} else if (!set.owner) {
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("No CAA records for %s or its parents: any CA may issue."),
			      name), NULL);
	} else if (!r->caa_ids.n) {
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("%1$s has CAA records, and the CA (%2$s) does not say which CAA name is its own: astcert cannot tell whether they allow it."),
			      set.owner, r->opts->directory),
			      xasprintf(_("Ask the CA which name it looks for and make sure a CAA record at %s names it."),
			      set.owner));
	} else {
		switch (ac_caa_evaluate(&set, &r->caa_ids, ns->wildcard)) {
		case AC_CAA_PERMITTED:
			ac_checks_set(c, AC_STATUS_OK,
				      xasprintf(_("CAA records at %s allow %s."),
				      set.owner, ids), NULL);
			break;
		case AC_CAA_FORBIDDEN:
			ac_checks_set(c, AC_STATUS_FAIL,
				      xasprintf(_("CAA records at %s do not allow the CA (%s)."),
				      set.owner, ids),
				      xasprintf(_("Add a CAA record at %s: 0 %s \"%s\"."),
				      set.owner,
				      ns->wildcard ? "issuewild" : "issue",
				      r->caa_ids.v[0]));
			break;
		case AC_CAA_CRITICAL:
			ac_checks_set(c, AC_STATUS_FAIL,
				      xasprintf(_("A CAA record at %s is marked critical with a tag CAs do not know, so none may issue."),
				      set.owner),
				      xstrdup(_("Remove that record or its critical flag (128).")));
			break;
		}
	}
	free(ids);
	ac_caa_set_clear(&set);
	ac_err_clear(&e);
}

static struct ac_check *
next_check(struct ac_check_list *list, enum ac_check_id id,
	   const char *subject, char *title)
{
	struct ac_check *c;

	list->v = xreallocarray(list->v, list->n + 1, sizeof(*list->v));
	c = &list->v[list->n++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->subject = subject ? xstrdup(subject) : NULL;
	c->title = title;
	c->status = AC_STATUS_SKIP;
	return c;
}

static char *
title_of(enum ac_check_id id, const char *name, int port)
{
	switch (id) {
	case AC_CHECK_NAME:
		/* TRANSLATORS: the title of a check about the host name %s */
		return xasprintf(_("Name %s"), name);
	case AC_CHECK_DNS:
		return xasprintf(_("DNS for %s"), name);
	case AC_CHECK_CAA:
		return xasprintf(_("CAA for %s"), name);
	case AC_CHECK_PORT:
		/* TRANSLATORS: the title of a check about the TCP port %d */
		return xasprintf(_("Port %d"), port);
	case AC_CHECK_SELFTEST:
		return xasprintf(_("Self-test for %s"), name);
	case AC_CHECK_CA:
		/* TRANSLATORS: the check that the ACME CA's server answers */
		return xstrdup(_("CA"));
	case AC_CHECK_CLOCK:
		/* TRANSLATORS: the title of the check of this host's clock */
		return xstrdup(_("Clock"));
	case AC_CHECK_ZONE:
		return xasprintf(_("DNS zone of %s"), name);
	case AC_CHECK_UPDATE:
		return xasprintf(_("DNS update for %s"), name);
	case AC_CHECK_DNSSEC:
		return xasprintf(_("DNSSEC for %s"), name);
	case AC_CHECK_ASTERISK:
	case AC_CHECK_COUNT:
		break;
	}
	/* TRANSLATORS: the title of the check of the Asterisk set-up (a product
	 * name) */
	return xstrdup(_("Asterisk"));
}

/* Where done of total lands on the caller's progress bar. */
static double
fraction(const struct ac_check_opts *o, size_t done, size_t total)
{
	double from = o->progress_from, to = o->progress_to;

	if (to <= from) {
		from = 0.0;
		to = 1.0;
	}
	return from + (to - from) * (double)done / (double)(total ? total : 1);
}

/* The checks that run once per name, in this order: ac_checks_run's. */
#define AC_CHECK_PER_NAME 6

/* The checks that run once, not once per name. */
static bool
per_run(enum ac_check_id id)
{
	return id == AC_CHECK_PORT || id == AC_CHECK_CA ||
	       id == AC_CHECK_CLOCK || id == AC_CHECK_ASTERISK;
}

static bool
run_one(struct check_run *r, struct ac_check_list *list, enum ac_check_id id,
	size_t i, size_t *done, size_t total, struct ac_err *err)
{
	const struct ac_check_opts *o = r->opts;
	const char *name = per_run(id) ? NULL : o->names.v[i];
	char *title = title_of(id, name, r->port);
	struct ac_check *c;

	if (ac_cancelled(r->ctx)) {
		free(title);
		return ac_err_set(err, AC_ERR_CANCELLED,
				  _("The checks were cancelled."));
	}
	ac_progress(r->ctx, title, fraction(o, *done, total), NULL);
	c = next_check(list, id, name, title);
	switch (id) {
	case AC_CHECK_NAME: check_name(r, i, c); break;
	case AC_CHECK_DNS: check_dns(r, i, c); break;
	case AC_CHECK_CAA: check_caa(r, i, c); break;
	case AC_CHECK_PORT: ac_checks_port(r, c); break;
	case AC_CHECK_SELFTEST: ac_checks_selftest(r, i, c); break;
	case AC_CHECK_CA: ac_checks_ca(r, c); break;
	case AC_CHECK_CLOCK: ac_checks_clock(r, c); break;
	case AC_CHECK_ASTERISK: ac_checks_asterisk(r, c); break;
	case AC_CHECK_ZONE: ac_checks_zone(r, i, c); break;
	case AC_CHECK_UPDATE: ac_checks_update(r, i, c); break;
	case AC_CHECK_DNSSEC: ac_checks_dnssec(r, i, c); break;
	case AC_CHECK_COUNT: break;
	}
	(*done)++;
	ac_progress(r->ctx, c->title, fraction(o, *done, total), c->reason);
	if (o->on_check)
		o->on_check(o->on_check_arg, c, list->n - 1, total);
	return true;
}

static void
run_clear(struct check_run *r)
{
	for (size_t i = 0; i < r->opts->names.n; i++) {
		free(r->names[i].ascii);
		ac_strv_clear(&r->names[i].addrs);
		free(r->names[i].target);
		free(r->names[i].zone);
		free(r->names[i].primary);
	}
	free(r->names);
	ac_checks_selftest_cleanup(r);
	ac_dns_free(r->dns);
	ac_strv_clear(&r->local);
	ac_strv_clear(&r->caa_ids);
	free(r->dir_error);
	free(r->port_owner);
}

bool
ac_checks_run(const struct ac_ctx *ctx, const struct ac_check_opts *opts,
	      struct ac_check_list *list, struct ac_err *err)
{
	static const enum ac_check_id per_name[AC_CHECK_PER_NAME] = {
		AC_CHECK_NAME, AC_CHECK_DNS, AC_CHECK_CAA, AC_CHECK_ZONE,
		AC_CHECK_UPDATE, AC_CHECK_DNSSEC,
	};
	struct check_run r = { .ctx = ctx, .opts = opts };
	unsigned which = opts->which ? opts->which
			 : opts->dns01 ? AC_CHECKS_DNS01 : AC_CHECKS_HTTP01;
	size_t total = 0, done = 0, n = opts->names.n;
	bool ok = true;

#define WANT(id) (which & (1u << (id)))
	r.port = opts->http_port > 0 ? opts->http_port : 80;
	r.resolver = opts->resolver ? opts->resolver : ctx->resolver;
	r.ca_bundle = opts->ca_bundle ? opts->ca_bundle : ctx->ca_bundle;
	if (r.ca_bundle && !ac_file_regular(r.ca_bundle, err))
		return false;
	r.names = xcalloc(n ? n : 1, sizeof(*r.names));
	r.dns = ac_dns_new(r.resolver, err);
	if (!r.dns) {
		run_clear(&r);
		return false;
	}
	for (int id = 0; id < AC_CHECK_COUNT; id++)
		if (WANT(id))
			total += per_run(id) ? 1 : n;
	/* names are needed by DNS, CAA and the self-test */
	for (size_t i = 0; i < n; i++)
		if (!WANT(AC_CHECK_NAME)) {
			r.names[i].ascii = ac_name_to_ascii(opts->names.v[i],
							    AC_NAME_WILDCARD,
							    NULL);
			r.names[i].wildcard = r.names[i].ascii &&
				strncmp(r.names[i].ascii, "*.", 2) == 0;
		}
	for (size_t i = 0; ok && i < n; i++)
		for (size_t k = 0; ok && k < AC_CHECK_PER_NAME; k++)
			if (WANT(per_name[k]))
				ok = run_one(&r, list, per_name[k], i, &done,
					     total, err);
	if (ok && WANT(AC_CHECK_PORT))
		ok = run_one(&r, list, AC_CHECK_PORT, 0, &done, total, err);
	for (size_t i = 0; ok && WANT(AC_CHECK_SELFTEST) && i < n; i++)
		ok = run_one(&r, list, AC_CHECK_SELFTEST, i, &done, total,
			     err);
	if (ok && WANT(AC_CHECK_CA))
		ok = run_one(&r, list, AC_CHECK_CA, 0, &done, total, err);
	if (ok && WANT(AC_CHECK_CLOCK))
		ok = run_one(&r, list, AC_CHECK_CLOCK, 0, &done, total, err);
	if (ok && WANT(AC_CHECK_ASTERISK))
		ok = run_one(&r, list, AC_CHECK_ASTERISK, 0, &done, total,
			     err);
#undef WANT
	run_clear(&r);
	return ok;
}

bool
ac_checks_preflight(const struct ac_ctx *ctx, const struct ac_check_opts *opts,
		    struct ac_strv *warnings, struct ac_err *err)
{
	struct ac_check_list list = { 0 };
	const struct ac_check *first = NULL;

	if (!ac_checks_run(ctx, opts, &list, err)) {
		ac_check_list_clear(&list);
		return false;
	}
	for (size_t i = 0; i < list.n; i++) {
		const struct ac_check *c = &list.v[i];

		if (c->status == AC_STATUS_WARN)
			ac_strv_add_owned(warnings, xasprintf(_("%s: %s"),
							      c->title,
							      c->reason));
		if (c->status != AC_STATUS_FAIL)
			continue;
		if (!first)
			first = c;
		/* TRANSLATORS: a check, what it found, what to do */
		if (c->fix)
			ac_err_detail(err, _("%s: %s %s"), c->title, c->reason,
				      c->fix);
		else
			ac_err_detail(err, _("%s: %s"), c->title, c->reason);
	}
	if (first)
		ac_err_set_field(err, AC_FIELD_SKIP_CHECKS, AC_ERR_CHECK,
			   _("Check failed (%s): %s %s Run 'astcert check' for all checks, or skip the checks to go on anyway."),
			   first->title, first->reason,
			   first->fix ? first->fix : "");
	ac_check_list_clear(&list);
	return first == NULL;
}
