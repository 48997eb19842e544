#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Name, DNS and CAA checks against a real DNS server (dnsmasq) on loopback.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/checks/lib-checks.sh" || exit 99
command -v dnsmasq >/dev/null || { not_ok "dnsmasq is installed (package dnsmasq-base)"; finish; exit 1; }
start_dns

# check_name NAME: runs the name, DNS and CAA checks for one name
check_name() { ac check --only name,dns,caa "$@"; }

check_name here.test
check_eq "resolves here: exit 0" 0 "$T_RC"
check_match "resolves here: DNS ok" '^✓ DNS for here.test: here.test resolves to 192.0.2.1, an address of this host' "$AC_OUT"
check_match "no CAA anywhere: ok" '^✓ CAA for here.test: No CAA records' "$AC_OUT"
check_match "summary line" '^3 checks passed, 0 warnings, 0 failed$' "$AC_OUT"

check_name nothing.test
check_eq "no such name: exit 1" 1 "$T_RC"
check_match "no such name: DNS fails" '^✗ DNS for nothing.test: nothing.test does not exist in DNS' "$AC_OUT"
check_match "no such name: the fix names the record to create" 'fix: Create an A \(IPv4\) or AAAA \(IPv6\) record for nothing.test' "$AC_OUT"

check_name norecord.test
check_eq "no address records: exit 1" 1 "$T_RC"
check_match "no address records: DNS fails" '^✗ DNS for norecord.test: norecord.test has no A or AAAA record' "$AC_OUT"

check_name elsewhere.test
check_eq "another address: exit 1" 1 "$T_RC"
check_match "another address: DNS fails naming it" '^✗ DNS for elsewhere.test: elsewhere.test resolves to 198.51.100.7, which is not this host' "$AC_OUT"

check_name cname.test
check_eq "CNAME chain: exit 0" 0 "$T_RC"
check_match "CNAME chain followed and shown" '^✓ DNS for cname.test: cname.test -> mid.test -> here.test resolves to 192.0.2.1' "$AC_OUT"

check_name pbx.bücher.test
check_eq "IDN: exit 0" 0 "$T_RC"
check_match "IDN: both forms shown" '^✓ Name pbx.bücher.test: pbx.bücher.test is an internationalized name: the CA and DNS see it as pbx.xn--bcher-kva.test' "$AC_OUT"
check_match "IDN: the A-label is asked in DNS" '^✓ DNS for pbx.bücher.test: pbx.xn--bcher-kva.test resolves to 192.0.2.1' "$AC_OUT"
check_name pbx.xn--bcher-kva.test
check_match "IDN typed as A-label: shown in Unicode too" 'pbx.bücher.test is an internationalized name' "$AC_OUT"

check_name allow.test
check_eq "CAA allows letsencrypt.org: exit 0" 0 "$T_RC"
check_match "CAA allows letsencrypt.org (parameters ignored)" '^✓ CAA for allow.test: CAA records at allow.test allow letsencrypt.org' "$AC_OUT"

check_name deny.test
check_eq "CAA forbids: exit 1" 1 "$T_RC"
check_match "CAA forbids: failure" '^✗ CAA for deny.test: CAA records at deny.test do not allow the CA \(letsencrypt.org\)' "$AC_OUT"
check_match "CAA forbids: the fix is the record to add" 'fix: Add a CAA record at deny.test: 0 issue "letsencrypt.org"' "$AC_OUT"

check_name pbx.parent.test
check_eq "CAA only on the parent, forbidding: exit 1" 1 "$T_RC"
check_match "CAA found by climbing to the parent" '^✗ CAA for pbx.parent.test: CAA records at parent.test do not allow' "$AC_OUT"
check_name pbx.okparent.test
check_match "CAA on the parent allowing" '^✓ CAA for pbx.okparent.test: CAA records at okparent.test allow letsencrypt.org' "$AC_OUT"

check_name crit.test
check_match "CAA critical unknown tag forbids everyone" '^✗ CAA for crit.test: A CAA record at crit.test is marked critical' "$AC_OUT"

check_name '*.here.test'
check_match "wildcard explained for HTTP-01" '^✗ Name \*.here.test: \*.here.test is a wildcard: HTTP-01 cannot prove control of a wildcard' "$AC_OUT"
check_name 192.0.2.1
check_match "IP address explained for HTTP-01" '^✗ Name 192.0.2.1: 192.0.2.1 is an IP address' "$AC_OUT"
check_name 'bad_name.test'
check_match "bad syntax: the character is named" "^✗ Name bad_name.test: .*the character '_' is not allowed" "$AC_OUT"

