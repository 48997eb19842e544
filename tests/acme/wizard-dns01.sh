#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's DNS-01 path against a real BIND 9 and a real Pebble whose
# validation asks that BIND: a wildcard plus its apex issued through
# RFC 2136 (the answers file names the method and the key file); by hand
# in a real terminal (tmux): the records to create shown in a box and each
# server's state, the test adding them mid-run.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"
. "$top_srcdir/tests/lib-wizard.sh"
. "$top_srcdir/tests/lib-tmux.sh"

if ! command -v named >/dev/null || ! command -v nsupdate >/dev/null; then
	echo "1..0 # SKIP needs bind9 (named) and bind9-dnsutils (nsupdate, dig)"
	exit 0
fi
bind_start || { not_ok "BIND starts"; finish; exit 1; }
PEBBLE_DNS="$BIND_RESOLVER:$BIND_PORT"
pebble_start 0 || { not_ok "pebble starts with -dnsserver $PEBBLE_DNS"; finish; exit 1; }
export ASTCERT_CA_BUNDLE=$PEBBLE_CA ASTCERT_RESOLVER=$BIND_ADDR
mkdir -p "$KEYS"

# answers: Pebble as another CA, RFC 2136 with BIND's key
answers() {
	cat >"$T_TMP/answers.conf" <<END
kind = "acme";
dns = [ "www.example.test", "*.www.example.test" ];
acme = { ca = "other"; server = "$PEBBLE_URL"; email = "admin@example.com";
  agree_tos = true; mode = "$1"; $2 };
install = { out = "$KEYS"; name = "$3"; owner = "root:root"; deploy = false; };
END
}

answers rfc2136 "dns_tsig_key_file = \"$BIND_KEY_FILE\";" wild
wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 3)		# welcome, kind, names
$(keys Enter 10)		> Checks
wait
dump
S
$(keys Enter 5)		> Review
dump
Enter
wait
dump
Enter"
check_match "the checks of DNS-01 ran: the TSIG key is accepted" \
	'✓ DNS update for www\.example\.test' "$(screen 1)"
check_match "the review: --dns-update rfc2136 with the key file" \
	"--challenge dns-01 --dns-update rfc2136 --dns-tsig-key-file $BIND_KEY_FILE" \
	"$(flat 2)"
check_match "the wildcard is issued" 'The certificate is installed\.' "$(screen 3)"
check_eq "its names: the apex and the wildcard" \
	"DNS:*.www.example.test, DNS:www.example.test" \
	"$(openssl x509 -in "$KEYS/wild.crt" -noout -ext subjectAltName 2>/dev/null |
	   sed -n 2p | tr -d ' ' | tr ',' '\n' | sort | paste -sd, | sed 's/,/, /g')"
check_eq "the records are gone again" "" \
	"$(bind_txt _acme-challenge.www.example.test)"

# --- by hand, in a terminal: the box, the servers, then the CA
answers manual "" manual
tui_start 80 30 env TERM=tmux-256color ASTCERT_STATE_DIR="$T_TMP/state" \
	ASTCERT_CONF="$T_TMP/none.conf" ASTCERT_DATA_DIR="$top_srcdir/data" \
	ASTCERT_CA_BUNDLE="$PEBBLE_CA" ASTCERT_RESOLVER="$BIND_ADDR" \
	"$NO_LSAN" "$ASTCERT" --answers "$T_TMP/answers.conf"
tui_wait "step 1 of"
# shellcheck disable=SC2046 # one key a word
tui_keys $(keys Enter 10)	# welcome, kind, names, the CA screen's 7
# the summary on top says the checks are done
checks_done() { tui_has "No check failed" || tui_has "Every check passed" ||
		tui_has "failed; "; }
tui_waited "the checks to end" checks_done
tui_keys S
# shellcheck disable=SC2046
tui_keys $(keys Enter 5)
tui_wait "The same without the wizard:"
check_match "the review: --dns-manual" '--challenge dns-01 --dns-manual' \
	"$(tui_screen | tr -s ' \n' ' ')"
tui_keys Enter
if tui_wait "Create these records at your DNS provider:" &&
   tui_wait "ns1.example.test (127.0.0.1)"; then
	ok "by hand: the records to create and the server are shown"
	shown=$(tui_screen)
	check_match "... in a box, in zone-file form" \
		'│ _acme-challenge\.www\.example\.test\. 300 IN TXT' "$shown"
	values=$(grep -o '"[A-Za-z0-9_-]\{43\}"' <<<"$shown" | tr -d '"' | sort -u)
	check_eq "... both values (the name and its wildcard)" 2 \
		"$(printf '%s\n' "$values" | grep -c .)"
	check_match "... the server's state" \
		'ns1\.example\.test \(127\.0\.0\.1\) does not show the records yet' "$shown"
	for v in $values; do
		bind_add _acme-challenge.www.example.test TXT "$v"
	done
	tui_wait "The certificate is installed." &&
		ok "by hand: issued once the records were there" ||
		not_ok "by hand: issued once the records were there"
else
	not_ok "by hand: the records to create and the server are shown"
	diag "$(tui_screen)"
fi
check "by hand: the certificate is installed" test -s "$KEYS/manual.crt"
tui_stop
finish
