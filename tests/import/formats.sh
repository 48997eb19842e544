#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert import reads every format a CA or a Windows export gives, and
# installs the same normalized chain and key from each.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/common.sh"
mkfixtures "$F" || { echo "Bail out! cannot make the fixtures"; exit 1; }
CA=(--ca-file "$F/root.pem")
PASS=(--passphrase-file "$F/pass.txt")

imp sep "${CA[@]}" --cert "$F/leaf.pem" --key "$F/leaf.key" --chain "$F/chain.pem"
installed sep "separate PEM files"

imp odd "${CA[@]}" --cert "$F/bundle-odd.pem"
installed odd "one PEM bundle in odd order, root, duplicate and text"

imp der "${CA[@]}" --cert "$F/leaf.der" --key "$F/leaf.key" \
	--chain "$F/int1.der" --chain "$F/int2.der"
installed der "DER certificate and DER chain files"

imp p7 "${CA[@]}" --cert "$F/chain.p7b" --key "$F/leaf.key"
installed p7 "PKCS#7 PEM with the root inside"

imp p7der "${CA[@]}" --cert "$F/chain-der.p7b" --key "$F/leaf.key"
installed p7der "PKCS#7 DER"

imp p12 "${CA[@]}" "${PASS[@]}" --cert "$F/modern.p12"
installed p12 "PKCS#12 (AES, PBKDF2)"
check_match "PKCS#12: says why the key is unencrypted" 'without its passphrase' "$AC_ERR"

imp legacy "${CA[@]}" "${PASS[@]}" --cert "$F/legacy.p12"
installed legacy "legacy PKCS#12 (RC2-40 and 3DES)"

imp pk8 "${CA[@]}" "${PASS[@]}" --cert "$F/leaf.pem" --key "$F/key-pkcs8-enc.pem" \
	--chain "$F/chain.pem"
installed pk8 "encrypted PKCS#8 key"

imp trad "${CA[@]}" "${PASS[@]}" --cert "$F/leaf.pem" --key "$F/key-trad-enc.pem" \
	--chain "$F/chain.pem"
installed trad "encrypted traditional RSA key"

imp crlf "${CA[@]}" --cert "$F/crlf-bom.pem" --key "$F/leaf.key"
installed crlf "e-mailed bundle: CRLF, UTF-8 BOM, text around"

sed 's/$/\r/' "$F/leaf.key" >"$T_TMP/crlf.key"
imp crlfkey "${CA[@]}" --cert "$F/crlf-bom.pem" --key "$T_TMP/crlf.key"
installed crlfkey "CRLF key file"

# the CA file may itself come in any format
openssl x509 -in "$F/root.pem" -outform DER -out "$T_TMP/root.der"
imp cader --ca-file "$T_TMP/root.der" --cert "$F/modern.p12" "${PASS[@]}"
installed cader "DER --ca-file"

# the summary, JSON and the state copies
imp json "${CA[@]}" --json --cert "$F/bundle-odd.pem" --dns pbx.example.test
check_eq "JSON: exit status 0" 0 "$T_RC"
check_eq "JSON: the leaf's names" '["pbx.example.test","*.voip.example.test"]' \
	"$(printf '%s' "$AC_OUT" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["certificate"]["dns"], separators=(",",":")))')"
check_eq "state fullchain equals the deployed chain" \
	"$(cat "$T_TMP/o-json/json.crt")" "$(cat "$T_TMP/state/certs/json/fullchain.pem")"
check_eq "state chain holds the intermediates only" \
	"astcert Test Int 2|astcert Test Int 1" "$(cns "$T_TMP/state/certs/json/chain.pem")"

imp text "${CA[@]}" --cert "$F/bundle-odd.pem"
check_match "text summary: subject" 'CN=pbx.example.test' "$AC_OUT"
check_match "text summary: SHA-256" \
	"$(openssl x509 -in "$F/leaf.pem" -noout -fingerprint -sha256 | sed 's/.*=//')" "$AC_OUT"
check_match "text summary: pjsip snippet" 'priv_key_file=.*/text.key' "$AC_OUT"

# without --name the first DNS name is the file name
rm -rf "$T_TMP/o-def"; mkdir -p "$T_TMP/o-def"
ac import "${CA[@]}" --cert "$F/bundle-odd.pem" --out "$T_TMP/o-def" --owner "$OWNER"
check_eq "default file names" "pbx.example.test.crt pbx.example.test.key" \
	"$(cd "$T_TMP/o-def" && echo *)"
finish
