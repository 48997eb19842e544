#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert renew renews an ACME certificate against a real Pebble: quiet
# before it is due, in place after two thirds of its lifetime (Pebble's
# certificates last 5 years), from the renewal profile alone (no terms flag,
# the stored account, the same key type); astcert status shows it.  A clock
# moved past what the CA issues is refused, with nothing replaced.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/lib-pebble.sh" || exit 99

pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }
pebble_root "$T_TMP/root.pem"
cat >"$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF
now=$(date +%s)
year=$((365 * 86400))
crt=$KEYS/pbx.crt key=$KEYS/pbx.key
serial() { openssl x509 -in "$crt" -noout -serial; }
files() { (cd "$KEYS" && ls | tr '\n' ' '); }
accounts() { grep -c 'POST /sign-me-up' "$PEBBLE_DIR/pebble.log"; }

pebble_acme --domain renew.example.com --domain sip.example.com \
	--key p384 --name pbx
check_eq "issued with astcert acme" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
prof=$T_TMP/state/certs/pbx/renewal.conf
check_match "the profile records the CA" "server = \"$PEBBLE_URL\"" "$(cat "$prof")"
check_match "... the key type" 'key = "p384"' "$(cat "$prof")"
check_match "... the responder's port" 'http_port = 5002' "$(cat "$prof")"
first=$(serial) first_files=$(files) first_key=$(sha256sum <"$key")
lifetime=$(( $(date -d "$(openssl x509 -in "$crt" -noout -enddate | cut -d= -f2)" +%s) - now ))
check "Pebble's certificate lasts about 5 years" test "$lifetime" -gt $((4 * year))

# --- not due: quiet, exit 0, nothing asked of the CA
before=$(pebble_requests)
ac renew
check_eq "today: nothing due, exit 0" 0 "$T_RC"
check_eq "... quiet" "" "$AC_OUT$AC_ERR"
ASTCERT_NOW=$((now + 3 * year)) ac renew
check_eq "in 3 years (before two thirds of 5): exit 0" 0 "$T_RC"
check_eq "... quiet" "" "$AC_OUT$AC_ERR"
check_eq "... the same certificate" "$first" "$(serial)"
# the directory only: Pebble 2.4 offers no renewalInfo (ARI)
check "... at most a directory request per run ($(( $(pebble_requests) - before )))" \
	test "$(( $(pebble_requests) - before ))" -le 2
check_fails "... no ARI window cached (the CA has none)" \
	test -e "$T_TMP/state/certs/pbx/renewal-info"
ASTCERT_NOW=$((now + 3 * year)) ac status
check_match "status: the method is ACME, a third of the lifetime" \
	"renewal: +automatic \(ACME\), a third of the lifetime left, due" "$AC_OUT"
check_match "status: not renewed yet" "last: +not renewed yet" "$AC_OUT"

# --- a CA with ARI (Pebble 2.4 has none: its window is put in the cache,
# as astcert keeps it): status shows the CA's explanation, a plain https
# URL only, never control characters from the CA
# hex on stdin to base64url without padding (coreutils only)
b64url() { printf "$(sed 's/../\\x&/g')" | basenc --base64url -w0 | tr -d '='; }
keyid=$(openssl x509 -in "$crt" -noout -ext authorityKeyIdentifier |
	grep -oE '([0-9A-F]{2}:)+[0-9A-F]{2}' | head -n 1 | tr -d ':')
