#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A hostile ACME server (tests/acme/hostile.py on loopback HTTPS, trusted
# through --ca-bundle): a certificate with the right key but other names,
# CA:TRUE, no serverAuth or an unrelated chain is never installed; escape
# sequences in the CA's problem detail never reach the terminal or the
# state; Retry-After: 0 on an endless pending authorization or processing
# order ends at the poll deadline (ASTCERT_POLL_TIMEOUT, a test control).
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns

H=$T_TMP/hostile PORT=14443 URL=https://127.0.0.1:14443/dir
mkdir -p "$H" "$T_TMP/www"
cat >"$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF

# TLS for the listener, and the CA it pretends to be: root, intermediate,
# an unrelated CA
mkcerts() {
	cd "$H" || return 1
	ca() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
		-nodes -keyout "$1.key" -out "$1.pem" -days 30 -subj "/CN=$2" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign"; }
	ca tlsca "hostile TLS CA" && ca ca "hostile root" && ca other "unrelated CA" &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout int.key -out int.csr -subj "/CN=hostile intermediate" &&
	printf '%s\n' "basicConstraints=critical,CA:TRUE" \
		"keyUsage=critical,keyCertSign,cRLSign" >int.ext &&
	openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key -set_serial 2 \
		-days 30 -extfile int.ext -out int.pem &&
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout tls.key -out tls.csr -subj "/CN=127.0.0.1" &&
	printf '%s\n' "basicConstraints=critical,CA:FALSE" \
		"extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1" >tls.ext &&
	openssl x509 -req -in tls.csr -CA tlsca.pem -CAkey tlsca.key \
		-set_serial 3 -days 30 -extfile tls.ext -out tls.pem
}
(mkcerts) >"$T_TMP/mkcerts.log" 2>&1 ||
	{ not_ok "test certificates"; diag "$(cat "$T_TMP/mkcerts.log")"; finish; exit 1; }

SRV_PID=
srv_stop() { [ -z "$SRV_PID" ] || { kill "$SRV_PID"; wait "$SRV_PID"; } 2>/dev/null; SRV_PID=; }
T_CLEANUP=srv_stop
srv_start() {
	srv_stop
	: >"$H/requests.log"
	python3 "$top_srcdir/tests/acme/hostile.py" "$H" "$PORT" "$1" \
		>"$T_TMP/hostile-$1.log" 2>&1 &
	SRV_PID=$!
	until curl -sf --cacert "$H/tlsca.pem" "$URL" >/dev/null 2>&1; do
		kill -0 "$SRV_PID" 2>/dev/null ||
			{ diag "hostile server died: $(cat "$T_TMP/hostile-$1.log")"; return 1; }
		sleep 0.05
	done
}
# astcert against it; a safety net of 300 s so that a loop without end
# fails the test instead of hanging it
hac() {
	T_RC=0
	ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		timeout 300 "$ASTCERT" "$@" >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_OUT=$(cat "$T_TMP/out"); AC_ERR=$(cat "$T_TMP/err")
}
acme() {
	mkdir -p "$KEYS"
	hac acme --server "$URL" --ca-bundle "$H/tlsca.pem" --skip-checks \
		--email admin@example.com --agree-tos --webroot "$T_TMP/www" \
		--out "$KEYS" --owner root:root --key p256 \
		--domain pbx.example.com --domain sip.example.com "$@"
}
KEYS=$T_TMP/keys
# the error lines, the pointer to --verbose and warnings aside
err_lines() { grep -v -e 'run with --verbose' -e '^astcert: warning:' "$T_TMP/err" | grep -c .; }
esc_free() {
	! LC_ALL=C grep -rlq "$(printf '\033')" "$T_TMP/out" "$T_TMP/err" \
		"$T_TMP/state" 2>/dev/null
}

# --- the baseline: the server issues what a CA should
srv_start good || { not_ok "hostile server starts"; finish; exit 1; }
acme --name good
check_eq "good: a correct certificate is installed" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"

# --- certificates with the right key, wrong otherwise
refused() { # MODE REGEX
	local mode=$1 want=$2
	srv_start "$mode" || { not_ok "$mode: server starts"; return; }
	acme --name "$mode"
	check_eq "$mode: refused with status 1" 1 "$T_RC"
	check_match "$mode: ... the error names what was wrong" "$want" "$AC_ERR"
	check_eq "$mode: ... in one line" 1 "$(err_lines)"
	check_eq "$mode: ... nothing installed" "good.crt good.key" \
		"$(cd "$KEYS" && echo *)"
	check_fails "$mode: ... no state kept" test -e "$T_TMP/state/certs/$mode"
}
refused names "names.*evil.example.net"
refused extra "evil.example.net"
refused ca "CA certificate"
refused clientauth "server authentication|serverAuth"
refused chain "not signed by|chain"
refused unsigned "not signed by|chain"

