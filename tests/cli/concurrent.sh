#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs of the same name running at the same time (a renewal from the
# timer while the admin issues by hand): each install lands whole, so the
# key always matches the certificate, and nothing is left half-done.
# Commands that must not run side by side (ca init, csr of one name, ca
# revoke) meet at an exact point: the first is stopped just before it
# installs, the second runs meanwhile, then the first goes on.
. "$top_srcdir/tests/lib.sh"

out=$T_TMP/keys
mkdir -p "$out"
crt=$out/pbx.crt key=$out/pbx.key
state=$T_TMP/state

run() {
	ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		"$ASTCERT" selfsigned --cn pbx.example.com --name pbx --key p256 \
		--out "$out" --owner "$(id -un):$(id -gn)" >/dev/null 2>>"$T_TMP/errs"
}
pubkey_of_cert() { openssl x509 -in "$1" -noout -pubkey | openssl sha256; }
pubkey_of_key() { openssl pkey -in "$1" -pubout 2>/dev/null | openssl sha256; }

rounds=${CONCURRENT_ROUNDS:-40}
mismatch=0 failed=0 state_mismatch=0
for ((i = 0; i < rounds; i++)); do
	run & a=$!
	run & b=$!
	run || failed=$((failed + 1))
	wait "$a" || failed=$((failed + 1))
	wait "$b" || failed=$((failed + 1))
	[ "$(pubkey_of_cert "$crt")" = "$(pubkey_of_key "$key")" ] ||
		mismatch=$((mismatch + 1))
	[ "$(pubkey_of_cert "$state/certs/pbx/cert.pem")" = \
	  "$(pubkey_of_key "$state/certs/pbx/privkey.pem")" ] ||
		state_mismatch=$((state_mismatch + 1))
done
check_eq "$rounds rounds of three concurrent installs: every run succeeds" 0 "$failed"
[ "$failed" = 0 ] || diag "$(sort "$T_TMP/errs" | uniq -c | head -n 5)"
check_eq "... the deployed key always matches the certificate" 0 "$mismatch"
check_eq "... so do the state copies" 0 "$state_mismatch"
check_eq "... the deployed pair is the state's pair" \
	"$(sha256sum <"$crt")" "$(sha256sum <"$state/certs/pbx/fullchain.pem")"
check_eq "... no journal left behind" "" "$(ls -A "$state/journal" 2>/dev/null)"
check_eq "... no temp file left behind" "" \
	"$(find "$out" "$state" -name '.astcert-*' | head -n 3)"
# --- runs that meet at an exact point ------------------------------------------
if ! command -v strace >/dev/null; then
	skip "strace is not installed"; finish; exit
