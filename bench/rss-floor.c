/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench/rss-floor.c: the least a program linked like astcert can do for one
 * ACME issuance, to measure the peak RSS that the libraries alone impose.
 * bench/rss compiles it with the same libraries as astcert (or fewer) and
 * runs it against Pebble.  Not part of astcert.
 *
 *   rss-floor [-v] [-C] [-M] [-e] DIRECTORY_URL CA_FILE
 *
 * The work, in astcert's order: the locale, the certificate key (P-256),
 * libcurl's first HTTPS request (one TLS connection), the account key and an
 * ES256 signature, libmicrohttpd's responder thread, eight more requests on
 * the same connection with a signature each, the CSR and the PEM encodings.
 * -v prints VmRSS after each step, -C keeps the "C" locale, -M starts no
 * responder, -e exits at once.  Built with -DNO_MHD: no responder code (link
 * without libmicrohttpd); with -DNO_CURL: the requests go
 * through OpenSSL's own TLS client (HTTP/1.1 keep-alive, Content-Length
 * bodies only: enough for Pebble's directory), to show what libcurl's
 * dependencies cost.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NO_CURL
#include <curl/curl.h>
#else
#include <openssl/ssl.h>
#endif
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#ifndef NO_MHD
#include <microhttpd.h>
#endif

static int verbose;

static void
step(const char *what)
{
	char line[256];
	FILE *f;

	if (!verbose || !(f = fopen("/proc/self/status", "r")))
		return;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0 || strncmp(line, "VmHWM:", 6) == 0)
			fprintf(stderr, "%-28s %s", what, line);
	fclose(f);
}

static void
die(const char *what)
{
	fprintf(stderr, "rss-floor: %s failed\n", what);
	exit(1);
}

static void
sign(EVP_PKEY *key)
{
	static const unsigned char msg[200] = "protected.payload";
	unsigned char sig[128];
	size_t len = sizeof(sig);
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (!md || EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(md, sig, &len, msg, sizeof(msg)) != 1)
		die("signature");
	EVP_MD_CTX_free(md);
}

#ifndef NO_CURL
static size_t
sink(char *data, size_t size, size_t n, void *arg)
{
	(void)data;
	(void)arg;
	return size * n;
}

static void
get(CURL *curl)
{
	CURLcode rc = curl_easy_perform(curl);

	if (rc != CURLE_OK)
		die(curl_easy_strerror(rc));
}
#else
struct conn {
	SSL_CTX *ctx;
	BIO *bio;
	char host[256], path[256];
};

/* https://HOST:PORT/PATH, verified against CA_FILE */
static void
conn_open(struct conn *c, const char *url, const char *ca_file)
{
	SSL *ssl;
	char *colon;

	if (sscanf(url, "https://%255[^/]%255s", c->host, c->path) != 2)
		die("URL");
	if (!(c->ctx = SSL_CTX_new(TLS_client_method())) ||
	    SSL_CTX_load_verify_locations(c->ctx, ca_file, NULL) != 1)
		die("SSL_CTX");
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	if (!(c->bio = BIO_new_ssl_connect(c->ctx)))
		die("BIO");
	BIO_set_conn_hostname(c->bio, c->host);
	BIO_get_ssl(c->bio, &ssl);
	colon = strrchr(c->host, ':');
	if (colon)
		*colon = '\0';
	SSL_set1_host(ssl, c->host);
	if (BIO_do_connect(c->bio) != 1 || BIO_do_handshake(c->bio) != 1)
		die("TLS connection");
}

static void
get(struct conn *c)
{
	char buf[16384], *end, *cl;
	int n, have = 0;
	long want = -1;

	n = snprintf(buf, sizeof(buf),
		     "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: rss-floor\r\n\r\n",
		     c->path, c->host);
	if (BIO_write(c->bio, buf, n) != n)
		die("write");
	while ((n = BIO_read(c->bio, buf + have, (int)sizeof(buf) - 1 - have)) > 0) {
		have += n;
		buf[have] = '\0';
		if (!(end = strstr(buf, "\r\n\r\n")))
			continue;
		if (want < 0 && (cl = strcasestr(buf, "\r\nContent-Length:")))
			want = strtol(cl + 17, NULL, 10);
		if (want >= 0 && have - (end + 4 - buf) >= want)
			return;
	}
	die("read");
}
#endif

#ifndef NO_MHD
static enum MHD_Result
answer(void *cls, struct MHD_Connection *conn, const char *url,
       const char *method, const char *version, const char *data,
       size_t *size, void **con_cls)
{
	(void)cls;
	(void)conn;
	(void)url;
	(void)method;
	(void)version;
	(void)data;
	(void)size;
	(void)con_cls;
	return MHD_NO;
}
#endif

int
main(int argc, char **argv)
{
	int c, clocale = 0, mhd = 1;
	EVP_PKEY *cert_key, *account_key;
	X509_REQ *req;
	BIO *pem;
#ifndef NO_CURL
	CURL *curl;
#else
	struct conn conn, *curl = &conn;
#endif
#ifndef NO_MHD
	struct MHD_Daemon *d = NULL;
#endif

	while ((c = getopt(argc, argv, "vCMe")) != -1) {
		switch (c) {
		case 'v': verbose = 1; break;
		case 'C': clocale = 1; break;
		case 'M': mhd = 0; break;
		case 'e': return 0;
		default: return 2;
		}
	}
	if (argc - optind != 2)
		return 2;
	step("start of main");
	if (!clocale)
		setlocale(LC_ALL, "");
	step("setlocale");
	if (!(cert_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")))
		die("key");
	step("certificate key");
#ifndef NO_CURL
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    !(curl = curl_easy_init()))
		die("curl init");
	curl_easy_setopt(curl, CURLOPT_URL, argv[optind]);
	curl_easy_setopt(curl, CURLOPT_CAINFO, argv[optind + 1]);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	step("curl init");
#else
	conn_open(curl, argv[optind], argv[optind + 1]);
#endif
	get(curl);
	step("first request (TLS)");
	if (!(account_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")))
		die("key");
	sign(account_key);
	step("account key + signature");
#ifdef NO_MHD
	(void)mhd;
#else
	if (mhd && !(d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
					  MHD_USE_AUTO, 0, NULL, NULL, answer,
					  NULL, MHD_OPTION_END)))
		die("MHD_start_daemon");
	step("responder thread");
#endif
	for (int i = 0; i < 8; i++) {
		sign(account_key);
		get(curl);
	}
	step("8 more requests");
	if (!(req = X509_REQ_new()) || !X509_REQ_set_pubkey(req, cert_key) ||
	    !X509_REQ_sign(req, cert_key, EVP_sha256()) ||
	    !(pem = BIO_new(BIO_s_mem())) || !PEM_write_bio_X509_REQ(pem, req) ||
	    !PEM_write_bio_PrivateKey(pem, cert_key, NULL, NULL, 0, NULL, NULL))
		die("CSR");
	step("CSR + PEM");
#ifndef NO_MHD
	if (d)
		MHD_stop_daemon(d);
#endif
	BIO_free(pem);
	X509_REQ_free(req);
#ifndef NO_CURL
	curl_easy_cleanup(curl);
#else
	BIO_free_all(conn.bio);
	SSL_CTX_free(conn.ctx);
#endif
	EVP_PKEY_free(account_key);
	EVP_PKEY_free(cert_key);
	step("end");
	return 0;
}
