#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A failure is no dead end: from the error, Esc goes back to the review
# with every answer kept, the passphrase too, and R tries again (Enter goes
# to the answer at fault: tests/e2e/error-field.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# a leaf from a local root, in a PKCS#12 file with a passphrase
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/root.key" -out "$T_TMP/root.pem" -subj /CN=Test-Root \
	-days 30 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/k.pem" -out "$T_TMP/leaf.csr" -subj /CN=pbx.example.com \
	2>/dev/null
printf 'subjectAltName=DNS:pbx.example.com\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' \
	>"$T_TMP/leaf.ext"
openssl x509 -req -in "$T_TMP/leaf.csr" -CA "$T_TMP/root.pem" \
	-CAkey "$T_TMP/root.key" -CAcreateserial -days 30 \
	-extfile "$T_TMP/leaf.ext" -out "$T_TMP/c.pem" 2>/dev/null
openssl pkcs12 -export -in "$T_TMP/c.pem" -inkey "$T_TMP/k.pem" \
	-out "$T_TMP/pbx.p12" -passout pass:secret
out=$T_TMP/keys
mkdir -p "$out"
cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$T_TMP/pbx.p12"; ca_file = "$T_TMP/root.pem"; };
install = { out = "$out"; owner = "$(id -un):$(id -gn)"; deploy = false; };
END
to_review=$(keys Enter "$WIZ_IMPORT_TO_REVIEW")

# no passphrase: the error; R runs it again; Esc goes to the review;
# Esc back to the files, the passphrase typed, and on to the install
printf '%s\nEnter\nwait\ndump\nR\nwait\ndump\nEscape\ndump\nEscape\nEscape\nEscape\nTab\nTab\nTab\ntype secret\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nwait\ndump\nEnter\n' \
	"$to_review" >"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_eq "installed on the second try: status 0" 0 "$T_RC"
check_match "the error says what went wrong" \
	'the PKCS#12 file is protected by a password' "$(flat 1)"
check_match "and offers to try again, to go back to the review and to fix it" \
	'R Try again .*Esc Review .*Enter Fix it' "$(screen 1 | tail -1)"
check_match "R runs the same again: the same error" \
	'the PKCS#12 file is protected by a password' "$(flat 2)"
check_match "Esc: the review" 'step 6 of 8: Review' "$(screen 3)"
# (a long path wraps: compared with spaces and line breaks aside)
check_match "... with the certificate file kept" "Certificate$T_TMP/pbx.p12" "$(screen 3 | tr -d ' \n')"
check_match "... and the install directory" "Files$out/asterisk.crt" "$(screen 3 | tr -d ' \n')"
check_match "after fixing the passphrase, installed" \
	'The certificate is installed.' "$(screen 4)"
check "the certificate is there, named from it" test -s "$out/pbx.example.com.crt"

# a wrong passphrase is kept (in memory) for the next try
rm -f "$out"/*
printf 'Enter\nEnter\nTab\nTab\nTab\ntype wrong\n%s\nwait\ndump\nEscape\nEscape\nEscape\nEscape\ndump\nF10\ny\n' \
	"$(printf 'Enter\n%.0s' $(seq 9))" >"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_match "a wrong passphrase: the error" 'password' "$(screen 1)"
check_match "Esc from the error: the review; Esc three times more: the files, the passphrase still typed" \
	'Passphrase +\*\*\*\*\*$' "$(screen 2)"
check_eq "nothing was installed" "" "$(ls "$out")"
finish