fi
# a simple command, so that $! of "${acs[@]}" ... & is the program's pid
acs=(env ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$T_TMP/astcert.conf")
# stopped PID: in a stop (group stop, or traced stop)
stopped() { [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) == [tT] ]]; }
# first_stopped NAME PATH SYSCALLS COMMAND...: COMMAND in the background,
# stopped by SIGSTOP at its first of SYSCALLS on PATH; output in
# $T_TMP/NAME.out/.err, strace's pid in S_PID, the program's in S_CHILD
first_stopped() {
	local name=$1 path=$2 calls=$3; shift 3
	"${acs[@]}" "$NO_LSAN" strace -f -o /dev/null -P "$path" -e trace="$calls" \
		-e inject="$calls":signal=STOP:when=1 "$@" \
		>"$T_TMP/$name.out" 2>"$T_TMP/$name.err" &
	S_PID=$!
	S_CHILD=
	until [ -n "$S_CHILD" ] && stopped "$S_CHILD"; do
		kill -0 "$S_PID" 2>/dev/null || return 1
		S_CHILD=$(pgrep -P "$S_PID" || true)
		sleep 0.02
	done
}
# polls_lock PID: the run waits for another run's lock: a lock file of
# the state open, asleep between two tries (nanosleep, clock_nanosleep)
polls_lock() {
	local nr
	ls -l "/proc/$1/fd" 2>/dev/null | grep -q '\.lock$' || return 1
	read -r nr _ <"/proc/$1/syscall" 2>/dev/null || return 1
	[ "$nr" = 35 ] || [ "$nr" = 230 ]
}
# second NAME COMMAND...: COMMAND in the background; returns when it has
# ended or waits for a lock the stopped first run holds
second() {
	local name=$1 pid; shift
	"${acs[@]}" "$@" >"$T_TMP/$name.out" 2>"$T_TMP/$name.err" &
	pid=$!
	wait_until "the second run to end or to wait for a lock" \
		eval "! alive $pid || polls_lock $pid"
	S_SECOND=$pid
}
# meet PATH SYSCALLS FIRST-COMMAND -- SECOND-COMMAND: the first stopped at
# PATH, the second meanwhile, then both to the end; exit statuses in RC_A
# and RC_B.  Every install opens the install lock first: the point just
# before a run puts anything in place.
meet() {
	local path=$1 calls=$2 a=() rc
	shift 2
	while [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	first_stopped a "$path" "$calls" "${a[@]}" || { RC_A=x RC_B=x; return; }
	second b "$@"
	kill -CONT "$S_CHILD"
	rc=0; wait "$S_PID" || rc=$?; RC_A=$rc
	rc=0; wait "$S_SECOND" || rc=$?; RC_B=$rc
}
one_of() { [ "$1" = 0 ] && [ "$2" != 0 ] || { [ "$1" != 0 ] && [ "$2" = 0 ]; }; }
fp_of() { openssl x509 -in "$1" -noout -fingerprint -sha256 | cut -d= -f2; }
crl_number() {
	openssl crl -in "$state/ca/crl.pem" -noout -crlnumber | cut -d= -f2
}

# two 'ca init': one CA, and the run that lost says so
me=$(id -un):$(id -gn)
mkdir -p "$T_TMP/ca-a" "$T_TMP/ca-b"
meet "$state/install.lock" openat "$ASTCERT" ca init --out "$T_TMP/ca-a" --owner "$me" -- \
	"$ASTCERT" ca init --out "$T_TMP/ca-b" --owner "$me"
check "two ca init at once: exactly one succeeds" one_of "$RC_A" "$RC_B"
check_match "... the other says a CA exists and what to do" \
	'already exists.*Move that directory away' "$(cat "$T_TMP/a.err" "$T_TMP/b.err")"
check_eq "... on one line" 1 "$(cat "$T_TMP/a.err" "$T_TMP/b.err" | grep -c .)"
winner=a; [ "$RC_B" = 0 ] && winner=b
check_eq "... the fingerprint printed is the CA that stays" \
	"$(fp_of "$state/ca/ca.crt" | cut -d: -f1-8)" \
	"$(grep -A1 'fingerprint with' "$T_TMP/$winner.out" | tail -n 1 | tr -d ' ')"

# two 'csr' of one name: the pending key is never replaced (the first is
# stopped as it looks for a pending request of that name)
meet "$state/csr/pending" stat,newfstatat,statx "$ASTCERT" csr --cn sip.example.com --name pending -- \
	"$ASTCERT" csr --cn sip.example.com --name pending
check "two csr of one name at once: exactly one succeeds" one_of "$RC_A" "$RC_B"
check_match "... the other says a CSR is pending and what to do" \
	'waiting for its certificate already.*another file name\. \(option --name\)' \
	"$(cat "$T_TMP/a.err" "$T_TMP/b.err")"
key_is_of() {
	[ "$(openssl req -in "$T_TMP/$1.out" -noout -pubkey 2>&1)" = \
	  "$(openssl pkey -in "$state/csr/pending/key.pem" -pubout 2>&1)" ]
}
for run in a b; do
	rc=RC_${run^^}
	[ "${!rc}" = 0 ] || continue
	check "... the pending key is the one of the CSR run $run printed" key_is_of $run
done

# two 'ca revoke': both revocations in the CRL, and its number only grows
for mac in 000000000001 000000000002 000000000003; do
	"${acs[@]}" "$ASTCERT" ca phone --mac $mac --out "$T_TMP/ca-a" >/dev/null 2>&1
done
# the first revocation made with umask 000
(umask 000; "${acs[@]}" "$ASTCERT" ca revoke 000000000003 >/dev/null 2>&1)
before=$(crl_number)
# the first run's clock is an hour behind: a number from the clock alone
# would go down
meet "$state/install.lock" openat env ASTCERT_NOW=$(( $(date +%s) - 3600 )) "$ASTCERT" ca revoke 000000000001 -- \
	"$ASTCERT" ca revoke 000000000002
check_eq "two ca revoke at once: both succeed" "0 0" "$RC_A $RC_B"
crl=$(openssl crl -in "$state/ca/crl.pem" -noout -text)
for mac in 000000000001 000000000002 000000000003; do
	serial=$(openssl x509 -in "$state/ca/phones/$mac/cert.pem" -noout -serial | cut -d= -f2)
	check_match "... the CRL lists the phone $mac" "Serial Number: 0*$serial" "$crl"
done
after=$(crl_number)
check "... the CRL number grew ($before, then $after)" \
	python3 -c "import sys; sys.exit(int('$after', 16) <= int('$before', 16))"
check_eq "... the list of revocations is not writable by others" "" \
	"$(find "$state/ca" -name revoked -perm /o+w)"
# a run waiting for another run's lock still stops on SIGTERM (systemd's
# stop, an admin's Ctrl-C): the lock is held by flock(1) for the test
holds_lock() { ls -l "/proc/$1/fd" 2>/dev/null | grep -q "ca.lock"; }
# (its output goes nowhere: a sleep left on the test's stdout would hold
# the TAP pipe open after the test ends)
flock "$state/ca.lock" sleep 1000 >/dev/null 2>&1 </dev/null & holder=$!
wait_until "the lock to be held" grep -q "$(stat -c %i "$state/ca.lock")" /proc/locks
"${acs[@]}" "$ASTCERT" ca phone --mac 000000000009 --out "$T_TMP/ca-a" \
	>"$T_TMP/lockwait.out" 2>"$T_TMP/lockwait.err" & waiter=$!
wait_until "ca phone to wait for the CA's lock" holds_lock "$waiter"
kill -TERM "$waiter"
wait_until "ca phone to stop after SIGTERM while it waits" \
	eval "! alive $waiter"
wait "$waiter"; rc=$?
check_eq "a run waiting for a lock stops on SIGTERM (status 143)" 143 "$rc"
check_eq "... no phone certificate was made" "" \
	"$(ls "$state/ca/phones" 2>/dev/null | grep 000000000009)"
pkill -P "$holder" sleep 2>/dev/null; kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
finish