sn=$(openssl x509 -in "$crt" -noout -serial | cut -d= -f2)
[ $(( ${#sn} % 2 )) = 0 ] || sn=0$sn
case $sn in [89A-F]*) sn=00$sn ;; esac
certid=$(printf '%s' "$keyid" | b64url).$(printf '%s' "$sn" | b64url)
ari=$T_TMP/state/certs/pbx/renewal-info
ari_cache() {
	printf 'certid=%s\nstart=%s\nend=%s\nchosen=%s\nnext=%s\nexplanation=%s\n' \
		"$certid" $((now + 4 * year)) $((now + 4 * year + 86400)) \
		$((now + 4 * year + 3600)) $((now + 5 * year)) "$1" >"$ari"
}
ari_cache "https://ca.example/incident-42"
ASTCERT_NOW=$((now + 3 * year)) ac status
check_match "status: the CA's window decides" \
	"renewal: +automatic \(ACME\), the CA's renewal window, due" "$AC_OUT"
check_match "status: the CA's explanation" \
	"the CA: +explains its renewal window at https://ca.example/incident-42" "$AC_OUT"
ASTCERT_NOW=$((now + 3 * year)) ac status --json
check_match "status --json: ari_explanation" \
	'"ari_explanation": "https://ca.example/incident-42"' "$AC_OUT"
ari_cache "https://ca.example/$(printf '\033')[2J"
ASTCERT_NOW=$((now + 3 * year)) ac status
check_eq "an explanation with control characters is not shown" 0 \
	"$(printf '%s' "$AC_OUT" | grep -c 'the CA:')"
rm -f "$ari"

# --- after two thirds of the lifetime: renewed in place.  The terms were
# agreed to when the account was made: renewal must not need them again.
sed -i 's/agree_tos = true/agree_tos = false/' "$prof"
check_match "(the profile no longer says the terms were agreed to)" \
	'agree_tos = false' "$(cat "$prof")"
later=$((now + 4 * year))
ASTCERT_NOW=$later ac renew
check_eq "in 4 years: renewed, exit 3 (as cmd_renew.c documents)" 3 "$T_RC"
[ "$T_RC" = 3 ] || diag "$AC_OUT" "$AC_ERR"
check_match "... reports it" "^Renewed pbx: SHA-256" "$AC_OUT"
check "... a new serial" test "$first" != "$(serial)"
check_eq "... the same file names" "$first_files" "$(files)"
check "... a new key" test "$first_key" != "$(sha256sum <"$key")"
check_match "... of the same type (P-384)" "secp384r1|P-384" \
	"$(openssl pkey -in "$key" -noout -text)"
check_eq "... key and certificate pair" "$(openssl x509 -in "$crt" -noout -pubkey)" \
	"$(openssl pkey -in "$key" -pubout)"
check_match "... the same names" "DNS:renew.example.com, DNS:sip.example.com" \
	"$(openssl x509 -in "$crt" -noout -ext subjectAltName)"
check "... the chain verifies against Pebble's root" \
	openssl verify -CAfile "$T_TMP/root.pem" -untrusted "$crt" "$crt"
check_eq "... with the stored account (no new one)" 1 "$(accounts)"
check_eq "... key still 0600 root:root" "0600 root:root" "$(stat_mode "$key")"
check_match "the reload command ran" 'Reload: true \(exit 0\)' "$AC_OUT"
check "the previous files are in the archive" \
	test -n "$(find "$T_TMP/state/archive/pbx" -name pbx.crt)"

ASTCERT_NOW=$later ac status
check_match "status: ACME method" "renewal: +automatic \(ACME\)" "$AC_OUT"
check_match "status: the last renewal went well" \
	"last: +[0-9]{4}-[0-9]{2}-[0-9]{2} OK: renewed: serial" "$AC_OUT"
ASTCERT_NOW=$later ac status --json
check_match "status --json: the last renewal" '"ok": true' "$AC_OUT"

# --- the clock past what the CA issues: the new certificate would be
# expired on arrival; nothing is replaced and renew says why
second=$(serial)
ASTCERT_NOW=$((now + 6 * year)) ac renew
check_eq "clock past the new certificate's end: exit 1" 1 "$T_RC"
check_match "... says the clock is wrong" \
	"renewing pbx failed: The CA's new certificate expires .*before this machine's time.*check the clock" "$AC_ERR"
check_eq "... nothing replaced" "$second" "$(serial)"
check_eq "... the same files" "$first_files" "$(files)"
ASTCERT_NOW=$((now + 6 * year)) ac status
check_match "status: the failure is shown" "last: .*FAILED: The CA's new certificate expires" "$AC_OUT"

finish
