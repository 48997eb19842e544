#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A terminal below the wizard's floor: the message states the real minimum
# (WIZ_MIN_COLS x WIZ_MIN_ROWS, 60x16), and at that size the wizard runs.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed"; exit 0
fi
env=(env ESCDELAY=25 TERM=tmux-256color LANG=C.UTF-8
     ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/none.conf"
     ASTCERT_DATA_DIR="$top_srcdir/data")
small="The terminal is too small for the wizard: make it at least 60 columns by 16 lines, or press F10 to quit."

tui_start 59 24 "${env[@]}" "$ASTCERT"
check "59x24: asks for the real minimum, 60x16" tui_wait_shown "$small"
tui resize-window -t t -x 60 -y 15
check "60x15: still too small, the same words" tui_wait_shown "$small"
tui resize-window -t t -x 60 -y 16
check "60x16, the minimum the message named: the wizard shows" \
	tui_wait "step 1 of"
check_eq "... and no longer asks for a larger terminal" 0 \
	"$(tui_screen | grep -c 'too small' || true)"
tui_keys F10
check_eq "F10 on the welcome screen quits" 0 "$(tui_wait_exit)"
tui_stop
finish
