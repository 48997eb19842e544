#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sends one SIP OPTIONS over TLS with openssl s_client and prints the reply
# headers.  Exit 0 only when the server certificate verifies against CAFILE
# (chain and name) and the reply is "SIP/2.0 200".
#   sip-options-tls.sh PORT CAFILE NAME [s_client args, e.g. -cert c -key k]
set -u
port=$1 ca=$2 sn=$3; shift 3
errf=$(mktemp "${TMPDIR:-/tmp}/sip-options-tls.XXXXXX") || {
	echo "sip-options-tls: cannot make a temporary file in ${TMPDIR:-/tmp}" >&2
	exit 2
}
trap 'rm -f "$errf"' EXIT
trap 'exit 1' PIPE
crlf=$'\r\n'
req="OPTIONS sip:$sn SIP/2.0${crlf}Via: SIP/2.0/TLS 127.0.0.1:5099;branch=z9hG4bK-$$-$RANDOM;rport${crlf}Max-Forwards: 70${crlf}From: <sip:probe@astcert.invalid>;tag=$$${crlf}To: <sip:$sn>${crlf}Call-ID: $$-$RANDOM@127.0.0.1${crlf}CSeq: 1 OPTIONS${crlf}Contact: <sip:probe@127.0.0.1:5099;transport=tls>${crlf}Content-Length: 0${crlf}${crlf}"
# -quiet implies -ign_eof: s_client waits for the reply, which ends the
# wait (AC_WAIT_LIMIT only stops a server that hangs)
limit=${AC_WAIT_LIMIT:-300}
coproc SC { exec timeout "$limit" openssl s_client -quiet -connect "127.0.0.1:$port" \
	-CAfile "$ca" -verify_return_error -servername "$sn" \
	-verify_hostname "$sn" "$@" 2>"$errf"; }
scpid=$SC_PID
printf '%s' "$req" >&"${SC[1]}" 2>/dev/null
rc=1 first=1
while IFS= read -r -t "$limit" line <&"${SC[0]}"; do
	line=${line%$'\r'}
	[ -z "$line" ] && break
	echo "$line"
	if [ $first = 1 ]; then first=0; [[ $line == "SIP/2.0 200"* ]] && rc=0; fi
done
kill "$scpid" 2>/dev/null; wait "$scpid" 2>/dev/null
if [ $first = 1 ]; then grep -E 'error' "$errf" | head -3 >&2; fi
exit $rc
