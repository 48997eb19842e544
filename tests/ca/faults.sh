#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The private CA never loses track of what it signed: 'ca phone' and 'ca
# server' killed (strace fault injection) at every rename, or
# failing with a full disk at every write, leave no certificate of the CA
# anywhere on disk that 'ca list' does not show (and 'ca revoke' could not
# revoke); a run that failed leaves no certificate listed as valid that
# never got out (it is void, and in the CRL).
. "$top_srcdir/tests/lib.sh"
shopt -s extglob

if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP strace is not installed"; exit 0
fi
keys=$T_TMP/keys phones=$T_TMP/phones state=$T_TMP/state
mkdir -p "$keys" "$phones"
: > "$T_TMP/astcert.conf"
me=$(id -un):$(id -gn)

ac ca init --out "$keys" --owner "$me"
check_eq "ca init" 0 "$T_RC"

# DISK: "SERIAL PATH" of every certificate of the CA on disk outside its
# records (exports, state, archive, temporary files), serials normalised
# (upper-case hex, no leading zeros).  Files are read once: archived ones
# never change (cache by size, time, inode and path).
declare -A serial_cache
on_disk() {
	local key f subject issuer serial
	DISK=
	while IFS= read -r -d '' key; do
		f=${key#* * * }
		case $f in "$state/ca/issued/"*) continue ;; esac
		if [ -z "${serial_cache[$key]+set}" ]; then
			serial=
			if grep -q -- '-----BEGIN CERTIFICATE-----' "$f" 2>/dev/null; then
				read -r subject issuer serial < <(openssl x509 -in "$f" \
					-noout -subject_hash -issuer_hash -serial 2>/dev/null |
					tr '\n' ' ')
				[ "$subject" != "$issuer" ] || serial=
				serial=${serial#serial=}
				serial=${serial##+(0)}
			fi
			serial_cache[$key]=$serial
		fi
		[ -n "${serial_cache[$key]}" ] &&
			DISK+="${serial_cache[$key]} $f"$'\n'
	done < <(find "$keys" "$phones" "$state" -type f -printf '%s %T@ %i %p\0')
}
# "SERIAL STATE" of every entry of 'ca list' (valid, revoked, void)
listed() {
	ac ca list --json
	printf '%s' "$AC_OUT" | python3 -c 'import json, sys
for e in json.load(sys.stdin):
    state = "void" if e.get("void") else "revoked" if e["revoked"] else "valid"
    print(e["serial"].lstrip("0"), state)'
}
# every certificate of the CA on disk is in the list; prints the first one
# that is not (call on_disk first)
all_listed() {
	local list s f
	list=$(listed)
	while read -r s f; do
		[ -z "$s" ] || grep -q "^$s " <<<"$list" ||
			{ echo "not listed: $f ($s)"; return 1; }
	done <<<"$DISK"
}
# every certificate listed as valid is on disk outside the CA's records
# (call on_disk first), but for those in KNOWN: listed before the sweep (a
# kill between the record and the install leaves one that never got out,
# valid in the list: the safe direction; the next run removes its temps)
valid_ones_out() {
	local s
	for s in $(listed | awk '$2 == "valid" {print $1}'); do
		grep -qx "$s" <<<"$KNOWN" && continue
		grep -q "^$s " <<<"$DISK" || { echo "listed as valid, never out: $s"; return 1; }
	done
}
crl_has_all_void() {
	local crl s
	crl=$(openssl crl -in "$state/ca/crl.pem" -noout -text 2>&1)
	for s in $(listed | awk '$2 == "void" {print $1}'); do
		grep -Eq "Serial Number: 0*$s\$" <<<"$crl" || { echo "$s not in the CRL"; return 1; }
	done
}

# injected KIND N ARGS...: astcert ARGS under strace with a fault at the
# Nth call: KIND kill-rename or enospc-write
injected() {
	local kind=$1 n=$2 opts; shift 2
	case $kind in
	kill-rename) opts=(-e trace=rename -e inject=rename:signal=KILL:when=$n) ;;
	enospc-write) opts=(-e trace=write -e inject=write:error=ENOSPC:when=$n) ;;
	esac
	T_RC=0
	ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		strace -f -o /dev/null "${opts[@]}" "$ASTCERT" "$@" \
		>"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
}

# sweep WHAT ARGS...: each fault at every point until the run gets past
# the last one; one line per kind
sweep() {
	local what=$1 kind n points bad lost; shift
	for kind in kill-rename enospc-write; do
		points=0 bad= lost=
		KNOWN=$(listed | awk '$2 == "valid" {print $1}')
		for ((n = 1; n <= 80; n++)); do
			injected "$kind" "$n" "$@"
			[ "$T_RC" = 0 ] && break
			points=$((points + 1))
			on_disk
			all_listed >"$T_TMP/why" || bad+=" $n:$(head -n 1 "$T_TMP/why")"
			if [ "$kind" = enospc-write ]; then
				valid_ones_out >"$T_TMP/why" && crl_has_all_void >>"$T_TMP/why" ||
					lost+=" $n:$(head -n 1 "$T_TMP/why")"
			fi
		done
		check_eq "$what, $kind at each of $points points: every certificate on disk is listed" "" "$bad"
		[ "$kind" = enospc-write ] &&
			check_eq "$what, $kind: a failed run leaves none listed valid that never got out, voids in the CRL" "" "$lost"
		[ "$n" -le 80 ] || not_ok "$what, $kind: the run never got past the faults"
	done
}

sweep "ca phone" ca phone --mac 00:04:f2:a1:b2:c3 --key p256 --out "$phones" --owner "$me"
sweep "ca server" ca server --dns pbx.test.invalid --name pbx --key p256 --out "$keys" --owner "$me"

ac ca list
check_eq "ca list still works" 0 "$T_RC"
check_match "void certificates are shown as such" '0004f2a1b2c3 .*void' "$AC_OUT"
check_eq "nothing under the CA's state is writable by others" "" \
	"$(find "$state/ca" -perm /o+w | head -n 3)"
finish
