/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target: what an ACME server sends (src/acme*.c): the directory,
 * problem documents, orders, authorizations, challenges, the certificate
 * chain and its alternates, and the ARI renewalInfo window.  The input is
 * the server's answers, in order, through the fake transport the unit tests
 * use; each answer is
 *
 *	STATUS [L:LOCATION] [A:ALTERNATE]... [N:NONCE] [R:RETRY-AFTER]
 *	BODY
 *
 * (R: last, as it may hold spaces); a line "%%" separates two answers.
 * Every answer carries a fresh nonce unless N: says otherwise ("N:" alone:
 * none).  One session fetches
 * the directory, runs an order (webroot HTTP-01, preferred chain, profile
 * and "replaces" when the directory offers them) and then asks for the
 * renewal window.  Checked besides the sanitizers: a failure always says
 * why and returns nothing, a success returns a certificate for our key,
 * no challenge file is left in the webroot, and a window is well ordered.
 */
#include <config.h>

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "src/acme.h"
#include "src/challenge.h"
#include "src/http.h"
#include "src/keys.h"
#include "tests/fuzz/fuzz.h"

#define CA "https://ca.test"
#define NOW 1767225600		/* 2026-01-01 */
#define CERTID "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Test keys, fixed so that the seed corpus can hold a certificate for the
 * certificate key (tests/fuzz/corpus/acme/README). */
static const char account_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg3N0BphgRvW5KUK3q\n"
	"3X8Ha1N2CX2/oIuNHFm+zuILmg6hRANCAARTbZERRNsgZs0qkWAECvawg/8XpLD1\n"
	"c6ulFpdkapI7puOsusYfNlYHxROAERsdWCEg8YS7UFq2NUjZws+t++nL\n"
	"-----END PRIVATE KEY-----\n";
