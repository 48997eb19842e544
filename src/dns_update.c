/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RFC 2136 UPDATE messages signed with TSIG (RFC 8945), and the key file. */
#include <config.h>

#include <arpa/nameser.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <poll.h>
#include <resolv.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "src/dns_update.h"
#include "src/i18n.h"

/* arpa/nameser_compat.h has T_* and C_* too: ours are prefixed */
#define TYPE_TXT 16
#define TYPE_SOA 6
#define TYPE_TSIG 250
#define CLASS_IN 1
#define CLASS_NONE 254
#define CLASS_ANY 255
#define OP_UPDATE 5
#define TSIG_FUDGE 300
#define KEY_FILE_MAX 65536

static const char *const alg_names[] = {
	[AC_TSIG_HMAC_SHA256] = "hmac-sha256",
	[AC_TSIG_HMAC_SHA512] = "hmac-sha512",
};

/* ---- the key file ---- */

/* The next token of a named.conf-style text: a word, a quoted string or
 * one of { } ;.  Comments (#, //, C style) are skipped.  New string. */
static char *
token(const char **p)
{
	const char *s = *p, *start;

	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '#' || (s[0] == '/' && s[1] == '/'))
			s += strcspn(s, "\n");
		else if (s[0] == '/' && s[1] == '*')
			s = strstr(s + 2, "*/") ? strstr(s + 2, "*/") + 2
						: s + strlen(s);
		else
			break;
	}
	if (!*s)
		return NULL;
	if (*s == '"') {
		start = ++s;
		s += strcspn(s, "\"");
		*p = *s ? s + 1 : s;
		return xstrndup(start, (size_t)(s - start));
	}
	if (strchr("{};", *s)) {
		*p = s + 1;
		return xstrndup(s, 1);
	}
	start = s;
	while (*s && !isspace((unsigned char)*s) && !strchr("{};\"", *s))
		s++;
	*p = s;
	return xstrndup(start, (size_t)(s - start));
}

static bool
base64_secret(const char *b64, struct ac_tsig_key *k)
{
	size_t n = strlen(b64);
	int len;

	if (n == 0 || n % 4)
		return false;
	/* one more zero byte: a secret refused below (secret_len 0) is
	 * cleansed up to it, never past the buffer */
	k->secret = xcalloc(1, n + 1);
	len = EVP_DecodeBlock(k->secret, (const unsigned char *)b64, (int)n);
	if (len < 0)
		return false;
	/* EVP_DecodeBlock counts the padding as zero bytes */
	len -= (b64[n - 1] == '=') + (b64[n - 2] == '=');
	k->secret_len = (size_t)len;
	return len > 0;
}

/* The statements inside key "NAME" { ... }; into k. */
static bool
key_body(const char **p, char **alg, char **secret)
{
	char *t;

	while ((t = token(p)) && strcmp(t, "}") != 0) {
		char **dst = strcmp(t, "algorithm") == 0 ? alg
			     : strcmp(t, "secret") == 0 ? secret : NULL;
		char *v = token(p), *semi = token(p);
		bool ok = dst && v && semi && strcmp(semi, ";") == 0 && !*dst;

		free(t);
		free(semi);
		if (!ok) {
			ac_secret_free(v, 0);
			return false;
		}
		*dst = v;
	}
	free(t);
	return true;
}

bool
ac_tsig_key_parse(const char *text, const char *path,
		  struct ac_tsig_key *key, struct ac_err *err)
{
	struct ac_tsig_key k = { 0 };
	char *kw = token(&text), *name = NULL, *brace = NULL;
	char *alg = NULL, *secret = NULL;
	bool ok = false;

