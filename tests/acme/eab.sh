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
check_match "... asks for the EAB key ID and MAC key, naming the options" "external account binding.*EAB key ID and MAC key.*\\(option --eab-kid, --eab-hmac-key-file\\)" "$AC_ERR"
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

# --- the MAC key from a file or the environment, never the command line
newacct() { rm -rf "$T_TMP/state/accounts"; }
hmac=$T_TMP/eab.hmac
printf '%s\n' "$PEBBLE_EAB_HMAC" >"$hmac"
chmod 0644 "$hmac"
newacct
pebble_acme --domain eab3.example.com --key p256 --eab-kid "$PEBBLE_EAB_KID" \
	--eab-hmac-key-file "$hmac"
check_eq "--eab-hmac-key-file readable by others: usage status 2" 2 "$T_RC"
check_match "... names the file and the fix" "$hmac.*chmod 600" "$AC_ERR"
check_eq "... one line" 1 "$(grep -c . "$T_TMP/err")"
chmod 0600 "$hmac"
pebble_acme --domain eab3.example.com --key p256 --eab-kid "$PEBBLE_EAB_KID" \
	--eab-hmac-key-file "$hmac"
check_eq "--eab-hmac-key-file 0600: a new bound account, issued" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_fails "... no warning" grep -q 'warning: --eab-hmac' "$T_TMP/err"
pebble_acme --domain eab3.example.com --key p256 --eab-kid "$PEBBLE_EAB_KID" \
	--eab-hmac-key-file "$T_TMP/missing"
check_eq "--eab-hmac-key-file missing: status 2" 2 "$T_RC"
check_match "... names the file" "$T_TMP/missing" "$AC_ERR"

newacct
ASTCERT_EAB_HMAC=$PEBBLE_EAB_HMAC pebble_acme --domain eab4.example.com \
	--key p256 --eab-kid "$PEBBLE_EAB_KID"
check_eq "ASTCERT_EAB_HMAC: a new bound account, issued" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check "... an account was made" test -s "$T_TMP/state/accounts/127.0.0.1_14000/account.url"

newacct
pebble_acme --domain eab5.example.com --key p256 --eab-kid "$PEBBLE_EAB_KID" \
	--eab-hmac "$PEBBLE_EAB_HMAC"
check_eq "--eab-hmac still works" 0 "$T_RC"
check_eq "... with a one-line warning about ps" 1 \
	"$(grep -c 'warning: .*--eab-hmac.*ps.*--eab-hmac-key-file' "$T_TMP/err")"
pebble_stop
finish
