# SPDX-License-Identifier: GPL-3.0-or-later
# The checks path: engine sources, commands, tests.
libastcert_a_SOURCES += \
	src/dns.h src/dns.c src/caa.c \
	src/checks.h src/checks_int.h src/checks.c src/checks_host.c \
	src/checks_http.c src/checks_dns01.c
astcert_SOURCES += ui/cmd_check.c

check_PROGRAMS += tests/unit/test_dns tests/unit/test_checks
tests_unit_test_dns_CFLAGS = $(unit_cflags)
tests_unit_test_dns_LDADD = $(unit_ldadd)
tests_unit_test_checks_CFLAGS = $(unit_cflags)
tests_unit_test_checks_LDADD = $(unit_ldadd)

TESTS += tests/unit/test_dns tests/unit/test_checks \
	tests/checks/dns.sh \
	tests/checks/port.sh \
	tests/checks/clock.sh \
	tests/checks/asterisk.sh \
	tests/checks/webroot.sh \
	tests/checks/dns01.sh
EXTRA_DIST += tests/checks/dns01.sh tests/checks/dns.sh tests/checks/port.sh \
	tests/checks/clock.sh tests/checks/asterisk.sh \
	tests/checks/webroot.sh tests/checks/lib-checks.sh
