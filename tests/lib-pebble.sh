# SPDX-License-Identifier: GPL-3.0-or-later
# A real ACME server for the tests: Pebble + pebble-challtestsrv (its DNS,
# answering 127.0.0.1 for every name; or a real BIND, PEBBLE_DNS below) on
# loopback, inside the test's private network namespace.  Source after tests/lib.sh and need_netns:
#
#   pebble_start [NONCE_REJECT_PERCENT] [eab]   start (eab: EAB required)
#   pebble_stop                                 stop (also on exit)
#   pebble_requests                             ACME requests served so far
#
# Sets PEBBLE_URL (directory), PEBBLE_CA (trust for its HTTPS listener;
# $PEBBLE_DIR/other-ca.pem is a CA that did not sign it),
# PEBBLE_DIR (config, logs), PEBBLE_EAB_KID / PEBBLE_EAB_HMAC.  Pebble checks
# HTTP-01 at http://NAME:5002/ (NAME resolves to 127.0.0.1).

PEBBLE_DIR="$T_TMP/pebble"
PEBBLE_URL="https://127.0.0.1:14000/dir"
PEBBLE_MGMT="https://127.0.0.1:15000"
PEBBLE_CA="$PEBBLE_DIR/ca.pem"
PEBBLE_EAB_KID="kid-1"
PEBBLE_EAB_HMAC="zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W"
PEBBLE_PIDS=""
# PEBBLE_DNS=HOST:PORT: the DNS server Pebble's VA asks (set before
# pebble_start; tests/lib-bind.sh's resolver) instead of pebble-challtestsrv
: "${PEBBLE_DNS:=}"

# A throwaway CA and a certificate for 127.0.0.1/localhost: the Debian
# package ships none.
pebble_tls() {
	[ -s "$PEBBLE_DIR/localhost.pem" ] && return 0
	(
		cd "$PEBBLE_DIR" || exit 1
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout ca.key -out ca.pem -days 30 \
			-subj "/CN=astcert test Pebble TLS CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" &&
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout localhost.key -out localhost.csr \
			-subj "/CN=localhost" &&
		printf '%s\n' "basicConstraints=critical,CA:FALSE" \
			"keyUsage=critical,digitalSignature" \
			"extendedKeyUsage=serverAuth" \
			"subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" > leaf.ext &&
		openssl x509 -req -in localhost.csr -CA ca.pem -CAkey ca.key \
			-CAcreateserial -days 30 -extfile leaf.ext \
			-out localhost.pem &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
			-nodes -keyout other-ca.key -out other-ca.pem -days 30 \
			-subj "/CN=astcert test unrelated CA"
	) >"$PEBBLE_DIR/tls.log" 2>&1
}

pebble_config() {
	local eab=$1
	cat >"$PEBBLE_DIR/config.json" <<EOF
{
  "pebble": {
    "listenAddress": "127.0.0.1:14000",
    "managementListenAddress": "127.0.0.1:15000",
    "certificate": "$PEBBLE_DIR/localhost.pem",
    "privateKey": "$PEBBLE_DIR/localhost.key",
    "httpPort": 5002,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": $([ "$eab" = eab ] && echo true || echo false),
    "externalAccountMACKeys": { "$PEBBLE_EAB_KID": "$PEBBLE_EAB_HMAC" }
  }
}
EOF
}

pebble_start() {
	local reject=${1:-0} eab=${2:-}
	mkdir -p "$PEBBLE_DIR"
	pebble_tls || { diag "pebble TLS setup failed: $(cat "$PEBBLE_DIR/tls.log")"; return 1; }
	pebble_config "$eab"
	if [ -z "$PEBBLE_DNS" ]; then
		pebble-challtestsrv -dns01 127.0.0.1:8053 -http01 "" -https01 "" \
			-tlsalpn01 "" -management 127.0.0.1:8055 \
			-defaultIPv4 127.0.0.1 -defaultIPv6 "" \
			>"$PEBBLE_DIR/challtestsrv.log" 2>&1 &
		CHALLTESTSRV_PID=$!
		PEBBLE_PIDS="$PEBBLE_PIDS $CHALLTESTSRV_PID"
	fi
	# PEBBLE_ENV: more VAR=VALUE settings for one test
	env PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT="$reject" \
		PEBBLE_AUTHZREUSE=0 ${PEBBLE_ENV:-} pebble -config "$PEBBLE_DIR/config.json" \
		-dnsserver "${PEBBLE_DNS:-127.0.0.1:8053}" -strict=false \
		>"$PEBBLE_DIR/pebble.log" 2>&1 &
	PEBBLE_PID=$!
	PEBBLE_PIDS="$PEBBLE_PIDS $PEBBLE_PID"
	T_CLEANUP="${T_CLEANUP:+$T_CLEANUP; }pebble_stop"
	# until both answer, or one of them has ended (tests/lib.sh)
	if ! wait_until -u "! alive $PEBBLE_PID" "Pebble's directory" \
		curl -sf --cacert "$PEBBLE_CA" "$PEBBLE_URL" ||
	   { [ -z "$PEBBLE_DNS" ] &&
	     ! wait_until -u "! alive $CHALLTESTSRV_PID" "pebble-challtestsrv" \
		curl -s http://127.0.0.1:8055/; }; then
		diag "pebble did not come up:"
		diag "$(tail -n 20 "$PEBBLE_DIR/pebble.log" "$PEBBLE_DIR/challtestsrv.log")"
		return 1
	fi
}

pebble_stop() {
	local pid
	for pid in $PEBBLE_PIDS; do kill -CONT "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; done
	for pid in $PEBBLE_PIDS; do wait "$pid" 2>/dev/null; done
	PEBBLE_PIDS=""
}

pebble_requests() { grep -c -- '-> calling handler()' "$PEBBLE_DIR/pebble.log"; }
# pebble_steps_since N: the requests after the first N, a run of polls of
# the same kind counted once (how many polls a validation or a finalize
# takes depends on the machine's speed, not on astcert)
pebble_steps_since() {
	grep -- '-> calling handler()' "$PEBBLE_DIR/pebble.log" | tail -n +$(($1 + 1)) |
		sed 's/.* \([A-Z]*\) \([^ ]*\) -> calling handler().*/\1 \2/' | uniq | wc -l
}

# The issuing root of this Pebble run (management API), into FILE.
pebble_root() { curl -sf --cacert "$PEBBLE_CA" "$PEBBLE_MGMT/roots/${2:-0}" >"$1"; }

# astcert acme against this Pebble, standalone on 127.0.0.1:5002, files to
# $KEYS (created) owned by root:root unless the arguments say otherwise.
# --skip-checks: the domain checks would ask DNS for the names, and
# pebble-challtestsrv's answers lack the AA/RA bits (empty CAA answers look
# lame); tests/acme/preflight.sh runs them against a dnsmasq instead.
pebble_acme() {
	mkdir -p "$KEYS"
	ac acme --server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --skip-checks \
		--email admin@example.com --agree-tos \
		--http-address 127.0.0.1 --http-port 5002 --out "$KEYS" \
		--owner root:root "$@"
}
KEYS="$T_TMP/keys"

# The issuer CN of a certificate file's first certificate.
cert_issuer_cn() { openssl x509 -in "$1" -noout -issuer -nameopt multiline | sed -n 's/^ *commonName *= //p'; }
