# SPDX-License-Identifier: GPL-3.0-or-later
# The import path: engine sources, commands, tests.
libastcert_a_SOURCES += \
	src/import.h src/import.c src/import_job.c \
	src/chain.h src/chain.c src/aia.c
astcert_SOURCES += ui/cmd_import.c ui/cmd_csr.c

TESTS += tests/import/formats.sh tests/import/faults.sh tests/import/csr.sh tests/import/aia.sh
EXTRA_DIST += tests/import/mkfixtures.sh tests/import/common.sh \
	tests/import/formats.sh tests/import/faults.sh tests/import/csr.sh tests/import/aia.sh
