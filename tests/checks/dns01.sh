#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The checks of the DNS-01 path (astcert check --challenge dns-01) against
# a real BIND (tests/lib-bind.sh): the name (wildcards allowed), CAA with
# issuewild, the zone and its servers (a CNAME-delegated _acme-challenge,
# a server that does not answer), the TSIG key tried with a test record
# that is removed again (and a wrong secret), the hook, and DNSSEC through
# a validating BIND resolver with trust anchors for a signed zone and for
# one whose signatures have expired.  No port-80 checks on this path.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/lib-bind.sh" || exit 99
. "$top_srcdir/tests/lib-pebble.sh" || exit 99
bind_start || { echo "Bail out! BIND did not start"; exit 99; }
export ASTCERT_RESOLVER=$BIND_RESOLVER

DNS01=(check --challenge dns-01 --dns-tsig-key-file "$BIND_KEY_FILE")
# (CAA climbs to "test", which the test resolver does not serve: CAA is
# checked below where the records are found before the climb gets there)
ZONE_CHECKS=(--only name,zone,update,dnssec)

# --- the apex: every DNS-01 check, and no port-80 check -------------------
ac "${DNS01[@]}" "${ZONE_CHECKS[@]}" example.test
check_eq "apex: exit 0" 0 "$T_RC"
check_match "apex: the zone and its server" \
	'^✓ DNS zone of example.test: _acme-challenge.example.test is in the zone example.test; its servers answer: ns1.example.test \(127.0.0.1\)' "$AC_OUT"
check_match "apex: the TSIG key is accepted" \
	"^✓ DNS update for example.test: 127.0.0.1 accepts updates of example.test signed with the key $BIND_KEY_NAME: a test record was added and removed" "$AC_OUT"
check_eq "apex: the test record is gone" "" "$(bind_txt _acme-challenge.example.test)"
check_match "apex: an unsigned zone is fine" \
	'^✓ DNSSEC for example.test: _acme-challenge.example.test is not signed' "$AC_OUT"

ac "${DNS01[@]}" example.test
check_fails "by default no address, port or self-test check" \
	grep -Eq '(DNS for|Port|Self-test)' "$T_TMP/out"

# --- wildcards -----------------------------------------------------------
ac "${DNS01[@]}" --only name '*.example.test'
check_eq "wildcard with DNS-01: exit 0" 0 "$T_RC"
check_match "wildcard with DNS-01: accepted" \
	'^✓ Name \*.example.test: .*_acme-challenge.example.test' "$AC_OUT"
ac check --only name '*.example.test'
check_eq "wildcard with HTTP-01: exit 1" 1 "$T_RC"

# --- CAA: issuewild governs the wildcard only ----------------------------
bind_add example.test CAA '0 issue "letsencrypt.org"'
bind_add example.test CAA '0 issuewild ";"'
# the resolver may still hold the "no CAA" of the checks above for a
# moment: wait until it serves the records
resolver_caa() {
	dig +short +time=2 +tries=1 @"$BIND_RESOLVER" -p "$BIND_PORT" CAA \
		example.test | grep -q issuewild
}
wait_until "the resolver to serve the CAA records" resolver_caa
ac "${DNS01[@]}" --only caa example.test '*.example.test'
check_eq "issuewild forbids: exit 1" 1 "$T_RC"
check_match "issuewild: the apex is allowed" \
	'^✓ CAA for example.test: CAA records at example.test allow letsencrypt.org' "$AC_OUT"
check_match "issuewild: the wildcard is not" \
	'^✗ CAA for \*.example.test: CAA records at example.test do not allow' "$AC_OUT"
check_match "issuewild: the fix is an issuewild record" \
	'fix: Add a CAA record at example.test: 0 issuewild "letsencrypt.org"' "$AC_OUT"
bind_del example.test CAA '0 issuewild ";"'
bind_del example.test CAA '0 issue "letsencrypt.org"'

# --- CNAME delegation (acme-dns style) -----------------------------------
ac "${DNS01[@]}" --only zone,update alias.example.test
check_eq "delegated: exit 0" 0 "$T_RC"
check_match "delegated: the CNAME's end and its zone" \
	'^✓ DNS zone of alias.example.test: alias.acme.delegated.test is in the zone delegated.test' "$AC_OUT"
check_match "delegated: the update goes to that zone" \
	'accepts updates of delegated.test' "$AC_OUT"

