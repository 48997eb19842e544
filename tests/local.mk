# SPDX-License-Identifier: GPL-3.0-or-later
# Tests: cmocka units and shell tests of the real binary, all TAP.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	ASTCERT='$(abs_top_builddir)/astcert$(EXEEXT)'; \
	export top_srcdir top_builddir ASTCERT;

unit_cflags = $(AM_CFLAGS) $(ENGINE_CFLAGS) $(CMOCKA_CFLAGS)
unit_ldadd = $(ENGINE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test_names tests/unit/test_x509 \
	tests/unit/test_store tests/unit/test_cfg tests/unit/test_job \
	tests/unit/test_wg tests/unit/test_text
tests_unit_test_text_CFLAGS = $(unit_cflags)
tests_unit_test_text_LDADD = $(unit_ldadd)
tests_unit_test_wg_SOURCES = tests/unit/test_wg.c ui/wg.c ui/wg_pick.c \
	ui/complete.c ui/draw.c
tests_unit_test_wg_CFLAGS = $(unit_cflags)
tests_unit_test_wg_LDADD = $(unit_ldadd)
tests_unit_test_job_CFLAGS = $(unit_cflags)
tests_unit_test_job_LDADD = $(unit_ldadd)
tests_unit_test_names_CFLAGS = $(unit_cflags)
tests_unit_test_names_LDADD = $(unit_ldadd)
tests_unit_test_x509_CFLAGS = $(unit_cflags)
tests_unit_test_x509_LDADD = $(unit_ldadd)
tests_unit_test_store_CFLAGS = $(unit_cflags)
tests_unit_test_store_LDADD = $(unit_ldadd)
tests_unit_test_cfg_CFLAGS = $(unit_cflags)
tests_unit_test_cfg_LDADD = $(unit_ldadd)
EXTRA_DIST += tests/unit/unit.h tests/lib.sh tests/lib-wait.sh tests/lib-tmux.sh

TESTS += tests/unit/test_names tests/unit/test_x509 tests/unit/test_store \
	tests/unit/test_cfg tests/unit/test_job tests/unit/test_wg \
	tests/unit/test_text

CLI_TESTS = tests/cli/selfsigned.sh tests/cli/badinput.sh tests/docs.sh \
	tests/cli/handshake.sh tests/cli/faults.sh tests/cli/basics.sh \
	tests/cli/concurrent.sh tests/cli/escape.sh tests/cli/rollback.sh \
	tests/cli/relative.sh tests/cli/faultmatrix.sh \
	tests/layering.sh tests/e2e/wizard.sh tests/e2e/deploy.sh \
	tests/tmux/wizard.sh tests/tmux/progress-wake.sh \
	tests/tmux/progress-moves.sh tests/tmux/keys.sh tests/tmux/colour.sh \
	tests/tmux/terminals.sh tests/e2e/retry.sh tests/e2e/pjsip-lines.sh \
	tests/i18n.sh tests/e2e/validate.sh tests/e2e/result.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)

# scratch space of the tests (tests/lib.sh, tests/unit/unit.h)
clean-local: clean-local-tests
clean-local-tests:
	-rm -rf tests/tmp tests/faultmatrix.txt tests/faultmatrix-acme.txt
.PHONY: clean-local-tests

# bounds on work, files and signals (issue 10)
TESTS += tests/cli/bounds.sh
EXTRA_DIST += tests/cli/bounds.sh
TESTS += tests/fuzz/tmpdir.sh
EXTRA_DIST += tests/fuzz/tmpdir.sh
