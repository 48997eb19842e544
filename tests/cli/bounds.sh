#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Work without a bound, as an attacker would ask for it: keys asking for
# billions of key derivation rounds are refused before any round is run, a
# FIFO is refused instead of blocking open(), SIGTERM and SIGINT end a run
# at once with the signal's status, and the process never dumps its memory.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/common.sh"
mkfixtures "$F" || { echo "Bail out! cannot make the fixtures"; exit 1; }
CA=(--ca-file "$F/root.pem")
CH=(--chain "$F/chain.pem")
printf 'secret\n' >"$T_TMP/pass.txt"
PASS=(--passphrase-file "$T_TMP/pass.txt")

# A run that does not end fails its status check (137) instead of hanging
# the suite; no check depends on how fast anything is.
guarded() { timeout -s KILL "${BOUNDS_GUARD:-300}" "$@"; }
gimp() {
	local n=$1; shift
	IMP_N=$n
	rm -rf "$T_TMP/o-$n"; mkdir -p "$T_TMP/o-$n"
	T_RC=0
	ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		guarded "$ASTCERT" import --name "$n" --out "$T_TMP/o-$n" \
		--owner "$OWNER" "$@" >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_ERR=$(cat "$T_TMP/err")
}

# mkepki NAME KDF: an encrypted PKCS#8 key (PEM and DER) whose key
# derivation is KDF (a section of openssl asn1parse -genconf); the data is
# random, as nothing may be decrypted before the rounds are checked.
mkepki() {
	cat >"$T_TMP/$1.cnf" <<CNF
asn1=SEQUENCE:epki
[epki]
alg=SEQUENCE:alg
data=FORMAT:HEX,OCTETSTRING:$(openssl rand -hex 48)
[alg]
oid=OID:1.2.840.113549.1.5.13
params=SEQUENCE:pbes2
[pbes2]
kdf=SEQUENCE:kdf
enc=SEQUENCE:enc
[enc]
oid=OID:2.16.840.1.101.3.4.1.42
iv=FORMAT:HEX,OCTETSTRING:$(openssl rand -hex 16)
$2
CNF
	openssl asn1parse -genconf "$T_TMP/$1.cnf" -noout -out "$T_TMP/$1.der" &&
	{ echo '-----BEGIN ENCRYPTED PRIVATE KEY-----'
	  base64 -w 64 "$T_TMP/$1.der"
	  echo '-----END ENCRYPTED PRIVATE KEY-----'; } >"$T_TMP/$1.pem"
}
mkepki pbkdf2 "[kdf]
oid=OID:1.2.840.113549.1.5.12
params=SEQUENCE:kdfp
[kdfp]
salt=FORMAT:HEX,OCTETSTRING:0102030405060708
iter=INTEGER:2147483647
prf=SEQUENCE:prf
[prf]
oid=OID:1.2.840.113549.2.9
null=NULL"
# scrypt N=16384 r=1 within OpenSSL's memory cap, p=131072: 2^31 units
mkepki scrypt "[kdf]
oid=OID:1.3.6.1.4.1.11591.4.11
params=SEQUENCE:sp
[sp]
salt=FORMAT:HEX,OCTETSTRING:0102030405060708
n=INTEGER:16384
r=INTEGER:1
p=INTEGER:131072"

# --- key derivation work is capped for every format -----------------------
ROUNDS='asks for more than 1000000 key derivation rounds'
# OpenSSL decrypts it under the label "PRIVATE KEY" as well
sed 's/ENCRYPTED PRIVATE KEY/PRIVATE KEY/' "$T_TMP/pbkdf2.pem" >"$T_TMP/relabelled.pem"
for k in pbkdf2.pem pbkdf2.der scrypt.pem relabelled.pem; do
	gimp f "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" \
		--key "$T_TMP/$k" "${PASS[@]}"
	refused "$k with 2^31 rounds" 2 "$k: the private key $ROUNDS"
done
cat "$F/leaf.pem" "$T_TMP/pbkdf2.pem" >"$T_TMP/bundle-huge.pem"
gimp f "${CA[@]}" "${CH[@]}" --cert "$T_TMP/bundle-huge.pem" "${PASS[@]}"
refused "a key inside the certificate file" 2 "bundle-huge\.pem: the private key $ROUNDS"
gimp f "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$T_TMP/pbkdf2.pem"
refused "no passphrase either" 2 "pbkdf2\.pem: the private key $ROUNDS"

# what an ordinary export asks for still imports (2048 rounds; the old
# PEM encryption derives its key with one MD5 round)
openssl pkcs8 -topk8 -in "$F/leaf.key" -passout file:"$T_TMP/pass.txt" \
	-v2 aes-256-cbc -iter 2048 -out "$T_TMP/usual.key"
gimp ok1 "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$T_TMP/usual.key" "${PASS[@]}"
check_eq "PKCS#8 with 2048 rounds: imported" 0 "$T_RC"
openssl pkcs8 -topk8 -in "$F/leaf.key" -passout file:"$T_TMP/pass.txt" \
	-scrypt -out "$T_TMP/usual-scrypt.key"
