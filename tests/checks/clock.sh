#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Clock skew against a local HTTPS "ACME directory" (python3 ssl, its own
# certificate), the directory's caaIdentities, and a full run of every check.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/checks/lib-checks.sh" || exit 99
start_dns
TLS_PORT=14443

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout "$T_TMP/tls.key" -out "$T_TMP/tls.crt" -days 2 -subj /CN=acme.test \
	-addext subjectAltName=DNS:acme.test,IP:127.0.0.1 2>/dev/null
python3 - "$T_TMP/tls.crt" "$T_TMP/tls.key" $TLS_PORT <<'EOF' >"$T_TMP/https.log" 2>&1 &
import http.server, json, ssl, sys
dirs = {
    "/dir": {"newNonce": "x", "meta": {"caaIdentities": ["ca.example"]}},
    "/plain": {"newNonce": "x"},
}
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(dirs.get(self.path, {})).encode()
        self.send_response(200 if self.path in dirs else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[3])), H)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
EOF
HTTPS_PID=$!
T_CLEANUP="$T_CLEANUP; kill $HTTPS_PID 2>/dev/null"
wait_port tcp $TLS_PORT $HTTPS_PID || { not_ok "HTTPS server started"; cat "$T_TMP/https.log"; finish; exit 1; }
DIR=https://127.0.0.1:$TLS_PORT/dir
CA=(--ca-bundle "$T_TMP/tls.crt")

ac check --only clock --server $DIR "${CA[@]}"
check_eq "clock right: exit 0" 0 "$T_RC"
check_match "clock right: ok" '^✓ Clock: The clock agrees with the ACME server.s \([0-9]+ s apart\)' "$AC_OUT"

# skewed OFFSET [NOW]: the clock check with the engine's clock OFFSET seconds
# off from the moment it starts (NOW: ASTCERT_NOW's value, default the
# seconds).  The skew it finds is OFFSET less the EL seconds it ran (and
# the Date header's whole second): the checks allow for EL, however slow
# the machine, instead of assuming a run is quick.
skewed() {
	local t0
	t0=$(date +%s)
	ASTCERT_NOW=${2:-$((t0 + $1))} ac check --only clock --server $DIR "${CA[@]}"
	EL=$(($(date +%s) - t0))
}
# skew_in MIN MAX UNIT: the skew reported is within MIN..MAX
skew_in() {
	local n
	n=$(printf '%s\n' "$AC_OUT" | sed -n "s/^.* Clock: This host.s clock is \([0-9]*\) $3 .*/\1/p")
	[ -n "$n" ] && [ "$n" -ge "$1" ] && [ "$n" -le "$2" ]
}

skewed 300
check_eq "5 minutes ahead: exit 0" 0 "$T_RC"
check_match "5 minutes ahead: a warning" '^! Clock: This host.s clock is [0-9]+ seconds ahead of the ACME server.s' "$AC_OUT"
check "5 minutes ahead: 300 s less the run's $EL s" skew_in $((300 - EL - 1)) 300 seconds
check_match "5 minutes ahead: the fix is NTP" 'fix: .*NTP' "$AC_OUT"
# a plural message comes from astcert's catalogue like any other (it once
# went to gettext's default domain and stayed English)
if grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h"; then
	mkdir -p "$T_TMP/locale/fr/LC_MESSAGES"
	msgfmt -o "$T_TMP/locale/fr/LC_MESSAGES/astcert.mo" "$top_srcdir/po/fr.po"
	ASTCERT_LOCALEDIR=$T_TMP/locale LANG=C.UTF-8 LANGUAGE=fr ASTCERT_NOW=$(($(date +%s) + 300)) \
		ac check --only clock --server $DIR "${CA[@]}"
	check_match "fr: the skew's plural message is translated" \
		"L'horloge de cet hôte avance de [0-9]+ secondes" "$AC_OUT"
fi

skewed -7200
check_eq "2 hours behind: exit 1" 1 "$T_RC"
check_match "2 hours behind: a failure" '^✗ Clock: This host.s clock is [0-9]+ minutes behind the ACME server.s' "$AC_OUT"
check "2 hours behind: 120 minutes and the run's $EL s" skew_in 119 $(((7201 + EL) / 60)) minutes

