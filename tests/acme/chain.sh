#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Alternate chains (Link rel="alternate") picked with --preferred-chain, and
# cancelling a running order: the responder stops, nothing is installed.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"

PEBBLE_ENV="PEBBLE_ALTERNATE_ROOTS=1 PEBBLE_CHAIN_LENGTH=2"
pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }
pebble_root "$T_TMP/root0.pem" 0
pebble_root "$T_TMP/root1.pem" 1
cn() { openssl x509 -in "$1" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p'; }
root0=$(cn "$T_TMP/root0.pem") root1=$(cn "$T_TMP/root1.pem")
check_match "two roots ($root0, $root1)" "^Pebble Root CA" "$root1"
# the issuer of the chain's last certificate
top_issuer() {
	awk '/BEGIN CERT/{n++} {print > ("'"$T_TMP"'/part" n ".pem")}' "$1"
	cert_issuer_cn "$T_TMP/part$(grep -c 'BEGIN CERT' "$1").pem"
}

pebble_acme --domain default.example.com --key p256 --name default
check_eq "default chain issued" 0 "$T_RC"
default_top=$(top_issuer "$KEYS/default.crt")
check_match "default chain ends below one of the roots" "^($root0|$root1)\$" "$default_top"
other=$root1; [ "$default_top" = "$root1" ] && other=$root0
other_file="$T_TMP/root0.pem"; [ "$other" = "$root1" ] && other_file="$T_TMP/root1.pem"

pebble_acme --domain alt.example.com --key p256 --name alt --preferred-chain "$other"
check_eq "--preferred-chain issuance succeeds" 0 "$T_RC"
check_eq "the installed chain is the preferred one" "$other" "$(top_issuer "$KEYS/alt.crt")"
check "it verifies against that root" openssl verify -CAfile "$other_file" \
	-untrusted "$KEYS/alt.crt" "$KEYS/alt.crt"
check_match "the renewal profile keeps the choice" "preferred_chain = \"$other\"" \
	"$(cat "$T_TMP/state/certs/alt/renewal.conf")"

pebble_acme --domain nomatch.example.com --key p256 --name nomatch --preferred-chain "No Such CA"
check_eq "an unknown preferred chain falls back to the default" 0 "$T_RC"

# --- cancel: SIGTERM while the order waits on the CA.  Mid-way by state,
# not by timing: the responder listens on 127.0.0.2 while the CA's
# validation goes to 127.0.0.1:5002, where a listener takes connections and
# never answers.  Once the CA has connected there, the order cannot end
# (until the CA's own validation timeout: Pebble is frozen first).
python3 - "$T_TMP/tarpit" <<'PY' &
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 5002)); s.listen(8)
open(sys.argv[1] + ".ready", "w").close()
held = []
while True:
    c, _ = s.accept(); held.append(c)
    open(sys.argv[1] + ".seen", "w").close()
PY
tarpit=$!
T_CLEANUP="$T_CLEANUP; kill $tarpit 2>/dev/null"
wait_until -u "! alive $tarpit" "the silent listener" test -e "$T_TMP/tarpit.ready"
mkdir -p "$KEYS"
# (a state of its own: the account of the first Pebble is unknown to this one)
ASTCERT_STATE_DIR="$T_TMP/state2" ASTCERT_CONF="$T_TMP/astcert.conf" "$ASTCERT" acme \
	--server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --agree-tos --skip-checks \
	--http-address 127.0.0.2 --http-port 5002 --out "$KEYS" --owner root:root \
	--domain cancel.example.com --key p256 --name cancel \
	>"$T_TMP/cancel.out" 2>"$T_TMP/cancel.err" &
apid=$!
wait_until -u "! alive $apid" "the CA's validation" test -e "$T_TMP/tarpit.seen"
check "the responder serves the challenge meanwhile" \
	bash -c '(exec 3<>/dev/tcp/127.0.0.2/5002) 2>/dev/null'
kill -STOP "$PEBBLE_PID"
kill -TERM "$apid"
start=$(date +%s%N)
rc=0; wait "$apid" || rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill -CONT "$PEBBLE_PID"
kill "$tarpit"; wait "$tarpit" 2>/dev/null
check_eq "cancelled run exits 143 (SIGTERM, as the shell reports a killed run)" 143 "$rc"
check_match "... saying it was cancelled" "Cancelled; nothing was installed" "$(cat "$T_TMP/cancel.err")"
# the CA stays frozen until the run has ended: what ended it was the
# signal, not an answer; and not curl's 60 s request timeout either (a
# bound on the program, far beyond what any load adds to a signal)
check "... promptly (${ms} ms), long before a request timeout" test "$ms" -lt 30000
check_fails "... the responder is stopped" \
	bash -c '(exec 3<>/dev/tcp/127.0.0.2/5002) 2>/dev/null'
check_eq "... nothing installed" "" "$(ls "$KEYS" | grep cancel)"
check_eq "... no state for it" "" "$(ls "$T_TMP/state2/certs" 2>/dev/null | grep cancel)"

pebble_stop
finish
