#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# DNS-01 through RFC 2136 against a real BIND 9 and a real Pebble whose
# validation asks that BIND (tests/lib-bind.sh, pebble -dnsserver).
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"

bind_pebble

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

orders() { grep -c 'order-plz -> calling handler()' "$PEBBLE_DIR/pebble.log"; }
validations() { grep -c 'Pulled a task from the Tasks queue' "$PEBBLE_DIR/pebble.log"; }
# the adds BIND logged for OWNER, as "client-port value" lines
adds() {
	sed -n "s/.*#\([0-9]*\)\/key [^:]*: updating zone '[^']*': adding an RR at '$1' TXT \(.*\)/\1 \2/p" \
		"$BIND_DIR/primary/named.log"
}

# --- the apex
dns_acme --domain example.test --name apex
check_eq "apex: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "apex: the certificate names example.test" "example.test" \
	"$(sans "$KEYS/apex.crt")"
check_eq "apex: no TXT record left" "" "$(leftovers)"
prof=$T_TMP/state/certs/apex/renewal.conf
check_match "apex: the profile records the method" 'mode = "rfc2136"' "$(cat "$prof")"
check_match "apex: ... and where the key file lives" \
	"dns_tsig_key_file = \"$BIND_KEY_FILE\"" "$(cat "$prof")"
secret=$(sed -n 's/.*secret "\(.*\)".*/\1/p' "$BIND_KEY_FILE")
check_fails "apex: ... never the secret" grep -rqF "$secret" "$T_TMP/state"

# --- a wildcard with its apex: both values under one name, one update
before=$(adds _acme-challenge.example.test | wc -l)
dns_acme --domain example.test --domain '*.example.test' --name wild
check_eq "wildcard + apex: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "wildcard + apex: both names in the certificate" \
	"$(printf '*.example.test\nexample.test')" "$(sans "$KEYS/wild.crt")"
new=$(adds _acme-challenge.example.test | tail -n +$((before + 1)))
check_eq "wildcard + apex: two values published" 2 "$(printf '%s\n' "$new" | wc -l)"
check_eq "... together, in one update (one connection)" 1 \
	"$(printf '%s\n' "$new" | cut -d' ' -f1 | sort -u | wc -l)"
check_eq "wildcard + apex: no TXT record left" "" "$(leftovers)"

# --- a wildcard alone, with the hmac-sha512 key
dns_acme --domain '*.www.example.test' --name wwwstar \
	--dns-tsig-key-file "$BIND_KEY512_FILE"
check_eq "wildcard alone, hmac-sha512: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "wildcard alone: its name in the certificate" "*.www.example.test" \
	"$(sans "$KEYS/wwwstar.crt")"

# --- HTTP-01 cannot prove a wildcard: one line, before anything is made
n=$(orders)
pebble_acme --domain '*.example.test' --name nowild
check_eq "wildcard with HTTP-01: refused (exit 2)" 2 "$T_RC"
check_match "... in one line saying DNS-01 is needed" \
	'^astcert: \*\.example\.test: a wildcard name can only be proved with DNS-01, not http-01: .*use DNS-01\. \(option --domain\)$' \
	"$(head -n 1 <<<"$AC_ERR")"
check_eq "... the CA got no order" "$n" "$(orders)"

# --- _acme-challenge.alias is a CNAME into delegated.test: updated there
dns_acme --domain alias.example.test --name alias
check_eq "CNAME-delegated: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_match "CNAME-delegated: the record went to the target zone" \
	"updating zone 'delegated.test/IN': adding an RR at 'alias.acme.delegated.test' TXT" \
	"$(cat "$BIND_DIR/primary/named.log")"
check_eq "CNAME-delegated: no TXT record left" "" "$(leftovers)"

# --- a wrong TSIG secret: one line, and the CA never sees an order
(umask 077; sed 's/secret ".*"/secret "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="/' \
	"$BIND_KEY_FILE" >"$T_TMP/badsecret.key")
n=$(orders)
dns_acme --domain www.example.test --name wrong \
	--dns-tsig-key-file "$T_TMP/badsecret.key"
check_eq "wrong TSIG secret: fails (exit 2)" 2 "$T_RC"
check_match "... one line naming the key and the file" \
	"^astcert: The DNS server 127\.0\.0\.1 did not accept the TSIG key \"$BIND_KEY_NAME\" \(BADSIG\): check the key's name and secret in $T_TMP/badsecret\.key\.$" \
	"$(head -n 1 <<<"$AC_ERR")"
check_eq "... Pebble saw no order" "$n" "$(orders)"
check_fails "... nothing installed" test -e "$KEYS/wrong.crt"

# --- the zone and its primary given instead of found
dns_acme --domain www.example.test --name given --dns-zone example.test \
	--dns-server "$BIND_ADDR:$BIND_PORT"
check_eq "--dns-zone and --dns-server given: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
n=$(orders)
dns_acme --domain www.example.test --name down --dns-server 127.0.0.9
check_fails "a primary that does not answer: fails" test "$T_RC" = 0
check_match "... one line naming it" \
	'^astcert: Cannot reach the DNS server 127\.0\.0\.9: ' "$(head -n 1 <<<"$AC_ERR")"
check_eq "... before any order" "$n" "$(orders)"

