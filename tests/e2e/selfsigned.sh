#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A whole self-signed run through the wizard: every screen, the review's
# command line, the files written and the result, on the screen and in the
# scrollback after Finish.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"
out=$T_TMP/keys
mkdir -p "$out"
# a whole self-signed run (40 rows: the review's command line stays on the
# screen however deep the build directory, e.g. under make distcheck)
SIZE=80x40 wizard "
Enter			> Kind of certificate
Enter			> Names
type pbx.bücher.example sip.example.com
Tab			# to the IP addresses
type 192.0.2.10
dump
Enter			> Subject
type CA
Tab
type Ontario
Tab
type Toronto
Tab
type ShiftEight
dump
Enter			# to the unit
Enter			# to the common name, prefilled
Enter			> Key
Down			# ECDSA P-256
Tab			# to the validity
Enter			> Install
C-u
type $out
Enter			# to the file name
Enter			# to the owner
C-u
type root:nogroup
Enter			# to setting up Asterisk
Enter			> Review
dump
Enter			> Working
wait			> Result
dump
Enter"
check_eq "the run ends with status 0" 0 "$T_RC"
check_match "names show both forms" 'pbx\.bücher\.example → pbx\.xn--bcher-kva\.example' "$(screen 1)"
check_match "the CN is prefilled in ASCII form" 'Common name +pbx\.xn--bcher-kva\.example' "$(screen 2)"
check_shown "the review shows the command line" "astcert selfsigned --dns pbx.xn--bcher-kva.example --dns sip.example.com --ip 192.0.2.10 --country CA --state Ontario --locality Toronto --org ShiftEight --cn pbx.xn--bcher-kva.example --key p256 --days 825 --out $out" "$(screen 3)"
check_match "the review names the key as the key screen does" '^  Key +ECDSA P-256$' "$(screen 3)"
check_match "the result says installed" 'The certificate is installed\.' "$(screen 4)"
crt=$out/pbx.xn--bcher-kva.example.crt
check "the certificate was written" test -s "$crt"
check_eq "the key is 0640 root:nogroup" "0640 root:nogroup" "$(stat_mode "$out/pbx.xn--bcher-kva.example.key")"
check_match "the certificate has every name" 'DNS:pbx.xn--bcher-kva.example, DNS:sip.example.com, IP Address:192.0.2.10' \
	"$(openssl x509 -in "$crt" -noout -ext subjectAltName 2>/dev/null)"
check_match "the certificate is P-256" 'prime256v1|P-256' "$(openssl x509 -in "$crt" -noout -text)"
check_match "the result shows the fingerprint" "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2 | cut -c1-20)" "$(screen 4)"
after=$(screen 5)
check_match "after Finish the result stays in the terminal's scrollback" \
	'^astcert wizard: the result' "$after"
check_shown "... with where the certificate is" "$crt" "$after"
check_shown "... and its fingerprint" "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d :)" \
	"$(printf '%s' "$after" | tr -d ':')"
check_match "... a path on one line, ready to copy" "^ *Key +$out/pbx.xn--bcher-kva.example.key\$" "$after"

finish
