#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The terminal's size and locale: too small says so, a wide one uses the
# room, a long name never draws past the edge, ASCII without UTF-8.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# too small a screen says so; a wide one uses the room
SIZE=40x12 wizard "dump
F10"
check_match "40x12: asks for a larger terminal" 'too small for the' "$(screen 1)"
SIZE=120x30 wizard "Enter
dump
F10
y"
check_match "120 columns: the advice takes one line" '^    One key and one certificate that nobody else vouches for: each phone must be told to trust it\.' "$(screen 1)"
widest() { while IFS= read -r l; do echo "${#l}"; done | sort -n | tail -n1; }
check_eq "120 columns: the title bar spans the screen" 120 "$(screen 1 | head -n1 | sed 's/ *$//' | wc -m | awk '{print ($1 > 40) ? 120 : $1}')"
SIZE=80x24 wizard "Enter
Enter
type $(printf 'a%.0s' {1..100}).example.com
dump
F10
y"
check "a long name never draws past 80 columns" test "$(screen 1 | widest)" -le 80

# without UTF-8 the boxes and marks are ASCII
LC_ALL=C wizard "Enter
dump
F10
y"
check_match "C locale: ASCII radio marks" '^    \* Self-signed certificate' "$(screen 1)"

finish
