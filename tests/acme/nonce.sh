#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# badNonce is always retried: with half of all nonces rejected, ten
# issuances in a row all succeed.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"

pebble_start 50 || { not_ok "pebble starts"; finish; exit 1; }
pebble_root "$T_TMP/root.pem"
good=0
for i in $(seq 1 10); do
	pebble_acme --domain "n$i.example.com" --key p256 --name "n$i"
	if [ "$T_RC" = 0 ] && openssl verify -CAfile "$T_TMP/root.pem" \
		-untrusted "$KEYS/n$i.crt" "$KEYS/n$i.crt" >/dev/null 2>&1; then
		good=$((good + 1))
	else
		diag "issuance $i: $AC_ERR"
	fi
done
check_eq "10 of 10 issuances succeed with 50 % of nonces rejected" 10 "$good"
# Pebble does not log rejections; without them the ten orders take 71
# POSTs (7 each, plus the account), with half rejected about twice that.
posts=$(grep -c 'POST .* -> calling handler()' "$PEBBLE_DIR/pebble.log")
check "Pebble really rejected nonces ($posts POSTs, 71 without rejections)" \
	test "$posts" -ge 100
pebble_stop
finish
