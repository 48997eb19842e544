/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS answer parsing with crafted packets; CAA parsing, climb and verdict. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/dns.h"
#include "src/err.h"
#include "src/xalloc.h"

/* A DNS response under construction. */
struct pkt {
	unsigned char b[2048];
	size_t n;
};

static void
put8(struct pkt *p, unsigned v)
{
	p->b[p->n++] = (unsigned char)v;
}

static void
put16(struct pkt *p, unsigned v)
{
	put8(p, v >> 8);
	put8(p, v & 0xff);
}

static void
put_name(struct pkt *p, const char *name)
{
	while (*name) {
		size_t n = strcspn(name, ".");

		put8(p, (unsigned)n);
		memcpy(p->b + p->n, name, n);
		p->n += n;
		name += n;
		if (*name == '.')
			name++;
	}
	put8(p, 0);
}

/* Header and question for qname/type with ancount answers to follow. */
static void
start(struct pkt *p, const char *qname, unsigned type, unsigned ancount)
{
	p->n = 0;
	put16(p, 0x1234);
	put16(p, 0x8180);	/* response, RD, RA, NOERROR */
	put16(p, 1);
	put16(p, ancount);
	put16(p, 0);
	put16(p, 0);
	put_name(p, qname);
	put16(p, type);
	put16(p, 1);
}

/* One answer: owner NULL = a pointer to the question's name (offset 12). */
static void
answer(struct pkt *p, const char *owner, unsigned type, const void *rdata,
       size_t rdlen)
{
	if (owner)
		put_name(p, owner);
	else
		put16(p, 0xc00c);
	put16(p, type);
	put16(p, 1);
	put16(p, 0);
	put16(p, 300);
	put16(p, (unsigned)rdlen);
	memcpy(p->b + p->n, rdata, rdlen);
	p->n += rdlen;
}

static void
answer_cname(struct pkt *p, const char *owner, const char *target)
{
	struct pkt t = { .n = 0 };

	put_name(&t, target);
	answer(p, owner, 5, t.b, t.n);
}

static void
test_a_record(void **state)
{
	static const unsigned char a[4] = { 192, 0, 2, 1 };
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct pkt p;
	char *last = NULL;

	(void)state;
	start(&p, "pbx.example.test", AC_DNS_T_A, 2);
	answer(&p, NULL, AC_DNS_T_A, a, 4);
	answer(&p, NULL, AC_DNS_T_A, a, 4);	/* duplicates collapse */
	assert_true(ac_dns_parse(p.b, p.n, "pbx.example.test.",
				 AC_DNS_T_A, &rrs, &last, &err));
	assert_int_equal(rrs.addrs.n, 1);
	assert_string_equal(rrs.addrs.v[0], "192.0.2.1");
	assert_int_equal(rrs.cnames.n, 0);
	assert_string_equal(last, "pbx.example.test.");
	free(last);
	ac_dns_rrs_clear(&rrs);
}

static void
test_cname_chain_out_of_order(void **state)
{
	static const unsigned char a[4] = { 192, 0, 2, 5 };
	static const unsigned char other[4] = { 10, 0, 0, 1 };
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct pkt p;
	char *last = NULL;

	(void)state;
	start(&p, "a.test", AC_DNS_T_A, 4);
	answer(&p, "other.test", AC_DNS_T_A, other, 4);
	answer(&p, "c.test", AC_DNS_T_A, a, 4);
	answer_cname(&p, "b.test", "c.test");
	answer_cname(&p, NULL, "b.test");
	assert_true(ac_dns_parse(p.b, p.n, "a.test", AC_DNS_T_A, &rrs, &last,
				 &err));
	assert_int_equal(rrs.cnames.n, 2);
	assert_string_equal(rrs.cnames.v[0], "b.test");
	assert_string_equal(rrs.cnames.v[1], "c.test");
	assert_int_equal(rrs.addrs.n, 1);
	assert_string_equal(rrs.addrs.v[0], "192.0.2.5");
	assert_string_equal(last, "c.test");
	free(last);
	ac_dns_rrs_clear(&rrs);
}

static void
test_cname_without_target(void **state)
{
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct pkt p;
	char *last = NULL;

	(void)state;
	/* the resolver did not follow: the caller must ask for last */
	start(&p, "a.test", AC_DNS_T_AAAA, 1);
	answer_cname(&p, NULL, "far.example");
	assert_true(ac_dns_parse(p.b, p.n, "a.test", AC_DNS_T_AAAA, &rrs,
				 &last, &err));
	assert_int_equal(rrs.addrs.n, 0);
	assert_string_equal(last, "far.example");
	free(last);
	ac_dns_rrs_clear(&rrs);
}

static void
test_cname_loop(void **state)
{
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct pkt p;

	(void)state;
	start(&p, "a.test", AC_DNS_T_A, 2);
	answer_cname(&p, "a.test", "b.test");
	answer_cname(&p, "b.test", "a.test");
	assert_false(ac_dns_parse(p.b, p.n, "a.test", AC_DNS_T_A, &rrs, NULL,
				  &err));
	assert_non_null(strstr(err.msg, "loop"));
	ac_err_clear(&err);
}

