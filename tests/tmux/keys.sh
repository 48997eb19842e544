#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Keys as PuTTY and plain terminals send them, under TERM=xterm: F1 as
# ESC [ 11 ~ and ESC O P, escape sequences nobody knows, Ctrl-C, the keys
# that need no function key (Ctrl-G help, Ctrl-X / Ctrl-Q quit), Enter on
# the country pick-list, and the key bar saying what Enter does.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"

env=(env ESCDELAY=25 TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8
     ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/none.conf"
     ASTCERT_DATA_DIR="$top_srcdir/data")
help="A certificate is only accepted for the names it lists"
keybar() { tui_screen | sed -n 24p; }

tui_start 80 24 "${env[@]}" "$ASTCERT"
tui_wait "step 1 of 9: Welcome"
check "the key bar names the control keys for help and quit" \
	tui_wait_line 24 "F1/^G Help  Enter Begin  F10/^X Quit"
tui_keys Enter Enter
tui_wait "step 3 of 9: Names"
check "on the first of two fields, Enter goes to the next field" \
	tui_wait_line 24 "Enter Next field"
tui_type "pbx"
tui_keys -H 1b 5b 31 31 7e
check "ESC [ 11 ~ (PuTTY's F1) shows the help" tui_wait "$help"
tui_keys Space
tui_type "a"
check "and types nothing into the field" tui_wait "DNS names     pbxa"
check_eq "nor goes back a screen" 1 "$(tui_screen | grep -c 'step 3 of 9: Names')"
tui_keys -H 1b 4f 50
check "ESC O P (vt100's F1) shows the help" tui_wait "$help"
tui_keys Space
# sequences no terminal description here knows: read whole, dropped
tui_keys -H 1b 5b 39 39 7e
tui_keys -H 1b 5b 31 3b 35 51
tui_keys -H 1b 5b 32 35 7e
tui_type "b"
check "unknown sequences type nothing" tui_wait "DNS names     pbxab"
check_eq "and are no Esc: still on the names" 1 \
	"$(tui_screen | grep -c 'step 3 of 9: Names')"
tui_keys C-g
check "Ctrl-G shows the help" tui_wait "$help"
tui_keys Space
tui_keys Tab
check "on the last field, Enter continues" tui_wait_line 24 "Enter Continue"
tui_keys C-x
check "Ctrl-X asks before quitting" tui_wait "Quit without installing anything? (y/n)"
tui_keys n
tui_keys C-q
check "Ctrl-Q asks too" tui_wait "Quit without installing anything? (y/n)"
tui_keys n
tui_keys C-c
check "Ctrl-C asks too" tui_wait "Quit without installing anything? (y/n)"
tui_keys C-c
check_eq "a second Ctrl-C quits at once, with 1" 1 "$(tui_wait_exit)"
tui_stop

tui_start 80 24 "${env[@]}" "$ASTCERT"
tui_wait "step 1 of 9: Welcome"
tui_keys C-c
check_eq "Ctrl-C on the welcome screen quits, with 0" 0 "$(tui_wait_exit)"
tui_stop

# the country pick-list: Enter picks and moves on, as on any field
tui_start 80 24 "${env[@]}" "$ASTCERT"
tui_wait "step 1 of 9: Welcome"; tui_keys Enter Enter
tui_wait "step 3 of 9: Names"; tui_type "sip.example.com"; tui_keys Enter Enter
tui_wait "step 4 of 9: Subject"; tui_type "switz"
tui_wait "│ CH  Switzerland"
tui_keys Enter
tui_type "Bern"
check "Enter on the pick-list picks and moves to the next field" \
	tui_wait "State or province  Bern"
check "the country stays picked" tui_wait "Country            CH  Switzerland"
tui_keys Enter Enter Enter Enter Enter Enter Enter
tui_wait "step 6 of 9: Install"
tui_keys C-u; tui_type "$T_TMP"; tui_keys Enter Enter Enter Enter
check "the review says Enter installs" tui_wait_line 24 "Enter Install now"
tui_keys F10 y
tui_wait_exit >/dev/null
tui_stop
finish