gimp ok2 "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$T_TMP/usual-scrypt.key" "${PASS[@]}"
check_eq "PKCS#8 with openssl's scrypt defaults: imported" 0 "$T_RC"
openssl rsa -in "$F/leaf.key" -aes256 -traditional -passout file:"$T_TMP/pass.txt" \
	-out "$T_TMP/trad.key" 2>/dev/null
gimp ok3 "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$T_TMP/trad.key" "${PASS[@]}"
check_eq "Proc-Type: 4,ENCRYPTED key: imported" 0 "$T_RC"

# the cap itself still imports; five such keys in one import are refused
# after the fourth (the same key five times: pre-fix, all were derived)
openssl pkcs8 -topk8 -in "$F/leaf.key" -passout file:"$T_TMP/pass.txt" \
	-v2 aes-256-cbc -iter 1000000 -out "$T_TMP/cap.key"
gimp ok4 "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$T_TMP/cap.key" "${PASS[@]}"
check_eq "PKCS#8 with 1000000 rounds: imported" 0 "$T_RC"
cat "$F/leaf.pem" "$T_TMP/cap.key" "$T_TMP/cap.key" "$T_TMP/cap.key" \
	"$T_TMP/cap.key" "$T_TMP/cap.key" >"$T_TMP/five.pem"
gimp f "${CA[@]}" "${CH[@]}" --cert "$T_TMP/five.pem" "${PASS[@]}"
refused "five keys of 1000000 rounds" 2 'five\.pem: the keys given ask for more than 4000000 key derivation rounds in all'

# --- a FIFO (or a device) is refused, not waited on ------------------------
mkfifo "$T_TMP/fifo"
for opt in --cert --key --chain --passphrase-file --ca-file; do
	args=(--cert "$F/leaf.pem" --key "$F/leaf.key" "${CH[@]}" "${CA[@]}")
	case $opt in
	--cert) args=(--cert "$T_TMP/fifo") ;;
	--chain) args+=(--chain "$T_TMP/fifo") ;;
	*) args+=("$opt" "$T_TMP/fifo") ;;
	esac
	gimp f "${args[@]}"
	check_match "FIFO as $opt: refused" 'fifo: not a regular file' "$AC_ERR"
	check_eq "FIFO as $opt: one line" 1 "$(printf '%s\n' "$AC_ERR" | wc -l)"
done
gimp f --cert /dev/zero
check_match "a device as --cert: refused" '/dev/zero: not a regular file' "$AC_ERR"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" guarded "$ASTCERT" --config "$T_TMP/fifo" status \
	>/dev/null 2>"$T_TMP/err" || T_RC=$?
check_eq "FIFO as --config: status 2" 2 "$T_RC"
check_match "FIFO as --config: refused" 'fifo: not a regular file' "$(cat "$T_TMP/err")"
printf 'F10\n' >"$T_TMP/script"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" guarded "$ASTCERT" wizard --answers "$T_TMP/fifo" \
	--script "$T_TMP/script" >/dev/null 2>"$T_TMP/err" || T_RC=$?
check_eq "FIFO as --answers: status 2" 2 "$T_RC"
check_match "FIFO as --answers: refused" 'fifo: not a regular file' "$(cat "$T_TMP/err")"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" guarded "$ASTCERT" acme --server https://127.0.0.1:9/dir \
	--ca-bundle "$T_TMP/fifo" --domain pbx.example.test --skip-checks \
	--out "$T_TMP/o-f" >/dev/null 2>"$T_TMP/err" || T_RC=$?
check_eq "FIFO as --ca-bundle: status 2" 2 "$T_RC"
check_match "FIFO as --ca-bundle: refused" 'fifo: not a regular file' "$(cat "$T_TMP/err")"

# --- no @include in answers, configuration or renewal profiles ----------
printf 'root_password = "hunter2";\ndays = 7;\n' >"$T_TMP/secret.conf"
printf 'kind = "selfsigned";\n  @include "%s"\n' "$T_TMP/secret.conf" >"$T_TMP/inc.conf"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" guarded "$ASTCERT" wizard --answers "$T_TMP/inc.conf" \
	--script "$T_TMP/script" >/dev/null 2>"$T_TMP/err" || T_RC=$?
check_eq "@include in an answers file: status 2" 2 "$T_RC"
check_eq "@include in an answers file: refused on its line" \
	"astcert: $T_TMP/inc.conf:2: @include is not allowed; put the settings in this file." \
	"$(cat "$T_TMP/err")"
printf 'key_dir = "/tmp/elsewhere";\n' >"$T_TMP/other.conf"
printf 'days = 30;\n@include "%s"\n' "$T_TMP/other.conf" >"$T_TMP/inc.conf"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" guarded "$ASTCERT" --config "$T_TMP/inc.conf" \
	status >/dev/null 2>"$T_TMP/err" || T_RC=$?
check_eq "@include in the configuration: status 2" 2 "$T_RC"
check_eq "@include in the configuration: refused on its line" \
	"astcert: $T_TMP/inc.conf:2: @include is not allowed; put the settings in this file." \
	"$(cat "$T_TMP/err")"
