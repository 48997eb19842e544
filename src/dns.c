/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DNS lookups for the domain checks, on a private res_state. */
#include <config.h>

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <resolv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/dns.h"
#include "src/i18n.h"

/* Largest answer we accept: truncated UDP answers are retried over TCP. */
#define ANSWER_MAX 65535

struct ac_dns {
	struct __res_state st;
	char *server;		/* for messages: "the DNS server X" */
};

/* "IPv4[:PORT]", "IPv6", "[IPv6]:PORT" into a socket address. */
static bool
parse_server(const char *spec, struct sockaddr_in *v4,
	     struct sockaddr_in6 *v6, bool *is_v6)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *port = NULL, *end;
	unsigned long p = 53;
	size_t n;
	char *stop;

	if (spec[0] == '[') {
		end = strchr(spec, ']');
		if (!end)
			return false;
		n = (size_t)(end - spec - 1);
		spec++;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1])
			return false;
	} else {
		end = strchr(spec, ':');
		if (end && strchr(end + 1, ':'))
			end = NULL;	/* bare IPv6 */
		else if (end)
			port = end + 1;
		n = end ? (size_t)(end - spec) : strlen(spec);
	}
	if (n == 0 || n >= sizeof(host))
		return false;
	memcpy(host, spec, n);
	host[n] = '\0';
	if (port) {
		errno = 0;
		p = strtoul(port, &stop, 10);
		if (errno || stop == port || *stop || p == 0 || p > 65535)
			return false;
	}
	memset(v4, 0, sizeof(*v4));
	memset(v6, 0, sizeof(*v6));
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((unsigned short)p);
		*is_v6 = false;
		return true;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((unsigned short)p);
		*is_v6 = true;
		return true;
	}
	return false;
}

bool
ac_dns_sockaddr(const char *spec, struct sockaddr_storage *ss,
		socklen_t *len)
{
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
	bool is_v6 = false;

	if (!spec || !parse_server(spec, &v4, &v6, &is_v6))
		return false;
	memset(ss, 0, sizeof(*ss));
	if (is_v6)
		memcpy(ss, &v6, sizeof(v6));
	else
		memcpy(ss, &v4, sizeof(v4));
	*len = is_v6 ? sizeof(v6) : sizeof(v4);
	return true;
}

struct ac_dns *
ac_dns_new(const char *server, struct ac_err *err)
{
	struct ac_dns *d = xcalloc(1, sizeof(*d));
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
	bool is_v6 = false;

	if (server && !parse_server(server, &v4, &v6, &is_v6)) {
		ac_err_set(err, AC_ERR_USAGE,
			   _("The DNS server \"%s\" is not an address: give IPv4[:PORT] or [IPv6]:PORT."),
			   server);
		free(d);
		return NULL;
	}
	if (res_ninit(&d->st) != 0) {
		ac_err_set(err, AC_ERR_NET,
			   _("Cannot set up the DNS resolver: check /etc/resolv.conf."));
		free(d);
		return NULL;
	}
	/* a few quick tries: the checks must not hang on a dead server */
	d->st.retrans = 2;
	d->st.retry = 2;
	d->st.options &= ~(unsigned long)(RES_DNSRCH | RES_DEFNAMES);
	if (server) {
		/* glibc: a zero sin_family makes it use _u._ext.nsaddrs */
		for (int i = 0; i < MAXNS; i++) {
			free(d->st._u._ext.nsaddrs[i]);
			d->st._u._ext.nsaddrs[i] = NULL;
		}
		d->st.nscount = 1;
		if (is_v6) {
			d->st.nsaddr_list[0].sin_family = 0;
			d->st._u._ext.nsaddrs[0] = xmalloc(sizeof(v6));
			memcpy(d->st._u._ext.nsaddrs[0], &v6, sizeof(v6));
		} else {
			d->st.nsaddr_list[0] = v4;
		}
		d->server = xstrdup(server);
	} else {
		d->server = xstrdup(_("the system's DNS resolver"));
	}
	return d;
}

void
ac_dns_free(struct ac_dns *d)
{
	if (!d)
		return;
	res_nclose(&d->st);
	free(d->server);
	free(d);
}

void
ac_dns_rrs_clear(struct ac_dns_rrs *r)
{
	ac_strv_clear(&r->cnames);
	ac_strv_clear(&r->addrs);
	for (size_t i = 0; i < r->nrdata; i++)
		free(r->rdata[i]);
	free(r->rdata);
	free(r->rdlen);
	memset(r, 0, sizeof(*r));
}

/* Names compare without case and without a trailing dot. */
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

