/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: DNS answers (from any server the user points us at) and
 * the CAA records in them.  The first input byte picks the query type. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "src/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = { AC_DNS_T_A, AC_DNS_T_AAAA, AC_DNS_T_CAA };
	struct ac_dns_rrs rrs = { 0 };
	struct ac_err err = AC_ERR_INIT;
	struct ac_caa_set set = { 0 };
	struct ac_strv ids = { 0 };
	char *last = NULL;

	if (size < 1)
		return 0;
	if (ac_dns_parse(data + 1, size - 1, "pbx.example.test",
			 types[data[0] % 3], &rrs, &last, &err)) {
		set.v = xcalloc(rrs.nrdata ? rrs.nrdata : 1, sizeof(*set.v));
		for (size_t i = 0; i < rrs.nrdata; i++)
			if (ac_caa_parse(rrs.rdata[i], rrs.rdlen[i],
					 &set.v[set.n]))
				set.n++;
		ac_strv_add(&ids, "letsencrypt.org");
		(void)ac_caa_evaluate(&set, &ids, data[0] & 4);
		for (size_t i = 0; i < set.n; i++)
			free(ac_caa_issuer(set.v[i].value));
	}
	ac_strv_clear(&ids);
	ac_caa_set_clear(&set);
	ac_dns_rrs_clear(&rrs);
	ac_err_clear(&err);
	free(last);
	return 0;
}
