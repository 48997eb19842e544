#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard in a real terminal (tmux): start, keys, Esc, resize, locale,
# a whole installation, and quitting.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"

out=$T_TMP/keys
mkdir -p "$out"
env=(env ESCDELAY=25 TERM=tmux-256color ASTCERT_STATE_DIR="$T_TMP/state"
     ASTCERT_CONF="$T_TMP/none.conf" ASTCERT_DATA_DIR="$top_srcdir/data")

tui_start 80 24 "${env[@]}" LANG=C.UTF-8 LC_ALL=C.UTF-8 "$ASTCERT"
check "astcert alone on a terminal starts the wizard" tui_wait "step 1 of 9: Welcome"
tui_keys Enter
check "Enter goes to the path screen" tui_wait "● Self-signed certificate"
tui_keys Escape
check "Esc goes back" tui_wait "step 1 of 9: Welcome"
tui_keys Enter Enter
check "the names screen" tui_wait "step 3 of 9: Names"
tui_type "pbx.example.com"
tui resize-window -t t -x 100 -y 30
check "after a resize the screen is laid out again (key bar on line 30)" \
	tui_wait_line 30 "F1/^G Help"
check "the typed name survives the resize" tui_wait "DNS names     pbx.example.com"
tui_keys F1
check "F1 shows help" tui_wait "A certificate is only accepted for the names it lists"
tui_keys Escape
# the help closed before the next keys (an Esc and a key too close together
# could read as Alt-key)
check "Esc closes the help" tui_wait_gone "A certificate is only accepted for the names it lists"
tui_keys Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter
check "the install screen" tui_wait "step 6 of 9: Install"
tui_keys C-u; tui_type "$out"; tui_keys Enter Enter C-u; tui_type "root:nogroup"; tui_keys Enter Enter
check "the review screen" tui_wait "The same without the wizard:"
tui_keys Enter
check "the certificate is installed" tui_wait "The certificate is installed."
check_eq "the key is 0640 root:nogroup" "0640 root:nogroup" "$(stat_mode "$out/pbx.example.com.key")"
tui_keys Enter
check_eq "Enter on the result exits 0" 0 "$(tui_wait_exit)"
check "the result stays on the terminal after Finish, the Asterisk lines too" tui_wait "priv_key_file"
check "... the key's path with it (the terminal wraps a long one)" tui_wait_shown "$out/pbx.example.com.key"
tui_stop

# the country pick-list, F2 on the review (a function key the terminal
# sends), then "astcert --answers FILE" on the same terminal
ans=$T_TMP/answers.conf
tui_start 80 24 "${env[@]}" LANG=C.UTF-8 LC_ALL=C.UTF-8 "$ASTCERT"
tui_wait "step 1 of 9: Welcome"; tui_keys Enter Enter
tui_wait "step 3 of 9: Names"; tui_type "sip.example.com"; tui_keys Enter Enter
tui_wait "step 4 of 9: Subject"; tui_type "switz"
check "typing part of a name shows the matching country" tui_wait "│ CH  Switzerland"
tui_keys Enter
check "Enter picks it: the code, the name beside it" tui_wait "Country            CH  Switzerland"
tui_keys Enter Enter Enter Enter Enter Enter Enter
tui_wait "step 6 of 9: Install"
tui_keys C-u; tui_type "$out"; tui_keys Enter Enter Enter Enter
check "the review names F2" tui_wait "F2 Save answers"
tui_keys F2
check "F2 asks where to save" tui_wait "Save the answers"
tui_keys C-u; tui_type "$ans"; tui_keys Enter
check "the answers are saved" tui_wait_shown "(secrets left out)"
check_eq "mode 0600" "0600" "$(stat -c %04a "$ans" 2>&1)"
tui_keys F10 y
tui_wait_exit >/dev/null
tui_stop
tui_start 80 24 "${env[@]}" LANG=C.UTF-8 LC_ALL=C.UTF-8 "$ASTCERT" --answers "$ans"
check "astcert --answers FILE starts the wizard, filled in" tui_wait_shown "check each screen."
tui_keys Enter Enter
check "the names are there" tui_wait "DNS names     sip.example.com"
tui_keys Enter Enter
check "the country too" tui_wait "Country            CH  Switzerland"
tui_keys F10 y
check_eq "F10 y quits with 1" 1 "$(tui_wait_exit)"
tui_stop

# not UTF-8: ASCII marks and lines
tui_start 80 24 "${env[@]}" LANG=C LC_ALL=C "$ASTCERT"
tui_wait "step 1 of 9" ; tui_keys Enter
check "C locale: ASCII marks" tui_wait "* Self-signed certificate"
tui_keys F10
check "F10 asks before quitting" tui_wait "Quit without installing anything? (y/n)"
tui_keys n
check "n keeps the wizard" tui_wait "Kind of certificate"
tui_keys F10 y
check_eq "y quits with 1" 1 "$(tui_wait_exit)"
tui_stop

# the terminal is given back as it was: no stray escapes in the pane
tui_start 80 24 "${env[@]}" LANG=C.UTF-8 "$ASTCERT"
tui_wait "Welcome"; tui_keys F10
tui_wait_exit >/dev/null
check_eq "after the wizard the screen is restored" "" "$(tui_screen | grep -F 'astcert —' || true)"
tui_stop

# a machine so loaded that the wizard gets no CPU for 12 s (SIGSTOP, then
# SIGCONT: the stall simulated, not a wait): the waits follow the screen,
# so the test only takes longer
tui_start 80 24 bash -c 'echo $$ >"$0"; exec "$@"' "$T_TMP/wizard.pid" \
	"${env[@]}" LANG=C.UTF-8 "$ASTCERT"
tui_wait "step 1 of 9: Welcome"
pid=$(cat "$T_TMP/wizard.pid")
kill -STOP "$pid"
(sleep 12; kill -CONT "$pid") &
tui_keys Enter
check "stalled for 12 s, the wizard goes on where it was" tui_wait "● Self-signed certificate"
tui_keys F10 y
check_eq "... and quits as asked" 1 "$(tui_wait_exit)"
tui_stop

finish
