#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs of the same name running at the same time (a renewal from the
# timer while the admin issues by hand): each install lands whole, so the
# key always matches the certificate, and nothing is left half-done.
. "$top_srcdir/tests/lib.sh"

out=$T_TMP/keys
mkdir -p "$out"
crt=$out/pbx.crt key=$out/pbx.key
state=$T_TMP/state

run() {
	ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		"$ASTCERT" selfsigned --cn pbx.example.com --name pbx --key p256 \
		--out "$out" --owner "$(id -un):$(id -gn)" >/dev/null 2>>"$T_TMP/errs"
}
pubkey_of_cert() { openssl x509 -in "$1" -noout -pubkey | openssl sha256; }
pubkey_of_key() { openssl pkey -in "$1" -pubout 2>/dev/null | openssl sha256; }

rounds=${CONCURRENT_ROUNDS:-40}
mismatch=0 failed=0 state_mismatch=0
for ((i = 0; i < rounds; i++)); do
	run & a=$!
	run & b=$!
	run || failed=$((failed + 1))
	wait "$a" || failed=$((failed + 1))
	wait "$b" || failed=$((failed + 1))
	[ "$(pubkey_of_cert "$crt")" = "$(pubkey_of_key "$key")" ] ||
		mismatch=$((mismatch + 1))
	[ "$(pubkey_of_cert "$state/certs/pbx/cert.pem")" = \
	  "$(pubkey_of_key "$state/certs/pbx/privkey.pem")" ] ||
		state_mismatch=$((state_mismatch + 1))
done
check_eq "$rounds rounds of three concurrent installs: every run succeeds" 0 "$failed"
[ "$failed" = 0 ] || diag "$(sort "$T_TMP/errs" | uniq -c | head -n 5)"
check_eq "... the deployed key always matches the certificate" 0 "$mismatch"
check_eq "... so do the state copies" 0 "$state_mismatch"
check_eq "... the deployed pair is the state's pair" \
	"$(sha256sum <"$crt")" "$(sha256sum <"$state/certs/pbx/fullchain.pem")"
check_eq "... no journal left behind" "" "$(ls -A "$state/journal" 2>/dev/null)"
check_eq "... no temp file left behind" "" \
	"$(find "$out" "$state" -name '.astcert-*' | head -n 3)"
finish