# ahead, never behind: however long the run, it stays under the warning
now=$(date +%s)
skewed 100 "$(date -u -d @$((now + 100)) +%Y-%m-%dT%H:%M:%S)"
check_match "100 s ahead (ASTCERT_NOW as a date): still ok" '^✓ Clock: ' "$AC_OUT"

# TLS is verified: without the bundle the server is not trusted
ac check --only ca,clock --server $DIR
check_eq "untrusted server: exit 1" 1 "$T_RC"
check_match "untrusted server: the CA check says why" '^✗ CA: Cannot fetch https://127.0.0.1:[0-9]+/dir: .*certificate' "$AC_OUT"
check_match "... and the clock is not blamed" '^- Clock: Skipped: the CA did not answer' "$AC_OUT"
ASTCERT_CA_BUNDLE="$T_TMP/tls.crt" ac check --only clock --server $DIR
check_eq "ASTCERT_CA_BUNDLE works too" 0 "$T_RC"

ac check --only ca --server http://127.0.0.1:$TLS_PORT/dir "${CA[@]}"
check_eq "http:// directory refused: exit 1" 1 "$T_RC"

# the directory's host name goes through the configured resolver
ac check --only clock --server https://acme.test:$TLS_PORT/dir "${CA[@]}"
check_eq "directory by name through dnsmasq: exit 0" 0 "$T_RC"
check_match "directory by name: clock ok" '^✓ Clock: ' "$AC_OUT"
ac check --only ca,clock --server https://unknown.test:$TLS_PORT/dir "${CA[@]}"
check_match "unknown directory host: the CA check fails" '^✗ CA: .*unknown.test' "$AC_OUT"

# CAA identities come from the directory's meta.caaIdentities
ac check --only caa --server $DIR "${CA[@]}" customca.test allow.test
check_match "caaIdentities: the CA's own identity allowed" '^✓ CAA for customca.test: CAA records at customca.test allow ca.example' "$AC_OUT"
check_match "caaIdentities: letsencrypt.org is not that CA" '^✗ CAA for allow.test: CAA records at allow.test do not allow the CA \(ca.example\)' "$AC_OUT"
ac check --only caa --server https://127.0.0.1:$TLS_PORT/plain "${CA[@]}" customca.test
check_match "no caaIdentities: another CA is not taken for Let's Encrypt" \
	"^! CAA for customca.test: customca.test has CAA records, and the CA \\(https://127.0.0.1:$TLS_PORT/plain\\) does not say which CAA name is its own" "$AC_OUT"
check_eq "... a warning, not a failure" 0 "$T_RC"

# every check, passing and failing, as in the closing note
mkdir -p "$T_TMP/keys"
chown root:nogroup "$T_TMP/keys"
chmod 0750 "$T_TMP/keys"
ALL=(--server https://acme.test:$TLS_PORT/plain "${CA[@]}" --http-port 5002
	--out "$T_TMP/keys" --owner root:nogroup --asterisk-user nobody:nogroup)
ac check "${ALL[@]}" pbx.bücher.test
check_eq "all checks, passing name: exit 0" 0 "$T_RC"
check_eq "all checks, passing name: 8 ok" 8 "$(printf '%s\n' "$AC_OUT" | grep -c '^✓ ')"
diag "$AC_OUT"
ASTCERT_NOW=$((now - 7200)) ac check "${ALL[@]}" deny.test
check_eq "all checks, failing name: exit 1" 1 "$T_RC"
# (this CA publishes no CAA name: deny.test's records are a warning, as the
# directory with caaIdentities above shows them a failure)
check_match "all checks, failing name: CAA warns" '^! CAA for deny.test' "$AC_OUT"
check_eq "all checks, failing name: the clock fails" "Clock" \
	"$(printf '%s\n' "$AC_OUT" | sed -n 's/^✗ \([A-Za-z]*\)[ :].*/\1/p' | tr '\n' ' ' | sed 's/ $//')"
diag "$AC_OUT"

finish
