#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert acme against a real Pebble: standalone and webroot, EC and RSA,
# several names, account reuse, the chain verified against Pebble's root,
# modes and owners, the renewal profile, revocation.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"

pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }
pebble_root "$T_TMP/root.pem"
check "Pebble's root from the management API" openssl x509 -in "$T_TMP/root.pem" -noout

# --- standalone, ECDSA P-256, three names, a fresh account
before=$(pebble_requests)
pebble_acme --domain pbx.example.com --domain sip.example.com \
	--domain www.example.com --key p256 --owner root:daemon
check_eq "standalone P-256 issuance succeeds" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_match "the summary names the certificate" "Names +DNS:pbx.example.com, DNS:sip.example.com, DNS:www.example.com" "$AC_OUT"
check_match "the summary shows Pebble as issuer" "Issuer +CN=Pebble Intermediate CA" "$AC_OUT"
crt="$KEYS/pbx.example.com.crt" key="$KEYS/pbx.example.com.key"
check_eq "certificate 0644 root:daemon" "0644 root:daemon" "$(stat_mode "$crt")"
check_eq "key 0640 root:daemon (shared group)" "0640 root:daemon" "$(stat_mode "$key")"
check_eq "full chain: leaf then intermediate" 2 "$(grep -c 'BEGIN CERTIFICATE' "$crt")"
check_match "leaf first, CN = the first name" "CN *= *pbx.example.com" \
	"$(openssl x509 -in "$crt" -noout -subject)"
check_match "SANs = every name" "DNS:pbx.example.com, DNS:sip.example.com, DNS:www.example.com" \
	"$(openssl x509 -in "$crt" -noout -ext subjectAltName)"
check_eq "the key is the certificate's" "$(openssl x509 -in "$crt" -noout -pubkey)" \
	"$(openssl pkey -in "$key" -pubout)"
check_match "ECDSA P-256 key" "prime256v1|P-256" "$(openssl pkey -in "$key" -noout -text)"
check "the chain verifies against Pebble's root (openssl verify)" \
	openssl verify -CAfile "$T_TMP/root.pem" -untrusted "$crt" "$crt"
acct="$T_TMP/state/accounts/127.0.0.1_14000"
check_eq "account key stored 0600" "0600 root:root" "$(stat_mode "$acct/account.key")"
check_match "account URL stored" "^https://127.0.0.1:14000/" "$(cat "$acct/account.url")"
check_eq "one new account made" 1 "$(grep -c 'POST /sign-me-up' "$PEBBLE_DIR/pebble.log")"
prof="$T_TMP/state/certs/pbx.example.com/renewal.conf"
check_match "renewal profile: kind acme" 'kind = "acme"' "$(cat "$prof")"
check_match "renewal profile: the server" "server = \"$PEBBLE_URL\"" "$(cat "$prof")"
check_match "renewal profile: standalone on 5002" 'http_port = 5002' "$(cat "$prof")"
check_match "renewal profile: the CA bundle" "ca_bundle = \"$PEBBLE_CA\"" "$(cat "$prof")"
check_eq "renewal profile 0600" "0600" "$(stat_mode "$prof" | cut -d' ' -f1)"
check "the responder is stopped after the order" port_closed 5002

# --- account reuse: RSA, one name, the stored account, <= 10 requests
acct_sum=$(sha256sum <"$acct/account.key")
before=$(pebble_requests)
pebble_acme --domain rsa.example.com --key rsa2048 --name rsa
check_eq "RSA issuance with the stored account succeeds" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
used=$(( $(pebble_requests) - before )) steps=$(pebble_steps_since "$before")
check "at most 10 requests for one name, polls aside ($steps; $used in all)" \
	test "$steps" -le 10
check_eq "no second account" 1 "$(grep -c 'POST /sign-me-up' "$PEBBLE_DIR/pebble.log")"
check_eq "the account key is unchanged" "$acct_sum" "$(sha256sum <"$acct/account.key")"
check_match "RSA 2048 key" "2048 bit" "$(openssl pkey -in "$KEYS/rsa.key" -noout -text | head -1)"
check_eq "key 0600 root:root (own group)" "0600 root:root" "$(stat_mode "$KEYS/rsa.key")"
check "the RSA chain verifies" openssl verify -CAfile "$T_TMP/root.pem" \
	-untrusted "$KEYS/rsa.crt" "$KEYS/rsa.crt"

