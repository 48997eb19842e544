# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the checks tests: a real DNS server (dnsmasq) on loopback with a
# zone "test." holding one name per case, and waiting for servers.
# Source after tests/lib.sh and need_netns.

# these tests add addresses to lo and start servers: never outside the
# private namespace need_netns made
if [ -z "${AC_IN_NETNS:-}" ]; then
	echo "Bail out! not inside a private network namespace"
	exit 99
fi

DNS_PORT=5353
export ASTCERT_RESOLVER="127.0.0.1:$DNS_PORT"

# caa_hex FLAGS TAG VALUE: CAA RDATA in hex for dnsmasq --dns-rr
caa_hex() {
	printf '%02x%02x' "$1" "${#2}"
	printf '%s%s' "$2" "$3" | od -An -tx1 | tr -d ' \n'
}

# listening tcp|udp PORT: something listens on PORT
listening() {
	if [ "$1" = udp ]; then ss -Hlun "sport = :$2" | grep -q .
	else ss -Hltn "sport = :$2" | grep -q .; fi
}
# wait_port tcp|udp PORT [PID]: until something listens on PORT, or the
# server PID has ended (tests/lib.sh's wait_until: no time budget)
wait_port() {
	wait_until ${3:+-u "! alive $3"} "a server on $1 port $2" listening "$1" "$2"
}

# start_dns: dnsmasq answering for test. only (NXDOMAIN for the rest),
# never forwarding anywhere.  192.0.2.1 is "this host" (added to lo).
start_dns() {
	ip addr add 192.0.2.1/32 dev lo
	dnsmasq --no-daemon --conf-file=/dev/null --no-resolv --no-hosts \
		--port=$DNS_PORT --listen-address=127.0.0.1,::1 --bind-interfaces \
		--local=/test/ \
		--host-record=here.test,192.0.2.1 \
		--host-record=v6here.test,::1 \
		--txt-record=norecord.test,"no address here" \
		--host-record=elsewhere.test,198.51.100.7 \
		--host-record=private.test,10.9.9.9 \
		--cname=cname.test,mid.test --cname=mid.test,here.test \
		--host-record=pbx.xn--bcher-kva.test,192.0.2.1 \
		--host-record=allow.test,192.0.2.1 \
		--dns-rr=allow.test,257,"$(caa_hex 0 issue 'letsencrypt.org; validationmethods=http-01')" \
		--host-record=deny.test,192.0.2.1 \
		--dns-rr=deny.test,257,"$(caa_hex 0 issue pki.goog)" \
		--dns-rr=deny.test,257,"$(caa_hex 0 iodef mailto:hostmaster@deny.test)" \
		--host-record=pbx.parent.test,192.0.2.1 \
		--dns-rr=parent.test,257,"$(caa_hex 0 issue pki.goog)" \
		--host-record=pbx.okparent.test,192.0.2.1 \
		--dns-rr=okparent.test,257,"$(caa_hex 0 issue letsencrypt.org)" \
		--host-record=crit.test,192.0.2.1 \
		--dns-rr=crit.test,257,"$(caa_hex 128 tbs unknown)" \
		--host-record=customca.test,192.0.2.1 \
		--dns-rr=customca.test,257,"$(caa_hex 0 issue ca.example)" \
		--host-record=acme.test,127.0.0.1 \
		2>"$T_TMP/dnsmasq.log" &
	DNS_PID=$!
	T_CLEANUP="${T_CLEANUP:+$T_CLEANUP; }kill $DNS_PID 2>/dev/null"
	wait_port udp $DNS_PORT $DNS_PID || { diag "dnsmasq did not start"; cat "$T_TMP/dnsmasq.log"; exit 1; }
}

# line_for TITLE-REGEX: the output line of one check
line_for() { printf '%s\n' "$AC_OUT" | grep -E -- "$1" | head -n 1; }