static bool
bad_answer(struct ac_err *err, const char *qname, const char *why)
{
	ac_err_set(err, AC_ERR_NET,
		   _("The DNS answer for %s is malformed: ask the zone's administrator."),
		   qname);
	ac_err_detail(err, "%s", why);
	return false;
}

static void
add_rdata(struct ac_dns_rrs *out, const unsigned char *p, size_t n)
{
	out->rdata = xreallocarray(out->rdata, out->nrdata + 1,
				   sizeof(*out->rdata));
	out->rdlen = xreallocarray(out->rdlen, out->nrdata + 1,
				   sizeof(*out->rdlen));
	out->rdata[out->nrdata] = xmalloc(n ? n : 1);
	memcpy(out->rdata[out->nrdata], p, n);
	out->rdlen[out->nrdata++] = n;
}

/* One record of the wanted type, appended to out. */
static bool
take_record(const ns_rr *rr, int type, struct ac_dns_rrs *out,
	    const char *qname, struct ac_err *err)
{
	char text[INET6_ADDRSTRLEN];
	const unsigned char *rd = ns_rr_rdata(*rr);
	size_t n = ns_rr_rdlen(*rr);

	if (type == AC_DNS_T_A || type == AC_DNS_T_AAAA) {
		int af = type == AC_DNS_T_A ? AF_INET : AF_INET6;

		if (n != (type == AC_DNS_T_A ? 4u : 16u))
			return bad_answer(err, qname, "address of wrong length");
		inet_ntop(af, rd, text, sizeof(text));
		if (!ac_strv_contains(&out->addrs, text))
			ac_strv_add(&out->addrs, text);
	} else {
		add_rdata(out, rd, n);
	}
	return true;
}

bool
ac_dns_parse(const unsigned char *msg, size_t len, const char *qname,
	     int type, struct ac_dns_rrs *out, char **last,
	     struct ac_err *err)
{
	struct ac_dns_rrs got = { 0 };
	char target[NS_MAXDNAME], *cur = xstrdup(qname);
	ns_msg h;
	ns_rr rr;
	int count;
	bool moved = true;

	if (len > ANSWER_MAX || ns_initparse(msg, (int)len, &h) < 0)
		goto bad;
	count = ns_msg_count(h, ns_s_an);
	/* follow the chain whatever order the records come in */
	while (moved) {
		moved = false;
		for (int i = 0; i < count; i++) {
			if (ns_parserr(&h, ns_s_an, i, &rr) < 0)
				goto bad;
			if (ns_rr_type(rr) != ns_t_cname ||
			    ns_rr_class(rr) != ns_c_in ||
			    !same_name(ns_rr_name(rr), cur))
				continue;
			if (ns_name_uncompress(ns_msg_base(h), ns_msg_end(h),
					       ns_rr_rdata(rr), target,
					       sizeof(target)) < 0)
				goto bad;
			if (got.cnames.n >= AC_DNS_MAX_CNAMES ||
			    same_name(target, qname) ||
			    ac_strv_contains(&got.cnames, target)) {
				ac_err_set(err, AC_ERR_NET,
					   _("%s is a CNAME loop or a chain longer than %d names: fix the zone."),
					   qname, AC_DNS_MAX_CNAMES);
				goto fail;
			}
			ac_strv_add(&got.cnames, target);
			free(cur);
			cur = xstrdup(target);
			moved = true;
			break;
		}
	}
	for (int i = 0; i < count; i++) {
		if (ns_parserr(&h, ns_s_an, i, &rr) < 0)
			goto bad;
		if ((int)ns_rr_type(rr) != type || ns_rr_class(rr) != ns_c_in ||
		    !same_name(ns_rr_name(rr), cur))
			continue;
		if (!take_record(&rr, type, &got, qname, err))
			goto fail;
	}
	*out = got;
	if (last)
		*last = cur;
	else
		free(cur);
	return true;
bad:
	bad_answer(err, qname, strerror(errno ? errno : EBADMSG));
fail:
	ac_dns_rrs_clear(&got);
	free(cur);
	return false;
}

/* Appends src's chain and records to dst and empties src. */
static void
merge_rrs(struct ac_dns_rrs *dst, struct ac_dns_rrs *src)
{
	for (size_t i = 0; i < src->cnames.n; i++)
		ac_strv_add(&dst->cnames, src->cnames.v[i]);
	for (size_t i = 0; i < src->addrs.n; i++)
		if (!ac_strv_contains(&dst->addrs, src->addrs.v[i]))
			ac_strv_add(&dst->addrs, src->addrs.v[i]);
	for (size_t i = 0; i < src->nrdata; i++)
		add_rdata(dst, src->rdata[i], src->rdlen[i]);
	ac_dns_rrs_clear(src);
}

