#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The private CA through the real binary: init, server, phone (MAC notations,
# PKCS#12), list, revoke + CRL, exports, the Asterisk include files, status.
# openssl and GnuTLS certtool are the independent verifiers.
. "$top_srcdir/tests/lib.sh"

export ASTCERT_DATA_DIR="$top_srcdir/data"
keys=$T_TMP/keys phones=$T_TMP/phones
mkdir -p "$keys" "$phones" "$T_TMP/ast"
: > "$T_TMP/astcert.conf"
me=$(id -un):$(id -gn)
x509() { openssl x509 -in "$1" -noout "${@:2}" 2>&1; }

# --- ca init -------------------------------------------------------------
ac ca server --dns pbx.test.invalid --out "$keys"
check_eq "ca server before ca init: exit 2" 2 "$T_RC"
check_match "and says to run ca init" 'ca init' "$AC_ERR"
ac ca init --cn "ShiftEight PBX CA" --org ShiftEight --key rsa2048 --out "$keys"
check_eq "a 2048-bit CA key is refused" 2 "$T_RC"
ac ca init --cn "ShiftEight PBX CA" --org ShiftEight --permit test.invalid \
	--out "$keys" --owner "$me"
check_eq "ca init" 0 "$T_RC"
check_eq "CA key 0600 in the state directory" "0600" \
	"$(stat -c %a "$T_TMP/state/ca/ca.key" | sed 's/^/0/')"
check_eq "CA state directory 0700" "700" "$(stat -c %a "$T_TMP/state/ca")"
check_match "CA key is ECDSA P-384 by default" 'secp384r1|P-384' \
	"$(openssl pkey -in "$T_TMP/state/ca/ca.key" -noout -text 2>&1)"
check_match "CA:TRUE with pathlen 0" 'CA:TRUE, pathlen:0' \
	"$(x509 "$keys/astcert-ca.crt" -ext basicConstraints)"
check_match "name constraints: permitted DNS" 'Permitted:[[:space:]]+DNS:test.invalid' \
	"$(x509 "$keys/astcert-ca.crt" -ext nameConstraints | tr '\n' ' ')"
check_match "CN from --cn" 'CN ?= ?ShiftEight PBX CA' "$(x509 "$keys/astcert-ca.crt" -subject)"
end=$(date -d "$(x509 "$keys/astcert-ca.crt" -enddate | cut -d= -f2)" +%s)
check_eq "valid for 10 years (3650 days)" 3650 $(( (end - $(date +%s) + 43200) / 86400 ))
check_eq "DER export is the same certificate" \
	"$(x509 "$keys/astcert-ca.crt" -fingerprint -sha256)" \
	"$(openssl x509 -inform DER -in "$keys/astcert-ca.der" -noout -fingerprint -sha256)"
fp=$(x509 "$keys/astcert-ca.crt" -fingerprint -sha256 | cut -d= -f2)
first8=$(echo "$fp" | cut -d: -f1-8)
check_match "hand-off: fingerprint in lines of 8 pairs" "^    $first8\$" "$AC_OUT"
check_match "hand-off: phones need the right time" 'right time' "$AC_OUT"
ac ca init --cn "Second CA" --out "$keys"
check_eq "a second ca init is refused (exit 2)" 2 "$T_RC"
check_match "and the reason names the existing CA" 'already exists' "$AC_ERR"
check_eq "the first CA is untouched" "$fp" \
	"$(x509 "$T_TMP/state/ca/ca.crt" -fingerprint -sha256 | cut -d= -f2)"

# --- ca server -------------------------------------------------------------
ac ca server --dns pbx.test.invalid --days 826 --out "$keys"
check_eq "a server certificate over 825 days is refused" 2 "$T_RC"
ac ca server --dns pbx.test.invalid --ip 127.0.0.1 --name pbx --out "$keys" --owner "$me"
check_eq "ca server" 0 "$T_RC"
check "openssl verifies the server certificate against the CA" \
	openssl verify -CAfile "$keys/astcert-ca.crt" -purpose sslserver "$keys/pbx.crt"
check "certtool verifies it too" certtool --verify \
	--load-ca-certificate "$keys/astcert-ca.crt" --infile "$keys/pbx.crt"
check_match "serverAuth EKU" 'TLS Web Server Authentication' \
	"$(x509 "$keys/pbx.crt" -ext extendedKeyUsage)"
