/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a DNS-01 record goes: CNAMEs, the zone, its servers, what they show. */
#include <config.h>

#include <arpa/nameser.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/dns_update.h"
#include "src/i18n.h"

/* Names compare without case and without a final dot. */
static bool
same_name(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '.')
		la--;
	if (lb && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static char *
without_dot(const char *name)
{
	size_t n = strlen(name);

	return xstrndup(name, n && name[n - 1] == '.' ? n - 1 : n);
}

/*
 * The first name in the RDATA of each answer record of type owned by
 * owner (a CNAME's or NS's target, a SOA's MNAME), appended to out.
 */
static bool
rdata_names(const unsigned char *msg, size_t len, const char *owner,
	    int type, struct ac_strv *out)
{
	char name[NS_MAXDNAME];
	ns_msg h;
	ns_rr rr;

	if (ns_initparse(msg, (int)len, &h) < 0)
		return false;
	for (int i = 0; i < ns_msg_count(h, ns_s_an); i++) {
		if (ns_parserr(&h, ns_s_an, i, &rr) < 0)
			return false;
		if ((int)ns_rr_type(rr) != type || ns_rr_class(rr) != ns_c_in ||
		    !same_name(ns_rr_name(rr), owner))
			continue;
		if (ns_name_uncompress(ns_msg_base(h), ns_msg_end(h),
				       ns_rr_rdata(rr), name, sizeof(name)) < 0)
			return false;
		ac_strv_add_owned(out, without_dot(name));
	}
	return true;
}

/* The names of type in the answer for qname; AC_DNS_FAIL with err set. */
static enum ac_dns_rcode
query_names(struct ac_dns *d, const char *qname, int type,
	    struct ac_strv *out, struct ac_err *err)
{
	unsigned char *msg = NULL;
	size_t len = 0;
	enum ac_dns_rcode rc = ac_dns_query_raw(d, qname, type, &msg, &len,
						err);

	if (rc != AC_DNS_OK)
		return rc;
	if (!rdata_names(msg, len, qname, type, out)) {
		free(msg);
		ac_err_set(err, AC_ERR_NET, _("The DNS answer for %s is malformed: ask the zone's administrator."),
			   qname);
		return AC_DNS_FAIL;
	}
	free(msg);
	return out->n ? AC_DNS_OK : AC_DNS_NODATA;
}

char *
ac_dns_zone_target(struct ac_dns *d, const char *name, struct ac_err *err)
{
	char *cur = xasprintf("_acme-challenge.%s", name);
	struct ac_strv seen = { 0 };

	/* hop by hop: a resolver answers NXDOMAIN for a CNAME whose target
	 * does not exist yet, and would hide the CNAME */
	for (;;) {
		struct ac_strv next = { 0 };
		enum ac_dns_rcode rc = query_names(d, cur, AC_DNS_T_CNAME,
						   &next, err);

		if (rc == AC_DNS_FAIL) {
			free(cur);
			cur = NULL;
		} else if (rc == AC_DNS_OK &&
			   (seen.n >= AC_DNS_MAX_CNAMES ||
			    ac_strv_contains(&seen, next.v[0]))) {
			ac_err_set(err, AC_ERR_NET, _("%s is a CNAME loop or a chain longer than %d names: fix the zone."),
				   name, AC_DNS_MAX_CNAMES);
			free(cur);
			cur = NULL;
		} else if (rc == AC_DNS_OK) {
			ac_strv_add(&seen, next.v[0]);
			free(cur);
			cur = xstrdup(next.v[0]);
			ac_strv_clear(&next);
			continue;
		}
		ac_strv_clear(&next);
		break;
	}
	ac_strv_clear(&seen);
	return cur;
}

/* True when fqdn is zone or a name under it. */
static bool
in_zone(const char *fqdn, const char *zone)
{
	size_t lf = strlen(fqdn), lz = strlen(zone);

	if (lz && zone[lz - 1] == '.')
		lz--;
	if (lz == 0)
		return true;
	if (lf < lz || strncasecmp(fqdn + lf - lz, zone, lz) != 0)
		return same_name(fqdn, zone);
	return lf == lz || fqdn[lf - lz - 1] == '.';
}

char *
ac_dns_zone_find(struct ac_dns *d, const char *fqdn, const char *hint,
		 struct ac_err *err)
{
	const char *cand = fqdn;

	if (hint && *hint && in_zone(fqdn, hint))
		return without_dot(hint);
	while (cand && *cand) {
		struct ac_strv soa = { 0 };
		enum ac_dns_rcode rc = query_names(d, cand, AC_DNS_T_SOA, &soa,
						   err);

		ac_strv_clear(&soa);
		if (rc == AC_DNS_FAIL)
			return NULL;
		if (rc == AC_DNS_OK)
			return without_dot(cand);
		cand = strchr(cand, '.');
		if (cand)
			cand++;
	}
	ac_err_set_field(err, AC_FIELD_DNS_ZONE, AC_ERR_NET, _("No DNS zone holds %s: give the zone."),
		   fqdn);
	return NULL;
}

bool
ac_dns_zone_servers(struct ac_dns *d, const char *zone,
		    struct ac_strv *names, struct ac_strv *addrs,
		    char **primary, struct ac_err *err)
{
	struct ac_strv ns = { 0 }, soa = { 0 };
	size_t before = addrs->n;
	enum ac_dns_rcode rc = query_names(d, zone, AC_DNS_T_NS, &ns, err);

	for (size_t i = 0; rc == AC_DNS_OK && i < ns.n; i++) {
		struct ac_dns_rrs a = { 0 };
		struct ac_err ignored = AC_ERR_INIT;

		/* a server without an address cannot be asked: the others
		 * still can, and the CA would not reach it either */
		if (ac_dns_addrs(d, ns.v[i], &a, &ignored) == AC_DNS_OK)
			for (size_t j = 0; j < a.addrs.n; j++) {
				ac_strv_add(names, ns.v[i]);
				ac_strv_add(addrs, a.addrs.v[j]);
			}
		ac_err_clear(&ignored);
		ac_dns_rrs_clear(&a);
	}
	if (rc == AC_DNS_OK && primary &&
	    query_names(d, zone, AC_DNS_T_SOA, &soa, err) == AC_DNS_OK)
		*primary = xstrdup(soa.v[0]);
	ac_strv_clear(&soa);
	ac_strv_clear(&ns);
	if (rc == AC_DNS_FAIL)
		return false;
	if (addrs->n == before)
		return ac_err_set(err, AC_ERR_NET, _("The zone %s has no name server with an address: check its NS records."),
				  zone);
	return true;
}

/* TXT RDATA (character strings) equals value once the strings are joined. */
static bool
txt_is(const unsigned char *rd, size_t n, const char *value)
{
	struct ac_buf joined = { 0 };
	bool same;

	for (size_t i = 0; i < n; i += 1 + rd[i]) {
		if (i + 1 + rd[i] > n) {
			ac_buf_clear(&joined);
			return false;
		}
		ac_buf_add(&joined, rd + i + 1, rd[i]);
	}
	same = joined.len == strlen(value) &&
	       memcmp(joined.data, value, joined.len) == 0;
	ac_buf_clear(&joined);
	return same;
}

int
ac_dns_zone_has_txt(const char *addr, const char *fqdn, const char *value,
		    struct ac_err *err)
{
	struct ac_dns *d = ac_dns_new(addr, err);
	struct ac_dns_rrs rrs = { 0 };
	enum ac_dns_rcode rc;
	int found = 0;

	if (!d)
		return -1;
	rc = ac_dns_query(d, fqdn, AC_DNS_T_TXT, &rrs, err);
	for (size_t i = 0; rc == AC_DNS_OK && i < rrs.nrdata; i++)
		if (txt_is(rrs.rdata[i], rrs.rdlen[i], value))
			found = 1;
	ac_dns_rrs_clear(&rrs);
	ac_dns_free(d);
	return rc == AC_DNS_FAIL ? -1 : found;
}