# --- a wrong TSIG secret: refused, nothing left behind -------------------
(umask 077 && sed 's|secret ".*";|secret "c2VjcmV0IHRoYXQgQklORCBkb2VzIG5vdCBrbm93IGF0IGFsbCEh";|' \
	"$BIND_KEY_FILE" >"$T_TMP/wrong.key")
ac check --challenge dns-01 --dns-tsig-key-file "$T_TMP/wrong.key" \
	--only zone,update example.test
check_eq "wrong secret: exit 1" 1 "$T_RC"
check_match "wrong secret: the update check fails naming the key" \
	'^✗ DNS update for example.test: .*(key|signature)' "$AC_OUT"
check_eq "wrong secret: no record" "" "$(bind_txt _acme-challenge.example.test)"

ac check --challenge dns-01 --only update example.test
check_eq "no key: exit 1" 1 "$T_RC"
check_match "no key: said, with the option" \
	'fix: .*give its file\. \(option --dns-tsig-key-file\)$' "$AC_OUT"

# --- a server of the zone that does not answer ---------------------------
# stale.test's second server, 127.0.0.2, is not started
ac "${DNS01[@]}" --only zone www.stale.test
check_eq "one server down: a warning, exit 0" 0 "$T_RC"
check_match "one server down: named" \
	'^! DNS zone of www.stale.test: Servers of the zone stale.test do not answer: ns2.stale.test \(127.0.0.2\)' "$AC_OUT"

# --- the hook: a program root may run ------------------------------------
printf '#!/bin/sh\nexit 0\n' >"$T_TMP/hook"
chmod 0644 "$T_TMP/hook"
ac check --challenge dns-01 --dns-hook "$T_TMP/hook" --only update example.test
check_eq "hook not executable: exit 1" 1 "$T_RC"
check_match "hook not executable: the fix is chmod" 'chmod 755' "$AC_OUT"
chmod 0775 "$T_TMP/hook"
ac check --challenge dns-01 --dns-hook "$T_TMP/hook" --only update example.test
check_match "hook writable by the group: refused" 'writable by others' "$AC_OUT"
chmod 0755 "$T_TMP/hook"
ac check --challenge dns-01 --dns-hook "$T_TMP/hook" --only update example.test
check_eq "hook: exit 0" 0 "$T_RC"
check_match "hook: how it is run" "add\\|remove NAME VALUE" "$AC_OUT"
ac check --dns-manual --only update example.test
check_match "by hand: nothing to test" '^- DNS update for example.test: By hand' "$AC_OUT"

# --- what to give, the CLI naming its option -----------------------------
ac check --challenge dns-01 --dns-hook "" --only update example.test
check_match "no hook program: the fix names --dns-hook" \
	"fix: Give the hook program's path\\. \\(option --dns-hook\\)$" "$AC_OUT"
ac "${DNS01[@]}" --only zone www.nozone.invalid
check_eq "no zone: exit 1" 1 "$T_RC"
check_match "no zone: the fix names --dns-zone" \
	'fix: Check that the DNS server answers, or give the zone\. \(option --dns-zone\)$' \
	"$AC_OUT"

# --- the same checks before an order: acme over DNS-01 without --skip-checks
# (astcert asks the primary, as tests/acme/dns01.sh does: the resolver
# Pebble shares keeps the negative answer to astcert's own lookups of the
# record's name for about a second, and Pebble would get NXDOMAIN)
PEBBLE_DNS="$BIND_RESOLVER:$BIND_PORT"
if pebble_start 0; then
	mkdir -p "$KEYS"
	ASTCERT_RESOLVER=$BIND_ADDR ac acme --server "$PEBBLE_URL" \
		--ca-bundle "$PEBBLE_CA" \
		--email admin@example.com --agree-tos --challenge dns-01 \
		--dns-update rfc2136 --dns-tsig-key-file "$BIND_KEY_FILE" \
		--out "$KEYS" --owner root:root \
		--domain example.test --domain '*.example.test'
	check_eq "acme over DNS-01 with its checks: exit 0" 0 "$T_RC"
	[ "$T_RC" = 0 ] || diag "$AC_ERR"
	check_fails "acme over DNS-01: no port-80 check ran" \
		grep -Eq '(Port [0-9]|Self-test|HTTP-01)' "$T_TMP/out" "$T_TMP/err"
	check_eq "acme over DNS-01: no record left" "" \
		"$(bind_txt _acme-challenge.example.test)"
	pebble_stop