# --- escape sequences in the CA's problem detail
srv_start escape || { not_ok "escape: server starts"; }
acme --name escape
diag "shown: $AC_ERR"
check_eq "escape: refused with status 1" 1 "$T_RC"
check_eq "escape: ... in one line" 1 "$(err_lines)"
check_match "escape: ... the detail shown escaped" 'refused\\(x1b|033|e)' "$AC_ERR"
check "escape: no ESC byte in stdout, stderr or the state" esc_free
check_fails "escape: no forged line" grep -q '^astcert: all good' "$T_TMP/err"
acme --name escape --verbose
check "escape --verbose: no ESC byte" esc_free
check_fails "escape --verbose: no U+202E" grep -q "$(printf '\342\200\256')" "$T_TMP/err"
check_fails "escape --verbose: no C1 CSI" grep -q "$(printf '\302\233')" "$T_TMP/err"
check_fails "escape --verbose: no forged line" grep -q '^astcert: all good' "$T_TMP/err"
# renewal records the failure in last-renewal, which status replays
ASTCERT_NOW=$(( $(date +%s) + 80 * 86400 )) hac renew
check_eq "escape: renew fails (exit 1)" 1 "$T_RC"
check "escape: last-renewal written" test -s "$T_TMP/state/certs/good/last-renewal"
check "escape: no ESC byte in last-renewal or the output" esc_free
check_fails "escape: no U+202E in last-renewal" grep -q "$(printf '\342\200\256')" \
	"$T_TMP/state/certs/good/last-renewal"
ASTCERT_NOW=$(( $(date +%s) + 80 * 86400 )) hac status
check "escape: status replays it without ESC" esc_free
check_eq "escape: status shows no forged line" 0 "$(grep -c '^astcert: all good' "$T_TMP/out")"

# --- Retry-After: 0 forever: the poll ends at its deadline
polls() { grep -c "POST /$1\$" "$H/requests.log"; }
for mode in pending processing; do
	srv_start "$mode" || { not_ok "$mode: server starts"; continue; }
	ASTCERT_POLL_TIMEOUT=3 acme --name "$mode"
	check_eq "$mode: ends with status 1 (not killed)" 1 "$T_RC"
	check_match "$mode: ... says the CA did not finish" "did not finish in 3 seconds" "$AC_ERR"
	check_eq "$mode: ... in one line" 1 "$(err_lines)"
	check_eq "$mode: ... nothing installed" "good.crt good.key" "$(cd "$KEYS" && echo *)"
	what=authz/0; [ "$mode" = processing ] && what=order/1
	n=$(polls $what)
	# (the authorization is fetched once first) the first poll comes after
	# 50 ms, then one a second, the last at the deadline
	check "$mode: ... polled at most once a second ($n requests in 3 s)" test "$n" -le 5
	check_eq "$mode: ... no challenge file left" "" "$(find "$T_TMP/www" -type f)"
done
ASTCERT_POLL_TIMEOUT=0 acme --name never
check_eq "ASTCERT_POLL_TIMEOUT=0 is refused" 2 "$T_RC"
check_match "... naming the variable" "ASTCERT_POLL_TIMEOUT" "$AC_ERR"

# --- retries end by count: badNonce forever, 503 with Retry-After: 0
srv_start badnonce || not_ok "badnonce: server starts"
acme --name badnonce
check_eq "badnonce forever: status 1" 1 "$T_RC"
check_match "badnonce: ... says so" "kept rejecting the request nonce" "$AC_ERR"
n=$(grep -c 'POST /newOrder' "$H/requests.log")
check "badnonce: ... gives up after 31 tries ($n)" test "$n" -le 31
srv_start busy || not_ok "busy: server starts"
t0=$(date +%s%N)
acme --name busy
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check_eq "503 with Retry-After: 0: status 1" 1 "$T_RC"
n=$(grep -c 'POST /newOrder' "$H/requests.log")
check "busy: ... 4 tries at most ($n)" test "$n" -le 4
# three waits of at least a second each: a floor, not a time budget
check "busy: ... a second apart at least (${ms} ms for $n tries)" \
	test "$ms" -ge $(( (n - 1) * 1000 ))

# --- work the CA can make us do: authorizations, alternate chains
srv_start authzs || not_ok "authzs: server starts"
acme --name authzs
check_eq "authzs: 1000 authorizations for 2 names refused" 1 "$T_RC"
check_match "authzs: ... says so" "more authorizations \(1000\) than names" "$AC_ERR"
check_eq "authzs: ... none fetched" 0 "$(grep -c 'POST /authz' "$H/requests.log")"
srv_start links || not_ok "links: server starts"
acme --name links --preferred-chain "no such CA"
check_eq "links: issued with the default chain" 0 "$T_RC"
check "links: ... at most 8 of 50 alternates fetched" \
	test "$(grep -c 'POST /cert' "$H/requests.log")" -le 9

# --- the CA refuses the old key of an account it forgot: a new key
srv_start forget || { not_ok "forget: server starts"; }
rm -rf "$T_TMP/state/accounts"
acme --name forget1
check_eq "forget: a first certificate with a new account" 0 "$T_RC"
old_key=$(sha256sum <"$T_TMP/state/accounts/127.0.0.1_14443/account.key")
acme --name forget2
check_eq "forgotten account, old key refused: issued with a new key" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "... registered twice more" 3 "$(grep -c 'POST /newAccount' "$H/requests.log")"
check "... the account key is new" test "$old_key" != \
	"$(sha256sum <"$T_TMP/state/accounts/127.0.0.1_14443/account.key")"
check_eq "... the old account archived" 1 \
	"$(find "$T_TMP/state/archive" -name account.key | wc -l)"
finish
