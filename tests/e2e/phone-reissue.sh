#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# No silent re-issue: a phone that already has a certificate from the CA
# is named on the phones screen with its expiry; Enter issues a new one,
# and ticking "Revoke the old ones" revokes the old one once the new one
# is made.
. "$top_srcdir/tests/lib.sh"

export ASTCERT_DATA_DIR=$top_srcdir/data
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
flat() { screen "$1" | tr -s ' \n' ' '; }
title() { screen "$1" | sed -n '1s/^ astcert — //p'; }
keys=$T_TMP/keys
mkdir -p "$keys"
owner="$(id -un):$(id -gn)"
ac ca init --out "$keys" --owner "$owner"
ac ca phone --mac 00:04:f2:a1:b2:c3 --owner "$owner"
check_eq "a phone certificate to start with" 0 "$T_RC"
old=$(ac ca list --json; jq -r '.[] | select(.cn == "0004f2a1b2c3") | .serial' <<<"$AC_OUT")
cat >"$T_TMP/answers.conf" <<END
kind = "ca";
dns = [ "sip.example.com" ];
ca = { phones = [ "00:04:F2:A1:B2:C3" ]; };
install = { out = "$keys"; owner = "$owner"; deploy = false; };
END
# welcome, path, two names, six subject fields, key and validity, the two
# phone fields: Continue; then Space ticks the revocation, Enter goes on
# through the four install fields to the review, which runs
printf 'Enter\n%.0s' $(seq 14) >"$T_TMP/script"
printf '%s\n' dump Space Enter dump Enter Enter Enter Enter dump Enter wait \
	dump Enter >>"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_eq "the run ends with 0" 0 "$T_RC"
check_match "the phones screen stays, naming the phone that has a certificate" \
	'00:04:F2:A1:B2:C3 already has a certificate from this CA, valid until 20[0-9-]+' "$(flat 1)"
check_match "... and asks: Enter issues a new one, Space revokes the old" \
	'Enter issues a new one \(the old one stays valid\); Space first ticks "Revoke the old ones"' "$(flat 1)"
check_match "... the choice to revoke shows, unticked" 'Revoke the old ones +\[ \] yes' "$(screen 1)"
check_match "Enter again goes on" "^step [0-9]+ of [0-9]+: Install\$" "$(title 2)"
check_match "the review names the revocation" "astcert ca revoke $old" "$(flat 3)"
check_match "installed" 'The certificate is installed' "$(screen 4)"
ac ca list --json
check_eq "the old certificate is revoked" true \
	"$(jq -r --arg s "$old" '.[] | select(.serial == $s) | .revoked' <<<"$AC_OUT")"
check_eq "the new one is in force" "false" \
	"$(jq -r --arg s "$old" '[.[] | select(.cn == "0004f2a1b2c3" and .serial != $s)][0].revoked' <<<"$AC_OUT")"

# without the tick: the old one stays valid
old=$(jq -r '[.[] | select(.cn == "0004f2a1b2c3" and .revoked == false)][0].serial' <<<"$AC_OUT")
printf 'Enter\n%.0s' $(seq 14) >"$T_TMP/script"
# (the server's files are there now: a second Enter replaces them)
printf '%s\n' Enter Enter Enter Enter Enter Enter Enter wait dump Enter \
	>>"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_eq "no tick: the run ends with 0" 0 "$T_RC"
ac ca list --json
check_eq "... the old certificate stays valid" false \
	"$(jq -r --arg s "$old" '.[] | select(.serial == $s) | .revoked' <<<"$AC_OUT")"
finish
