#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The private CA against a real SIP-TLS server: kamailio (with its TLS
# module) serves what astcert installed; phones' client certificates are
# checked; a renewal is reloaded with kamcmd and verified; a broken reload
# is caught.  Loopback only, inside a private network namespace.
. "$top_srcdir/tests/lib.sh"
need_netns "$@"

here="$top_srcdir/tests/ca"
export ASTCERT_DATA_DIR="$top_srcdir/data"
# kamailio's directories hold its ctl socket, whose name must fit in 108
# bytes: a short directory, not the (possibly deep) build directory
kam=$(mktemp -d "${TMPDIR:-/tmp}/ac-kam.XXXXXX") || {
	echo "Bail out! cannot make a directory in ${TMPDIR:-/tmp} (set TMPDIR)"
	exit 1
}
keys=$T_TMP/keys k1=$kam/1 k2=$kam/2
mkdir -p "$keys" "$T_TMP/phones" "$T_TMP/other"
T_CLEANUP='"$here/run-kamailio.sh" stop "$k1"; "$here/run-kamailio.sh" stop "$k2"; rm -rf "$kam"'
: > "$T_TMP/astcert.conf"

ac ca init --cn "Loopback PBX CA" --out "$keys"
check_eq "ca init" 0 "$T_RC"
ac ca server --dns pbx.test.invalid --ip 127.0.0.1 --name pbx --out "$keys"
check_eq "ca server" 0 "$T_RC"
ca=$keys/astcert-ca.crt

# --- kamailio serves the installed files; the handshake verifies -------------
check "kamailio starts with astcert's pbx.crt and pbx.key" \
	"$here/run-kamailio.sh" start "$k1" "$keys/pbx.crt" "$keys/pbx.key"
check "TLS handshake verifies against the private CA (s_client -verify_return_error)" \
	bash -c "openssl s_client -connect 127.0.0.1:5061 -CAfile '$ca' \
		-verify_return_error -verify_hostname pbx.test.invalid </dev/null"
check "handshake verifies the IP SAN as well" \
	bash -c "openssl s_client -connect 127.0.0.1:5061 -CAfile '$ca' \
		-verify_return_error -verify_ip 127.0.0.1 </dev/null"
check "SIP OPTIONS over verified TLS is answered 200" \
	"$here/sip-options-tls.sh" 5061 "$ca" pbx.test.invalid

# a different CA (another astcert state), with a phone certificate of its own
other() {
	ASTCERT_STATE_DIR=$T_TMP/other/state ASTCERT_CONF=$T_TMP/astcert.conf \
		"$ASTCERT" "$@" >/dev/null 2>&1
}
other ca init --cn "Intruder CA" --out "$T_TMP/other"
other ca phone --mac 00:04:f2:a1:b2:c3 --out "$T_TMP/other"
check "the other CA made its phone certificate" test -s "$T_TMP/other/0004f2a1b2c3.crt"
check_fails "the server does not verify against another CA" \
	"$here/sip-options-tls.sh" 5061 "$T_TMP/other/astcert-ca.crt" pbx.test.invalid

# --- phones: client certificates required ------------------------------------
ac ca phone --mac 00:04:F2:A1:B2:C3 --out "$T_TMP/phones"
check_eq "ca phone" 0 "$T_RC"
phone_crt=$T_TMP/phones/0004f2a1b2c3.crt phone_key=$T_TMP/phones/0004f2a1b2c3.key

check "kamailio starts with client verification required" \
	env PORT=5062 CLIENT_CERT="$phone_crt" CLIENT_KEY="$phone_key" \
	"$here/run-kamailio.sh" start "$k2" "$keys/pbx.crt" "$keys/pbx.key" "$ca"
out=$("$here/sip-options-tls.sh" 5062 "$ca" pbx.test.invalid \
	-cert "$phone_crt" -key "$phone_key" 2>&1); rc=$?
check_eq "a phone certificate from the private CA is accepted (200)" 0 "$rc"
check_match "kamailio saw the MAC as the verified CN" \
	'X-TLS-Peer-CN: 0004f2a1b2c3' "$out"
check_match "kamailio verified the phone certificate" 'X-TLS-Peer-Verified: 1' "$out"
check_fails "a phone certificate from another CA is refused" \
	"$here/sip-options-tls.sh" 5062 "$ca" pbx.test.invalid \
	-cert "$T_TMP/other/0004f2a1b2c3.crt" -key "$T_TMP/other/0004f2a1b2c3.key"
check_fails "no client certificate at all is refused" \
	"$here/sip-options-tls.sh" 5062 "$ca" pbx.test.invalid
"$here/run-kamailio.sh" stop "$k2"

# --- renewal in place, kamcmd tls.reload, post-deploy check ------------------
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["kamcmd", "-s", "unix:$k1/ctl.sock", "tls.reload"] );
verify = [ "127.0.0.1:5061" ];
CONF
ac deploy --verify-only --name pbx
check_eq "deploy --verify-only before renewal: match" 0 "$T_RC"
check_match "verify-only reports the match" '127.0.0.1:5061: match' "$AC_OUT"

old_serial=$(openssl x509 -in "$keys/pbx.crt" -noout -serial)
old_inode_dir=$(ls "$keys")
ac renew --force --name pbx
check_eq "renew --force exits 3 (renewed and verified)" 3 "$T_RC"
check_match "renew reports the match after kamcmd tls.reload" \
	'Check 127.0.0.1:5061: match' "$AC_OUT"
new_serial=$(openssl x509 -in "$keys/pbx.crt" -noout -serial)
check "the certificate was replaced (new serial)" test "$old_serial" != "$new_serial"
check_eq "in place: the same file names, nothing added to the key directory" \
	"$old_inode_dir" "$(ls "$keys")"
served=$(openssl s_client -connect 127.0.0.1:5061 -CAfile "$ca" \
	-verify_return_error </dev/null 2>/dev/null | openssl x509 -noout -serial)
check_eq "kamailio serves the new serial" "$new_serial" "$served"
check "SIP OPTIONS still answered 200 with the renewed certificate" \
	"$here/sip-options-tls.sh" 5061 "$ca" pbx.test.invalid
check_match "the last renewal is recorded as OK" '^ok=1' \
	"$(cat "$T_TMP/state/certs/pbx/last-renewal")"

# --- a broken reload is reported as a mismatch -------------------------------
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ "127.0.0.1:5061" ];
CONF
ac renew --force --name pbx
check_eq "renew with a reload that does nothing exits 1" 1 "$T_RC"
check_match "the check reports a MISMATCH" '127.0.0.1:5061: MISMATCH' "$AC_OUT"
check_match "with the likely cause: the previous certificate is still served" \
	'previous certificate' "$AC_OUT$AC_ERR"
check_match "the failure is recorded for status" '^ok=0' \
	"$(cat "$T_TMP/state/certs/pbx/last-renewal")"
ac status --warn-days 10
check_eq "status --warn-days: a failed last renewal is a WARNING (1)" 1 "$T_RC"
check_match "status shows the failure" 'FAILED' "$AC_OUT"
ac deploy --verify-only
check_eq "deploy --verify-only: mismatch exits 1" 1 "$T_RC"
kamcmd -s "unix:$k1/ctl.sock" tls.reload >/dev/null 2>&1
ac deploy --verify-only
check_eq "after a working reload: match again" 0 "$T_RC"

# --- unreachable is not a mismatch -------------------------------------------
"$here/run-kamailio.sh" stop "$k1"
ac deploy --verify-only
check_match "a stopped server is reported unreachable" \
	'127.0.0.1:5061: unreachable' "$AC_OUT"
finish
