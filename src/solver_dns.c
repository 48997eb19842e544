/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS-01 by RFC 2136 dynamic update with TSIG, through the admin's hook
 * program, or by hand, behind the challenge interface. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/dns_hook.h"
#include "src/dns_update.h"
#include "src/i18n.h"
#include "src/solver.h"

/* The records' TTL: short, they live for one validation. */
#define RECORD_TTL 60
/* One update's exchange, and the pause between two rounds of questions. */
#define UPDATE_TIMEOUT_S 10
#define ROUND_PAUSE_MS 2000
/* How long the servers may take to show the records without
 * ASTCERT_POLL_TIMEOUT. */
#define WAIT_DEFAULT_S 300
/* A TXT value no challenge ever has (base64url has no space): deleting it
 * tests the key and the update policy without changing the zone. */
#define PROBE_VALUE "astcert key check"
/* The longest a hook may take for one record without a shorter
 * ASTCERT_POLL_TIMEOUT (its process group is then killed). */
#define HOOK_TIMEOUT_S 120
/* By hand, the admin has this long to create the records without
 * ASTCERT_POLL_TIMEOUT. */
#define MANUAL_WAIT_S 3600
/* The TTL the admin is asked to give the records. */
#define MANUAL_TTL 300

struct zone {
	char *name;
	char *primary;		/* where updates go: "IP[:PORT]" */
	struct ac_strv ns_names, ns_addrs;	/* every server, one address
						   each */
	int *seen;		/* per server: 1 shows all, 0 not yet, -1 no
				   answer, -2 not asked yet */
	bool sent;		/* records were sent: removed at cleanup */
};

struct record {
	char *fqdn;
	char *value;
	char *domain;		/* the certificate's name, for the hook */
	size_t zone;
	bool sent;		/* hook: "add" was run (then "remove" is) */
};

struct rfc2136 {
	const struct ac_ctx *ctx;
	const struct ac_acme_opts *o;
	struct ac_dns *dns;
	struct ac_tsig_key key;
	struct ac_strv names, fqdns, znames;	/* identifier -> record
						   owner, its zone */
	struct zone *zones;
	size_t nzones;
	struct record *recs;
	size_t nrecs;
	enum ac_acme_mode mode;	/* rfc2136, hook or manual: only rfc2136
				   needs the key and the primary */
};

static long long
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "HOST[:PORT]" with HOST an address, or a name resolved through dns. */
static char *
server_addr(struct ac_dns *dns, const char *spec, struct ac_err *err)
{
	struct sockaddr_storage ss;
	struct ac_dns_rrs a = { 0 };
	const char *colon = strrchr(spec, ':');
	char *host, *addr = NULL;
	socklen_t len;

	if (ac_dns_sockaddr(spec, &ss, &len))
		return xstrdup(spec);
	host = colon ? xstrndup(spec, (size_t)(colon - spec)) : xstrdup(spec);
	if (ac_dns_addrs(dns, host, &a, err) == AC_DNS_OK && a.addrs.n)
		addr = xasprintf(strchr(a.addrs.v[0], ':') ? "[%s]%s" : "%s%s",
				 a.addrs.v[0], colon ? colon : "");
	else if (!ac_err_isset(err))
		ac_err_set_field(err, AC_FIELD_DNS_SERVER, AC_ERR_USAGE, _("The DNS server %s has no address: give its IP address."),
			   host);
	ac_dns_rrs_clear(&a);
	free(host);
	return addr;
}

