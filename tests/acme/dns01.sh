#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# DNS-01 through RFC 2136 against a real BIND 9 and a real Pebble whose
# validation asks that BIND (tests/lib-bind.sh, pebble -dnsserver).
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"

if ! command -v named >/dev/null || ! command -v nsupdate >/dev/null; then
	echo "1..0 # SKIP needs bind9 (named) and bind9-dnsutils (nsupdate, dig)"
	exit 0
fi
bind_start || { not_ok "BIND starts"; finish; exit 1; }
PEBBLE_DNS="$BIND_RESOLVER:$BIND_PORT"
pebble_start 0 || { not_ok "pebble starts with -dnsserver $PEBBLE_DNS"; finish; exit 1; }

# --- the test bed itself: signed updates reach the resolver Pebble asks
check "nsupdate with the TSIG key adds a record" \
	bind_add probe.example.test TXT probe-value
check_eq "the resolver Pebble asks sees it" probe-value \
	"$(bind_txt probe.example.test "$BIND_RESOLVER")"
sed 's/secret ".*"/secret "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="/' \
	"$BIND_KEY_FILE" >"$T_TMP/wrong.key"
check_fails "BIND refuses an update signed with a wrong secret" \
	bind_nsupdate "$T_TMP/wrong.key" "update add wrong.example.test 60 TXT x"
check_eq "... and the zone is unchanged" "" "$(bind_txt wrong.example.test)"
check "an hmac-sha512 key works too" \
	bind_nsupdate "$BIND_KEY512_FILE" "update delete probe.example.test TXT"
check_eq "the CNAME of _acme-challenge.alias leads into delegated.test" \
	"alias.acme.delegated.test." \
	"$(dig +short @"$BIND_RESOLVER" CNAME _acme-challenge.alias.example.test)"

# astcert acme over DNS-01 / RFC 2136, its questions to the primary (the
# resolver Pebble asks must not have cached an answer from before the update)
dns_acme() {
	mkdir -p "$KEYS"
	ASTCERT_RESOLVER=$BIND_ADDR ac acme --server "$PEBBLE_URL" \
		--ca-bundle "$PEBBLE_CA" --skip-checks --email admin@example.com \
		--agree-tos --challenge dns-01 --dns-update rfc2136 \
		--dns-tsig-key-file "$BIND_KEY_FILE" --out "$KEYS" \
		--owner root:root "$@"
}
# the SANs of a certificate file, sorted, one a line
sans() {
	openssl x509 -in "$1" -noout -ext subjectAltName |
		tr ',' '\n' | sed -n 's/^ *DNS://p' | sort
}
# every _acme-challenge TXT record left in the test zones
leftovers() {
	local n
	for n in _acme-challenge.example.test _acme-challenge.www.example.test \
		alias.acme.delegated.test _acme-challenge.stale.test; do
		bind_txt "$n"
	done
}

# --- the apex
dns_acme --domain example.test --name apex
check_eq "apex: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "apex: the certificate names example.test" "example.test" \
	"$(sans "$KEYS/apex.crt")"
check_eq "apex: no TXT record left" "" "$(leftovers)"

pebble_stop
bind_stop
finish
