#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert acme runs the domain checks before it asks the CA for anything:
# the names come from a dnsmasq on loopback (ASTCERT_RESOLVER), Pebble keeps
# resolving through pebble-challtestsrv (every name is 127.0.0.1 there).
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/lib-pebble.sh" || exit 99
. "$top_srcdir/tests/checks/lib-checks.sh" || exit 99
command -v dnsmasq >/dev/null || { not_ok "dnsmasq is installed (package dnsmasq-base)"; finish; exit 1; }

pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }
start_dns	# after pebble_start: it adds itself to T_CLEANUP

# checked_acme NAME [OPTION]...: astcert acme with the checks, standalone
# on every address (the self-test fetches NAME's dnsmasq address
# 192.0.2.1, Pebble connects to 127.0.0.1), port 5002
checked_acme() {
	local name=$1; shift
	mkdir -p "$KEYS"
	ac acme --server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" \
		--email admin@example.com --agree-tos --http-port 5002 \
		--out "$KEYS" --owner "${OWNER:-root:root}" --key p256 \
		--domain "$name" "$@"
}
orders() { grep -c 'POST /order-plz' "$PEBBLE_DIR/pebble.log"; }

# --- (a) every check passes: the certificate is issued
checked_acme allow.test
check_eq "checks pass: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_match "... and installed" "CN *= *allow.test" \
	"$(openssl x509 -in "$KEYS/allow.test.crt" -noout -subject 2>&1)"
check_fails "... no check failed" grep -q "Check failed" <<<"$AC_ERR"
check_fails "... nothing says the checks were skipped" grep -q "skip-checks" <<<"$AC_ERR"
check_eq "... one order reached Pebble" 1 "$(orders)"
# the self-test's responder was gone before the order's took the port
check_fails "... no port clash" grep -q "already in use" <<<"$AC_ERR"
check "the responder is stopped afterwards" port_closed 5002

# --- (b) CAA forbids the CA: stop before any order.  Pebble's directory
# names no CAA identity: the configuration gives it one
printf 'acme = { directory = "%s"; caa_identity = "letsencrypt.org"; };\n' \
	"$PEBBLE_URL" >"$T_TMP/astcert.conf"
before_req=$(pebble_requests)
checked_acme deny.test
check_eq "CAA forbids: exit 1" 1 "$T_RC"
# (besides cli_fail's "run with --verbose for details")
errlines=$(printf '%s\n' "$AC_ERR" | grep -v -e '--verbose for details' | grep -c .)
check_eq "... one line" 1 "$errlines"
[ "$errlines" = 1 ] || diag "$AC_ERR"
check_match "... naming the check and its reason" \
	"Check failed \(CAA for deny.test\): CAA records at deny.test do not allow" "$AC_ERR"
check_match "... with the fix" 'Add a CAA record at deny.test: 0 issue "' "$AC_ERR"
check_match "... and the way around" "or skip the checks to go on anyway\\. \\(option --skip-checks\\)" "$AC_ERR"
check_eq "... Pebble received no newOrder" 1 "$(orders)"
check "... at most the clock check's directory request ($(( $(pebble_requests) - before_req )))" \
	test "$(( $(pebble_requests) - before_req ))" -le 1
check_eq "... nothing installed" "" "$(ls "$KEYS" | grep deny)"
check_fails "... no renewal profile" test -e "$T_TMP/state/certs/deny.test"

# --- (c) the same with --skip-checks: a warning, and the CA is asked
checked_acme deny.test --skip-checks
check_eq "--skip-checks: issued (Pebble does not check CAA)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_match "... with a warning" "warning: Domain checks skipped: problems show up only when the CA answers" "$AC_ERR"
check_eq "... the order reached Pebble" 2 "$(orders)"
check "... installed" test -s "$KEYS/deny.test.crt"
check_match "... the choice is kept for renewals" "skip_checks = true" \
	"$(cat "$T_TMP/state/certs/deny.test/renewal.conf")"

# --- a name that does not resolve: the DNS check stops it
checked_acme nothing.test
check_eq "no DNS record: exit 1" 1 "$T_RC"
check_match "... the DNS check says so" "Check failed \(DNS for nothing.test\)" "$AC_ERR"
check_eq "... still no new order" 2 "$(orders)"

# --- on a PBX (the test's own asterisk user and group, never the host's):
# a key Asterisk could not read stops the run before any order
if users_asterisk user group; then
	checked_acme allow.test
	check_eq "asterisk cannot read a root:root key: exit 1" 1 "$T_RC"
	check_match "... the Asterisk check says so, with the fix" \
		"Check failed \(Asterisk\): .*which user asterisk cannot read.*owner root:asterisk" "$AC_ERR"
	check_eq "... no new order" 2 "$(orders)"
	OWNER=root:asterisk checked_acme allow.test
	check_eq "its group's key: issued" 0 "$T_RC"
	[ "$T_RC" = 0 ] || diag "$AC_ERR"
	check_eq "... 0640 root:asterisk" "0640 root:asterisk" "$(stat_mode "$KEYS/allow.test.key")"
	users_asterisk
else
	for _ in 1 2 3 4 5; do skip "needs private users and groups"; done
fi

finish