enum ac_dns_rcode
ac_dns_query_raw(struct ac_dns *d, const char *qname, int type,
		 unsigned char **msg, size_t *len, struct ac_err *err)
{
	unsigned char *ans = xmalloc(ANSWER_MAX);
	int n;

	n = res_nquery(&d->st, qname, ns_c_in, type, ans, ANSWER_MAX);
	if (n < 0) {
		int h = d->st.res_h_errno;

		free(ans);
		if (h == HOST_NOT_FOUND)
			return AC_DNS_NXDOMAIN;
		if (h == NO_DATA)
			return AC_DNS_NODATA;
		ac_err_set(err, AC_ERR_NET,
			   h == NO_RECOVERY
			   ? _("%s refused to answer for %s: check the DNS server.")
			   : _("No answer from %s for %s (timeout or server failure): check the DNS server."),
			   d->server, qname);
		ac_err_detail(err, "res_nquery(%s, type %d): h_errno %d",
			      qname, type, h);
		return AC_DNS_FAIL;
	}
	*msg = ans;
	*len = (size_t)n;
	return AC_DNS_OK;
}

static enum ac_dns_rcode
query_once(struct ac_dns *d, const char *qname, int type,
	   struct ac_dns_rrs *out, char **last, struct ac_err *err)
{
	unsigned char *ans = NULL;
	size_t n = 0;
	enum ac_dns_rcode rc;

	rc = ac_dns_query_raw(d, qname, type, &ans, &n, err);
	if (rc != AC_DNS_OK)
		return rc;
	if (!ac_dns_parse(ans, n, qname, type, out, last, err)) {
		free(ans);
		return AC_DNS_FAIL;
	}
	free(ans);
	return AC_DNS_OK;
}

enum ac_dns_rcode
ac_dns_query(struct ac_dns *d, const char *qname, int type,
	     struct ac_dns_rrs *out, struct ac_err *err)
{
	struct ac_dns_rrs all = { 0 }, one;
	char *name = xstrdup(qname), *last = NULL;
	enum ac_dns_rcode rc;

	/* a resolver may hand back a CNAME without following it */
	for (;;) {
		memset(&one, 0, sizeof(one));
		rc = query_once(d, name, type, &one, &last, err);
		if (rc != AC_DNS_OK)
			break;
		merge_rrs(&all, &one);
		if (all.addrs.n || all.nrdata || same_name(last, name)) {
			rc = all.addrs.n || all.nrdata ? AC_DNS_OK
						       : AC_DNS_NODATA;
			break;
		}
		if (all.cnames.n > AC_DNS_MAX_CNAMES) {
			rc = AC_DNS_FAIL;
			ac_err_set(err, AC_ERR_NET,
				   _("%s is a CNAME loop or a chain longer than %d names: fix the zone."),
				   qname, AC_DNS_MAX_CNAMES);
			break;
		}
		free(name);
		name = last;
		last = NULL;
	}
	free(last);
	free(name);
	if (rc == AC_DNS_FAIL)
		ac_dns_rrs_clear(&all);
	*out = all;
	return rc;
}

enum ac_dns_rcode
ac_dns_addrs(struct ac_dns *d, const char *name, struct ac_dns_rrs *out,
	     struct ac_err *err)
{
	struct ac_dns_rrs a = { 0 }, aaaa = { 0 };
	struct ac_err e4 = AC_ERR_INIT, e6 = AC_ERR_INIT;
	enum ac_dns_rcode r4, r6;

	/*
	 * Addresses of one family are enough: a server that botches the other
	 * (glibc takes an empty answer without the AA and RA bits for a lame
	 * referral) must not hide them.
	 */
	r4 = ac_dns_query(d, name, AC_DNS_T_A, &a, &e4);
	r6 = ac_dns_query(d, name, AC_DNS_T_AAAA, &aaaa, &e6);
	if ((r4 == AC_DNS_FAIL && r6 != AC_DNS_OK) ||
	    (r6 == AC_DNS_FAIL && r4 != AC_DNS_OK)) {
		const struct ac_err *e = r4 == AC_DNS_FAIL ? &e4 : &e6;

		ac_err_set(err, e->code, "%s", e->msg);
		if (e->detail)
			ac_err_detail(err, "%s", e->detail);
		ac_err_clear(&e4);
		ac_err_clear(&e6);
		ac_dns_rrs_clear(&a);
		ac_dns_rrs_clear(&aaaa);
		memset(out, 0, sizeof(*out));
		return AC_DNS_FAIL;
	}
	ac_err_clear(&e4);
	ac_err_clear(&e6);
	/* the chain is the same for both; keep the A query's */
	if (!a.cnames.n) {
		a.cnames = aaaa.cnames;
		aaaa.cnames = (struct ac_strv){ 0 };
	}
	ac_strv_clear(&aaaa.cnames);
	merge_rrs(&a, &aaaa);
	*out = a;
	if (r4 == AC_DNS_OK || r6 == AC_DNS_OK)
		return AC_DNS_OK;
	return r4 == AC_DNS_NXDOMAIN && r6 == AC_DNS_NXDOMAIN
	       ? AC_DNS_NXDOMAIN : AC_DNS_NODATA;
}

