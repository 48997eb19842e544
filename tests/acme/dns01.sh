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

pebble_stop
bind_stop
finish
