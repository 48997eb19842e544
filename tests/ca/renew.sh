#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert renew with the engine's clock moved forward: exactly the due
# certificates are renewed, in place; quiet when nothing is due; exit codes;
# the lock keeps two runs apart without corrupting anything.
. "$top_srcdir/tests/lib.sh"

export ASTCERT_DATA_DIR="$top_srcdir/data"
keys=$T_TMP/keys
mkdir -p "$keys"
me=$(id -un):$(id -gn)
now=$(date +%s)
day=86400
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF
serial() { openssl x509 -in "$keys/$1.crt" -noout -serial; }
pair_ok() {
	[ "$(openssl x509 -in "$keys/$1.crt" -noout -pubkey)" = \
	  "$(openssl pkey -in "$keys/$1.key" -pubout)" ]
}

ac ca init --out "$keys" --owner "$me"
check_eq "ca init" 0 "$T_RC"
# due 30 days before expiry, or when a third of a short lifetime is left:
# d60 at day 40, d200 at day 170, ss at day 795
ac ca server --dns d60.test.invalid --days 60 --name d60 --out "$keys" --owner "$me"
check_eq "a 60-day certificate" 0 "$T_RC"
ac ca server --dns d200.test.invalid --days 200 --name d200 --out "$keys" --owner "$me"
check_eq "a 200-day certificate" 0 "$T_RC"
ac selfsigned --dns ss.test.invalid --days 825 --name ss --out "$keys" --owner "$me"
check_eq "a self-signed 825-day certificate" 0 "$T_RC"
s60=$(serial d60) s200=$(serial d200) sss=$(serial ss)

ac renew
check_eq "nothing due: exit 0" 0 "$T_RC"
check_eq "nothing due: no output at all" "" "$AC_OUT$AC_ERR"

ASTCERT_NOW=$((now + 29 * day)) ac renew
check_eq "day 29: still nothing due" 0 "$T_RC"

ASTCERT_NOW=$((now + 41 * day)) ac renew
check_eq "day 41: renewed, exit 3" 3 "$T_RC"
check_match "reports d60" '^Renewed d60' "$AC_OUT"
check_eq "only d60 was renewed" 1 "$(grep -c '^Renewed' "$T_TMP/out")"
check "d60 has a new serial" test "$s60" != "$(serial d60)"
check_eq "d200 untouched" "$s200" "$(serial d200)"
check_eq "ss untouched" "$sss" "$(serial ss)"
check "d60: key and certificate still pair" pair_ok d60
check_eq "renewed in place: the same file names" \
	"d200.crt d200.key d60.crt d60.key ss.crt ss.key" \
	"$(cd "$keys" && ls | grep -v astcert-ca | tr '\n' ' ' | sed 's/ $//')"
check "the previous d60 files are in the archive" \
	test -n "$(find "$T_TMP/state/archive/d60" -name d60.crt)"
check_match "the reload command ran" 'Reload: true \(exit 0\)' "$AC_OUT"
ac ca list
check_match "ca list marks the renewed one's predecessor as replaced" \
	'server .*d60.test.invalid .* replaced' "$AC_OUT"
check_match "and the new one as valid" 'server .*d60.test.invalid .* valid' "$AC_OUT"

ASTCERT_NOW=$((now + 41 * day)) ac renew
check_eq "right after: nothing due again" 0 "$T_RC"
ASTCERT_NOW=$((now + 75 * day)) ac renew
check_eq "day 75: nothing due (d60 renewed at day 41 is due at day 81)" 0 "$T_RC"

ASTCERT_NOW=$((now + 175 * day)) ac renew
check_eq "day 175: renewed" 3 "$T_RC"
check_match "d200 is due by now" '^Renewed d200' "$AC_OUT"
check_match "d60 is due again" '^Renewed d60' "$AC_OUT"
check_eq "ss is not due: two renewed" 2 "$(grep -c '^Renewed' "$T_TMP/out")"

s60=$(serial d60) s200=$(serial d200)
ASTCERT_NOW=$((now + 800 * day)) ac renew
check_eq "day 800: everything is due" 3 "$T_RC"
check_eq "all three renewed" 3 "$(grep -c '^Renewed' "$T_TMP/out")"
check "the self-signed one has a new serial" test "$sss" != "$(serial ss)"
at=$((now + 800 * day))
check "ss stays self-signed" openssl verify -attime "$at" -CAfile "$keys/ss.crt" "$keys/ss.crt"
check "d200 is still signed by the private CA" \
	openssl verify -attime "$at" -CAfile "$keys/astcert-ca.crt" "$keys/d200.crt"

ac renew --force --name ss --no-reload
check_eq "--force --name renews just that one" 3 "$T_RC"
check_eq "with --no-reload nothing is reloaded" "" "$(grep Reload "$T_TMP/out")"
ac renew --name nosuch
check_eq "an unknown --name is a usage error (2)" 2 "$T_RC"