	if (kw && strcmp(kw, "key") == 0)
		name = token(&text);
	if (name)
		brace = token(&text);
	if (!brace || strcmp(brace, "{") != 0 || !*name ||
	    !key_body(&text, &alg, &secret) || !alg || !secret) {
		ac_err_set(err, AC_ERR_INPUT, _("%s is not a TSIG key file: make one with tsig-keygen -a hmac-sha256 NAME."),
			   path);
		goto out;
	}
	if (strcasecmp(alg, "hmac-sha256") == 0)
		k.alg = AC_TSIG_HMAC_SHA256;
	else if (strcasecmp(alg, "hmac-sha512") == 0)
		k.alg = AC_TSIG_HMAC_SHA512;
	else {
		ac_err_set(err, AC_ERR_INPUT, _("%s: the TSIG algorithm \"%s\" is not supported: use hmac-sha256 or hmac-sha512."),
			   path, alg);
		goto out;
	}
	if (!base64_secret(secret, &k)) {
		ac_err_set(err, AC_ERR_INPUT, _("%s: the TSIG secret is not base64: copy it as tsig-keygen wrote it."),
			   path);
		goto out;
	}
	k.name = xstrdup(name);
	for (char *c = k.name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (*k.name && k.name[strlen(k.name) - 1] == '.')
		k.name[strlen(k.name) - 1] = '\0';
	k.path = xstrdup(path);
	ac_tsig_key_clear(key);
	*key = k;
	memset(&k, 0, sizeof(k));
	ok = true;
out:
	ac_tsig_key_clear(&k);
	ac_secret_free(secret, 0);
	free(alg);
	free(brace);
	free(name);
	free(kw);
	return ok;
}

bool
ac_tsig_key_read(const char *path, struct ac_tsig_key *key,
		 struct ac_err *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct ac_buf b = { .secret = true };
	struct stat st;
	bool ok = false;

	if (fd < 0)
		return ac_err_set(err, AC_ERR_USAGE, _("Cannot read the TSIG key file %s: %s."),
				  path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		ac_err_set(err, AC_ERR_USAGE, _("%s is not a regular file: give the file tsig-keygen wrote."),
			   path);
	else if ((st.st_mode & 077) ||
		 (st.st_uid != 0 && st.st_uid != geteuid()))
		ac_err_set(err, AC_ERR_USAGE, _("%s holds a secret that other users can read or change: chown it to yourself and chmod 600 %s."),
			   path, path);
	else if (st.st_size > KEY_FILE_MAX)
		ac_err_set(err, AC_ERR_INPUT, _("%s is too big for a TSIG key file."),
			   path);
	else
		ok = true;
	while (ok) {
		char chunk[4096];
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || b.len + (size_t)n > KEY_FILE_MAX) {
			if (n < 0)
				ok = ac_err_set(err, AC_ERR_IO, _("Cannot read %s: %s."),
						path, strerror(errno));
			OPENSSL_cleanse(chunk, sizeof(chunk));
			break;
		}
		ac_buf_add(&b, chunk, (size_t)n);
		OPENSSL_cleanse(chunk, sizeof(chunk));
	}
	close(fd);
	if (ok) {
		ac_buf_add(&b, "", 1);
		ok = ac_tsig_key_parse(b.data, path, key, err);
	}
	ac_buf_clear(&b);
	return ok;
}

void
ac_tsig_key_clear(struct ac_tsig_key *key)
{
	if (!key)
		return;
	free(key->name);
	ac_secret_free(key->secret, key->secret_len);
	free(key->path);
	memset(key, 0, sizeof(*key));
}

/* ---- the message ---- */

static void
put16(struct ac_buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	ac_buf_add(b, x, 2);
}

static void
put32(struct ac_buf *b, unsigned long v)
{
	put16(b, (unsigned)(v >> 16) & 0xffff);
	put16(b, (unsigned)v & 0xffff);
}

/* A name in wire form, lower case (canonical, RFC 8945 4.3.3). */
static bool
put_name(struct ac_buf *b, const char *name)
{
	size_t total = 1;

	while (*name) {
		size_t n = strcspn(name, ".");

		if (n == 0 || n > 63 || (total += n + 1) > 255)
			return false;
		ac_buf_add(b, (unsigned char[]){ (unsigned char)n }, 1);
		for (size_t i = 0; i < n; i++)
			ac_buf_add(b, (char[]){ (char)tolower(
					       (unsigned char)name[i]) }, 1);
		name += n;
		if (*name == '.')
			name++;
	}
	ac_buf_add(b, "", 1);
	return true;
}

/* The TSIG variables after the message (RFC 8945 4.3.3). */
static void
tsig_vars(struct ac_buf *b, const struct ac_tsig_key *key, long long now,
	  unsigned error)
{
	put_name(b, key->name);
	put16(b, CLASS_ANY);
	put32(b, 0);
	put_name(b, alg_names[key->alg]);
	put16(b, (unsigned)((unsigned long long)now >> 32) & 0xffff);
	put32(b, (unsigned long)now & 0xffffffffUL);
	put16(b, TSIG_FUDGE);
	put16(b, error);
	put16(b, 0);
}

/* HMAC of data with the key; out holds EVP_MAX_MD_SIZE. */
static bool
hmac(const struct ac_tsig_key *key, const struct ac_buf *data,
     unsigned char *out, size_t *out_len)
{
	const char *md = key->alg == AC_TSIG_HMAC_SHA512 ? "SHA512" : "SHA256";

	return EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key->secret,
			 key->secret_len, (const unsigned char *)data->data,
			 data->len, out, EVP_MAX_MD_SIZE, out_len) != NULL;
}