check_match "CA:FALSE" 'CA:FALSE' "$(x509 "$keys/pbx.crt" -ext basicConstraints)"
end=$(date -d "$(x509 "$keys/pbx.crt" -enddate | cut -d= -f2)" +%s)
check "at most 825 days" test $(( end - $(date +%s) )) -le $(( 825 * 86400 + 600 ))
check_eq "server key 0600 for its owner" "600" "$(stat -c %a "$keys/pbx.key")"
check_match "renewal profile kind ca-server" 'kind = "ca-server"' \
	"$(cat "$T_TMP/state/certs/pbx/renewal.conf")"
ac ca server --dns pbx.other.example --out "$keys" --name outside
check_eq "the CA signs (astcert does not check constraints itself)" 0 "$T_RC"
check_fails "but a verifier refuses a name outside the constraints" \
	openssl verify -CAfile "$keys/astcert-ca.crt" "$keys/outside.crt"

# --- ca phone ----------------------------------------------------------------
printf 'phone-secret\n' > "$T_TMP/pw"
for mac in 00:04:F2:A1:B2:C3 00-04-f2-a1-b2-c3 0004.f2a1.b2c3 0004F2A1B2C3; do
	ac ca phone --mac "$mac" --out "$phones" --owner "$me"
	check_eq "ca phone --mac $mac" 0 "$T_RC"
	check_match "CN is 0004f2a1b2c3 for $mac" 'CN ?= ?0004f2a1b2c3' \
		"$(x509 "$phones/0004f2a1b2c3.crt" -subject)"
done
ac ca phone --mac 00:04:F2:A1:B2 --out "$phones"
check_eq "a short MAC is refused (exit 2)" 2 "$T_RC"
check_match "naming the notations" '0004.f2a1.b2c3' "$AC_ERR"
ac ca phone --mac 00:04:F2:A1:B2:C4 --password phone-secret --out "$phones"
check_eq "--password on the command line is refused" 2 "$T_RC"
check_match "and --password-file suggested" 'password-file' "$AC_ERR"
check_eq "nothing was made for it" "" "$(ls "$phones" | grep b2c4)"
ac ca phone --mac 00:04:F2:A1:B2:C4 --password-file "$T_TMP/pw" --out "$phones" --owner "$me"
check_eq "ca phone with a PKCS#12 password" 0 "$T_RC"
p12=$phones/0004f2a1b2c4.p12
check_match "clientAuth EKU only" '^ *TLS Web Client Authentication$' \
	"$(x509 "$phones/0004f2a1b2c4.crt" -ext extendedKeyUsage | tail -1)"
check "openssl verifies the phone certificate for client use" \
	openssl verify -CAfile "$keys/astcert-ca.crt" -purpose sslclient "$phones/0004f2a1b2c4.crt"
info=$(openssl pkcs12 -in "$p12" -passin "file:$T_TMP/pw" -info -noout 2>&1)
check_match "PKCS#12: AES-256 (PBES2)" 'AES-256-CBC' "$info"
check_match "PKCS#12: SHA-256 MAC" 'MAC: sha256' "$info"
check_fails "PKCS#12 does not open with a wrong password" \
	openssl pkcs12 -in "$p12" -passin pass:wrong -noout
check_eq "PKCS#12 holds the phone's key and certificate" \
	"$(openssl pkey -in "$phones/0004f2a1b2c4.key" -pubout)" \
	"$(openssl pkcs12 -in "$p12" -passin "file:$T_TMP/pw" -nodes -nocerts 2>/dev/null | openssl pkey -pubout)"
check_match "PKCS#12 includes the CA" 'ShiftEight PBX CA' \
	"$(openssl pkcs12 -in "$p12" -passin "file:$T_TMP/pw" -nokeys -cacerts 2>/dev/null)"
check_eq "PKCS#12 mode 0600" "600" "$(stat -c %a "$p12")"
ac ca export --mac 0004f2a1b2c4 --password-file "$T_TMP/pw" --legacy-p12 \
	--out "$phones" --name legacy
check_eq "ca export of a phone with --legacy-p12" 0 "$T_RC"
info=$(openssl pkcs12 -in "$phones/legacy.p12" -passin "file:$T_TMP/pw" -info -noout 2>&1)
check_match "legacy PKCS#12: 3DES" '3-?[Kk]ey ?[Tt]riple ?DES|des-ede3' "$info"
check_match "legacy PKCS#12: SHA-1 MAC" 'MAC: sha1' "$info"
check "legacy export has the PEM pair too" test -s "$phones/legacy.crt" -a -s "$phones/legacy.key"

