# SPDX-License-Identifier: GPL-3.0-or-later
# libcurl and libmicrohttpd loaded with dlopen() by the commands that need
# them (src/dl.h), instead of being linked into every command.
libastcert_a_SOURCES += src/dl.h src/dl.c src/dl_curl.c src/dl_mhd.c

check_PROGRAMS += tests/unit/test_dl
tests_unit_test_dl_CFLAGS = $(unit_cflags)
tests_unit_test_dl_LDADD = $(unit_ldadd)
TESTS += tests/unit/test_dl tests/dl/load.sh
EXTRA_DIST += tests/dl/load.sh
