#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's DNS-01 path by hand, in a real terminal (tmux), against a
# real BIND 9 and a Pebble whose validation asks that BIND: the records to
# create (a wildcard and its apex: two values under one name) shown in a
# box, each server's state, the CA told only once the test has added them.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"
. "$top_srcdir/tests/lib-tmux.sh"

bind_pebble
mkdir -p "$KEYS"

cat >"$T_TMP/answers.conf" <<END
kind = "acme";
dns = [ "www.example.test", "*.www.example.test" ];
acme = { ca = "other"; server = "$PEBBLE_URL"; email = "admin@example.com";
  agree_tos = true; mode = "manual"; };
install = { out = "$KEYS"; name = "manual"; owner = "root:root"; deploy = false; };
END
tui_start 80 24 env TERM=tmux-256color ASTCERT_STATE_DIR="$T_TMP/state" \
	ASTCERT_CONF="$T_TMP/none.conf" ASTCERT_DATA_DIR="$top_srcdir/data" \
	ASTCERT_CA_BUNDLE="$PEBBLE_CA" ASTCERT_RESOLVER="$BIND_ADDR" \
	"$NO_LSAN" "$ASTCERT" --answers "$T_TMP/answers.conf"
tui_wait "step 1 of"
# welcome, kind, names, the CA screen's fields: the answers fill them
# shellcheck disable=SC2046 # one key a word
tui_keys $(printf 'Enter %.0s' $(seq 13))
checks_done() { tui_has "No check failed" || tui_has "Every check passed" ||
		tui_has "failed; "; }
tui_waited "the checks to end" checks_done
tui_keys S
# shellcheck disable=SC2046
tui_keys $(printf 'Enter %.0s' $(seq 5))
tui_wait "The same without the wizard:"
check_match "the review: --dns-manual" '--challenge dns-01 --dns-manual' \
	"$(tui_screen | tr -s ' \n' ' ')"
tui_keys Enter
if tui_wait "Create these records at your DNS provider:" &&
   tui_wait "ns1.example.test (127.0.0.1) does not show the records yet"; then
	shown=$(tui_screen)
	check_match "by hand: the records in a box, in zone-file form" \
		'│ _acme-challenge\.www\.example\.test\. 300 IN TXT' "$shown"
	values=$(grep -o '"[A-Za-z0-9_-]\{43\}"' <<<"$shown" | tr -d '"' | sort -u)
	check_eq "... both values (the name and its wildcard)" 2 \
		"$(printf '%s\n' "$values" | grep -c .)"
	check_eq "... nothing told to the CA yet: no certificate" "" \
		"$(ls "$KEYS")"
	# one record now: the server does not show them all, the wait goes on
	first=$(printf '%s\n' "$values" | head -n 1)
	bind_add _acme-challenge.www.example.test TXT "$first"
	check "... one of two added: still waiting" \
		tui_has "does not show the records yet"
	for v in $values; do
		[ "$v" = "$first" ] || bind_add _acme-challenge.www.example.test TXT "$v"
	done
	tui_wait "The certificate is installed." &&
		ok "by hand: issued once both records were there" ||
		not_ok "by hand: issued once both records were there"
	check "the result: the records may go, renewal is by hand" \
		tui_has_shown "youmaydeletethem.Thiscertificateisrenewedbyhand"
else
	not_ok "by hand: the records to create and the server's state are shown"
fi
check_eq "by hand: the certificate holds the apex and the wildcard" \
	"DNS:*.www.example.test, DNS:www.example.test" \
	"$(openssl x509 -in "$KEYS/manual.crt" -noout -ext subjectAltName 2>/dev/null |
	   sed -n 2p | tr -d ' ' | tr ',' '\n' | sort | paste -sd, | sed 's/,/, /g')"
tui_stop
finish