# --- list, revoke, CRL -----------------------------------------------------
ac ca list
check_eq "ca list" 0 "$T_RC"
check_match "lists the server" 'server .*pbx.test.invalid' "$AC_OUT"
check_match "lists the phones" 'phone .*0004f2a1b2c4' "$AC_OUT"
ac ca list --json
check_match "ca list --json" '"kind": "phone"' "$AC_OUT"
ac ca revoke 00:04:F2:A1:B2:C4 --out "$keys"
check_eq "ca revoke by MAC" 0 "$T_RC"
check "the CRL is stored in the CA's state" test -s "$T_TMP/state/ca/crl.pem"
check "and exported" test -s "$keys/astcert-ca.crl"
check "openssl verifies the CRL's signature" \
	openssl crl -in "$keys/astcert-ca.crl" -CAfile "$keys/astcert-ca.crt" -noout
check_match "the CRL has a next update" 'Next Update' \
	"$(openssl crl -in "$keys/astcert-ca.crl" -noout -text)"
check_fails "with the CRL, the revoked phone no longer verifies" \
	openssl verify -crl_check -CAfile "$keys/astcert-ca.crt" \
	-CRLfile "$keys/astcert-ca.crl" "$phones/0004f2a1b2c4.crt"
check "with the CRL, the server still verifies" \
	openssl verify -crl_check -CAfile "$keys/astcert-ca.crt" \
	-CRLfile "$keys/astcert-ca.crl" "$keys/pbx.crt"
ac ca list
check_match "ca list shows the revocation" '0004f2a1b2c4 .*revoked' "$AC_OUT"
ac ca revoke 00:04:F2:A1:B2:C4
check_eq "revoking it again matches nothing (exit 2)" 2 "$T_RC"

# --- deploy: astcert-owned include files ------------------------------------
printf '[global]\ntype=global\n' > "$T_TMP/ast/pjsip.conf"
sum=$(md5sum "$T_TMP/ast/pjsip.conf")
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF
ac deploy --name pbx --conf-dir "$T_TMP/ast" --no-reload --user "$(id -un)"
check_eq "deploy --no-reload" 0 "$T_RC"
inc=$(cat "$T_TMP/ast/astcert/pjsip.conf" 2>&1)
check_match "pjsip transport: protocol=tls" '^protocol=tls$' "$inc"
check_match "method is always set (tlsv1_2)" '^method=tlsv1_2$' "$inc"
check_match "cert_file is the chain file" "^cert_file=$keys/pbx.crt\$" "$inc"
check_match "priv_key_file is the separate key" "^priv_key_file=$keys/pbx.key\$" "$inc"
check_match "ca_list_file points at the private CA" "^ca_list_file=$keys/astcert-ca.crt\$" "$inc"
check_match "a WSS transport" '^protocol=wss$' "$inc"
check_match "an SDES-SRTP endpoint template" '^media_encryption=sdes$' "$inc"
check_match "a DTLS-SRTP endpoint template" '^webrtc=yes$' "$inc"
inc=$(cat "$T_TMP/ast/astcert/http.conf" 2>&1)
check_match "http.conf extends [general](+)" '^\[general\]\(\+\)$' "$inc"
check_match "http.conf TLS on 8089" '^tlsbindaddr=0.0.0.0:8089$' "$inc"
check_match "deploy prints the #include lines" '#include astcert/pjsip.conf' "$AC_OUT"
check_eq "the admin's own pjsip.conf is untouched" "$sum" "$(md5sum "$T_TMP/ast/pjsip.conf")"
check_eq "no http.conf of the admin's was created" "" "$(ls "$T_TMP/ast" | grep -x http.conf)"
ac deploy --name pbx --conf-dir "$T_TMP/ast" --no-reload --method sslv23 --user "$(id -un)"
check_match "--method sslv23" '^method=sslv23$' "$(cat "$T_TMP/ast/astcert/pjsip.conf")"
check_eq "same file names again: no restart warning" "" "$AC_ERR"
ac deploy --name outside --conf-dir "$T_TMP/ast" --no-reload --user "$(id -un)"
check_match "new file names: deploy says Asterisk needs a restart" \
	'instead of .*pbx.crt.*restart Asterisk' "$AC_ERR"
ac deploy --name pbx --conf-dir "$T_TMP/ast" --no-reload --user "$(id -un)"
check_eq "deploy records what is deployed" "pbx" "$(cat "$T_TMP/state/deployed")"

