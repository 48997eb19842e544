/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal front end of the wizard: curses, or a key script for tests. */
#ifndef TUI_H
#define TUI_H

#include "ui/cli.h"

/*
 * Runs the wizard on the terminal.  Returns the exit status.  no_color
 * turns colours off (NO_COLOR does too); answers, when not NULL, is an
 * answers file that fills the screens (read before the terminal is
 * touched: a bad one is reported on stderr, status 2).
 */
int tui_run(struct cli *cli, bool no_color, const char *answers);

/*
 * Runs the wizard without a terminal on a cols x rows screen, taking keys
 * from script (one per line: a key name as tmux spells it, "type TEXT",
 * "dump" to print the screen, "wait" for a running job, "resize CxR").
 */
int tui_run_script(struct cli *cli, FILE *script, int cols, int rows,
		   const char *answers);

#endif
