# SPDX-License-Identifier: GPL-3.0-or-later
# The astcert binary: CLI now, the ncurses wizard later.
bin_PROGRAMS += astcert
astcert_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS) $(NCURSES_CFLAGS) -pthread
astcert_LDADD = $(ENGINE_LIBS) $(NCURSES_LIBS) -lpthread
astcert_SOURCES = \
	ui/main.c \
	ui/cli.h ui/cli.c ui/print.c \
	ui/cmd_selfsigned.c ui/cmd_show.c ui/cmd_wizard.c \
	ui/tui.h ui/tui.c ui/draw.h ui/draw.c ui/wg.h ui/wg.c ui/wg_pick.c \
	ui/complete.h ui/complete.c \
	ui/wiz.h ui/wiz.c ui/wiz_form.c ui/wiz_job.c ui/wiz_answers.c ui/wiz_scroll.c \
	ui/scr_start.c ui/scr_acme.c ui/scr_checks.c ui/scr_import.c ui/scr_contents.c ui/scr_ca.c ui/scr_names.c ui/scr_subject.c ui/scr_key.c \
	ui/scr_install.c ui/scr_review.c ui/scr_progress.c ui/scr_result.c
