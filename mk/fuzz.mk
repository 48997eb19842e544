# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzz targets: tests/fuzz/run.sh TARGET builds tests/fuzz/fuzz_TARGET.c
# with clang and libFuzzer and runs it over tests/fuzz/corpus/TARGET
# (.ci/run, not make check).  make check replays every corpus file through
# the same entry points without libFuzzer (tests/fuzz/corpora.sh).
fuzz_targets = tests/fuzz/replay_import tests/fuzz/replay_dns \
	tests/fuzz/replay_cfg tests/fuzz/replay_acme tests/fuzz/replay_answers
check_PROGRAMS += $(fuzz_targets)
tests_fuzz_replay_import_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_import.c
tests_fuzz_replay_dns_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_dns.c
tests_fuzz_replay_cfg_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_cfg.c
tests_fuzz_replay_acme_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_acme.c \
	tests/fuzz/fuzz.h
# the wizard without a terminal: no ui/tui.c, no curses
tests_fuzz_replay_answers_SOURCES = tests/fuzz/replay.c \
	tests/fuzz/fuzz_answers.c ui/wiz.c ui/wiz_form.c ui/wiz_job.c \
	ui/wiz_answers.c ui/wiz_scroll.c ui/scr_start.c ui/scr_acme.c ui/scr_checks.c \
	ui/scr_import.c ui/scr_contents.c ui/scr_ca.c ui/scr_names.c \
	ui/scr_subject.c \
	ui/scr_key.c ui/scr_install.c ui/scr_review.c ui/scr_progress.c \
	ui/scr_result.c ui/wg.c ui/wg_pick.c ui/complete.c ui/draw.c \
	ui/print.c
tests_fuzz_replay_import_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS)
tests_fuzz_replay_dns_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS)
tests_fuzz_replay_cfg_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS)
tests_fuzz_replay_acme_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS)
tests_fuzz_replay_answers_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS) -pthread
tests_fuzz_replay_import_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_dns_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_cfg_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_acme_LDADD = $(ENGINE_LIBS)
tests_fuzz_replay_answers_LDADD = $(ENGINE_LIBS) -lpthread
TESTS += tests/fuzz/corpora.sh
EXTRA_DIST += tests/fuzz/README tests/fuzz/run.sh tests/fuzz/corpora.sh \
	tests/fuzz/lsan.supp tests/fuzz/acme.dict tests/fuzz/cfg.dict \
	tests/fuzz/answers.dict \
	tests/fuzz/corpus
