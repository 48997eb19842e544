#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard checks a field as the user leaves it, and every field on
# Continue: the reason shows on that screen and the focus stays on the
# field, not four screens later on the review.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# title N: the title bar of the Nth dumped screen
title() { screen "$1" | sed -n '1s/^ astcert — //p'; }

# self-signed: the validity, from the key screen
wizard "Enter
Enter
type x.example.com
Enter
Enter
Tab
Tab
Tab
Tab
Tab
Enter
Tab
C-u
type abc
Enter
dump
C-u
type 0
Tab
dump
C-u
type 30
Enter
dump
F10
y"
check_eq "days \"abc\": Enter stays on the key screen" "step 5 of 9: Key" "$(title 1)"
check_match "... saying why" 'Validity "abc" is not a number of days from 1 to 36500\.' "$(screen 1)"
check_match "days 0: Tab out of the field is refused too" 'Validity "0" is not a number of days' "$(screen 2)"
check_eq "days 30: Enter goes on" "step 6 of 9: Install" "$(title 3)"
check_fails "... and the message is gone" grep -q Validity <<<"$(screen 3)"

# Let's Encrypt: names, e-mail, port, and no validity (the CA decides)
wizard "Enter
Home
Enter
type 192.0.2.1
Enter
dump
C-u
type pbx.example.com
Enter
dump
Tab
C-u
type admin@
Tab
dump
C-u
Tab
Space
Tab
Tab
C-u
type 99999
Enter
dump
F10
y"
check_eq "ACME: no IP address field" "" "$(screen 1 | grep 'IP addresses' || true)"
check_eq "an address as a name: Enter stays on the names screen" "step 3 of 10: Names" "$(title 1)"
check_match "... saying an ACME CA certifies names only" \
	'192\.0\.2\.1 is an IP address: an ACME CA certifies names only' \
	"$(screen 1 | tr -s ' \n' ' ')"
check_eq "a name goes on to the CA screen" "step 4 of 10: Certificate authority" "$(title 2)"
check_match "e-mail \"admin@\": refused as the field is left" \
	'"admin@" is not an e-mail address' "$(screen 3)"
check_match "... the focus stays there (its hint shows)" 'Where the CA sends expiry warnings' "$(screen 3)"
check_match "port 99999: refused on Continue" '"99999" is not a port' "$(screen 4)"
check_eq "... on the CA screen" "step 4 of 10: Certificate authority" "$(title 4)"

# a CSR: the commercial CA decides the validity too (no network needed to
# reach its key screen, unlike the ACME path's checks)
wizard "Enter
End
Enter
type pbx.example.com
Enter
Enter
Tab
Tab
Tab
Tab
Tab
Enter
dump
F10
y"
check_match "CSR: the key screen" "^step [0-9]+ of [0-9]+: Key\$" "$(title 1)"
check_eq "... does not ask the validity" "" "$(screen 1 | grep 'Valid for' || true)"

# no silent replacement: files of that name in the directory are named,
# and a second Enter agrees
keys=$T_TMP/keys; mkdir -p "$keys"
ac selfsigned --dns x.example.com --out "$keys" --owner root:root
old=$(openssl x509 -in "$keys/x.example.com.crt" -noout -fingerprint -sha256)
wizard "Enter
Enter
type x.example.com
Enter
Enter
Tab
Tab
Tab
Tab
Tab
Enter
Enter
Enter
C-u
type $keys
Enter
Enter
C-u
type root:root
Enter
Enter
dump
Enter
dump
F10
y"
check_match "existing files: Continue names them" \
	"x\.example\.com\.crt and x\.example\.com\.key are already in" "$(screen 1 | tr -s ' \n' ' ')"
check_match "... and stays on the install screen" "Install\$" "$(title 1)"
check_match "a second Enter goes on to the review" "Review\$" "$(title 2)"
check_eq "... nothing replaced before the review" "$old" \
	"$(openssl x509 -in "$keys/x.example.com.crt" -noout -fingerprint -sha256)"

finish