else
	not_ok "pebble starts with -dnsserver $PEBBLE_DNS"
fi

# --- DNSSEC: a validating resolver in front of signed zones --------------
# good.test signed and valid; bad.test signed with signatures that expired
# in 2020.  Both served by 127.0.0.4; the validating resolver on 127.0.0.5
# trusts their keys (as a parent's DS would make it).
SEC="$T_TMP/sec"
mkdir -p "$SEC/res"
# sec_zone ZONE [dnssec-signzone options]
sec_zone() {
	local z=$1
	shift
	dnssec-keygen -q -K "$SEC" -a ECDSAP256SHA256 -f KSK "$z" >/dev/null &&
	printf '$TTL 60\n@ SOA ns1.%s. h.%s. 1 60 60 600 60\n@ NS ns1.%s.\nns1 A 127.0.0.4\nwww A 127.0.0.1\n' \
		"$z" "$z" "$z" >"$SEC/$z.zone" &&
	# in $SEC: dnssec-signzone leaves its dsset- file in the working directory
	(cd "$SEC" && dnssec-signzone -q -P -S -z -K "$SEC" -o "$z" \
		-f "$SEC/$z.signed" "$@" "$SEC/$z.zone" >"$SEC/$z.log" 2>&1)
}
# the DNSKEY as a trust anchor
anchor() {
	awk -v z="$1." '$1 == z && $3 == "DNSKEY" {
		k = ""; for (i = 7; i <= NF; i++) k = k $i
		printf "%s static-key %s %s %s \"%s\";\n", $1, $4, $5, $6, k
	}' "$SEC"/K"$1".+*.key
}
sec_conf() {
	printf 'options { directory "%s"; pid-file "%s/named.pid"; listen-on { %s; }; listen-on-v6 { none; };\n' "$1" "$1" "$2"
	printf '\tsession-keyfile "%s/session.key"; managed-keys-directory "%s";\n' "$1" "$1"
	if [ "$3" = auth ]; then
		printf '\trecursion no; dnssec-validation no; };\ncontrols { };\n'
		printf 'zone "%s" { type primary; file "%s/%s.signed"; };\n' \
			good.test "$SEC" good.test bad.test "$SEC" bad.test
	else
		printf '\trecursion yes; allow-recursion { any; }; dnssec-validation yes;\n'
		printf '\tmax-cache-ttl 0; max-ncache-ttl 0; };\ncontrols { };\n'
		printf 'trust-anchors {\n%s\n%s\n};\n' "$(anchor good.test)" "$(anchor bad.test)"
		printf 'zone "%s" { type static-stub; server-addresses { 127.0.0.4; }; };\n' \
			good.test bad.test
	fi
}
sec_named() {
	ip addr add "$2/8" dev lo 2>/dev/null
	sec_conf "$1" "$2" "$3" >"$1/named.conf" || return 1
	named -g -c "$1/named.conf" >"$1/named.log" 2>&1 &
	BIND_PIDS="$BIND_PIDS $!"
	wait_until -u "! alive $!" "BIND on $2" \
		dig +time=1 +tries=1 @"$2" SOA good.test
}
if sec_zone good.test && sec_zone bad.test -s 20200101000000 -e 20200201000000 &&
   sec_named "$SEC" 127.0.0.4 auth && sec_named "$SEC/res" 127.0.0.5 resolver; then
	ASTCERT_RESOLVER=127.0.0.5 ac check --challenge dns-01 --only dnssec www.good.test
	check_eq "DNSSEC valid: exit 0" 0 "$T_RC"
	check_match "DNSSEC valid: said" \
		'^✓ DNSSEC for www.good.test: _acme-challenge.www.good.test is signed with DNSSEC and validates' "$AC_OUT"
	ASTCERT_RESOLVER=127.0.0.5 ac check --challenge dns-01 --only dnssec www.bad.test
	check_eq "DNSSEC broken: exit 1" 1 "$T_RC"
	check_match "DNSSEC broken: the CA will refuse" \
		'^✗ DNSSEC for www.bad.test: The DNSSEC signatures for _acme-challenge.www.bad.test do not validate' "$AC_OUT"
	check_match "DNSSEC broken: the fix" 'fix: Re-sign the zone' "$AC_OUT"
else
	not_ok "signed zones and a validating resolver"
	diag "$(tail -n 5 "$SEC"/named.log "$SEC"/res/named.log 2>&1)"
fi

finish
