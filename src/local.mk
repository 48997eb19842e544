# SPDX-License-Identifier: GPL-3.0-or-later
# The engine library.
noinst_LIBRARIES += libastcert.a
libastcert_a_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS)
libastcert_a_SOURCES = \
	src/ac.h src/ctx.c \
	src/i18n.h \
	src/err.h src/err.c \
	src/xalloc.h src/xalloc.c \
	src/util.h src/util.c \
	src/text.h src/text.c \
	src/names.h src/names.c \
	src/keys.h src/keys.c \
	src/x509.h src/x509.c \
	src/certinfo.h src/certinfo.c \
	src/store.h src/store.c src/store_int.h src/store_journal.c \
	src/owner.c \
	src/cfg.h src/cfg.c \
	src/profile.h src/profile.c \
	src/job.h src/job.c src/step_install.c \
	src/step.h src/step.c src/source.h src/source.c
