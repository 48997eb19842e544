#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What goes wrong says so clearly and leaves the installed files alone:
# a challenge that cannot succeed, a wrong answer, the port taken, no
# terms agreed, an untrusted server, the server down.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"

pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }

pebble_acme --domain pbx.example.com --key p256 --name pbx
check_eq "a first certificate is installed" 0 "$T_RC"
sums() { sha256sum "$KEYS"/* "$T_TMP"/state/certs/pbx/* 2>/dev/null; }
before=$(sums)
listing=$(ls -A "$KEYS")

# Each failing order below is for a name never validated before: Pebble
# 2.4.0 sometimes hands a new order an already-valid authorization even with
# PEBBLE_AUTHZREUSE=0, and the order would then succeed without a challenge.

# --- nothing answers where the CA looks (5002): connection refused
pebble_acme --domain unreachable.example.com --key p256 --name pbx --http-port 5003
check_eq "unreachable challenge fails with status 1" 1 "$T_RC"
check_match "... explained: port 80, firewall" "could not connect to this server on port 80" "$AC_ERR"
check_match "... names the failing name" "^astcert: unreachable.example.com: " "$AC_ERR"
check_match "... points to the details" "run with --verbose" "$AC_ERR"
check_eq "... previous files untouched" "$before" "$(sums)"
check_eq "... nothing new in the key directory" "$listing" "$(ls -A "$KEYS")"
check "... the responder is stopped" port_closed 5003

pebble_acme --domain verbose.example.com --key p256 --name pbx --http-port 5003 --verbose
check_match "--verbose shows the CA's problem verbatim" \
	"type: urn:ietf:params:acme:error:connection" "$AC_ERR"
check_match "... with its detail" "detail: .*(connect|refused)" "$AC_ERR"

# --- another web server answers: the CA gets a 404 (wrong answer)
web="$T_TMP/www"; mkdir -p "$web" "$T_TMP/other"
python3 -m http.server 5002 --bind 127.0.0.1 --directory "$web" \
	>"$T_TMP/http.log" 2>&1 &
web_pid=$!
T_CLEANUP="pebble_stop; kill $web_pid 2>/dev/null"
wait_until -u "! alive $web_pid" "the web server" curl -s -o /dev/null http://127.0.0.1:5002/
pebble_acme --domain wrong.example.com --key p256 --name pbx --webroot "$T_TMP/other"
check_eq "wrong answer fails" 1 "$T_RC"
check_match "... explained: DNS elsewhere or another web server" "wrong answer for the challenge" "$AC_ERR"
check_eq "... previous files untouched" "$before" "$(sums)"
check_eq "... challenge files removed" "" "$(find "$T_TMP/other" -type f)"

# --- the standalone port is taken by that web server
pebble_acme --domain pbx.example.com --key p256 --name pbx
check_eq "port in use fails" 1 "$T_RC"
check_match "... says the port is in use and suggests --webroot" "Port 5002 is already in use.*--webroot" "$AC_ERR"
check_eq "... previous files untouched" "$before" "$(sums)"
kill "$web_pid"; wait "$web_pid" 2>/dev/null
T_CLEANUP="pebble_stop"

# --- usage problems are found before anything is made
# (a new account: the stored one is put aside for this)
mv "$T_TMP/state/accounts" "$T_TMP/accounts.saved"
ac acme --server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --domain pbx.example.com \
	--skip-checks --http-port 5002 --out "$KEYS" --owner root:root --name pbx
check_eq "terms not agreed (new account): usage status 2" 2 "$T_RC"
check_match "... asks for --agree-tos" "terms of service.*--agree-tos" "$AC_ERR"
check_eq "... no account stored" "" "$(ls -A "$T_TMP/state/accounts" 2>/dev/null)"
rm -rf "$T_TMP/state/accounts"
mv "$T_TMP/accounts.saved" "$T_TMP/state/accounts"
ac acme --server "http://127.0.0.1:14000/dir" --domain x.example.com --out "$KEYS"
check_eq "http:// server refused: status 2" 2 "$T_RC"
check_match "... https only" "not an https:// URL" "$AC_ERR"
ac acme --server "$PEBBLE_URL" --domain '*.example.com' --out "$KEYS" --agree-tos
check_eq "wildcard refused: status 2" 2 "$T_RC"
check_match "... DNS-01 needed" "wildcard" "$AC_ERR"
ac acme --domain x.example.com --staging --server "$PEBBLE_URL" --out "$KEYS"
check_eq "--staging with --server: status 2" 2 "$T_RC"
ac acme --server "$PEBBLE_URL" --domain x.example.com --eab-kid k --out "$KEYS"
check_eq "EAB kid without HMAC: status 2" 2 "$T_RC"

# --- the server's certificate is not trusted
ac acme --server "$PEBBLE_URL" --ca-bundle "$PEBBLE_DIR/other-ca.pem" \
	--skip-checks --http-port 5002 --domain pbx.example.com --agree-tos --out "$KEYS" --owner root:root --name pbx
check_eq "untrusted server fails" 1 "$T_RC"
check_match "... says the certificate could not be verified" "could not be verified" "$AC_ERR"
check_eq "... previous files untouched" "$before" "$(sums)"

# --- the server is down: a few tries with a back-off, then it gives up.
# Counted, not timed (strace: the connections made, the sleeps asked for),
# so a loaded machine changes nothing.
pebble_stop
mkdir -p "$KEYS"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
	strace -f -qq -e trace=connect,nanosleep,clock_nanosleep -o "$T_TMP/down.trace" \
	"$ASTCERT" acme --server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --skip-checks \
	--email admin@example.com --agree-tos --http-address 127.0.0.1 \
	--http-port 5002 --out "$KEYS" --owner root:root \
	--domain pbx.example.com --key p256 --name pbx \
	>"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
AC_ERR=$(cat "$T_TMP/err")
check_eq "server down fails with status 1" 1 "$T_RC"
check_match "... cannot reach the ACME server" "Cannot reach the ACME server" "$AC_ERR"
check_eq "... after 4 tries" 4 "$(grep -c 'connect(.*htons(14000)' "$T_TMP/down.trace")"
slept=$(awk '/nanosleep\(/ && match($0, /tv_sec=[0-9]+, tv_nsec=[0-9]+/) {
	split(substr($0, RSTART, RLENGTH), a, /[=,]/)
	ms += a[2] * 1000 + a[4] / 1000000
} END { print int(ms + 0.5) }' "$T_TMP/down.trace")
check "... backing off 0.5 + 1 + 2 s between them, no more ($slept ms)" \
	test "$slept" -ge 3500 -a "$slept" -le 3600
check_eq "... previous files untouched" "$before" "$(sums)"

finish