/* The zone's index, found or added with its servers and primary. */
static bool
zone_of(struct rfc2136 *s, const char *name, size_t *at, struct ac_err *err)
{
	struct zone z = { 0 };
	char *mname = NULL;

	for (size_t i = 0; i < s->nzones; i++) {
		if (strcmp(s->zones[i].name, name) == 0) {
			*at = i;
			return true;
		}
	}
	z.name = xstrdup(name);
	if (!ac_dns_zone_servers(s->dns, name, &z.ns_names, &z.ns_addrs, &mname,
				 err))
		goto fail;
	z.primary = s->mode != AC_ACME_DNS_RFC2136 ? NULL
		    : s->o->dns_server ? server_addr(s->dns, s->o->dns_server, err)
		    : mname ? server_addr(s->dns, mname, err) : NULL;
	if (!z.primary && s->mode == AC_ACME_DNS_RFC2136) {
		if (!ac_err_isset(err))
			ac_err_set_field(err, AC_FIELD_DNS_SERVER, AC_ERR_NET, _("The zone %s names no primary server: give the server to update."),
				   name);
		goto fail;
	}
	free(mname);
	z.seen = xcalloc(z.ns_addrs.n, sizeof(*z.seen));
	for (size_t i = 0; i < z.ns_addrs.n; i++)
		z.seen[i] = -2;
	s->zones = xreallocarray(s->zones, s->nzones + 1, sizeof(*s->zones));
	s->zones[s->nzones] = z;
	*at = s->nzones++;
	return true;
fail:
	free(mname);
	free(z.primary);
	ac_strv_clear(&z.ns_names);
	ac_strv_clear(&z.ns_addrs);
	free(z.name);
	return false;
}

/* Where name's record goes, learnt once: owner, zone, servers; the key
 * tried on the zone's primary with a change that changes nothing. */
static bool
learn(struct rfc2136 *s, const char *name, struct ac_err *err)
{
	char *fqdn, *zone;
	size_t at = 0, before = s->nzones;
	bool ok;

	if (ac_strv_contains(&s->names, name))
		return true;
	fqdn = ac_dns_zone_target(s->dns, name, err);
	zone = fqdn ? ac_dns_zone_find(s->dns, fqdn, s->o->dns_zone, err)
		    : NULL;
	ok = zone && zone_of(s, zone, &at, err);
	if (ok && s->mode == AC_ACME_DNS_RFC2136 && s->nzones > before) {
		struct ac_dns_change probe = { fqdn, PROBE_VALUE, false };

		ac_progress(s->ctx, _("Checking the DNS update key"), 0.1,
			    s->zones[at].primary);
		ok = ac_dns_update(s->zones[at].primary, zone, &probe, 1, 0,
				   &s->key, UPDATE_TIMEOUT_S, err);
	}
	if (ok) {
		ac_strv_add(&s->names, name);
		ac_strv_add(&s->fqdns, fqdn);
		ac_strv_add(&s->znames, zone);
	}
	free(zone);
	free(fqdn);
	return ok;
}

static bool
rfc2136_validate(const struct ac_acme_opts *o, struct ac_err *err)
{
	if (!o->dns_tsig_key_file || !*o->dns_tsig_key_file)
		return ac_err_set_field(err, AC_FIELD_DNS_TSIG_KEY, AC_ERR_USAGE, _("RFC 2136 updates need the TSIG key: give its file (made with tsig-keygen)."));
	return true;
}

static void rfc2136_cleanup(void *state);

static void *
dns_begin(const struct ac_ctx *ctx, const struct ac_acme_opts *o,
	  const struct ac_names *names, enum ac_acme_mode mode,
	  struct ac_err *err)
{
	struct rfc2136 *s = xcalloc(1, sizeof(*s));
	bool ok;

	s->ctx = ctx;
	s->o = o;
	s->mode = mode;
	if (names->ip.n) {
		ac_err_set(err, AC_ERR_USAGE, _("%s: an IP address cannot be proved with DNS-01: use the HTTP-01 challenge."),
			   names->ip.v[0]);
		rfc2136_cleanup(s);
		return NULL;
	}
	ok = mode != AC_ACME_DNS_RFC2136 ||
	     ac_tsig_key_read(o->dns_tsig_key_file, &s->key, err);
	if (ok)
		s->dns = ac_dns_new(ctx->resolver, err);
	ok = ok && s->dns;
	for (size_t i = 0; ok && i < names->dns.n; i++) {
		const char *n = names->dns.v[i];

		ok = learn(s, strncmp(n, "*.", 2) == 0 ? n + 2 : n, err);
	}
	if (!ok) {
		rfc2136_cleanup(s);
		return NULL;
	}
	return s;
}