static void
test_aaaa_and_bad_lengths(void **state)
{
	static const unsigned char v6[16] = { 0x20, 0x01, 0x0d, 0xb8,
					      [15] = 1 };
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct pkt p;

	(void)state;
	start(&p, "v6.test", AC_DNS_T_AAAA, 1);
	answer(&p, NULL, AC_DNS_T_AAAA, v6, 16);
	assert_true(ac_dns_parse(p.b, p.n, "v6.test", AC_DNS_T_AAAA, &rrs,
				 NULL, &err));
	assert_string_equal(rrs.addrs.v[0], "2001:db8::1");
	ac_dns_rrs_clear(&rrs);

	/* an A record of 3 bytes */
	start(&p, "v4.test", AC_DNS_T_A, 1);
	answer(&p, NULL, AC_DNS_T_A, v6, 3);
	assert_false(ac_dns_parse(p.b, p.n, "v4.test", AC_DNS_T_A, &rrs,
				  NULL, &err));
	ac_err_clear(&err);

	/* every truncation of a valid answer fails cleanly */
	start(&p, "v6.test", AC_DNS_T_AAAA, 1);
	answer(&p, NULL, AC_DNS_T_AAAA, v6, 16);
	for (size_t cut = 0; cut < p.n; cut++) {
		assert_false(ac_dns_parse(p.b, cut, "v6.test", AC_DNS_T_AAAA,
					  &rrs, NULL, &err));
		ac_err_clear(&err);
	}
}

static void
test_caa_rdata(void **state)
{
	static const unsigned char issue[] = "\x00\x05issueletsencrypt.org";
	static const unsigned char crit[] = "\x80\x03tbsUnknown";
	static const unsigned char zero_tag[] = "\x00\x00x";
	static const unsigned char long_tag[] = "\x00\x09issue";
	static const unsigned char bad_tag[] = "\x00\x05is-uex";
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_caa caa;
	struct pkt p;

	(void)state;
	start(&p, "example.test", AC_DNS_T_CAA, 2);
	answer(&p, NULL, AC_DNS_T_CAA, issue, sizeof(issue) - 1);
	answer(&p, NULL, AC_DNS_T_CAA, crit, sizeof(crit) - 1);
	assert_true(ac_dns_parse(p.b, p.n, "example.test", AC_DNS_T_CAA,
				 &rrs, NULL, &err));
	assert_int_equal(rrs.nrdata, 2);
	assert_true(ac_caa_parse(rrs.rdata[0], rrs.rdlen[0], &caa));
	assert_false(caa.critical);
	assert_string_equal(caa.tag, "issue");
	assert_string_equal(caa.value, "letsencrypt.org");
	free(caa.tag);
	free(caa.value);
	assert_true(ac_caa_parse(rrs.rdata[1], rrs.rdlen[1], &caa));
	assert_true(caa.critical);
	assert_string_equal(caa.tag, "tbs");
	free(caa.tag);
	free(caa.value);
	ac_dns_rrs_clear(&rrs);

	assert_false(ac_caa_parse(zero_tag, sizeof(zero_tag) - 1, &caa));
	assert_false(ac_caa_parse(long_tag, sizeof(long_tag) - 1, &caa));
	assert_false(ac_caa_parse(bad_tag, sizeof(bad_tag) - 1, &caa));
	assert_false(ac_caa_parse(issue, 1, &caa));
}

static void
test_caa_issuer(void **state)
{
	char *s;

	(void)state;
	s = ac_caa_issuer("letsencrypt.org; validationmethods=http-01");
	assert_string_equal(s, "letsencrypt.org");
	free(s);
	s = ac_caa_issuer(";");
	assert_string_equal(s, "");
	free(s);
	s = ac_caa_issuer("  ca.example.net ");
	assert_string_equal(s, "ca.example.net");
	free(s);
}

/* A CAA set from "tag=value" strings; a leading '!' sets critical. */
static struct ac_caa_set
caa_set(const char *const *recs)
{
	struct ac_caa_set s = { 0 };

	for (; *recs; recs++) {
		const char *r = *recs, *eq;

		s.v = xreallocarray(s.v, s.n + 1, sizeof(*s.v));
		s.v[s.n].critical = *r == '!';
		r += *r == '!';
		eq = strchr(r, '=');
		s.v[s.n].tag = xstrndup(r, (size_t)(eq - r));
		s.v[s.n].value = xstrdup(eq + 1);
		s.n++;
	}
	return s;
}

static enum ac_caa_verdict
verdict(const char *const *recs, bool wildcard)
{
	struct ac_strv ids = { 0 };
	struct ac_caa_set s = caa_set(recs);
	enum ac_caa_verdict v;

	ac_strv_add(&ids, "letsencrypt.org");
	ac_strv_add(&ids, "ca.example");
	v = ac_caa_evaluate(&s, &ids, wildcard);
	ac_caa_set_clear(&s);
	ac_strv_clear(&ids);
	return v;
}

