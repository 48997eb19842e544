#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's Let's Encrypt path against a real ACME server (Pebble), with
# the domain checks shown live against a real DNS server (dnsmasq).
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/checks/lib-checks.sh"

pebble_start || { not_ok "pebble starts"; finish; exit 1; }
start_dns	# after pebble_start, which sets T_CLEANUP rather than adding to it
printf 'acme = { directory = "%s"; email = "admin@example.com"; };\n' \
	"$PEBBLE_URL" >"$T_TMP/astcert.conf"
export ASTCERT_CA_BUNDLE=$PEBBLE_CA
mkdir -p "$KEYS"

screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
wizard() {
	printf '%s\n' "$1" >"$T_TMP/script"
	ac wizard --script "$T_TMP/script" --size 80x30
}

# path: Let's Encrypt is the first choice; names; the CA screen
wizard "Enter
Home
Enter
type here.test
Enter
dump
Tab
Tab
Space
Tab
Tab
C-u
type 5002
Enter
wait
dump
Enter
Enter
C-u
type $KEYS
Enter
Enter
C-u
type root:root
Enter
Enter
dump
Enter
wait
dump
Enter"
check_eq "the wizard's ACME run ends with 0" 0 "$T_RC"
check_match "the CA screen offers the configured CA" "The configured CA \\(https://127.0.0.1:14000/dir\\)" "$(screen 1)"
check_match "the e-mail comes from the configuration" 'E-mail +admin@example.com' "$(screen 1)"
checks=$(screen 2)
check_match "checks: DNS resolves here" '✓ DNS for here.test' "$checks"
check_match "checks: CAA allows the CA" '✓ CAA for here.test' "$checks"
check_match "checks: the port is free" '✓ Port 5002' "$checks"
check_match "checks: the self-test fetched the token" '✓ Self-test for here.test' "$checks"
check_match "checks: the clock agrees with Pebble's" '✓ Clock' "$checks"
check_match "checks: no asterisk user here is a warning, not a failure" '! Asterisk' "$checks"
check_match "the review shows the acme command" "astcert acme --domain here.test --email admin@example.com --agree-tos --server https://127.0.0.1:14000/dir --standalone --http-port 5002" "$(screen 3 | tr -s ' \n' ' ')"
check_match "the result says installed" 'The certificate is installed\.' "$(screen 4)"
pebble_root "$T_TMP/root.pem"
check "the chain verifies against Pebble's root" openssl verify -CAfile "$T_TMP/root.pem" \
	-untrusted "$KEYS/here.test.crt" "$KEYS/here.test.crt"
check_eq "the key is 0600 root:root" "0600 root:root" "$(stat_mode "$KEYS/here.test.key")"

# a name that points elsewhere fails its checks, and Enter does not go on
orders() { grep -c 'order-plz -> calling handler()' "$PEBBLE_DIR/pebble.log"; }
before=$(orders)
wizard "Enter
Home
Enter
type elsewhere.test
Enter
Tab
Tab
Space
Tab
Tab
C-u
type 5002
Enter
wait
Enter
dump
F10
y"
check_match "checks: a name pointing elsewhere fails" '✗ DNS for elsewhere.test' "$(screen 1)"
check_match "Enter is refused with the reason" 'A check failed' "$(screen 1)"
check_eq "no order reached the CA" "$before" "$(orders)"

# two names on 80x24: the list is longer than the screen; the failures and
# a summary come first, and the rest is reached by scrolling
wizard24() {
	printf '%s\n' "$1" >"$T_TMP/script"
	ac wizard --script "$T_TMP/script" --size 80x24
}
wizard24 "Enter
Home
Enter
type here.test elsewhere.test
Enter
Tab
Tab
Space
Tab
Tab
C-u
type 5002
Enter
wait
dump
End
dump
Home
dump
F10
y"
first=$(screen 1)
check_match "checks on 80x24: a summary on top" '^ *[0-9]+ checks? failed' "$(printf '%s\n' "$first" | sed -n 3p)"
check_match "... the failure shows without scrolling" '✗ DNS for elsewhere.test' "$first"
check_match "... the window says there is more" 'lines 1-[0-9]+ of [0-9]+' "$first"
check_match "... End shows the last checks" '✓ Clock' "$(screen 2)"
check_eq "... Home the first again" "$first" "$(screen 3)"

pebble_stop
finish
