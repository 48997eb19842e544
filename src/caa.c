/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CAA (RFC 8659): record parsing, the climb to the parents, the verdict. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/dns.h"
#include "src/i18n.h"

void
ac_caa_set_clear(struct ac_caa_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].tag);
		free(s->v[i].value);
	}
	free(s->v);
	free(s->owner);
	memset(s, 0, sizeof(*s));
}

bool
ac_caa_parse(const unsigned char *rdata, size_t len, struct ac_caa *out)
{
	size_t taglen;
	char *tag;

	/* flags, tag length, tag (1..15 alphanumerics), value */
	if (len < 2)
		return false;
	taglen = rdata[1];
	if (taglen == 0 || taglen > 15 || 2 + taglen > len)
		return false;
	for (size_t i = 0; i < taglen; i++)
		if (!isalnum(rdata[2 + i]))
			return false;
	tag = xstrndup((const char *)rdata + 2, taglen);
	for (char *p = tag; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	out->critical = (rdata[0] & 0x80) != 0;
	out->tag = tag;
	/* the value may hold anything; a NUL would cut it short, harmlessly */
	out->value = xstrndup((const char *)rdata + 2 + taglen,
			      len - 2 - taglen);
	return true;
}

enum ac_dns_rcode
ac_dns_caa_lookup(void *arg, const char *name, struct ac_caa_set *out,
		  struct ac_err *err)
{
	struct ac_dns_rrs rrs = { 0 };
	enum ac_dns_rcode rc;

	rc = ac_dns_query(arg, name, AC_DNS_T_CAA, &rrs, err);
	if (rc != AC_DNS_OK) {
		ac_dns_rrs_clear(&rrs);
		return rc;
	}
	out->v = xcalloc(rrs.nrdata, sizeof(*out->v));
	for (size_t i = 0; i < rrs.nrdata; i++) {
		if (!ac_caa_parse(rrs.rdata[i], rrs.rdlen[i],
				  &out->v[out->n])) {
			ac_err_set(err, AC_ERR_NET,
				   _("A CAA record of %s is malformed, so no CA will issue: fix the record."),
				   name);
			ac_dns_rrs_clear(&rrs);
			ac_caa_set_clear(out);
			return AC_DNS_FAIL;
		}
		out->n++;
	}
	ac_dns_rrs_clear(&rrs);
	return AC_DNS_OK;
}

bool
ac_caa_climb(const char *name, ac_caa_lookup_fn lookup, void *arg,
	     struct ac_caa_set *out, struct ac_err *err)
{
	const char *at = name;

	/* RFC 8659 3: the search stops below the root */
	while (at && *at && strcmp(at, ".") != 0) {
		struct ac_caa_set set = { 0 };
		enum ac_dns_rcode rc = lookup(arg, at, &set, err);

		if (rc == AC_DNS_FAIL) {
			ac_caa_set_clear(&set);
			return false;
		}
		if (rc == AC_DNS_OK && set.n) {
			set.owner = xstrdup(at);
			*out = set;
			return true;
		}
		ac_caa_set_clear(&set);
		at = strchr(at, '.');
		if (at)
			at++;
	}
	memset(out, 0, sizeof(*out));
	return true;
}

char *
ac_caa_issuer(const char *value)
{
	const char *p = value, *end;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p;
	while (*end && *end != ';' && *end != ' ' && *end != '\t')
		end++;
	return xstrndup(p, (size_t)(end - p));
}

static bool
known_tag(const char *tag)
{
	static const char *const tags[] = {
		"issue", "issuewild", "iodef", "issuemail",
		"contactemail", "contactphone",
	};

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tag, tags[i]) == 0)
			return true;
	return false;
}

enum ac_caa_verdict
ac_caa_evaluate(const struct ac_caa_set *set, const struct ac_strv *ids,
		bool wildcard)
{
	const char *want = "issue";
	bool any = false;

	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].critical && !known_tag(set->v[i].tag))
			return AC_CAA_CRITICAL;
	/* RFC 8659 4.3: issuewild, when present, alone governs wildcards */
	if (wildcard)
		for (size_t i = 0; i < set->n; i++)
			if (strcmp(set->v[i].tag, "issuewild") == 0)
				want = "issuewild";
	for (size_t i = 0; i < set->n; i++) {
		char *issuer;
		bool match = false;

		if (strcmp(set->v[i].tag, want) != 0)
			continue;
		any = true;
		issuer = ac_caa_issuer(set->v[i].value);
		for (size_t j = 0; *issuer && j < ids->n; j++)
			if (strcasecmp(issuer, ids->v[j]) == 0)
				match = true;
		free(issuer);
		if (match)
			return AC_CAA_PERMITTED;
	}
	return any ? AC_CAA_FORBIDDEN : AC_CAA_PERMITTED;
}
