#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Colour reaches the terminal (an error in red, an empty field on its
# background), and NO_COLOR / --no-color leave only attributes (an
# underlined field, a bold underlined error).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"

env=(env -u NO_COLOR ESCDELAY=25 TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
     ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/none.conf"
     ASTCERT_DATA_DIR="$top_srcdir/data")
error="Give at least one DNS name or IP address."
# (tests/lib.sh exports NO_COLOR: the runs with colour take it out)
# colours: an SGR foreground or background (30-37, 40-47, 90-97, 100-107,
# 38;... and 48;...) among the parameters of an escape sequence
sgr_colour=$'\e\\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]'
# names_error ARGS...: the names screen with the error for no name, the
# pane with its escape sequences
names_error() {
	tui_start 80 24 "${env[@]}" "$@"
	tui_wait "step 1 of 9: Welcome"
	tui_keys Enter Enter
	tui_wait "step 3 of 9: Names"
	tui_keys Tab Enter
	tui_wait_shown "$error"
	tui capture-pane -p -e -t t >"$T_TMP/pane"
	tui_keys F10 y
	tui_wait_exit >/dev/null
	tui_stop
}
line_of() { grep -F -- "$1" "$T_TMP/pane" | head -1; }

names_error "$ASTCERT"
check_match "with colour: the error is red" $'\e\\[([0-9;]*;)?31[;m].*Give' \
	"$(line_of "least")"
check_match "with colour: the empty DNS field has its background" \
	$'DNS names +(\e\\[[0-9;]*m)*\e\\[([0-9;]*;)?(4[0-7]|10[0-7])[;m]' \
	"$(line_of "DNS names")"

names_error NO_COLOR=1 "$ASTCERT"
check_eq "NO_COLOR: no colour at all" "" "$(grep -E -- "$sgr_colour" "$T_TMP/pane" || true)"
check_match "NO_COLOR: the empty field is underlined" \
	$'DNS names +\e\\[([0-9;]*;)?4[;m]' "$(line_of "DNS names")"
check_match "NO_COLOR: the error is bold and underlined" \
	$'\e\\[([0-9;]*;)?4[;m].*Give' "$(line_of "least")"

names_error "$ASTCERT" --no-color
check_eq "--no-color: no colour at all" "" "$(grep -E -- "$sgr_colour" "$T_TMP/pane" || true)"
finish
