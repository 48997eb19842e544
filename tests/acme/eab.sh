#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A CA that requires External Account Binding (Pebble's
# externalAccountBindingRequired): without it a clear message, with a wrong
# MAC key the CA's refusal, with the right one a certificate.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"

pebble_start 0 eab || { not_ok "pebble starts"; finish; exit 1; }

pebble_acme --domain eab.example.com --key p256
check_eq "no EAB: usage status 2" 2 "$T_RC"
check_match "... asks for --eab-kid and --eab-hmac" "external account binding.*--eab-kid and --eab-hmac" "$AC_ERR"
check_eq "... no request beyond the directory" 0 "$(grep -c 'POST' "$PEBBLE_DIR/pebble.log")"

wrong=$(printf 'wrong key wrong key wrong key wrong key!!' | base64 -w0 | tr '+/' '-_' | tr -d =)
pebble_acme --domain eab.example.com --key p256 --eab-kid "$PEBBLE_EAB_KID" --eab-hmac "$wrong"
check_eq "wrong EAB MAC key: status 1" 1 "$T_RC"
check_match "... the CA's refusal reaches the user" "ACME server|CA" "$AC_ERR"
check_eq "... nothing installed" "" "$(ls -A "$KEYS")"
check_eq "... no account stored" "" "$(ls -A "$T_TMP/state/accounts" 2>/dev/null)"

pebble_acme --domain eab.example.com --key p256 --eab-kid "$PEBBLE_EAB_KID" \
	--eab-hmac "$PEBBLE_EAB_HMAC" --verbose
check_eq "right EAB: issued" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "... account stored 0600" "0600 root:root" \
	"$(stat_mode "$T_TMP/state/accounts/127.0.0.1_14000/account.key")"
check_match "... the profile keeps the key id" "eab_kid = \"$PEBBLE_EAB_KID\"" \
	"$(cat "$T_TMP/state/certs/eab.example.com/renewal.conf")"
check_fails "... but never the MAC key" grep -q "$PEBBLE_EAB_HMAC" -r "$T_TMP/state"

# the stored account needs no EAB for the next order
pebble_acme --domain eab2.example.com --key p256
check_eq "next order reuses the bound account without EAB" 0 "$T_RC"
pebble_stop
finish
