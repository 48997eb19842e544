#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A real TLS handshake with the files astcert installs (openssl s_server and
# s_client), inside a private network namespace.
. "$top_srcdir/tests/lib.sh"
need_netns

out=$T_TMP/keys
mkdir -p "$out"

# serve KEYTYPE PORT: s_server with the installed files; client verifies
handshake() {
	local type=$1 port=$2 pid reply
	local name=$type.example.com
	ac selfsigned --cn "$name" --ip 127.0.0.1 --key "$type" --out "$out" --owner root:root
	check_eq "$type: installed" 0 "$T_RC"
	openssl s_server -quiet -accept "127.0.0.1:$port" -cert "$out/$name.crt" \
		-key "$out/$name.key" -tls1_2 -www >"$T_TMP/s_server.$type" 2>&1 &
	pid=$!
	T_CLEANUP="kill $pid 2>/dev/null"
	# ready when a handshake completes, not when the port is bound
	wait_until -u "! alive $pid" "s_server's first handshake" \
		openssl s_client -connect "127.0.0.1:$port" </dev/null
	reply=$(printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -connect "127.0.0.1:$port" \
		-CAfile "$out/$name.crt" -verify_return_error -verify_hostname "$name" \
		-servername "$name" -ign_eof 2>&1)
	check_match "$type: verified handshake by name" 'Verify return code: 0 \(ok\)' "$reply"
	reply=$(printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -connect "127.0.0.1:$port" \
		-CAfile "$out/$name.crt" -verify_return_error -verify_ip 127.0.0.1 -ign_eof 2>&1)
	check_match "$type: verified handshake by IP" 'Verify return code: 0 \(ok\)' "$reply"
	reply=$(echo | openssl s_client -connect "127.0.0.1:$port" -CAfile "$out/$name.crt" \
		-verify_return_error -verify_hostname "other.example.com" 2>&1)
	check_match "$type: a wrong name is refused" 'hostname mismatch' "$reply"
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	T_CLEANUP=
}

handshake rsa2048 4431
handshake p256 4432
handshake p384 4433

finish