/* The resolver's first server (the one given, or resolv.conf's first). */
static bool
first_server(const struct ac_dns *d, struct sockaddr_storage *ss,
	     socklen_t *len)
{
	const struct sockaddr_in *v4 = &d->st.nsaddr_list[0];
	const struct sockaddr_in6 *v6 = d->st._u._ext.nsaddrs[0];

	if (d->st.nscount < 1)
		return false;
	memset(ss, 0, sizeof(*ss));
	if (v4->sin_family == AF_INET) {
		memcpy(ss, v4, sizeof(*v4));
		*len = sizeof(*v4);
	} else if (v6 && v6->sin6_family == AF_INET6) {
		memcpy(ss, v6, sizeof(*v6));
		*len = sizeof(*v6);
	} else {
		return false;
	}
	return true;
}

/* qname/type with the CD bit as asked and EDNS0's DO bit (RFC 4035 3.2). */
static int
probe_query(struct ac_dns *d, const char *qname, int type, bool cd,
	    unsigned char *q, size_t size)
{
	static const unsigned char opt[] = {
		0, 0, 41, 0x10, 0,	/* root, OPT, 4096-byte UDP */
		0, 0, 0x80, 0,		/* rcode, version, DO */
		0, 0,			/* no options */
	};
	int n = res_nmkquery(&d->st, ns_o_query, qname, ns_c_in, type, NULL,
			     0, NULL, q, (int)size);

	if (n < 0 || (size_t)n + sizeof(opt) > size)
		return -1;
	q[2] |= 0x01;			/* RD */
	q[3] = cd ? 0x10 : 0x00;	/* CD */
	q[11] = 1;			/* ARCOUNT */
	memcpy(q + n, opt, sizeof(opt));
	return n + (int)sizeof(opt);
}

/* Sends q over UDP and waits for the answer with its ID: 2 tries of 2 s. */
static int
probe_send(const struct sockaddr_storage *ss, socklen_t sslen,
	   const unsigned char *q, int qlen, unsigned char *a, size_t size)
{
	int fd = socket(ss->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0), n = -1;

	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)ss, sslen) != 0)
		goto out;
	for (int try = 0; try < 2 && n < 0; try++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (send(fd, q, (size_t)qlen, 0) != qlen)
			break;
		while (n < 0 && poll(&p, 1, 2000) == 1) {
			ssize_t got = recv(fd, a, size, 0);

			if (got < 0)
				break;
			if (got >= 12 && a[0] == q[0] && a[1] == q[1])
				n = (int)got;
		}
	}
out:
	close(fd);
	return n;
}

bool
ac_dns_probe(struct ac_dns *d, const char *qname, int type, bool cd,
	     struct ac_dns_probe *out, struct ac_err *err)
{
	unsigned char q[NS_PACKETSZ], a[NS_PACKETSZ];
	struct sockaddr_storage ss;
	socklen_t sslen;
	int qlen, n;

	if (!first_server(d, &ss, &sslen))
		return ac_err_set_field(err, AC_FIELD_RESOLVER, AC_ERR_NET,
				  _("No DNS server to ask: check /etc/resolv.conf or give a DNS server."));
	qlen = probe_query(d, qname, type, cd, q, sizeof(q));
	if (qlen < 0)
		return ac_err_set(err, AC_ERR_INPUT,
				  _("%s is not a name that can be asked in DNS."),
				  qname);
	n = probe_send(&ss, sslen, q, qlen, a, sizeof(a));
	if (n < 0)
		return ac_err_set(err, AC_ERR_NET,
				  _("No answer from %s for %s (timeout or server failure): check the DNS server."),
				  d->server, qname);
	out->rcode = a[3] & 0x0f;
	out->ad = (a[3] & 0x20) != 0;
	return true;
}