# --- from scratch (new account), on a terminal: the progress counts the
# requests and TCP connections astcert made.  At least 10; more when the
# CA validates later than the first poll (a loaded machine): the count is
# checked against the requests Pebble served.
before=$(pebble_requests)
script -qec "ASTCERT_STATE_DIR='$T_TMP/state2' ASTCERT_CONF='$T_TMP/astcert.conf' \
	'$ASTCERT' acme --server '$PEBBLE_URL' --ca-bundle '$PEBBLE_CA' --skip-checks \
	--domain fresh.example.com --agree-tos --http-address 127.0.0.1 \
	--http-port 5002 --out '$KEYS' --owner root:root --key p256" \
	/dev/null >"$T_TMP/tty.out" 2>&1
made=$(($(pebble_requests) - before))
check_match "from scratch: $made requests over one connection" \
	"Certificate received: HTTP requests: $made, connections: 1" "$(tr -d '\r' <"$T_TMP/tty.out")"
check "... 10 at the least ($made)" test "$made" -ge 10

# --- webroot: a web server we do not own answers on 5002, as its own user
# (uid 65534, who owns the docroot), and astcert runs with umask 077: what
# astcert creates must still be readable by the web server
web="$T_TMP/www"
mkdir -p "$web"
chown 65534:65534 "$web"
setpriv --reuid=65534 --regid=65534 --clear-groups \
	/usr/bin/python3 -m http.server 5002 --bind 127.0.0.1 --directory "$web" \
	>"$T_TMP/http.log" 2>&1 &
web_pid=$!
T_CLEANUP="pebble_stop; kill $web_pid 2>/dev/null"
wait_until -u "! alive $web_pid" "the web server" curl -s -o /dev/null http://127.0.0.1:5002/
# (given relative: the renewal profile must hold it absolute, as renew runs
# from /)
umask 077
cd "$T_TMP"
pebble_acme --domain web.example.com --domain web2.example.com \
	--webroot www --key p384 --name web
cd - >/dev/null
umask 022
check_eq "webroot issuance succeeds" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_match "the web server served the challenges" \
	"GET /.well-known/acme-challenge/[A-Za-z0-9_-]+ HTTP/1.1\" 200" "$(cat "$T_TMP/http.log")"
check_eq "the challenge files and directories are removed" "" \
	"$(ls -A "$web")"
check_match "renewal profile: the webroot, absolute" "webroot = \"$web\"" \
	"$(cat "$T_TMP/state/certs/web/renewal.conf")"
check "the webroot chain verifies" openssl verify -CAfile "$T_TMP/root.pem" \
	-untrusted "$KEYS/web.crt" "$KEYS/web.crt"
kill "$web_pid"; wait "$web_pid" 2>/dev/null
T_CLEANUP="pebble_stop"

# --- JSON output
pebble_acme --domain json.example.com --key p256 --json
check_eq "--json issuance succeeds" 0 "$T_RC"
check "--json prints JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T_TMP/out"

# --- revoke, by name (account key) and by file with the certificate's key
serial=$(openssl x509 -in "$KEYS/rsa.crt" -noout -serial | cut -d= -f2)
ac revoke --name rsa --reason 4
check_eq "revoke --name succeeds" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_match "Pebble has it revoked" '"Status": "Revoked"' \
	"$(curl -s --cacert "$PEBBLE_CA" "$PEBBLE_MGMT/cert-status-by-serial/$serial")"
ac revoke --name rsa
check_eq "revoking again fails" 1 "$T_RC"
check_match "... saying it is already revoked" "already revoked" "$AC_ERR"
ac revoke --cert "$KEYS/web.crt" --key "$KEYS/web.key" --server "$PEBBLE_URL" \
	--ca-bundle "$PEBBLE_CA"
check_eq "revoke --cert --key (signed by the certificate key)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"

pebble_stop
finish
