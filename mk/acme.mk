# SPDX-License-Identifier: GPL-3.0-or-later
# The acme path: engine sources, commands, tests.

libastcert_a_SOURCES += src/challenge.h src/challenge.c src/webroot.c \
	src/solver.h src/solver.c \
	src/dns_update.h src/dns_update.c src/dns_zone.c src/solver_dns.c \
	src/dns_hook.h src/dns_hook.c

check_PROGRAMS += tests/unit/test_challenge tests/unit/test_dns_update
tests_unit_test_challenge_CFLAGS = $(unit_cflags)
tests_unit_test_challenge_LDADD = $(unit_ldadd)
tests_unit_test_dns_update_CFLAGS = $(unit_cflags)
tests_unit_test_dns_update_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_challenge tests/unit/test_dns_update

libastcert_a_SOURCES += src/http.h src/http.c src/jws.h src/jws.c \
	src/acme.h src/acme_int.h src/acme.c src/acme_account.c \
	src/acme_order.c src/acme_job.c src/acme_check.c
astcert_SOURCES += ui/cmd_acme.c ui/cmd_revoke.c

check_PROGRAMS += tests/unit/test_jws tests/unit/test_acme \
	tests/unit/test_acme_order
tests_unit_test_acme_order_CFLAGS = $(unit_cflags)
tests_unit_test_acme_order_LDADD = $(unit_ldadd)
tests_unit_test_jws_CFLAGS = $(unit_cflags)
tests_unit_test_jws_LDADD = $(unit_ldadd)
tests_unit_test_acme_CFLAGS = $(unit_cflags)
tests_unit_test_acme_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_jws tests/unit/test_acme tests/unit/test_acme_order

TESTS += tests/acme/issue.sh tests/acme/failures.sh tests/acme/nonce.sh \
	tests/acme/eab.sh tests/acme/chain.sh tests/acme/wizard.sh \
	tests/acme/account.sh tests/acme/hostile.sh tests/acme/faultmatrix.sh \
	tests/acme/dns01.sh tests/acme/dns01-hook.sh tests/acme/dns01-manual.sh
EXTRA_DIST += tests/lib-pebble.sh tests/lib-bind.sh tests/acme/dns01.sh tests/acme/dns01-hook.sh tests/acme/dns01-manual.sh tests/acme/issue.sh tests/acme/failures.sh \
	tests/acme/nonce.sh tests/acme/eab.sh tests/acme/chain.sh \
	tests/acme/wizard.sh tests/acme/account.sh \
	tests/acme/hostile.sh tests/acme/hostile.py tests/acme/faultmatrix.sh
EXTRA_DIST += bench/acme bench/rss bench/rss-floor.c

# acme2: ARI renewal windows, domain checks before the order, renewal
libastcert_a_SOURCES += src/acme_ari.c
check_PROGRAMS += tests/unit/test_acme_ari
tests_unit_test_acme_ari_CFLAGS = $(unit_cflags)
tests_unit_test_acme_ari_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_acme_ari tests/acme/preflight.sh tests/acme/renew.sh
EXTRA_DIST += tests/acme/preflight.sh tests/acme/renew.sh
