# SPDX-License-Identifier: GPL-3.0-or-later
# The astcert binary: CLI now, the ncurses wizard later.
bin_PROGRAMS += astcert
astcert_CFLAGS = $(AM_CFLAGS) $(ENGINE_CFLAGS) $(NCURSES_CFLAGS)
astcert_LDADD = $(ENGINE_LIBS)
astcert_SOURCES = \
	ui/main.c \
	ui/cli.h ui/cli.c ui/print.c \
	ui/cmd_selfsigned.c ui/cmd_show.c