static void
test_caa_evaluate(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const le[] = { "issue=letsencrypt.org", NULL };
	static const char *const le_case[] = { "issue=LetsEncrypt.org; x=y",
					       NULL };
	static const char *const other[] = { "issue=pki.goog",
					     "iodef=mailto:a@b", NULL };
	static const char *const nobody[] = { "issue=;", NULL };
	static const char *const two[] = { "issue=pki.goog",
					   "issue=ca.example", NULL };
	static const char *const wild_only[] = { "issuewild=pki.goog", NULL };
	static const char *const wild_other[] = { "issue=letsencrypt.org",
						  "issuewild=pki.goog", NULL };
	static const char *const crit[] = { "issue=letsencrypt.org",
					    "!tbs=x", NULL };
	static const char *const crit_known[] = { "!issue=letsencrypt.org",
						  "!iodef=mailto:a@b", NULL };

	(void)state;
	assert_int_equal(verdict(none, false), AC_CAA_PERMITTED);
	assert_int_equal(verdict(le, false), AC_CAA_PERMITTED);
	assert_int_equal(verdict(le_case, false), AC_CAA_PERMITTED);
	assert_int_equal(verdict(other, false), AC_CAA_FORBIDDEN);
	assert_int_equal(verdict(nobody, false), AC_CAA_FORBIDDEN);
	assert_int_equal(verdict(two, false), AC_CAA_PERMITTED);
	/* issuewild says nothing about plain names */
	assert_int_equal(verdict(wild_only, false), AC_CAA_PERMITTED);
	assert_int_equal(verdict(wild_only, true), AC_CAA_FORBIDDEN);
	assert_int_equal(verdict(wild_other, false), AC_CAA_PERMITTED);
	assert_int_equal(verdict(wild_other, true), AC_CAA_FORBIDDEN);
	/* without issuewild, issue governs wildcards too */
	assert_int_equal(verdict(le, true), AC_CAA_PERMITTED);
	assert_int_equal(verdict(crit, false), AC_CAA_CRITICAL);
	assert_int_equal(verdict(crit_known, false), AC_CAA_PERMITTED);
}

/* A fake zone for the climb: name -> records, and the names asked. */
struct zone {
	const char *name;
	const char *const *recs;	/* NULL = lookup failure */
	struct ac_strv asked;
};

static enum ac_dns_rcode
fake_lookup(void *arg, const char *name, struct ac_caa_set *out,
	    struct ac_err *err)
{
	struct zone *z = arg;

	ac_strv_add(&z->asked, name);
	if (strcmp(name, z->name) != 0)
		return AC_DNS_NODATA;
	if (!z->recs) {
		ac_err_set(err, AC_ERR_NET, "SERVFAIL");
		return AC_DNS_FAIL;
	}
	*out = caa_set(z->recs);
	return AC_DNS_OK;
}

static void
test_caa_climb(void **state)
{
	static const char *const le[] = { "issue=letsencrypt.org", NULL };
	struct zone z = { .name = "example.test", .recs = le };
	struct ac_caa_set set = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	/* found on the parent */
	assert_true(ac_caa_climb("pbx.example.test", fake_lookup, &z, &set,
				 &err));
	assert_string_equal(set.owner, "example.test");
	assert_int_equal(set.n, 1);
	assert_int_equal(z.asked.n, 2);
	ac_caa_set_clear(&set);
	ac_strv_clear(&z.asked);

	/* nowhere: climbs to the TLD, never asks the root */
	z.name = "elsewhere.test";
	assert_true(ac_caa_climb("a.b.example.test", fake_lookup, &z, &set,
				 &err));
	assert_null(set.owner);
	assert_int_equal(z.asked.n, 4);
	assert_string_equal(z.asked.v[3], "test");
	ac_strv_clear(&z.asked);

	/* a failure on the way stops the climb: no CA would issue */
	z.name = "example.test";
	z.recs = NULL;
	assert_false(ac_caa_climb("pbx.example.test", fake_lookup, &z, &set,
				  &err));
	assert_string_equal(err.msg, "SERVFAIL");
	ac_err_clear(&err);
	ac_strv_clear(&z.asked);
}

static void
test_server_syntax(void **state)
{
	static const char *const good[] = { "127.0.0.1", "127.0.0.1:5353",
					    "::1", "[::1]:5353" };
	static const char *const bad[] = { "dns.example", "127.0.0.1:0",
					   "127.0.0.1:99999", "[::1",
					   "[::1]x", "" };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct ac_dns *d = ac_dns_new(good[i], &err);

		assert_non_null(d);
		ac_dns_free(d);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(ac_dns_new(bad[i], &err));
		assert_int_equal(err.code, AC_ERR_USAGE);
		ac_err_clear(&err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_record),
		cmocka_unit_test(test_cname_chain_out_of_order),
		cmocka_unit_test(test_cname_without_target),
		cmocka_unit_test(test_cname_loop),
		cmocka_unit_test(test_aaaa_and_bad_lengths),
		cmocka_unit_test(test_caa_rdata),
		cmocka_unit_test(test_caa_issuer),
		cmocka_unit_test(test_caa_evaluate),
		cmocka_unit_test(test_caa_climb),
		cmocka_unit_test(test_server_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
