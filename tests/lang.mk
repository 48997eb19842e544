# SPDX-License-Identifier: GPL-3.0-or-later
# Tests of the wizard in other languages (issue 12): the in-memory screen
# with Japanese text and boxes over wide characters, the country pick-list
# in every language, every screen in every language, tmux in ja_JP and
# ru_RU, and ./quickstart run in French.
lang_unit_cflags = $(AM_CFLAGS) $(ENGINE_CFLAGS) $(CMOCKA_CFLAGS)
check_PROGRAMS += tests/unit/test_draw tests/unit/test_pick
tests_unit_test_draw_SOURCES = tests/unit/test_draw.c ui/draw.c
tests_unit_test_draw_CFLAGS = $(lang_unit_cflags)
tests_unit_test_draw_LDADD = $(ENGINE_LIBS) $(CMOCKA_LIBS)
tests_unit_test_pick_SOURCES = tests/unit/test_pick.c ui/wg.c ui/wg_pick.c \
	ui/draw.c
tests_unit_test_pick_CFLAGS = $(lang_unit_cflags)
tests_unit_test_pick_LDADD = $(ENGINE_LIBS) $(CMOCKA_LIBS)

LANG_TESTS = tests/e2e/japanese.sh tests/e2e/languages.sh \
	tests/tmux/languages.sh tests/cli/quickstart.sh
TESTS += tests/unit/test_draw tests/unit/test_pick $(LANG_TESTS)
EXTRA_DIST += tests/lang.mk tests/lib-lang.sh $(LANG_TESTS)
