/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TSIG key files and the RFC 2136 UPDATE message, without a server. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "src/dns_update.h"
#include "src/err.h"
#include "src/xalloc.h"

/* tsig-keygen -a hmac-sha256 astcert-key, as BIND writes it */
static const char good[] =
	"key \"astcert-key\" {\n"
	"\talgorithm hmac-sha256;\n"
	"\tsecret \"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTMyYg==\";\n"
	"};\n";

static void
test_key_parse(void **state)
{
	struct ac_tsig_key k = { 0 };
	struct ac_err err = AC_ERR_INIT;

	(void)state;
	assert_true(ac_tsig_key_parse(good, "k.conf", &k, &err));
	assert_string_equal(k.name, "astcert-key");
	assert_int_equal(k.alg, AC_TSIG_HMAC_SHA256);
	assert_int_equal(k.secret_len, 31);
	assert_memory_equal(k.secret, "secret-secret-secret-secret-32b", 31);
	assert_string_equal(k.path, "k.conf");
	ac_tsig_key_clear(&k);
	/* comments, an unquoted dotted name, hmac-sha512, any case */
	assert_true(ac_tsig_key_parse("# made by hand\n// and kept\n"
				      "/* a key */ key Upd.Example. {"
				      " algorithm HMAC-SHA512; secret \"QUJD\"; };",
				      "k.conf", &k, &err));
	assert_string_equal(k.name, "upd.example");
	assert_int_equal(k.alg, AC_TSIG_HMAC_SHA512);
	assert_int_equal(k.secret_len, 3);
	ac_tsig_key_clear(&k);
}

static void
refused(const char *text, enum ac_code code, const char *words)
{
	struct ac_tsig_key k = { 0 };
	struct ac_err err = AC_ERR_INIT;

	assert_false(ac_tsig_key_parse(text, "k.conf", &k, &err));
	assert_int_equal(err.code, code);
	assert_non_null(strstr(err.msg, words));
	assert_null(k.name);
	ac_err_clear(&err);
}

static void
test_key_refused(void **state)
{
	(void)state;
	refused("", AC_ERR_INPUT, "not a TSIG key file");
	refused("options { };", AC_ERR_INPUT, "not a TSIG key file");
	refused("key \"k\" { algorithm hmac-sha256; };", AC_ERR_INPUT,
		"not a TSIG key file");
	refused("key \"k\" { secret \"QUJD\"; };", AC_ERR_INPUT,
		"not a TSIG key file");
	refused("key \"k\" { algorithm hmac-sha256 secret \"QUJD\"; };",
		AC_ERR_INPUT, "not a TSIG key file");
	refused("key \"k\" { algorithm hmac-md5; secret \"QUJD\"; };",
		AC_ERR_INPUT, "hmac-md5");
	refused("key \"k\" { algorithm hmac-sha256; secret \"QUJ\"; };",
		AC_ERR_INPUT, "not base64");
	refused("key \"k\" { algorithm hmac-sha256; secret \"Q!JD\"; };",
		AC_ERR_INPUT, "not base64");
	refused("key \"k\" { algorithm hmac-sha256; algorithm hmac-sha512;"
		" secret \"QUJD\"; };", AC_ERR_INPUT, "not a TSIG key file");
}

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The message: header counts, the zone, the records, and a TSIG whose MAC
 * is the HMAC of the message without it and the TSIG variables. */
static void
test_update_build(void **state)
{
	struct ac_tsig_key k = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_dns_change c[2] = {
		{ "_acme-challenge.Example.test", "value-1", true },
		{ "_acme-challenge.example.test", "value-2", false },
	};
	struct ac_buf m = { 0 };
	unsigned char *mac = NULL, md[EVP_MAX_MD_SIZE];
	const unsigned char *p;
	size_t mac_len = 0, md_len = 0, body;

	(void)state;
	assert_true(ac_tsig_key_parse(good, "k.conf", &k, &err));
	assert_true(ac_dns_update_build("example.test", c, 2, 60, &k, 0x1234,
					1700000000LL, &m, &mac, &mac_len,
					&err));
	p = (const unsigned char *)m.data;
	assert_int_equal(u16(p), 0x1234);
	assert_int_equal(u16(p + 2), 5 << 11);	/* opcode UPDATE */
	assert_int_equal(u16(p + 4), 1);
	assert_int_equal(u16(p + 6), 0);
	assert_int_equal(u16(p + 8), 2);
	assert_int_equal(u16(p + 10), 1);
	assert_int_equal(mac_len, 32);
	/* zone: 7example4test0, SOA, IN */
	assert_memory_equal(p + 12, "\7example\4test\0\0\6\0\1", 18);
	/* the first record: lower-cased name, TXT IN, TTL 60, "value-1" */
	assert_memory_equal(p + 30, "\17_acme-challenge\7example\4test\0", 30);
	assert_memory_equal(p + 60, "\0\20\0\1\0\0\0\74\0\10\7value-1", 18);
	/* the second: class NONE, TTL 0 (delete this very record) */
	assert_memory_equal(p + 78 + 30, "\0\20\0\376\0\0\0\0\0\10\7value-2",
			    18);
	body = 78 + 48;
	/* the TSIG: key name, TSIG ANY, TTL 0, then its RDATA */
	assert_memory_equal(p + body, "\13astcert-key\0\0\372\0\377\0\0\0\0",
			    21);
	assert_memory_equal(p + body + 23, "\13hmac-sha256\0", 13);
	assert_memory_equal(p + body + 23 + 13 + 10, mac, mac_len);
	{
		struct ac_buf d = { 0 };

		ac_buf_add(&d, m.data, body);
		((unsigned char *)d.data)[11] = 0;
		ac_buf_add(&d, "\13astcert-key\0\0\377\0\0\0\0", 19);
		ac_buf_add(&d, "\13hmac-sha256\0", 13);
		/* 1700000000 = 0x6553f100, fudge 300, error 0, other 0 */
		ac_buf_add(&d, "\0\0\x65\x53\xf1\0\1\x2c\0\0\0\0", 12);
		assert_non_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL,
					  k.secret, k.secret_len,
					  (unsigned char *)d.data, d.len, md,
					  sizeof(md), &md_len));
		assert_memory_equal(md, mac, mac_len);
		ac_buf_clear(&d);
	}
	free(mac);
	ac_buf_clear(&m);
	/* a TXT value over 255 bytes cannot be sent */
	{
		char big[300];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		c[0].txt = big;
		assert_false(ac_dns_update_build("example.test", c, 1, 60, &k,
						 1, 1, &m, &mac, &mac_len,
						 &err));
		assert_int_equal(err.code, AC_ERR_INPUT);
		ac_err_clear(&err);
	}
	ac_tsig_key_clear(&k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_parse),
		cmocka_unit_test(test_key_refused),
		cmocka_unit_test(test_update_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