# a key that does not match: refused before anything is replaced
cp "$keys/pbx.key" "$T_TMP/pbx.key.good"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/pbx.key" 2>/dev/null
before=$(md5sum "$T_TMP/ast/astcert/pjsip.conf")
ac deploy --name pbx --conf-dir "$T_TMP/ast" --no-reload --user "$(id -un)"
check_eq "deploy with a key that does not match fails" 1 "$T_RC"
check_match "saying so" 'does not match' "$AC_ERR"
check_eq "the include files were not replaced" "$before" "$(md5sum "$T_TMP/ast/astcert/pjsip.conf")"
cp "$T_TMP/pbx.key.good" "$keys/pbx.key"
if getent passwd nobody >/dev/null && [ "$(id -u)" = 0 ]; then
	chmod 0600 "$keys/pbx.key"
	ac deploy --name pbx --conf-dir "$T_TMP/ast" --no-reload --user nobody
	check_eq "deploy when the asterisk user cannot read the key fails" 1 "$T_RC"
	check_match "naming the user and the file" "nobody.*cannot read $keys/pbx.key" "$AC_ERR"
else
	skip "needs root and a nobody user to test readability"
	skip "needs root and a nobody user to test readability"
fi

# --- the systemd units ---------------------------------------------------------
timer=$(cat "$top_srcdir/data/astcert-renew.timer")
check_match "the timer runs twice a day" '^OnCalendar=.*00,12:00' "$timer"
check_match "with a randomized delay" '^RandomizedDelaySec=' "$timer"
service=$(cat "$top_builddir/data/astcert-renew.service" 2>&1)
check_match "the service runs astcert renew" '^ExecStart=/.*/astcert renew$' "$service"
check_match "exit 3 (renewed) is a success for systemd" '^SuccessExitStatus=3$' "$service"

# --- status ------------------------------------------------------------------
ac status
check_eq "status" 0 "$T_RC"
check_match "status: name, state and days left" '^pbx  OK  82[45] days left' "$AC_OUT"
check_match "status: names" 'DNS:pbx.test.invalid, IP:127.0.0.1' "$AC_OUT"
check_match "status: issuer" 'issuer: +CN=ShiftEight PBX CA' "$AC_OUT"
check_match "status: renewal method" 'renewal: +automatic' "$AC_OUT"
check_match "status: last renewal" 'last: +not renewed yet' "$AC_OUT"
check_eq "status: no colour without a terminal" "" "$(printf '%s' "$AC_OUT" | grep -c $'\e' | grep -v '^0$')"
ac status --json
check_match "status --json" '"days_left": 82[45]' "$AC_OUT"
ac status --warn-days 30
check_eq "status --warn-days 30: OK (0)" 0 "$T_RC"
ac status --warn-days soon
check_eq "status --warn-days with bad usage: UNKNOWN (3), not CRITICAL" 3 "$T_RC"
ac status --bogus
check_eq "status with bad usage and no --warn-days: 2" 2 "$T_RC"
ac status --warn-days 900
check_eq "status --warn-days 900: WARNING (1)" 1 "$T_RC"
ac status --warn-days 900 --crit-days 900
check_eq "status --crit-days 900: CRITICAL (2)" 2 "$T_RC"
ASTCERT_NOW=$(( $(date +%s) + 900 * 86400 )) ac status --warn-days 30
check_eq "status after expiry: CRITICAL (2)" 2 "$T_RC"
check_match "and says EXPIRED" 'EXPIRED' "$AC_OUT"
# the CA and the phones are listed too (not renewed by astcert renew)
ac status
check_match "status lists the private CA" '^astcert-ca  OK  36[45][0-9] days left' "$AC_OUT"
check_match "... as renewed by hand" 'renewal: +by hand: a new CA needs new server and phone certificates' "$AC_OUT"
check_match "status lists the phone 0004f2a1b2c3" '^0004f2a1b2c3  OK  82[45] days left' "$AC_OUT"
check_match "... to issue again and load into the phone" 'astcert ca phone.*load it into the phone' "$AC_OUT"
check_eq "... but not the revoked phone 0004f2a1b2c4" 0 "$(printf '%s\n' "$AC_OUT" | grep -c '^0004f2a1b2c4 ')"
ac status --json
check_eq "status --json: the phone's kind and manual renewal" "phone false" \
	"$(printf '%s' "$AC_OUT" | python3 -c 'import json, sys
c = [c for c in json.load(sys.stdin)["certificates"] if c["name"] == "0004f2a1b2c3"][0]
print(c["kind"], str(c["renewal"]["automatic"]).lower())')"
ASTCERT_NOW=$(( $(date +%s) + 800 * 86400 )) ac status --warn-days 30
check_eq "a phone within 30 days of expiry: WARNING (1)" 1 "$T_RC"
check_match "... the phone shows its days left" '^0004f2a1b2c3  WARNING  2[45] days left' "$AC_OUT"
phone_sum=$(sha256sum <"$T_TMP/state/ca/phones/0004f2a1b2c3/cert.pem")
ASTCERT_NOW=$(( $(date +%s) + 800 * 86400 )) ac renew --no-reload
check_eq "renew leaves the phone's certificate to the admin" "$phone_sum" \
	"$(sha256sum <"$T_TMP/state/ca/phones/0004f2a1b2c3/cert.pem")"