# --- the key file must be the owner's alone, and a regular file
cp "$BIND_KEY_FILE" "$T_TMP/open.key"
chmod 644 "$T_TMP/open.key"
dns_acme --domain www.example.test --name open --dns-tsig-key-file "$T_TMP/open.key"
check_eq "key file readable by others: refused (exit 2)" 2 "$T_RC"
check_match "... saying what to do" "chmod 600 $T_TMP/open\.key" "$AC_ERR"
ln -s "$BIND_KEY_FILE" "$T_TMP/link.key"
dns_acme --domain www.example.test --name link --dns-tsig-key-file "$T_TMP/link.key"
check_eq "key file through a symlink: refused (exit 2)" 2 "$T_RC"
dns_acme --domain www.example.test --name nokey --dns-tsig-key-file ""
check_eq "no key file: refused (exit 2)" 2 "$T_RC"
check_match "... saying what to give, the CLI naming the option" \
	'need the TSIG key: give its file \(made with tsig-keygen\)\. \(option --dns-tsig-key-file\)$' \
	"$AC_ERR"

# --- a second name server that never gets the update: the deadline, the
# records removed, the CA never told to look, nothing installed
bind_start_stale || not_ok "the stale second server starts"
n=$(validations)
ASTCERT_POLL_TIMEOUT=3 dns_acme --domain stale.test --name stale
check_eq "stale second server: fails (exit 1)" 1 "$T_RC"
check_match "... naming the server that never showed the records" \
	'^astcert: ns2\.stale\.test \(127\.0\.0\.2\) did not show the DNS-01 records of stale\.test within 3 seconds' \
	"$(head -n 1 <<<"$AC_ERR")"
check_eq "... the CA was never told to look" "$n" "$(validations)"
check_eq "... the records were removed from the primary" "" \
	"$(bind_txt _acme-challenge.stale.test)"
check_fails "... nothing installed" test -e "$KEYS/stale.crt"

# --- a progress line for each server, on a terminal
script -qec "ASTCERT_STATE_DIR='$T_TMP/state' ASTCERT_CONF='$T_TMP/astcert.conf' \
	ASTCERT_RESOLVER=$BIND_ADDR ASTCERT_POLL_TIMEOUT=2 '$ASTCERT' acme \
	--server '$PEBBLE_URL' --ca-bundle '$PEBBLE_CA' --skip-checks \
	--agree-tos --challenge dns-01 --dns-update rfc2136 \
	--dns-tsig-key-file '$BIND_KEY_FILE' --out '$KEYS' --owner root:root \
	--domain stale.test --name stale" /dev/null >"$T_TMP/tty.out" 2>&1
tty=$(tr -d '\r' <"$T_TMP/tty.out")
check_match "progress: the server that has the records" \
	'Waiting for the DNS servers: ns1\.stale\.test \(127\.0\.0\.1\) shows the records' "$tty"
check_match "progress: the one that does not" \
	'Waiting for the DNS servers: ns2\.stale\.test \(127\.0\.0\.2\) does not show the records yet' "$tty"

# --- cancelled (SIGTERM) while waiting for the servers: records removed.
# Mid-way by state: once the primary has the record, the run cannot end
# before its deadline (ns2 never gets it).
ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
	ASTCERT_RESOLVER=$BIND_ADDR ASTCERT_POLL_TIMEOUT=3600 "$ASTCERT" acme \
	--server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --skip-checks \
	--agree-tos --challenge dns-01 --dns-update rfc2136 \
	--dns-tsig-key-file "$BIND_KEY_FILE" --out "$KEYS" --owner root:root \
	--domain stale.test --name cancel >"$T_TMP/cancel.out" 2>"$T_TMP/cancel.err" &
apid=$!
has_record() { [ -n "$(bind_txt _acme-challenge.stale.test)" ]; }
wait_until -u "! alive $apid" "the record on the primary" has_record
kill -TERM "$apid"
rc=0; wait "$apid" || rc=$?
check_eq "cancelled run exits 143 (SIGTERM)" 143 "$rc"
check_match "... saying it was cancelled" "Cancelled; nothing was installed" \
	"$(cat "$T_TMP/cancel.err")"
check_eq "... the record was removed" "" "$(bind_txt _acme-challenge.stale.test)"
check_fails "... nothing installed" test -e "$KEYS/cancel.crt"

# --- renewal from the profile alone, unattended
old=$(openssl x509 -in "$KEYS/wild.crt" -noout -serial)
ASTCERT_RESOLVER=$BIND_ADDR ac renew --force --name wild --no-reload
check_eq "renew --force: renewed (exit 3)" 3 "$T_RC"
[ "$T_RC" = 3 ] || diag "$AC_ERR"
check "... a new certificate" test "$old" != \
	"$(openssl x509 -in "$KEYS/wild.crt" -noout -serial)"
check_eq "... the same names" "$(printf '*.example.test\nexample.test')" \
	"$(sans "$KEYS/wild.crt")"
check_eq "renewal: no TXT record left" "" "$(leftovers)"
pebble_stop

# --- half of all nonces rejected: DNS-01 orders still go through
pebble_start 50 || { not_ok "pebble starts (50 % badNonce)"; finish; exit 1; }
good=0
for i in 1 2 3; do
	dns_acme --domain example.test --domain '*.example.test' --name "nonce$i"
	if [ "$T_RC" = 0 ]; then good=$((good + 1)); else diag "issuance $i: $AC_ERR"; fi
done
check_eq "3 of 3 DNS-01 issuances succeed with 50 % of nonces rejected" 3 "$good"
check_eq "... no TXT record left" "" "$(leftovers)"

pebble_stop
bind_stop
finish
