#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The review shows what will be made as the user gave it: Unicode names
# beside the xn-- form the certificate carries, and the subject fields;
# the ACME screen says in one line what EAB, a directory URL and HTTP-01
# are, where they are asked.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

out=$T_TMP/keys
mkdir -p "$out"

wizard "
Enter			> Kind of certificate
Enter			> Names
type pbx.bücher.example sip.example.com
Tab
type 192.0.2.10
Enter			> Subject
type CA
Tab
type Ontario
Tab
type Toronto
Tab
type ShiftEight
Tab
type Telephony
Enter
Enter			> Key
Enter
Enter			> Install
C-u
type $out
$(keys Enter 3)
Enter			> Review
dump
F10
y"
check_match "the review shows a Unicode name beside its xn-- form" \
	'^  DNS names +pbx\.bücher\.example → pbx\.xn--bcher-kva\.example,$' "$(screen 1)"
check_match "... and a plain name as it is" '^ +sip\.example\.com$' "$(screen 1)"
check_match "the review shows the country" '^  Country +CA$' "$(screen 1)"
check_match "... the state" '^  State or province +Ontario$' "$(screen 1)"
check_match "... the locality" '^  Locality +Toronto$' "$(screen 1)"
check_match "... the organization" '^  Organization +ShiftEight$' "$(screen 1)"
check_match "... the unit" '^  Unit +Telephony$' "$(screen 1)"
check_match "... and the common name, as the certificate carries it" \
	'^  Common name +pbx\.xn--bcher-kva\.example$' "$(screen 1)"

# without UTF-8, the arrow is ASCII
LC_ALL=C wizard "
Enter
Enter			> Names
type pbx.xn--bcher-kva.example
$(keys Enter 10)
C-u
type $out
$(keys Enter 3)
Enter			> Review
dump
F10
y"
check_match "C locale: an ASCII arrow" '^  DNS names +.* -> pbx\.xn--bcher-kva\.example$' "$(screen 1)"

# the ACME screen: each of these explained where it is asked
wizard "
Enter			> Kind of certificate
Up
Enter			> Names
type pbx.example.com
Enter			> Certificate authority
Down
Down
Enter			# another CA: its directory URL
dump
type https://ca.example.com/acme/directory
Enter			# the EAB key ID
dump
Enter			# the EAB MAC key
dump
$(keys Enter 3)		# e-mail, terms: the challenge
dump
F10
y"
check_match "the directory URL: what it is" \
	"The address where the CA's ACME server starts" "$(flat 1)"
check_match "EAB: what it is, and when to leave it empty" \
	'External Account Binding ties this account to one you have at the CA' "$(flat 2)"
check_match "the EAB MAC key: where it comes from" \
	'The MAC key the CA showed with the key ID' "$(flat 3)"
check_match "HTTP-01: what it is, standalone or webroot" \
	'HTTP-01: the CA fetches a file from http://NAME/.well-known/acme-challenge/' "$(flat 4)"

finish