if command -v script >/dev/null; then
	tty_out=$(env -u NO_COLOR ASTCERT_STATE_DIR="$T_TMP/state" \
		ASTCERT_CONF="$T_TMP/astcert.conf" script -qec "$ASTCERT status" /dev/null)
	check_match "status is coloured on a terminal" $'\e\\[' "$tty_out"
	tty_out=$(env NO_COLOR=1 ASTCERT_STATE_DIR="$T_TMP/state" \
		ASTCERT_CONF="$T_TMP/astcert.conf" script -qec "$ASTCERT status" /dev/null)
	check_eq "NO_COLOR turns colour off" 0 "$(printf '%s' "$tty_out" | grep -c $'\e\\[')"
	tty_out=$(env -u NO_COLOR ASTCERT_STATE_DIR="$T_TMP/state" \
		ASTCERT_CONF="$T_TMP/astcert.conf" script -qec "$ASTCERT status --no-color" /dev/null)
	check_eq "--no-color turns colour off" 0 "$(printf '%s' "$tty_out" | grep -c $'\e\\[')"
else
	skip "script(1) not installed"; skip "script(1) not installed"
	skip "script(1) not installed"
fi
# --- a new CA replaces the old one -------------------------------------------
# (the old CA directory moved away as astcert asks, a new CA, a new server
# certificate, deploy again: ca_list_file must be the new CA)
mv "$T_TMP/state/ca" "$T_TMP/old-ca"
mkdir -p "$T_TMP/newca"
ac ca init --cn "Second PBX CA" --out "$T_TMP/newca" --owner "$me"
check_eq "a new CA once the old one is moved away" 0 "$T_RC"
ac ca server --dns pbx.test.invalid --ip 127.0.0.1 --name pbx --out "$keys" --owner "$me"
check_eq "a server certificate of the new CA" 0 "$T_RC"
ac ca phone --mac 00:04:F2:00:00:01 --out "$phones" --owner "$me"
check_eq "a phone certificate of the new CA" 0 "$T_RC"
new_phone=$phones/0004f2000001.crt
ac deploy --name pbx --conf-dir "$T_TMP/ast" --verify-clients --user "$(id -un)"
check_eq "deploy --verify-clients with the new CA" 0 "$T_RC"
ca_list=$(sed -n 's/^ca_list_file=//p' "$T_TMP/ast/astcert/pjsip.conf")
check_eq "ca_list_file is the CA export in the key directory" "$keys/astcert-ca.crt" "$ca_list"
check_eq "it holds the new CA" \
	"$(x509 "$T_TMP/state/ca/ca.crt" -fingerprint -sha256)" "$(x509 "$ca_list" -fingerprint -sha256)"
check "a phone of the new CA verifies against ca_list_file (openssl)" \
	openssl verify -CAfile "$ca_list" -purpose sslclient "$new_phone"
check "... and with GnuTLS certtool" certtool --verify \
	--load-ca-certificate "$ca_list" --infile "$new_phone"
check_match "deploy says it checked ca_list_file" \
	"Check $ca_list: accepts the private CA's phones" "$AC_OUT"
# a CA file left by the old CA (restored from a backup, say): the check
# of what is deployed finds it
cp "$T_TMP/old-ca/ca.crt" "$ca_list"
ac deploy --verify-only --name pbx --conf-dir "$T_TMP/ast"
check_eq "deploy --verify-only with the old CA in ca_list_file fails" 1 "$T_RC"
check_match "naming the file and what to do" \
	"$ca_list does not hold the current private CA.*astcert deploy" "$AC_ERR"
check_eq "... on one line" 1 "$(printf '%s\n' "$AC_ERR" | grep -c .)"
ac deploy --name pbx --conf-dir "$T_TMP/ast" --no-reload --verify-clients --user "$(id -un)"
check_eq "deploy writes the current CA again" \
	"$(x509 "$T_TMP/state/ca/ca.crt" -fingerprint -sha256)" "$(x509 "$ca_list" -fingerprint -sha256)"
ac deploy --verify-only --name pbx --conf-dir "$T_TMP/ast"
check_eq "then deploy --verify-only passes" 0 "$T_RC"
finish