static void *
rfc2136_begin(const struct ac_ctx *ctx, const struct ac_acme_opts *o,
	      const struct ac_names *names, struct ac_err *err)
{
	return dns_begin(ctx, o, names, AC_ACME_DNS_RFC2136, err);
}

static void *
hook_begin(const struct ac_ctx *ctx, const struct ac_acme_opts *o,
	   const struct ac_names *names, struct ac_err *err)
{
	return dns_begin(ctx, o, names, AC_ACME_DNS_HOOK, err);
}

static void *
manual_begin(const struct ac_ctx *ctx, const struct ac_acme_opts *o,
	     const struct ac_names *names, struct ac_err *err)
{
	return dns_begin(ctx, o, names, AC_ACME_DNS_MANUAL, err);
}

static bool
manual_validate(const struct ac_acme_opts *o, struct ac_err *err)
{
	(void)o;
	(void)err;
	return true;
}

static bool
hook_validate(const struct ac_acme_opts *o, struct ac_err *err)
{
	if (!o->dns_hook.n || !*o->dns_hook.v[0])
		return ac_err_set_field(err, AC_FIELD_DNS_HOOK, AC_ERR_USAGE, _("The DNS hook needs a program: give its path."));
	if (!strchr(o->dns_hook.v[0], '/'))
		return ac_err_set_field(err, AC_FIELD_DNS_HOOK, AC_ERR_USAGE, _("The DNS hook %s is not a path: give the program's path (e.g. /usr/local/bin/%s): it is not looked up in PATH."),
				  o->dns_hook.v[0], o->dns_hook.v[0]);
	return true;
}

static bool
rfc2136_present(void *state, const struct ac_challenge *c,
		struct ac_err *err)
{
	struct rfc2136 *s = state;
	struct record r = { 0 };
	size_t i;

	if (!learn(s, c->name, err))
		return false;
	for (i = 0; i < s->names.n; i++)
		if (strcmp(s->names.v[i], c->name) == 0)
			break;
	/* known since learn: no question asked here */
	if (!zone_of(s, s->znames.v[i], &r.zone, err))
		return false;
	r.fqdn = xstrdup(s->fqdns.v[i]);
	r.value = ac_solver_dns_value(c->key_authorization);
	r.domain = xstrdup(c->name);
	s->recs = xreallocarray(s->recs, s->nrecs + 1, sizeof(*s->recs));
	s->recs[s->nrecs++] = r;
	return true;
}

/*
 * One update per zone with all its records: an apex and its wildcard
 * publish their two values together.  Removal (add false) is cleanup:
 * every zone that was sent records is asked, errors are ignored.
 */
/* The hook, once per record: "add" for every record until one fails;
 * "remove" for every record whose "add" ran, errors ignored. */
static bool
hook_records(struct rfc2136 *s, bool add, struct ac_err *err)
{
	long timeout_s = s->ctx->poll_timeout > 0 &&
			 s->ctx->poll_timeout < HOOK_TIMEOUT_S
			 ? s->ctx->poll_timeout : HOOK_TIMEOUT_S;

	for (size_t i = 0; i < s->nrecs; i++) {
		struct record *r = &s->recs[i];
		struct ac_dns_hook_call h = {
			&s->o->dns_hook, add ? "add" : "remove", r->domain,
			r->fqdn, r->value, timeout_s,
		};

		if (add) {
			/* marked first: a hook that fails half-way may
			 * still have added the record */
			r->sent = true;
			if (!ac_dns_hook_run(s->ctx, &h, err))
				return false;
		} else if (r->sent) {
			ac_dns_hook_run(NULL, &h, NULL);
		}
	}
	return true;
}

/* By hand: the exact records to create, then (cleanup) to delete, as
 * progress lines; the front end shows them. */
