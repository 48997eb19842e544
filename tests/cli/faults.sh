#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs interrupted at exact points (strace fault injection): nothing already
# on disk is lost, a key is never readable by others, and an install killed
# between its renames is finished by the next run.
. "$top_srcdir/tests/lib.sh"

if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP strace is not installed"; exit 0
fi
out=$T_TMP/keys
mkdir -p "$out"
crt=$out/pbx.crt key=$out/pbx.key

first() {
	ac selfsigned --cn pbx.example.com --name pbx --out "$out" --owner root:nogroup
	[ "$T_RC" = 0 ]
}
pair_matches() {
	[ "$(openssl x509 -in "$crt" -noout -pubkey | openssl sha256)" = \
	  "$(openssl pkey -in "$key" -pubout 2>/dev/null | openssl sha256)" ]
}
no_key_readable_by_others() {
	! find "$out" "$T_TMP/state" -type f -perm /o+r \( -name '*.key*' -o -name 'privkey*' -o -name '.astcert-*key*' \) | grep -q .
}
# injected OPTS...: run selfsigned under strace with the fault
injected() {
	T_RC=0
	ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		strace -f -o /dev/null "$@" "$ASTCERT" selfsigned --cn pbx.example.com \
		--name pbx --out "$out" --owner root:nogroup >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_ERR=$(cat "$T_TMP/err")
}

check "a first certificate" first
before=$(sha256sum "$crt" "$key")

# the disk fills up while the new files are written
injected -e trace=write -e inject=write:error=ENOSPC:when=1
check_eq "a failed write exits 1" 1 "$T_RC"
check_match "a failed write is reported" 'Cannot write .*No space left on device' "$AC_ERR"
check_eq "a failed write leaves the previous files" "$before" "$(sha256sum "$crt" "$key")"
check_eq "a failed write leaves no temporary file" "" "$(ls -A "$out" | grep '^\.' || true)"

# a failed chown (not allowed to give the file away)
injected -e trace=fchown -e inject=fchown:error=EPERM:when=2
check_eq "a failed chown exits 1" 1 "$T_RC"
check_match "a failed chown names the fix" 'requested owner.*another owner' "$AC_ERR"
check_eq "a failed chown leaves the previous files" "$before" "$(sha256sum "$crt" "$key")"

# killed at each of the first renames: never a mix, never a readable key
for n in 1 2 3; do
	injected -e trace=rename -e inject=rename:signal=KILL:when=$n
	check_eq "killed at rename $n: the run died" 137 "$T_RC"
	check "killed at rename $n: no key readable by others" no_key_readable_by_others
	ac show "$crt"
	check "killed at rename $n: the next run succeeds" test "$T_RC" = 0
	check "killed at rename $n: certificate and key match" pair_matches
done
check_match "an interrupted install is finished and said so" 'finished the interrupted install of pbx' "$AC_ERR"

# killed while the key is being written (the write of the key temp file)
for n in 1 2 3 4; do
	injected -e trace=write -e inject=write:signal=KILL:when=$n
	check "killed at write $n: certificate and key still match" pair_matches
	check "killed at write $n: no key readable by others" no_key_readable_by_others
done

finish
