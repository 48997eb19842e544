# SPDX-License-Identifier: GPL-3.0-or-later
# The front ends: the wizard's screens in a library without a terminal
# (linked by the program, the unit tests and the fuzz targets), then the
# program: the command line and the curses layer.
noinst_LIBRARIES += libwizard.a
libwizard_a_SOURCES = \
	ui/print.c \
	ui/draw.h ui/draw.c ui/wg.h ui/wg.c ui/wg_pick.c \
	ui/complete.h ui/complete.c \
	ui/wiz.h ui/wiz.c ui/wiz_form.c ui/wiz_job.c ui/wiz_answers.c \
	ui/wiz_scroll.c ui/words.h ui/words.c \
	ui/scr_start.c ui/scr_acme.c ui/scr_checks.c ui/scr_import.c ui/scr_contents.c \
	ui/scr_ca.c ui/scr_names.c ui/scr_subject.c ui/scr_key.c \
	ui/scr_install.c ui/scr_review.c ui/scr_progress.c ui/scr_result.c
WIZARD_LIBS = libwizard.a $(ENGINE_LIBS) -lpthread

bin_PROGRAMS += astcert
astcert_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
astcert_LDADD = $(WIZARD_LIBS) $(NCURSES_LIBS)
astcert_SOURCES = \
	ui/main.c ui/cli.h ui/cli.c \
	ui/cmd_selfsigned.c ui/cmd_show.c ui/cmd_wizard.c \
	ui/cmd_acme.c ui/cmd_revoke.c \
	ui/cmd_import.c ui/cmd_csr.c \
	ui/cmd_check.c \
	ui/cmd_ca.c ui/cmd_deploy.c ui/cmd_renew.c ui/cmd_status.c \
	ui/tui.h ui/tui.c