check_name v6here.test
check_match "loopback address: a warning" '^! DNS for v6here.test: v6here.test resolves to ::1, a loopback address' "$AC_OUT"
check_eq "warnings alone: exit 0" 0 "$T_RC"

# several names at once, in order, the worst decides
check_name here.test deny.test
check_eq "two names, one failing: exit 1" 1 "$T_RC"
check_eq "two names: six results" 6 "$(printf '%s\n' "$AC_OUT" | grep -c '^[✓!✗-] ')"

# ASCII marks when the locale is not UTF-8
LC_ALL=C ac check --only dns,caa here.test deny.test
check_match "ASCII fallback: ok" '^ok   DNS for here.test' "$AC_OUT"
check_match "ASCII fallback: FAIL" '^FAIL CAA for deny.test' "$AC_OUT"

# JSON
ac check --only name,dns,caa --json here.test deny.test
check_eq "JSON: exit 1 on a failure" 1 "$T_RC"
check_eq "JSON: parsed" "failure 6 caa failure deny.test" "$(printf '%s' "$AC_OUT" | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = d["checks"][5]
print(d["status"], len(d["checks"]), c["check"], c["status"], c["name"])')"

# NAT: this host has only a private address, the name a public one
ip addr del 192.0.2.1/32 dev lo
ip addr add 10.9.9.9/32 dev lo
check_name elsewhere.test
check_eq "behind NAT: exit 0" 0 "$T_RC"
check_match "behind NAT: a warning that explains NAT" '^! DNS for elsewhere.test: elsewhere.test resolves to 198.51.100.7; this host has only private addresses, so it is probably behind NAT' "$AC_OUT"
check_match "behind NAT: the fix is port forwarding" 'fix: Make sure the router at 198.51.100.7 forwards TCP port 80' "$AC_OUT"
check_name private.test
check_match "private address of this host: a warning" '^! DNS for private.test: private.test resolves to 10.9.9.9, a private address of this host' "$AC_OUT"
ip addr del 10.9.9.9/32 dev lo

# the resolver: a bad one is a usage error, a dead one a failure
ac check --only dns --resolver 'not-an-ip' here.test
check_eq "bad --resolver: exit 2" 2 "$T_RC"
check_match "bad --resolver: said so" 'is not an address' "$AC_ERR"
ac check --only dns --resolver 127.0.0.1:1 here.test
check_eq "dead resolver: exit 1" 1 "$T_RC"
check_match "dead resolver: DNS fails naming the server" '^✗ DNS for here.test: No answer from 127.0.0.1:1' "$AC_OUT"

ac check --only dns --resolver '[::1]:5353' cname.test
check_eq "IPv6 resolver with a port: exit 0" 0 "$T_RC"
check_match "IPv6 resolver: answers" '^. DNS for cname.test: cname.test -> mid.test -> here.test resolves to 192.0.2.1' "$AC_OUT"

# a server like pebble-challtestsrv: empty answers without the AA and RA
# bits, which glibc takes for lame referrals; its A answers are fine
python3 - <<'PY' >"$T_TMP/lame.log" 2>&1 &
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5354))
an = bytes.fromhex("c00c000100010000003c0004c0000201")   # A 192.0.2.1
while True:
    q, peer = s.recvfrom(512)
    end = q.index(b"\0", 12) + 5
    is_a = int.from_bytes(q[end - 4:end - 2], "big") == 1
    head = q[:2] + (b"\x85\x00" if is_a else b"\x81\x00") + b"\x00\x01"
    head += (b"\x00\x01" if is_a else b"\x00\x00") + b"\x00\x00\x00\x00"
    s.sendto(head + q[12:end] + (an if is_a else b""), peer)
PY
LAME_PID=$!
T_CLEANUP="$T_CLEANUP; kill $LAME_PID 2>/dev/null"
wait_port udp 5354 $LAME_PID
ip addr add 192.0.2.1/32 dev lo
ac check --only dns,caa --resolver 127.0.0.1:5354 lame.test
check_match "AAAA botched, A fine: the address counts" '^✓ DNS for lame.test: lame.test resolves to 192.0.2.1' "$AC_OUT"
check_match "CAA botched: a failure naming the server" '^✗ CAA for lame.test: No answer from 127.0.0.1:5354' "$AC_OUT"

ac check
check_eq "no name: usage error" 2 "$T_RC"

finish