static bool
put_change(struct ac_buf *b, const struct ac_dns_change *c, unsigned ttl)
{
	size_t n = strlen(c->txt);

	if (n > 255 || !put_name(b, c->name))
		return false;
	put16(b, TYPE_TXT);
	put16(b, c->add ? CLASS_IN : CLASS_NONE);
	put32(b, c->add ? ttl : 0);
	put16(b, (unsigned)n + 1);
	ac_buf_add(b, (unsigned char[]){ (unsigned char)n }, 1);
	ac_buf_add(b, c->txt, n);
	return true;
}

bool
ac_dns_update_build(const char *zone, const struct ac_dns_change *c,
		    size_t n, unsigned ttl, const struct ac_tsig_key *key,
		    unsigned id, long long now, struct ac_buf *msg,
		    unsigned char **mac, size_t *mac_len, struct ac_err *err)
{
	struct ac_buf m = { 0 }, signed_data = { 0 };
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t md_len = 0;
	bool ok = true;

	put16(&m, id & 0xffff);
	put16(&m, OP_UPDATE << 11);
	put16(&m, 1);		/* the zone */
	put16(&m, 0);		/* prerequisites */
	put16(&m, (unsigned)n);	/* updates */
	put16(&m, 0);		/* additional: the TSIG, counted once added */
	ok = put_name(&m, zone);
	put16(&m, TYPE_SOA);
	put16(&m, CLASS_IN);
	for (size_t i = 0; ok && i < n; i++)
		ok = put_change(&m, &c[i], ttl);
	if (!ok) {
		ac_buf_clear(&m);
		return ac_err_set(err, AC_ERR_INPUT, _("A DNS name or TXT value is too long for an update of %s."),
				  zone);
	}
	ac_buf_add(&signed_data, m.data, m.len);
	tsig_vars(&signed_data, key, now, 0);
	ok = hmac(key, &signed_data, md, &md_len);
	ac_buf_clear(&signed_data);
	if (!ok) {
		ac_buf_clear(&m);
		ac_err_set(err, AC_ERR_CRYPTO, _("Cannot compute the TSIG signature."));
		ac_err_ssl(err);
		return false;
	}
	/* the TSIG record (RFC 8945 4.2) */
	put_name(&m, key->name);
	put16(&m, TYPE_TSIG);
	put16(&m, CLASS_ANY);
	put32(&m, 0);
	put16(&m, (unsigned)(strlen(alg_names[key->alg]) + 2 + 16 + md_len));
	put_name(&m, alg_names[key->alg]);
	put16(&m, (unsigned)((unsigned long long)now >> 32) & 0xffff);
	put32(&m, (unsigned long)now & 0xffffffffUL);
	put16(&m, TSIG_FUDGE);
	put16(&m, (unsigned)md_len);
	ac_buf_add(&m, md, md_len);
	put16(&m, id & 0xffff);
	put16(&m, 0);		/* error */
	put16(&m, 0);		/* other len */
	((unsigned char *)m.data)[11] = 1;	/* ARCOUNT */
	*msg = m;
	*mac = xmalloc(md_len);
	memcpy(*mac, md, md_len);
	*mac_len = md_len;
	return true;
}

/* ---- the exchange over TCP ---- */

