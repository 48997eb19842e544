#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# An error names the answer to fix and takes the user there: the engine
# says which answer failed (a field code, not an option's name); the
# wizard names its field and screen, Enter goes to that field with the
# focus on it and the reason shown; the command line names its option.
. "$top_srcdir/tests/lib.sh"

export ASTCERT_DATA_DIR=$top_srcdir/data
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
flat() { screen "$1" | tr -s ' \n' ' '; }
title() { screen "$1" | sed -n '1s/^ astcert — //p'; }
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/k.pem" -out "$T_TMP/c.pem" -subj /CN=pbx.example.com \
	-addext subjectAltName=DNS:pbx.example.com \
	-addext basicConstraints=critical,CA:FALSE \
	-addext extendedKeyUsage=serverAuth -days 30 2>/dev/null
openssl pkcs12 -export -in "$T_TMP/c.pem" -inkey "$T_TMP/k.pem" \
	-out "$T_TMP/pbx.p12" -passout pass:secret
out=$T_TMP/keys
mkdir -p "$out"
cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$T_TMP/pbx.p12"; ca_file = "$T_TMP/c.pem"; };
install = { out = "$out"; owner = "$(id -un):$(id -gn)"; deploy = false; };
END
# welcome, path, six import fields, what they hold, four install fields:
# the review; the error; Enter: the passphrase field; typed, Enter
# through to the review
printf '%s\n' $(printf 'Enter %.0s' $(seq 13)) Enter wait dump Enter dump \
	"type secret" Enter Enter dump $(printf 'Enter %.0s' $(seq 6)) \
	dump Enter wait dump Enter >"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_eq "installed once the passphrase was given: status 0" 0 "$T_RC"
check_match "the error says what went wrong, naming no option" \
	'the PKCS#12 file is protected by a password; give its password\.' "$(flat 1)"
check_fails "... (no --passphrase-file)" grep -q -- '--passphrase' <<<"$(screen 1)"
check_match "the result names the field and its screen" \
	'To fix it: "Passphrase" on the Files to import screen\. Enter goes there' "$(flat 1)"
check_match "the key bar: Enter fixes it" 'Enter Fix it' "$(screen 1 | tail -1)"
check_eq "Enter: the screen of that field" "step 3 of 8: Files to import" "$(title 2)"
check_match "... the focus on it (its hint shows)" \
	'For an encrypted key or a PKCS#12 file' "$(flat 2)"
check_match "... with the reason, under its label" \
	'Passphrase: .*the PKCS#12 file is protected by a password' "$(flat 2)"
check_match "typed, the rest of the screen follows" 'Fetch intermediates' "$(screen 3)"
check_eq "on to the review" "step 6 of 8: Review" "$(title 4)"
check_match "installed" 'The certificate is installed.' "$(screen 5)"

# the command line names its option for the same error
ac import --cert "$T_TMP/pbx.p12" --ca-file "$T_TMP/c.pem" --out "$out" \
	--name cli --owner "$(id -un):$(id -gn)"
check_eq "the command line: status 2" 2 "$T_RC"
check_match "... the option that gives it" \
	'give its password\. \(option --passphrase-file\)$' "$AC_ERR"
finish
