#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A self-signed run in a real terminal (tmux) in ja_JP.UTF-8 and in
# ru_RU.UTF-8, locales made for the test: the wizard speaks the language,
# every screen fits 80x24, and the result comes out in it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"
. "$top_srcdir/tests/lib-lang.sh"

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed"; exit 0
fi
if ! lang_stage; then
	echo "1..0 # SKIP built without NLS"; exit 0
fi
out=$T_TMP/keys
owner="$(id -un):$(id -gn)"

# t LANG MSGID: the translation the wizard shows
t() { LC_ALL=C.UTF-8 LANGUAGE=$1 TEXTDOMAINDIR=$ASTCERT_LOCALEDIR gettext -d astcert "$2"; }
# scrollback_has TEXT: the terminal shows or showed TEXT (its history)
scrollback_has() { tui capture-pane -p -S - -t t | grep -qF -- "$1"; }
# fits: no line of the terminal wider than its 80 columns
fits() { [ "$(tui_screen | LC_ALL=C.UTF-8 wc -L)" -le 80 ]; }

run() {
	local l=$1 loc=$2.UTF-8
	if ! lang_locale "$2"; then
		skip "no locale sources to make $loc (Debian: locales)"
		return
	fi
	rm -rf "$out" && mkdir -p "$out"
	tui_start 80 24 env ESCDELAY=25 TERM=tmux-256color LOCPATH="$LOCPATH" \
		LANG="$loc" LC_ALL="$loc" LANGUAGE= ASTCERT_LOCALEDIR="$ASTCERT_LOCALEDIR" \
		ASTCERT_STATE_DIR="$T_TMP/state.$l" ASTCERT_CONF="$T_TMP/none.conf" \
		ASTCERT_DATA_DIR="$top_srcdir/data" "$ASTCERT"
	check "$loc: the wizard starts in the language" tui_wait "$(t "$l" Welcome)"
	check "$loc: the welcome screen fits" fits
	tui_keys Enter
	check "$loc: the path screen" tui_wait "● $(t "$l" 'Self-signed certificate')"
	tui_keys Enter
	check "$loc: the names screen" tui_wait "$(t "$l" 'DNS names')"
	tui_type "pbx.example.com"
	tui_keys F1
	check "$loc: F1 shows help" tui_wait "$(t "$l" ' Help ' | sed 's/^ *//; s/ *$//')"
	check "$loc: the help fits" fits
	tui_keys Escape
	check "$loc: Esc closes it" tui_wait_gone "┌"
	tui_keys Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter
	check "$loc: the install screen" tui_wait "$(t "$l" 'Directory')"
	tui_keys C-u; tui_type "$out"; tui_keys Enter Enter C-u; tui_type "$owner"
	tui_keys Enter Enter
	check "$loc: the review screen" tui_wait "$(t "$l" 'The same without the wizard:')"
	check "$loc: the review fits" fits
	tui_keys Enter
	check "$loc: the certificate is installed" \
		tui_wait "$(t "$l" 'The certificate is installed.')"
	check "$loc: the result fits" fits
	diag "the result screen in $loc:"
	diag "$(tui_screen)"
	check "$loc: the certificate was written" test -s "$out/pbx.example.com.crt"
	tui_keys Enter
	check_eq "$loc: Enter on the result exits 0" 0 "$(tui_wait_exit)"
	check "$loc: the result printed on the terminal is in the language" \
		scrollback_has "$(t "$l" 'The certificate is installed.')"
	tui_stop
}

run ja ja_JP
run ru ru_RU
finish