# the word in a comment or a string is no directive
printf '# @include "x"\n/* @include "y"\n */ days = 30; // @include "z"\nkey_dir = "a\\"\n@include";\n' >"$T_TMP/inc.conf"
T_RC=0
ASTCERT_STATE_DIR="$T_TMP/state" guarded "$ASTCERT" --config "$T_TMP/inc.conf" \
	status >/dev/null 2>"$T_TMP/err" || T_RC=$?
check_eq "@include in comments and strings: read as usual" "0 " "$T_RC $(cat "$T_TMP/err")"

# --- SIGTERM / SIGINT end a run at once, with the signal's status ---------
# A "CA" that accepts the connection and never answers: the run waits on
# it until it is told to stop.
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
	c, _ = s.accept(); held.append(c)
	open(sys.argv[2], "a").write("accepted\n")
' "$T_TMP/port" "$T_TMP/accepted" &
silent=$!
T_CLEANUP="kill $silent 2>/dev/null"
until [ -s "$T_TMP/port" ]; do sleep 0.05; done
url="https://127.0.0.1:$(cat "$T_TMP/port")/dir"

# silent_run SIG [WRAP...]: an acme run waiting on the silent CA gets SIG
# once it is connected; its status is in $T_RC (timeout passes on the
# signal its command died of).  A run that outlives the signal is killed
# by the guard (status 137) instead of hanging the suite.
silent_run() {
	local sig=$1 n guard; shift
	n=$(cat "$T_TMP/accepted" 2>/dev/null | wc -l)
	rm -rf "$T_TMP/o-sig"; mkdir -m 0777 -p "$T_TMP/o-sig"
	# (a sanitizer build: ASan's own SIGSEGV handler would exit 1 instead)
	(cd "$T_TMP/o-sig" && ulimit -c unlimited &&
	 ASAN_OPTIONS="handle_segv=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
	 ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		exec timeout -s KILL "${BOUNDS_GUARD:-300}" "$@" "$ASTCERT" acme \
		--server "$url" --domain pbx.example.test --skip-checks \
		--agree-tos --out "$T_TMP/o-sig" >/dev/null 2>"$T_TMP/err") &
	guard=$!
	until [ "$(cat "$T_TMP/accepted" 2>/dev/null | wc -l)" -gt "$n" ]; do
		kill -0 "$guard" 2>/dev/null || break
		sleep 0.05
	done
	pid=$(pgrep -P "$guard")
	if [ -n "${INSPECT:-}" ]; then eval "$INSPECT"; fi
	kill -s "$sig" "$pid"
	T_RC=0
	wait "$guard" || T_RC=$?
}
silent_run TERM
check_eq "SIGTERM while waiting on the CA: ends with SIGTERM's status" 143 "$T_RC"
check_eq "SIGTERM: nothing left in the output directory" "" "$(ls -A "$T_TMP/o-sig")"
silent_run INT
check_eq "SIGINT while waiting on the CA: ends with SIGINT's status" 130 "$T_RC"
check_eq "SIGINT: nothing written" "" "$(ls -A "$T_TMP/o-sig")"

# --- never dumpable ------------------------------------------------------
INSPECT='limits=$(grep "^Max core file size" /proc/$pid/limits)'
silent_run SEGV
check_eq "SIGSEGV: the process died of it" 139 "$T_RC"
check_match "RLIMIT_CORE is 0 while it runs" '^Max core file size +0 +0 ' "$limits"
check_eq "no core file, though ulimit -c unlimited" "" "$(ls -A "$T_TMP/o-sig")"
silent_run ABRT
check_eq "SIGABRT: the process died of it" 134 "$T_RC"
check_eq "SIGABRT: no core file" "" "$(ls -A "$T_TMP/o-sig")"
# /proc/PID/* of a process that is not dumpable belongs to root: seen when
# it runs under another user id (a number, no name is needed)
mkdir -p "$T_TMP/nobody"; chown 54321:54321 "$T_TMP/nobody"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	INSPECT='owner=$(stat -c %u "/proc/${pid:-none}/environ" 2>&1)'
	silent_run TERM setpriv --reuid 54321 \
		--regid 54321 --clear-groups env ASTCERT_STATE_DIR="$T_TMP/nobody"
	check_eq "not dumpable: /proc/PID/environ belongs to root, not to the user" 0 "$owner"
else
	skip "not dumpable: needs root and setpriv"
fi
unset INSPECT
# the check above means something: a dumpable process does leave a core
(cd "$T_TMP/o-sig" && ulimit -c unlimited && exec sleep 600) &
spid=$!
until [ "$(cat "/proc/$spid/comm" 2>/dev/null)" = sleep ]; do sleep 0.05; done
kill -s SEGV "$spid"; wait "$spid" 2>/dev/null
if ls "$T_TMP/o-sig" | grep -q '^core'; then ok "control: sleep does dump a core here"
else skip "this system writes no core files (core_pattern $(cat /proc/sys/kernel/core_pattern))"; fi
finish
