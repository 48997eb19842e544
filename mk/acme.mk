# SPDX-License-Identifier: GPL-3.0-or-later
# The acme path: engine sources, commands, tests.

libastcert_a_SOURCES += src/challenge.h src/challenge.c

check_PROGRAMS += tests/unit/test_challenge
tests_unit_test_challenge_CFLAGS = $(unit_cflags)
tests_unit_test_challenge_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_challenge