static void
manual_records(struct rfc2136 *s, bool add)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		char *line = xasprintf("%s. %d IN TXT \"%s\"", s->recs[i].fqdn,
				       MANUAL_TTL, s->recs[i].value);

		ac_progress(s->ctx, add ? _("Create this DNS record")
				    : _("You may delete this DNS record now"),
			    add ? 0.4 : 0.95, line);
		ac_note(s->ctx, add ? AC_NOTE_DNS_CREATE : AC_NOTE_DNS_DELETE,
			line, line);
		free(line);
	}
}

static bool
send_records(struct rfc2136 *s, bool add, struct ac_err *err)
{
	bool ok = true;

	if (s->mode == AC_ACME_DNS_MANUAL) {
		manual_records(s, add);
		return true;
	}
	if (s->mode == AC_ACME_DNS_HOOK)
		return hook_records(s, add, err);
	for (size_t z = 0; z < s->nzones; z++) {
		struct ac_dns_change *c = xcalloc(s->nrecs + 1, sizeof(*c));
		struct zone *zone = &s->zones[z];
		size_t n = 0;

		for (size_t i = 0; i < s->nrecs; i++)
			if (s->recs[i].zone == z)
				c[n++] = (struct ac_dns_change){
					s->recs[i].fqdn, s->recs[i].value, add };
		if (n && add && ok) {
			/* marked first: an update whose answer is lost may
			 * still have been applied */
			zone->sent = true;
			ok = ac_dns_update(zone->primary, zone->name, c, n,
					   RECORD_TTL, &s->key,
					   UPDATE_TIMEOUT_S, err);
		} else if (n && !add && zone->sent) {
			ac_dns_update(zone->primary, zone->name, c, n, 0,
				      &s->key, UPDATE_TIMEOUT_S, NULL);
		}
		free(c);
	}
	return ok;
}

/* Asks one server for every record of its zone: 1 all shown, 0 not yet,
 * -1 no answer. */
static int
server_shows(const struct rfc2136 *s, size_t z, size_t server)
{
	for (size_t i = 0; i < s->nrecs; i++) {
		int r;

		if (s->recs[i].zone != z)
			continue;
		r = ac_dns_zone_has_txt(s->zones[z].ns_addrs.v[server],
					s->recs[i].fqdn, s->recs[i].value,
					NULL);
		if (r != 1)
			return r;
	}
	return 1;
}

/* One round over every server; a progress line for each that changed.
 * True when all show all their records. */
static bool
round_done(struct rfc2136 *s)
{
	bool all = true;

	for (size_t z = 0; z < s->nzones; z++) {
		struct zone *zone = &s->zones[z];

		for (size_t i = 0; i < zone->ns_addrs.n; i++) {
			int now = server_shows(s, z, i);
			char *line, *key;

			all = all && now == 1;
			if (now == zone->seen[i])
				continue;
			zone->seen[i] = now;
			key = xasprintf("%s (%s)", zone->ns_names.v[i],
					zone->ns_addrs.v[i]);
			line = xasprintf(now == 1 ? _("%s (%s) shows the records")
					 : now == 0 ? _("%s (%s) does not show the records yet")
					 : _("%s (%s) does not answer"),
					 zone->ns_names.v[i], zone->ns_addrs.v[i]);
			ac_progress(s->ctx, _("Waiting for the DNS servers"),
				    0.45, line);
			ac_note(s->ctx, AC_NOTE_DNS_SERVER, key, line);
			free(line);
			free(key);
		}
	}
	return all;
}

/* Names the first server that did not show its zone's records. */
static void
late_server(const struct rfc2136 *s, long timeout_s, struct ac_err *err)
{
	for (size_t z = 0; z < s->nzones; z++) {
		const struct zone *zone = &s->zones[z];

		for (size_t i = 0; i < zone->ns_addrs.n; i++) {
			if (zone->seen[i] == 1)
				continue;
			ac_err_set(err, AC_ERR_NET,
				   ngettext("%s (%s) did not show the DNS-01 records of %s within %ld second: make sure every name server of the zone gets the update (NOTIFY, zone transfers).",
					    "%s (%s) did not show the DNS-01 records of %s within %ld seconds: make sure every name server of the zone gets the update (NOTIFY, zone transfers).",
					    (unsigned long)timeout_s),
					  zone->ns_names.v[i],
					  zone->ns_addrs.v[i], zone->name,
					  timeout_s);
			return;
		}
	}
}