# --- failures ---------------------------------------------------------------
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["/nonexistent/reload-command"] );
verify = [ ];
CONF
ac renew --force --name d60
check_eq "a reload command that cannot run: exit 1" 1 "$T_RC"
check_match "saying which" 'reload-command' "$AC_ERR"
ac renew --force
check_eq "... also when several are renewed and none is deployed: exit 1, not 3" 1 "$T_RC"
check_match "... saying which" 'reload-command' "$AC_ERR"
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF
chmod 0500 "$keys"
if [ "$(id -u)" != 0 ]; then
	ac renew --force --name d200
	check_eq "an unwritable key directory: exit 1" 1 "$T_RC"
	check_match "the failure is named" 'd200' "$AC_ERR"
else
	mv "$keys" "$keys.moved"
	ac renew --force --name d200
	check_eq "a missing key directory: exit 1" 1 "$T_RC"
	check_match "the failure is named" 'renewing d200 failed' "$AC_ERR"
	mv "$keys.moved" "$keys"
fi
chmod 0755 "$keys"
ac status
check_match "status shows the failed last renewal" 'last: .*FAILED' "$AC_OUT"

# --- two renews at once --------------------------------------------------------
# The first run holds the lock until the test lets its reload end: the
# reload command says it started, then reads a FIFO.  Every step waits on
# a state (the reload started, the second run opened the lock), never on
# how long a run takes on a loaded machine.
mkfifo "$T_TMP/release"
cat > "$T_TMP/astcert-held.conf" <<CONF
reload = ( ["sh", "-c", "touch '$T_TMP/reloading'; exec cat '$T_TMP/release'"] );
verify = [ ];
CONF
cat > "$T_TMP/astcert.conf" <<CONF
reload = ( ["true"] );
verify = [ ];
CONF
# run_bg VAR COMMAND...: astcert in the background, its pid in VAR
run_bg() {
	local var=$1; shift
	ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="${BG_CONF:-$T_TMP/astcert.conf}" \
		"$ASTCERT" "$@" >"$T_TMP/$var.out" 2>"$T_TMP/$var.err" &
	printf -v "$var" %s "$!"
}
# holding: a run in the background, inside its reload (so holding the lock)
holding() {
	rm -f "$T_TMP/reloading"
	BG_CONF=$T_TMP/astcert-held.conf run_bg first renew --force
	wait_until -u "! alive $first" "the first run's reload" test -e "$T_TMP/reloading"
}
# release: lets the first run's reload end (when it still runs: a write to a
# FIFO nobody reads would wait for ever)
release() { if alive "$first"; then echo >"$T_TMP/release"; fi; }
# has_lock_open PID: the process has the renew lock file open
has_lock_open() {
	local fd
	for fd in /proc/"$1"/fd/*; do
		[ "$fd" -ef "$T_TMP/state/lock" ] && return 0
	done
	return 1
}

holding
ac renew --force --no-wait
check_eq "a second run with --no-wait exits 4 (busy)" 4 "$T_RC"
check_match "and says another run holds the lock" 'Another astcert run' "$AC_ERR"
release
wait "$first"; rc=$?
check_eq "the first run renewed everything (3)" 3 "$rc"

holding
run_bg second renew --force --wait 3600
wait_until -u "! alive $second" "the second run to wait for the lock" has_lock_open "$second"
check "the second run waits while the first holds the lock" alive "$second"
release
wait "$second"; rc=$?
check_eq "a waiting second run renews after the first (3)" 3 "$rc"
wait "$first"; rc=$?
check_eq "the first one still succeeded (3)" 3 "$rc"
for n in d60 d200 ss; do
	check "$n: key and certificate pair after concurrent runs" pair_ok "$n"
done
check_eq "no temporary files left behind" "" \
	"$(find "$keys" "$T_TMP/state" -name '.astcert-*')"
check "every renewal profile still loads" bash -c \
	"ASTCERT_STATE_DIR='$T_TMP/state' ASTCERT_CONF='$T_TMP/astcert.conf' '$ASTCERT' status --warn-days 1"

# --- the CRL stays fresh ---------------------------------------------------------
ac ca phone --mac 00:04:f2:00:00:01 --out "$T_TMP"
ac ca revoke 0004f2000001 --out "$keys"
check_eq "a revocation with an exported CRL" 0 "$T_RC"
ASTCERT_NOW=$((now + 15 * day)) ac renew
check_eq "day 15: the CRL (30 days) is still fresh: quiet" "0:" "$T_RC:$AC_OUT"
ASTCERT_NOW=$((now + 25 * day)) ac renew
check_match "day 25: renew signs a new CRL" 'new CRL' "$AC_OUT"
next=$(date -d "$(openssl crl -in "$keys/astcert-ca.crl" -noout -nextupdate | cut -d= -f2)" +%s)
check "the exported CRL now runs to day 55" test "$next" -gt $((now + 54 * day))
check_match "and still lists the revoked phone" 'Serial Number' \
	"$(openssl crl -in "$keys/astcert-ca.crl" -noout -text)"
finish
