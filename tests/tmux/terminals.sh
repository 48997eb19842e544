#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Terminals the wizard cannot draw on, a locale that is not UTF-8, and
# where the cursor rests for a screen reader.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"

env=(env ESCDELAY=25 ASTCERT_STATE_DIR="$T_TMP/state"
     ASTCERT_CONF="$T_TMP/none.conf" ASTCERT_DATA_DIR="$top_srcdir/data")
# the French catalogue, as tests/i18n.sh makes it
mkdir -p "$T_TMP/locale/fr/LC_MESSAGES"
msgfmt -o "$T_TMP/locale/fr/LC_MESSAGES/astcert.mo" "$top_srcdir/po/fr.po"
cursor() { tui display -p -t t '#{cursor_flag} #{cursor_y},#{cursor_x}'; }

# a dumb or unknown terminal: one line that says what to do, not curses'
for term in dumb no-such-terminal; do
	tui_start 80 24 "${env[@]}" TERM=$term LANG=C.UTF-8 "$ASTCERT"
	check_eq "TERM=$term: status 1" 1 "$(tui_wait_exit)"
	check "TERM=$term: it says so and points to the commands" tui_wait_shown \
		"astcert: this terminal (TERM=$term) cannot show the wizard: set TERM to your terminal's type, or run a command instead (see \"astcert --help\")."
	check_eq "TERM=$term: not ncurses' own error" 0 \
		"$(tui_screen | grep -c 'Error opening terminal' || true)"
	tui_stop
done
tui_start 80 24 "${env[@]}" TERM=dumb LANG=C.UTF-8 LANGUAGE=fr \
	ASTCERT_LOCALEDIR="$T_TMP/locale" "$ASTCERT"
tui_wait_exit >/dev/null
check "TERM=dumb in French" tui_wait_shown "ne peut pas afficher l'assistant"
tui_stop

# LANG=C: ASCII for every decoration, and non-ASCII typing refused aloud
tui_start 80 24 "${env[@]}" TERM=tmux-256color LANG=C LC_ALL=C "$ASTCERT"
check "C locale: the title's dash is ASCII" tui_wait " astcert - step 1 of 9: Welcome"
check_eq "C locale: no '?' on the welcome screen" 0 "$(tui_screen | grep -c '?' || true)"
check_eq "the cursor shows at the welcome text, for a screen reader" "1 2,2" "$(cursor)"
tui_keys F1
tui_wait "Press any key to close."
check_match "in the help, the cursor is at its text" '^1 [0-9]+,[0-9]+$' "$(cursor)"
# at_cursor: the screen from the cursor to the end of its line
at_cursor() {
	local c y x
	c=$(cursor); y=${c#* }; y=${y%,*}; x=${c#*,}
	tui_screen | sed -n "$((y + 1))p" | cut -c"$((x + 1))"-
}
check_match "... on the first letter of the help" '^[A-Za-z]' "$(at_cursor)"
tui_keys Space Enter Enter
tui_wait "step 3 of 9: Names"
tui_type "ab"; tui_keys -H c3 a9; tui_type "cd"
check "typed UTF-8 is refused with a message" \
	tui_wait_shown "Only ASCII can be typed here: the terminal's locale (C) has no other letters."
check "and the keys after it are kept" tui_wait "DNS names     abcd"
tui_keys F10 y
tui_wait_exit >/dev/null
tui_stop

# a Latin-1 locale gets Latin-1 messages, not UTF-8 bytes
mkdir -p "$T_TMP/loc"
if command -v localedef >/dev/null &&
   localedef -f ISO-8859-1 -i fr_FR "$T_TMP/loc/fr_FR.ISO-8859-1" 2>/dev/null; then
	LOCPATH=$T_TMP/loc LC_ALL=fr_FR.ISO-8859-1 LANGUAGE=fr \
		ASTCERT_LOCALEDIR=$T_TMP/locale "$ASTCERT" --help >"$T_TMP/help" 2>&1
	check_eq "Latin-1: é is one byte, 0xe9" "Sécuriser" \
		"$(head -2 "$T_TMP/help" | tail -1 | cut -d' ' -f1 | iconv -f ISO-8859-1 -t UTF-8)"
	check_eq "Latin-1: no UTF-8 byte pairs" 0 "$(grep -c $'\xc3' "$T_TMP/help" || true)"
	# but JSON is UTF-8: a translated warning is kept, not dropped
	mkdir -p "$T_TMP/k"
	LOCPATH=$T_TMP/loc LC_ALL=fr_FR.ISO-8859-1 LANGUAGE=fr \
		ASTCERT_LOCALEDIR=$T_TMP/locale ASTCERT_STATE_DIR=$T_TMP/st \
		ASTCERT_CONF=$T_TMP/none.conf "$ASTCERT" selfsigned \
		--dns pbx.example.com --out "$T_TMP/k" --owner "$(id -un):$(id -gn)" \
		--days 3650 --json >"$T_TMP/json" 2>&1
	check_match "Latin-1, --json: the French warning is there, in UTF-8" \
		'Validité de plus de 825 jours' "$(cat "$T_TMP/json")"
else
	skip "no fr_FR locale source to make a Latin-1 locale"
	skip "no fr_FR locale source to make a Latin-1 locale"
	skip "no fr_FR locale source to make a Latin-1 locale"
fi
finish
