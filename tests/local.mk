# SPDX-License-Identifier: GPL-3.0-or-later
# Tests: cmocka units and shell tests of the real binary, all TAP.  Every
# program here takes the global flags (Makefile.am); only the ones that
# link the wizard say so.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	ASTCERT='$(abs_top_builddir)/astcert$(EXEEXT)'; \
	export top_srcdir top_builddir ASTCERT;
LDADD = $(ENGINE_LIBS) $(CMOCKA_LIBS)
EXTRA_DIST += tests/unit/unit.h tests/lib.sh tests/lib-wait.sh tests/lib-tmux.sh \
	tests/lib-pebble.sh tests/cmocka-missing.sh

# cmocka units: one per engine module (and the widgets)
unit_tests = tests/unit/test_names tests/unit/test_x509 \
	tests/unit/test_store tests/unit/test_cfg tests/unit/test_job \
	tests/unit/test_wg tests/unit/test_text tests/unit/test_dl \
	tests/unit/test_challenge tests/unit/test_dns_update tests/unit/test_jws tests/unit/test_acme \
	tests/unit/test_acme_order tests/unit/test_acme_ari \
	tests/unit/test_import tests/unit/test_dns tests/unit/test_checks \
	tests/unit/test_ca tests/unit/test_draw tests/unit/test_pick
if HAVE_CMOCKA
check_PROGRAMS += $(unit_tests)
TESTS += $(unit_tests)
tests_unit_test_wg_LDADD = $(WIZARD_LIBS) $(CMOCKA_LIBS)
tests_unit_test_draw_LDADD = $(WIZARD_LIBS) $(CMOCKA_LIBS)
tests_unit_test_pick_LDADD = $(WIZARD_LIBS) $(CMOCKA_LIBS)
else
# configure went on without cmocka: make check says what to install
TESTS += tests/cmocka-missing.sh
endif

# the command line, the wizard and the files on disk
CLI_TESTS = tests/cli/selfsigned.sh tests/cli/badinput.sh tests/docs.sh \
	tests/cli/handshake.sh tests/cli/faults.sh tests/cli/basics.sh \
	tests/cli/concurrent.sh tests/cli/escape.sh tests/cli/rollback.sh \
	tests/cli/timer.sh \
	tests/cli/relative.sh tests/cli/faultmatrix.sh tests/cli/bounds.sh \
	tests/layering.sh tests/i18n.sh tests/dl/load.sh \
	tests/e2e/deploy.sh tests/e2e/retry.sh \
	tests/e2e/import.sh tests/e2e/review.sh tests/e2e/welcome.sh \
	tests/e2e/selfsigned.sh tests/e2e/scroll.sh tests/e2e/refusals.sh \
	tests/e2e/sizes.sh tests/e2e/country.sh tests/e2e/complete.sh \
	tests/e2e/answers.sh \
	tests/e2e/pjsip-lines.sh tests/e2e/validate.sh tests/e2e/result.sh \
	tests/e2e/uninames.sh \
	tests/tmux/wizard.sh tests/tmux/progress-wake.sh \
	tests/tmux/progress-moves.sh tests/tmux/keys.sh tests/tmux/colour.sh \
	tests/tmux/terminals.sh

# the wizard in other languages: Japanese text and boxes over wide
# characters, every screen in every language, tmux in ja_JP and ru_RU,
# ./quickstart run in French
LANG_TESTS = tests/e2e/japanese.sh tests/e2e/languages.sh \
	tests/tmux/languages.sh tests/cli/quickstart.sh
EXTRA_DIST += tests/lib-lang.sh tests/lib-wizard.sh

# ACME against a real Pebble
ACME_TESTS = tests/acme/issue.sh tests/acme/failures.sh tests/acme/nonce.sh \
	tests/acme/eab.sh tests/acme/chain.sh tests/acme/wizard.sh \
	tests/acme/wizard-dns01.sh tests/acme/wizard-dns01-manual.sh \
	tests/acme/account.sh tests/acme/hostile.sh tests/acme/faultmatrix.sh \
	tests/acme/preflight.sh tests/acme/renew.sh tests/acme/dns01.sh \
	tests/acme/dns01-hook.sh tests/acme/dns01-manual.sh
EXTRA_DIST += tests/acme/hostile.py tests/acme/deactivate.py tests/lib-bind.sh

# import, CSR, chain completion

# the wizard's flow (issue 11): every answer honoured, errors lead back
WIZFLOW_TESTS = tests/e2e/ca-answers.sh tests/e2e/error-field.sh \
	tests/engine-words.sh tests/e2e/special-names.sh tests/e2e/dns01.sh tests/tmux/too-small.sh \
	tests/e2e/mkdir.sh tests/e2e/phone-reissue.sh
TESTS += $(WIZFLOW_TESTS)
EXTRA_DIST += $(WIZFLOW_TESTS)
# translated text: plurals, contexts, dates, the log's language (issue 12)
TESTS += tests/cli/i18ntext.sh
EXTRA_DIST += tests/cli/i18ntext.sh tests/lib-po.sh po/README
IMPORT_TESTS = tests/import/formats.sh tests/import/faults.sh \
	tests/import/csr.sh tests/import/aia.sh
EXTRA_DIST += tests/import/mkfixtures.sh tests/import/common.sh

# domain checks
CHECKS_TESTS = tests/checks/dns.sh tests/checks/port.sh \
	tests/checks/clock.sh tests/checks/asterisk.sh tests/checks/webroot.sh \
	tests/checks/dns01.sh
EXTRA_DIST += tests/checks/lib-checks.sh

# private CA, renewal, kamailio on loopback in a network namespace
CA_TESTS = tests/ca/ca.sh tests/ca/renew.sh tests/ca/kamailio.sh \
	tests/ca/faults.sh
EXTRA_DIST += tests/ca/kamailio.cfg tests/ca/run-kamailio.sh \
	tests/ca/sip-options-tls.sh

TESTS += $(CLI_TESTS) $(LANG_TESTS) $(ACME_TESTS) $(IMPORT_TESTS) $(CHECKS_TESTS) \
	$(CA_TESTS)
EXTRA_DIST += $(CLI_TESTS) $(LANG_TESTS) $(ACME_TESTS) $(IMPORT_TESTS) $(CHECKS_TESTS) \
	$(CA_TESTS)

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
	tests/fuzz/fuzz_answers.c
tests_fuzz_replay_answers_LDADD = $(WIZARD_LIBS)
TESTS += tests/fuzz/corpora.sh tests/fuzz/tmpdir.sh
EXTRA_DIST += tests/fuzz/README tests/fuzz/run.sh tests/fuzz/corpora.sh \
	tests/fuzz/tmpdir.sh \
	tests/fuzz/lsan.supp tests/fuzz/acme.dict tests/fuzz/cfg.dict \
	tests/fuzz/answers.dict \
	tests/fuzz/corpus

# scratch space of the tests (tests/lib.sh, tests/unit/unit.h)
clean-local: clean-local-tests
clean-local-tests:
	-rm -rf tests/tmp tests/faultmatrix.txt tests/faultmatrix-acme.txt
.PHONY: clean-local-tests

# the engine's module graph has no cycle (issue 13)
TESTS += tests/modgraph.sh
EXTRA_DIST += tests/modgraph.sh tools/modgraph
