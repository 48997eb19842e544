#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A result longer than the screen (a deep key directory): shown a window at
# a time, saying where it is; PgDn and Home move it; printed whole after
# Finish.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

deep=$T_TMP/keys/$(printf 'd%.0s' $(seq 60))/$(printf 'e%.0s' $(seq 60))
mkdir -p "$deep"
wizard "
Enter			> Kind of certificate
Enter			> Names
type deep.example.com
Enter			# to the IP addresses
Enter			> Subject
$(keys Enter 5)
Enter			> Key
Down			# ECDSA P-256
Tab			# to the validity
Enter			> Install
C-u
type $deep
Enter			# to the file name
Enter			# to the owner
C-u
type root:nogroup
Enter			# to setting up Asterisk
Enter			> Review
Enter			# install now
wait			> Result
dump
Down			# line by line
Down
Down
Down
dump
NPage			# the rest
dump
NPage
dump
Home			# the top again
dump
Enter"
check_eq "deep directory: installed, status 0" 0 "$T_RC"
check_match "the long result says which lines show" 'lines 1-19 of [0-9]+: Up, Down, PgUp, PgDn for more' "$(screen 1)"
check_eq "... the screen still ends with the key bar" "F1/^G Help  D Details  Enter Finish" \
	"$(screen 1 | tail -n 1 | sed 's/^ *//; s/ *$//')"
check_match "Down moves a line" 'lines 5-23 of' "$(screen 2)"
check_match "PgDn shows the rest, with the pjsip.conf lines" 'priv_key_file=' "$(screen 3; screen 4)"
check_match "... and says where it is" 'lines [0-9]+-[0-9]+ of [0-9]+' "$(screen 3)"
check_match "Home goes back to the top" 'lines 1-19 of' "$(screen 5)"
whole=
for i in 1 2 3 4; do
	printf '%s' "$(screen $i)" | tr -d ' \n' |
		grep -qF "$(printf '%s' "$deep/deep.example.com.key" | tr -d ' \n')" && whole=$i
done
check "the key's whole path is on one screen" test -n "$whole"
check_shown "after Finish the whole long result is printed, the key's path too" \
	"$deep/deep.example.com.key" "$(screen 6)"
check_match "... with the pjsip.conf lines" 'priv_key_file=' "$(screen 6)"
check_fails "... and no window marker" grep -q 'PgUp, PgDn for more' <<<"$(screen 6)"

finish
