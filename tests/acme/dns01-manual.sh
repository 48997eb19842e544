#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# DNS-01 by hand (--dns-manual) against a real BIND and Pebble: astcert, on
# a terminal, shows the exact records (both values for an apex and its
# wildcard), asks every authoritative server until they show them, and
# only then tells the CA; the test adds the records mid-run with nsupdate.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"

bind_pebble
validations() { grep -c 'Pulled a task from the Tasks queue' "$PEBBLE_DIR/pebble.log"; }

mkdir -p "$KEYS"
OUT=$T_TMP/manual.out
# on a terminal (script(1)): the records are shown as the run goes
ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
ASTCERT_RESOLVER=$BIND_ADDR script -qfec "$(printf '%q ' "$ASTCERT" acme \
	--server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --skip-checks \
	--email admin@example.com --agree-tos --challenge dns-01 --dns-manual \
	--out "$KEYS" --owner root:root --name manual \
	--domain www.example.test --domain '*.www.example.test')" /dev/null \
	>"$OUT" 2>&1 &
RUN=$!
T_CLEANUP="$T_CLEANUP; kill $RUN 2>/dev/null"
shown() { [ "$(grep -c 'Create this DNS record: ' "$OUT")" -ge 2 ]; }
if wait_until -u "! alive $RUN" "the records to create" shown; then
	ok "by hand: the records are shown"
	records=$(grep 'Create this DNS record: ' "$OUT" | tr -d '\r' |
		  sed 's/.*Create this DNS record: //')
	check_match "by hand: in zone-file form, with the TTL" \
		'^_acme-challenge\.www\.example\.test\. 300 IN TXT "[A-Za-z0-9_-]{43}"$' \
		"$(printf '%s\n' "$records" | head -n 1)"
	check_eq "by hand: both values for the name and its wildcard" 2 \
		"$(printf '%s\n' "$records" | sort -u | wc -l)"
	check_eq "by hand: the CA is not told before the records exist" 0 "$(validations)"
	for v in $(printf '%s\n' "$records" | sed 's/.*TXT "\(.*\)"$/\1/'); do
		bind_add _acme-challenge.www.example.test TXT "$v"
	done
else
	not_ok "by hand: the records are shown"
	diag "$(cat "$OUT")"
fi
wait "$RUN"
check_eq "by hand: issued once the records were there (exit 0)" 0 "$?"
check "by hand: the certificate is installed" test -s "$KEYS/manual.crt"
check_match "by hand: the servers were asked" 'shows the records' "$(cat "$OUT")"
check_match "by hand: told when the records may go" \
	'You may delete this DNS record now: _acme-challenge\.www\.example\.test\.' "$(cat "$OUT")"
check_match "by hand: the profile records the method" 'mode = "manual"' \
	"$(cat "$T_TMP/state/certs/manual/renewal.conf" 2>/dev/null)"

# --- renewal: the timer (no terminal) cannot create the records
before=$(openssl x509 -in "$KEYS/manual.crt" -noout -fingerprint -sha256)
n=$(validations)
ASTCERT_RESOLVER=$BIND_ADDR ac renew --force --name manual --no-reload </dev/null
check_eq "renew without a terminal: not a failure (exit 0)" 0 "$T_RC"
check_match "renew without a terminal: says it needs someone, and how" \
	"^astcert: warning: manual: its DNS-01 records are created by hand: run 'astcert renew --name manual' on a terminal" \
	"$AC_ERR"
check_eq "renew without a terminal: the CA was not asked" "$n" "$(validations)"
check_eq "renew without a terminal: the certificate is unchanged" "$before" \
	"$(openssl x509 -in "$KEYS/manual.crt" -noout -fingerprint -sha256)"

# --- status says how it renews, and when
ac status
check_match "status: renewal by hand, with its due date" \
	"renewal:  by hand \\(DNS-01 records\\): at the due date run 'astcert renew' on a terminal and create the records it shows, due [0-9]{4}-" \
	"$AC_OUT"

finish