static int
connect_to(const char *server, long timeout_s, struct ac_err *err)
{
	struct timeval tv = { .tv_sec = timeout_s };
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (!ac_dns_sockaddr(server, &ss, &len)) {
		ac_err_set(err, AC_ERR_USAGE,
			   _("The DNS server \"%s\" is not an address: give IPv4[:PORT] or [IPv6]:PORT."),
			   server);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		/* on Linux the send timeout bounds connect() too */
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		if (connect(fd, (struct sockaddr *)&ss, len) == 0)
			return fd;
	}
	ac_err_set(err, AC_ERR_NET, _("Cannot reach the DNS server %s: %s."),
		   server, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static bool
io_all(int fd, unsigned char *p, size_t n, bool writing)
{
	while (n) {
		ssize_t r = writing ? send(fd, p, n, MSG_NOSIGNAL)
				    : recv(fd, p, n, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

/* One length-prefixed message out, one back (RFC 1035 4.2.2). */
static bool
exchange(int fd, const struct ac_buf *q, struct ac_buf *a)
{
	unsigned char len[2] = { (unsigned char)(q->len >> 8),
				 (unsigned char)q->len };
	size_t n;

	if (!io_all(fd, len, 2, true) ||
	    !io_all(fd, (unsigned char *)q->data, q->len, true) ||
	    !io_all(fd, len, 2, false))
		return false;
	n = (size_t)len[0] << 8 | len[1];
	if (n < 12)
		return false;
	a->data = xmalloc(n);
	a->len = n;
	return io_all(fd, (unsigned char *)a->data, n, false);
}

/* The answer's TSIG record: where it starts and its parts. */
struct tsig_rr {
	size_t start;		/* offset of the record in the message */
	const unsigned char *alg_end;	/* after the algorithm name */
	const unsigned char *mac;
	size_t mac_len;
	const unsigned char *tail;	/* error, other len, other data */
	size_t tail_len;
};

/* Finds the last additional record when it is a TSIG. */
static bool
find_tsig(const unsigned char *m, size_t len, struct tsig_rr *t)
{
	const unsigned char *end = m + len, *p = m + 12;
	unsigned counts[4];
	const unsigned char *last = NULL;

	for (int i = 0; i < 4; i++)
		counts[i] = (unsigned)m[4 + 2 * i] << 8 | m[5 + 2 * i];
	for (unsigned i = 0; i < counts[0]; i++) {
		int n = dn_skipname(p, end);

		if (n < 0 || end - p < n + 4)
			return false;
		p += n + 4;
	}
	for (unsigned i = 0; i < counts[1] + counts[2] + counts[3]; i++) {
		int n = dn_skipname(p, end);
		size_t rdlen;

		if (n < 0 || end - p < n + 10)
			return false;
		last = p;
		rdlen = (size_t)p[n + 8] << 8 | p[n + 9];
		if ((size_t)(end - p) < (size_t)n + 10 + rdlen)
			return false;
		p += (size_t)n + 10 + rdlen;
	}
	if (!counts[3] || !last)
		return false;
	p = last + dn_skipname(last, end);
	if ((p[0] << 8 | p[1]) != TYPE_TSIG)
		return false;
	t->start = (size_t)(last - m);
	p += 10;
	{
		int n = dn_skipname(p, end);

		if (n < 0 || end - p < n + 10)
			return false;
		p += n;
	}
	t->alg_end = p;
	t->mac_len = (size_t)p[8] << 8 | p[9];
	if ((size_t)(end - p) < 10 + t->mac_len + 6)
		return false;
	t->mac = p + 10;
	t->tail = t->mac + t->mac_len + 2;
	t->tail_len = (size_t)(end - t->tail);
	return true;
}

/* RFC 8945 4.3.2: the answer's MAC covers our MAC, the answer without its
 * TSIG, and its TSIG variables. */
static bool
answer_signed(const struct ac_buf *a, const struct tsig_rr *t,
	      const struct ac_tsig_key *key, const unsigned char *req_mac,
	      size_t req_mac_len)
{
	struct ac_buf d = { 0 };
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t md_len = 0;
	unsigned arcount;
	bool ok;

	put16(&d, (unsigned)req_mac_len);
	ac_buf_add(&d, req_mac, req_mac_len);
	ac_buf_add(&d, a->data, t->start);
	arcount = ((unsigned)((unsigned char *)d.data)[2 + req_mac_len + 10] << 8 |
		   ((unsigned char *)d.data)[2 + req_mac_len + 11]) - 1;
	((unsigned char *)d.data)[2 + req_mac_len + 10] = (unsigned char)(arcount >> 8);
	((unsigned char *)d.data)[2 + req_mac_len + 11] = (unsigned char)arcount;
	put_name(&d, key->name);
	put16(&d, CLASS_ANY);
	put32(&d, 0);
	put_name(&d, alg_names[key->alg]);
	ac_buf_add(&d, t->alg_end, 8);	/* time signed, fudge */
	ac_buf_add(&d, t->tail, t->tail_len);
	ok = hmac(key, &d, md, &md_len) && md_len == t->mac_len &&
	     CRYPTO_memcmp(md, t->mac, md_len) == 0;
	ac_buf_clear(&d);
	return ok;
}

/* What the answer's code and TSIG error mean, as one line. */
static bool
answer_ok(const char *server, const char *zone, const struct ac_buf *a,
	  const struct ac_tsig_key *key, const unsigned char *req_mac,
	  size_t req_mac_len, struct ac_err *err)
{
	const unsigned char *m = (const unsigned char *)a->data;
	unsigned rcode = m[3] & 0xf, tsig_error = 0;
	struct tsig_rr t;
	bool has_tsig = find_tsig(m, a->len, &t);

	if (has_tsig && t.tail_len >= 2)
		tsig_error = (unsigned)t.tail[0] << 8 | t.tail[1];
	if (tsig_error == 18)
		return ac_err_set(err, AC_ERR_NET, _("The DNS server %s says the clocks differ (BADTIME): check this machine's clock (timedatectl)."),
				  server);
	if (tsig_error == 16 || tsig_error == 17)
		return ac_err_set(err, AC_ERR_USAGE, _("The DNS server %s did not accept the TSIG key \"%s\" (%s): check the key's name and secret in %s."),
				  server, key->name,
				  tsig_error == 16 ? "BADSIG" : "BADKEY",
				  key->path ? key->path : "?");
	if (rcode == 5)
		return ac_err_set(err, AC_ERR_USAGE, _("The DNS server %s refused the update of %s: allow the key \"%s\" to update it (BIND: update-policy)."),
				  server, zone, key->name);
	if (rcode == 9 || rcode == 10)
		return ac_err_set_field(err, AC_FIELD_DNS_SERVER, AC_ERR_USAGE, _("The DNS server %s is not the primary of %s: give the primary."),
				  server, zone);
	if (rcode != 0)
		return ac_err_set(err, AC_ERR_NET, _("The DNS server %s answered code %u to the update of %s."),
				  server, rcode, zone);
	if (!has_tsig || !answer_signed(a, &t, key, req_mac, req_mac_len))
		return ac_err_set_field(err, AC_FIELD_DNS_SERVER, AC_ERR_NET, _("The DNS server %s sent an answer that is not signed with the key \"%s\": check which DNS server is given."),
				  server, key->name);
	return true;
}

bool
ac_dns_update(const char *server, const char *zone,
	      const struct ac_dns_change *c, size_t n, unsigned ttl,
	      const struct ac_tsig_key *key, long timeout_s,
	      struct ac_err *err)
{
	struct ac_buf q = { 0 }, a = { 0 };
	unsigned char *mac = NULL, rnd[2];
	size_t mac_len = 0;
	unsigned id;
	bool ok = false;
	int fd;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		rnd[0] = rnd[1] = 0;
	id = (unsigned)rnd[0] << 8 | rnd[1];
	/* the server compares with its own clock: the real time, never
	 * ASTCERT_NOW */
	if (!ac_dns_update_build(zone, c, n, ttl, key, id,
				 (long long)time(NULL), &q, &mac, &mac_len,
				 err))
		return false;
	fd = connect_to(server, timeout_s, err);
	if (fd < 0)
		goto out;
	if (!exchange(fd, &q, &a))
		ac_err_set(err, AC_ERR_NET, _("No answer from the DNS server %s to the update of %s: check that it runs and takes DNS over TCP."),
			   server, zone);
	else if (((unsigned char *)a.data)[0] != (id >> 8) ||
		 ((unsigned char *)a.data)[1] != (id & 0xff) ||
		 !(((unsigned char *)a.data)[2] & 0x80))
		ac_err_set(err, AC_ERR_NET, _("The DNS server %s sent a malformed answer to the update of %s."),
			   server, zone);
	else
		ok = answer_ok(server, zone, &a, key, mac, mac_len, err);
	close(fd);
out:
	free(mac);
	ac_buf_clear(&a);
	ac_buf_clear(&q);
	return ok;
}
