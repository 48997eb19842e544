#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The HTTP-01 port (free, plain listener, web server, not allowed) and the
# end-to-end self-test through the real responder, names resolved by dnsmasq.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/checks/lib-checks.sh" || exit 99
start_dns
PORT=5002

# stop_server: kills the listener started last
stop_server() {
	kill "$SRV_PID" 2>/dev/null
	wait "$SRV_PID" 2>/dev/null
	SRV_PID=
}
T_CLEANUP="$T_CLEANUP; [ -n \"\${SRV_PID:-}\" ] && kill \$SRV_PID 2>/dev/null"

# free port: the responder takes it and serves the token by name
ac check --only port,selftest --http-port $PORT here.test cname.test
check_eq "free port, self-test passes: exit 0" 0 "$T_RC"
check_match "free port: ok" "^✓ Port $PORT: Port $PORT is free and astcert can listen on it" "$AC_OUT"
check_match "self-test fetched the token by name" "^✓ Self-test for here.test: http://here.test:$PORT/.well-known/acme-challenge/[A-Za-z0-9_-]+ served the test token" "$AC_OUT"
check_match "self-test through a CNAME chain" "^✓ Self-test for cname.test: " "$AC_OUT"
check_eq "the responder is gone afterwards" "" "$(ss -Hltn "sport = :$PORT")"

# the name points elsewhere: the self-test fails
ac check --only port,selftest --http-port $PORT here.test elsewhere.test
check_eq "self-test failing: exit 1" 1 "$T_RC"
check_match "self-test failing: the URL and curl's reason" "^✗ Self-test for elsewhere.test: Cannot fetch http://elsewhere.test:$PORT/.well-known/acme-challenge/.*(connect|reach)" "$AC_OUT"
check_match "self-test failing: still passes for the good name" "^✓ Self-test for here.test" "$AC_OUT"

# a plain listener that does not speak HTTP
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
while True:
    c, _ = s.accept(); c.close()' $PORT &
SRV_PID=$!
wait_port tcp $PORT $SRV_PID
ac check --only port,selftest --http-port $PORT here.test
check_eq "plain listener: exit 1" 1 "$T_RC"
check_match "plain listener: failure naming the process (root)" "^✗ Port $PORT: Port $PORT is held by python3 \(pid $SRV_PID\), which does not answer HTTP" "$AC_OUT"
check_match "plain listener: the fix" "fix: Stop python3 \(pid $SRV_PID\) or move it off port $PORT" "$AC_OUT"
check_match "plain listener: self-test skipped" "^- Self-test for here.test: Skipped: port $PORT is held" "$AC_OUT"
stop_server

# a web server: suggest webroot mode; with --webroot the self-test uses it
mkdir -p "$T_TMP/www" "$T_TMP/other"
python3 -m http.server --bind 0.0.0.0 --directory "$T_TMP/www" $PORT \
	>"$T_TMP/http.log" 2>&1 &
SRV_PID=$!
wait_port tcp $PORT $SRV_PID
ac check --only port,selftest --http-port $PORT here.test
check_eq "web server: a warning, exit 0" 0 "$T_RC"
check_match "web server: recognized by its Server header" "^! Port $PORT: Port $PORT is held by a web server \(python3 \(pid $SRV_PID\), SimpleHTTP/" "$AC_OUT"
check_match "web server: webroot mode suggested" "fix: Use webroot mode with that server's document root" "$AC_OUT"
stop_server
# a web server on one address only (not loopback) is still recognized
python3 -m http.server --bind 192.0.2.1 --directory "$T_TMP/www" $PORT \
	>"$T_TMP/http.log" 2>&1 &
SRV_PID=$!
wait_port tcp $PORT $SRV_PID
ac check --only port --http-port $PORT here.test
check_match "web server on 192.0.2.1 only: recognized" "^! Port $PORT: Port $PORT is held by a web server" "$AC_OUT"
stop_server
python3 -m http.server --bind ::1 --directory "$T_TMP/www" $PORT \
	>"$T_TMP/http.log" 2>&1 &
SRV_PID=$!
wait_port tcp $PORT $SRV_PID
ac check --only port --http-port $PORT here.test
check_match "web server on ::1 only: recognized" "^! Port $PORT: Port $PORT is held by a web server" "$AC_OUT"
stop_server
python3 -m http.server --bind 0.0.0.0 --directory "$T_TMP/www" $PORT \
	>"$T_TMP/http.log" 2>&1 &
SRV_PID=$!
wait_port tcp $PORT $SRV_PID
ac check --only port --http-port $PORT --standalone here.test
check_eq "web server, standalone mode: exit 1" 1 "$T_RC"
check_match "web server, standalone mode: a failure" "^✗ Port $PORT: Port $PORT is held by a web server" "$AC_OUT"
ac check --only port,selftest --http-port $PORT --webroot "$T_TMP/www" here.test
check_eq "webroot mode: exit 0" 0 "$T_RC"
check_match "webroot mode: port ok" "^✓ Port $PORT: Port $PORT is held by a web server .* it will serve the webroot" "$AC_OUT"
check_match "webroot mode: self-test through the web server" "^✓ Self-test for here.test: http://here.test:$PORT/.* served the test token" "$AC_OUT"
check_eq "webroot mode: the token file is removed" "" "$(ls -A "$T_TMP/www/.well-known/acme-challenge" 2>/dev/null)"
ac check --only port,selftest --http-port $PORT --webroot "$T_TMP/other" here.test
check_eq "wrong webroot: exit 1" 1 "$T_RC"
check_match "wrong webroot: the server answers without the token" "^✗ Self-test for here.test: .* answered HTTP 404 without the test token" "$AC_OUT"
stop_server

# webroot mode with nothing on the port
ac check --only port --http-port $PORT --webroot "$T_TMP/www" here.test
check_match "webroot mode, nothing listening: failure" "^✗ Port $PORT: Nothing listens on port $PORT" "$AC_OUT"

# a user who may not bind a port below 1024
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	T_RC=0
	AC_OUT=$(ASTCERT_CONF=/nonexistent setpriv --reuid=65534 --regid=65534 \
		--clear-groups "$ASTCERT" check --only port --http-port 80 2>&1) || T_RC=$?
	check_eq "not root, port 80: exit 1" 1 "$T_RC"
	check_match "not root, port 80: says root is needed" "^✗ Port 80: astcert may not listen on port 80: only root" "$AC_OUT"
else
	skip "setpriv cannot drop to nobody here"
	skip "setpriv cannot drop to nobody here"
fi

ac check --only port --http-port 0 here.test
check_eq "bad --http-port: usage error" 2 "$T_RC"

finish
