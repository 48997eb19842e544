#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# An ACME account the CA forgot (a new CA instance on the same URL: Pebble
# restarted, as Let's Encrypt staging after a reset) is registered again by
# the run that meets it, which finishes its order; the old account files go
# to the archive.  astcert renew heals the same way.  An account deactivated
# at the CA is replaced by a new one with a new key in the same way.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/lib-pebble.sh" || exit 99

cat >"$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF
acct=$T_TMP/state/accounts/127.0.0.1_14000
url() { cat "$acct/account.url"; }
archived() { find "$T_TMP/state/archive" -name account.url 2>/dev/null | wc -l; }

pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }
pebble_acme --domain one.example.com --key p256 --name pbx
check_eq "first certificate, new account" 0 "$T_RC"
first_url=$(url) first_key=$(sha256sum <"$acct/account.key")

# a new CA instance on the same URL: it knows no account
pebble_stop
pebble_start 0 || { not_ok "pebble starts again"; finish; exit 1; }
pebble_acme --domain two.example.com --key p256 --name pbx2
check_eq "after the CA forgot the account: issued in the same run" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_fails "... no 'created again on the next run'" grep -q "next run" "$T_TMP/err"
check "... a certificate installed" test -s "$KEYS/pbx2.crt"
check "... a new account URL stored" test "$first_url" != "$(url)"
check_eq "... the account key still 0600" "0600 root:root" "$(stat_mode "$acct/account.key")"
check_eq "... the old account files are in the archive" 1 "$(archived)"
check "... the archived URL is the old one" \
	grep -qxF "$first_url" $(find "$T_TMP/state/archive" -name account.url)
check_eq "... the CA kept the old key (it refused nothing)" "$first_key" \
	"$(sha256sum <"$acct/account.key")"

pebble_acme --domain three.example.com --key p256 --name pbx3
check_eq "the next run uses the new account" 0 "$T_RC"
check_eq "... no account made again" 1 "$(archived)"

# renew from the timer after another reset
second_url=$(url)
pebble_stop
pebble_start 0 || { not_ok "pebble starts a third time"; finish; exit 1; }
ASTCERT_NOW=$(( $(date +%s) + 4 * 365 * 86400 )) ac renew
check_eq "renew after the CA forgot the account: renewed (exit 3)" 3 "$T_RC"
[ "$T_RC" = 3 ] || diag "$AC_OUT" "$AC_ERR"
check "... a new account URL" test "$second_url" != "$(url)"
check_eq "... both old accounts archived" 2 "$(archived)"
check_match "... last-renewal records success" "^ok=1" \
	"$(cat "$T_TMP/state/certs/pbx/last-renewal")"

# an account deactivated at the CA (by the admin with another client, or
# by the CA): the CA refuses everything it signs, so the run registers a
# new account with a new key and finishes its order
if python3 -c 'import cryptography' 2>/dev/null; then
	third_url=$(url) third_key=$(cat "$acct/account.key")
	out=$(python3 "$top_srcdir/tests/acme/deactivate.py" "$PEBBLE_URL" \
		"$PEBBLE_CA" "$acct/account.key" "$third_url" 2>&1)
	check_eq "the stored account is deactivated at the CA" "200 deactivated" "$out"
	pebble_acme --domain four.example.com --key p256 --name pbx4
	check_eq "after the CA deactivated the account: issued in the same run" 0 "$T_RC"
	[ "$T_RC" = 0 ] || diag "$AC_ERR"
	check "... a certificate installed" test -s "$KEYS/pbx4.crt"
	check "... a new account URL stored" test "$third_url" != "$(url)"
	check "... with a new key (the old one stays bound to the dead account)" \
		test "$third_key" != "$(cat "$acct/account.key")"
	check_eq "... the account key still 0600" "0600 root:root" "$(stat_mode "$acct/account.key")"
	check_eq "... the old account files are in the archive" 3 "$(archived)"
else
	skip "python3-cryptography is not installed (the deactivation request)"
fi
finish