static const char cert_key_pem[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgY/5uLqg6huOUh9e5\n"
	"TPC5r3qnFkn+zP4JAc+vJpFrVQShRANCAAS7R/aDbOVzqNMOvRbPd4z2LDfWyzlq\n"
	"/FYScaXQPJBqWZS/sTuwBo6YUwQFpAf6b981Np1rgR9lTED1DX/MNi8P\n"
	"-----END PRIVATE KEY-----\n";

static EVP_PKEY *account, *cert_key;
static char *webroot;
static struct ac_names names;

static void
cleanup(void)
{
	char *wk = xasprintf("%s/.well-known", webroot);
	char *ch = xasprintf("%s/acme-challenge", wk);

	rmdir(ch);
	rmdir(wk);
	rmdir(webroot);
	free(webroot);
	free(ch);
	free(wk);
	ac_names_clear(&names);
	EVP_PKEY_free(account);
	EVP_PKEY_free(cert_key);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct ac_err err = AC_ERR_INIT;

	(void)argc;
	(void)argv;
	account = ac_key_from_mem(account_pem, sizeof(account_pem) - 1, NULL,
				  "account", &err);
	cert_key = ac_key_from_mem(cert_key_pem, sizeof(cert_key_pem) - 1,
				   NULL, "cert", &err);
	webroot = xasprintf("%s/astcert-fuzz-acme.XXXXXX", fuzz_tmp_base());
	if (!account || !cert_key || !mkdtemp(webroot))
		abort();
	ac_strv_add(&names.dns, "pbx.example.test");
	ac_strv_add(&names.ip, "192.0.2.7");
	atexit(cleanup);
	return 0;
}

/* The server's answers, taken one per request. */
struct feed {
	const char *p, *end;
	int nonce;
};

/* The header line's fields into resp. */
static void
parse_head(const char *line, size_t len, struct ac_http_response *resp,
	   int nonce)
{
	char *head = xstrndup(line, len), *save = NULL, *ra = strstr(head, " R:");
	bool have_nonce = false;

	if (ra) {	/* an HTTP date holds spaces: R: takes the rest */
		ac_subject_set(&resp->retry_after, ra + 3);
		*ra = '\0';
	}
	resp->status = strtol(head, NULL, 10);
	for (char *f = strtok_r(head, " ", &save); f;
	     f = strtok_r(NULL, " ", &save)) {
		if (strncmp(f, "L:", 2) == 0)
			ac_subject_set(&resp->location, f + 2);
		else if (strncmp(f, "A:", 2) == 0)
			ac_strv_add(&resp->alternates, f + 2);
		else if (strncmp(f, "N:", 2) == 0) {
			ac_subject_set(&resp->nonce, f + 2);
			have_nonce = true;
		}
	}
	if (!have_nonce)
		resp->nonce = xasprintf("nonce-%d", nonce);
	free(head);
}

static bool
fake_fn(void *arg, const struct ac_http_request *req,
	struct ac_http_response *resp, struct ac_err *err)
{
	static const char sep[] = "\n%%\n";
	struct feed *f = arg;
	const char *nl, *end;

	(void)req;
	if (f->p >= f->end)
		return ac_err_set(err, AC_ERR_NET, "the server hung up");
	end = memmem(f->p, (size_t)(f->end - f->p), sep, sizeof(sep) - 1);
	if (!end)
		end = f->end;
	nl = memchr(f->p, '\n', (size_t)(end - f->p));
	parse_head(f->p, (size_t)((nl ? nl : end) - f->p), resp, ++f->nonce);
	if (nl && (size_t)(end - nl - 1) <= AC_HTTP_MAX_BODY)
		ac_buf_add(&resp->body, nl + 1, (size_t)(end - nl - 1));
	f->p = end < f->end ? end + sizeof(sep) - 1 : f->end;
	return true;
}

static bool
no_sleep(void *arg, long ms)
{
	(void)arg;
	(void)ms;
	return true;
}

/* True when the webroot holds no challenge file. */
static bool
webroot_clean(void)
{
	char *ch = xasprintf("%s/.well-known/acme-challenge", webroot);
	DIR *d = opendir(ch);
	struct dirent *e;
	bool clean = true;

	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			clean = false;
	if (d)
		closedir(d);
	free(ch);
	return clean;
}

static void
order(struct ac_acme *a)
{
	struct ac_acme_opts o = { .mode = AC_ACME_WEBROOT };
	char chain_cn[] = "Fuzz Root B", certid[] = CERTID;
	char profile[] = "classic";
	const json_t *meta = json_object_get(ac_acme_get0_directory(a), "meta");
	struct ac_err err = AC_ERR_INIT;
	STACK_OF(X509) *chain = NULL;
	X509 *leaf = NULL;
	bool ok;

	o.webroot = webroot;
	o.preferred_chain = chain_cn;
	o.replaces = certid;
	if (json_is_object(json_object_get(meta, "profiles")))
		o.profile = profile;
	ac_acme_set_account(a, account, CA "/acct/1");
	ok = ac_acme_order(a, &o, &names, cert_key, &leaf, &chain, &err);
	if (ok ? !leaf || !chain || !ac_key_matches(leaf, cert_key)
	       : !err.msg || leaf || chain)
		abort();
	if (!webroot_clean()) {
		fprintf(stderr, "fuzz_acme: a challenge file was left behind\n");
		abort();
	}
	X509_free(leaf);
	sk_X509_pop_free(chain, X509_free);
	ac_err_clear(&err);
}

static void
renewal_info(struct ac_acme *a)
{
	struct ac_ari_window w = { 0 };
	struct ac_err err = AC_ERR_INIT;
	int rc = ac_acme_ari_fetch(a, CERTID, &w, &err);

	if (rc == 1 && (w.end <= w.start || w.chosen < w.start ||
			w.chosen >= w.end ||
			w.next_check < NOW + AC_ARI_RECHECK_MIN ||
			w.next_check > NOW + AC_ARI_RECHECK_MAX))
		abort();
	if (rc == -1 && !err.msg)
		abort();
	ac_ari_window_clear(&w);
	ac_err_clear(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ac_ctx ctx = { .now_override = NOW };
	struct feed f = { (const char *)data, (const char *)data + size, 0 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_acme *a;

	a = ac_acme_new(&ctx, ac_http_new_fn(fake_fn, &f), CA "/dir");
	ac_acme_set_sleep(a, no_sleep, NULL);
	if (ac_acme_directory(a, &err)) {
		order(a);
		renewal_info(a);
	} else if (!err.msg) {
		abort();
	}
	ac_acme_free(a);
	ac_err_clear(&err);
	ERR_clear_error();
	return 0;
}
