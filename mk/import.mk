# SPDX-License-Identifier: GPL-3.0-or-later
# The import path: engine sources, commands, tests.
libastcert_a_SOURCES += \
	src/import.h src/import.c src/source_import.c \
	src/chain.h src/chain.c src/aia.c
astcert_SOURCES += ui/cmd_import.c ui/cmd_csr.c

check_PROGRAMS += tests/unit/test_import
tests_unit_test_import_CFLAGS = $(unit_cflags)
tests_unit_test_import_LDADD = $(unit_ldadd)

TESTS += tests/unit/test_import tests/import/formats.sh tests/import/faults.sh tests/import/csr.sh tests/import/aia.sh
EXTRA_DIST += tests/import/mkfixtures.sh tests/import/common.sh \
	tests/import/formats.sh tests/import/faults.sh tests/import/csr.sh tests/import/aia.sh