/* Sleeps ms in short steps; false with AC_ERR_CANCELLED on cancel. */
static bool
pause_ms(const struct ac_ctx *ctx, long long ms, struct ac_err *err)
{
	while (ms > 0) {
		struct timespec ts = { 0, 100 * 1000000L };

		if (ac_cancelled(ctx))
			return ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was installed."));
		nanosleep(&ts, NULL);
		ms -= 100;
	}
	return !ac_cancelled(ctx) ||
	       ac_err_set(err, AC_ERR_CANCELLED, _("Cancelled; nothing was installed."));
}

/* Publishes the records, then asks every authoritative server directly
 * until each shows them all, within the deadline (monotonic clock). */
static bool
rfc2136_wait(void *state, struct ac_err *err)
{
	struct rfc2136 *s = state;
	long timeout_s = s->ctx->poll_timeout > 0 ? s->ctx->poll_timeout
			 : s->mode == AC_ACME_DNS_MANUAL ? MANUAL_WAIT_S
			 : WAIT_DEFAULT_S;
	long long deadline;

	if (s->mode != AC_ACME_DNS_MANUAL)
		ac_progress(s->ctx, _("Publishing the DNS records"), 0.4, NULL);
	if (!send_records(s, true, err))
		return false;
	deadline = monotonic_ms() + timeout_s * 1000LL;
	while (!round_done(s)) {
		long long left = deadline - monotonic_ms();

		if (left <= 0) {
			late_server(s, timeout_s, err);
			return false;
		}
		if (!pause_ms(s->ctx, left < ROUND_PAUSE_MS ? left
							    : ROUND_PAUSE_MS,
			      err))
			return false;
	}
	return true;
}

static void
rfc2136_cleanup(void *state)
{
	struct rfc2136 *s = state;

	if (!s)
		return;
	send_records(s, false, NULL);
	for (size_t i = 0; i < s->nrecs; i++) {
		free(s->recs[i].fqdn);
		free(s->recs[i].value);
		free(s->recs[i].domain);
	}
	free(s->recs);
	for (size_t z = 0; z < s->nzones; z++) {
		free(s->zones[z].name);
		free(s->zones[z].primary);
		ac_strv_clear(&s->zones[z].ns_names);
		ac_strv_clear(&s->zones[z].ns_addrs);
		free(s->zones[z].seen);
	}
	free(s->zones);
	ac_strv_clear(&s->names);
	ac_strv_clear(&s->fqdns);
	ac_strv_clear(&s->znames);
	ac_dns_free(s->dns);
	ac_tsig_key_clear(&s->key);
	free(s);
}

const struct ac_solver ac_solver_rfc2136 = {
	.name = "rfc2136",
	.type = "dns-01",
	.wildcards = true,
	.validate = rfc2136_validate,
	.begin = rfc2136_begin,
	.present = rfc2136_present,
	.wait = rfc2136_wait,
	.cleanup = rfc2136_cleanup,
};

const struct ac_solver ac_solver_hook = {
	.name = "hook",
	.type = "dns-01",
	.wildcards = true,
	.validate = hook_validate,
	.begin = hook_begin,
	.present = rfc2136_present,
	.wait = rfc2136_wait,
	.cleanup = rfc2136_cleanup,
};

const struct ac_solver ac_solver_manual = {
	.name = "manual",
	.type = "dns-01",
	.wildcards = true,
	.validate = manual_validate,
	.begin = manual_begin,
	.present = rfc2136_present,
	.wait = rfc2136_wait,
	.cleanup = rfc2136_cleanup,
};
