#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The fault matrix: every installing command (selfsigned, import, ca server,
# ca phone, renew) fails with an error (EIO, ENOSPC, EPERM, EBUSY) and is
# killed at each rename, write, fsync, fchown and fchmod it makes, and what
# is on disk afterwards is checked: the previous pair intact, or the new pair
# complete (deployed and state copies), never a mixed pair once the next
# astcert command has run, no temp file left, no key wider than 0640.
#
# Each syscall is counted once per command (its main thread); the fault goes
# to the Nth call for every N (with -f: N=1 also hits the first fsync of each
# of the store's sync threads).  The errors take turns over the points
# (FAULTMATRIX_ALL_ERRORS=1: all four at every point).  The table goes to
# tests/faultmatrix.txt in the build directory and into the log.
. "$top_srcdir/tests/lib.sh"

if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP strace is not installed"; exit 0
fi
SYSCALLS="rename write fsync fchown fchmod"
ERRORS=(EIO ENOSPC EPERM EBUSY)
me="$(id -un):$(id -gn)"
table=$top_builddir/tests/faultmatrix.txt

# --- one command's fixture: its state, its files, its command line --------
# Sets, for command $1 in directory $2: CMD (argv), FILES (crt key statecrt
# statekey), OK_RC.
setup_cmd() {
	local d=$2 st=$2/state
	mkdir -p "$d/out" "$d/phones"
	OK_RC=0
	case $1 in
	selfsigned|renew)
		base selfsigned --cn pbx.example.com --name pbx --key p256 \
			--out "$d/out" --owner "$me"
		FILES=("$d/out/pbx.crt" "$d/out/pbx.key"
		       "$st/certs/pbx/fullchain.pem" "$st/certs/pbx/privkey.pem")
		CMD=(selfsigned --cn pbx.example.com --name pbx --key p256
		     --out "$d/out" --owner "$me")
		if [ "$1" = renew ]; then
			CMD=(renew --force --name pbx --no-reload); OK_RC=3
		fi ;;
	import)
		for x in a b; do
			openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
				-nodes -keyout "$d/$x.key" -out "$d/$x.crt" -days 100 \
				-subj /CN=imp.example.com \
				-addext subjectAltName=DNS:imp.example.com \
				-addext basicConstraints=critical,CA:FALSE \
				-addext extendedKeyUsage=serverAuth 2>/dev/null
		done
		base import --cert "$d/a.crt" --key "$d/a.key" --ca-file "$d/a.crt" \
			--name imp --out "$d/out" --owner "$me"
		FILES=("$d/out/imp.crt" "$d/out/imp.key"
		       "$st/certs/imp/fullchain.pem" "$st/certs/imp/privkey.pem")
		CMD=() ;;	# import_cmd picks the pair not installed
	ca-server)
		base ca init --cn "Matrix CA" --out "$d/out"
		base ca server --dns srv.example.com --name srv --key p256 \
			--out "$d/out" --owner "$me"
		FILES=("$d/out/srv.crt" "$d/out/srv.key"
		       "$st/certs/srv/fullchain.pem" "$st/certs/srv/privkey.pem")
		CMD=(ca server --dns srv.example.com --name srv --key p256
		     --out "$d/out" --owner "$me") ;;
	ca-phone)
		base ca init --cn "Matrix CA" --out "$d/out"
		base ca phone --mac 00:04:F2:A1:B2:C3 --key p256 \
			--out "$d/phones" --owner "$me"
		FILES=("$d/phones/0004f2a1b2c3.crt" "$d/phones/0004f2a1b2c3.key"
		       "$st/ca/phones/0004f2a1b2c3/cert.pem"
		       "$st/ca/phones/0004f2a1b2c3/privkey.pem")
		CMD=(ca phone --mac 00:04:F2:A1:B2:C3 --key p256
		     --out "$d/phones" --owner "$me") ;;
	esac
}
# base ARGS...: an unfaulted run that must succeed (the fixture)
base() {
	ASTCERT_STATE_DIR="$DIR/state" ASTCERT_CONF="$DIR/astcert.conf" \
		"$ASTCERT" "$@" >/dev/null 2>>"$DIR/setup.err" ||
		echo "setup: astcert $* failed" >>"$DIR/setup.err"
}
# ARGV: the command line of this run (import alternates between two pairs)
run_cmd() {
	if [ "$NAME" = import ]; then
		local x=a
		cmp -s "$DIR/a.crt" "${FILES[0]}" && x=b
		ARGV=(import --cert "$DIR/$x.crt" --key "$DIR/$x.key"
		      --ca-file "$DIR/$x.crt" --name imp --out "$DIR/out"
		      --owner "$me")
	else
		ARGV=("${CMD[@]}")
	fi
}

# --- what is on disk ---------------------------------------------------------
# SUMS: the four files' SHA-256 (a missing file reads "-")
sums() {
	local line
	SUMS=()
	for f in "${FILES[@]}"; do
		[ -f "$f" ] || SUMS+=("-")
	done
	[ ${#SUMS[@]} = 0 ] || { SUMS=(- - - -); return; }
	while read -r line; do SUMS+=("${line%% *}"); done \
		< <(sha256sum "${FILES[@]}")
}
pair_matches() {
	[ "$(openssl x509 -in "${FILES[0]}" -noout -pubkey 2>/dev/null)" = \
	  "$(openssl pkey -in "${FILES[1]}" -pubout 2>/dev/null)" ]
}
# CLASS: old / new / mixed against the sums before the run (arguments)
classify() {
	sums
	if [ "${SUMS[*]}" = "$*" ]; then CLASS=old; return; fi
	# deployed = state copies, both changed, and the key is the cert's
	if [ "${SUMS[0]}" = "${SUMS[2]}" ] && [ "${SUMS[1]}" = "${SUMS[3]}" ] &&
	   [ "${SUMS[0]}" != "$1" ] && [ "${SUMS[1]}" != "$2" ] &&
	   [ "${SUMS[0]}" != - ] && pair_matches; then
		CLASS=new
	else
		CLASS=mixed
	fi
}
# scan: one look at every file: sets LEFT (temp files), JOURNAL (journal
# entries), WIDE (keys, their temp and undo copies too, with more than
# rw-r-----)
scan() {
	local mode path
	LEFT=0 JOURNAL=0 WIDE=0
	while read -r mode path; do
		case $path in
		*/journal/*) JOURNAL=$((JOURNAL + 1)) ;;
		*/.astcert-*) LEFT=$((LEFT + 1)) ;;
		esac
		case $path in
		*.key*|*privkey*|*.p12*)
			[ $((8#$mode & 8#137)) = 0 ] || WIDE=$((WIDE + 1)) ;;
		esac
	done < <(find "$DIR/out" "$DIR/phones" "$DIR/state" -type f -printf '%m %p\n')
}

# --- one point ---------------------------------------------------------------
# point SYSCALL N FAULT: one faulted run and the next command; one result line
point() {
	local sc=$1 n=$2 fault=$3 before rc=0 after inj fast=()
	run_cmd
	sums
	before=("${SUMS[@]}")
	# seccomp-bpf speeds up error injection; it misses signal injection
	if [ "$fault" = KILL ]; then inj="signal=KILL"
	else inj="error=$fault" fast=(--seccomp-bpf); fi
	ASTCERT_STATE_DIR="$DIR/state" ASTCERT_CONF="$DIR/astcert.conf" \
		strace -f "${fast[@]}" -o /dev/null -e trace="$sc" \
		-e inject="$sc:$inj:when=$n" "$ASTCERT" "${ARGV[@]}" \
		>/dev/null 2>"$DIR/last.err" || rc=$?
	classify "${before[@]}"
	after=$CLASS
	scan
	local left_run=$LEFT jour_run=$JOURNAL wide_run=$WIDE
	# the next command acts only on what a run left: the journal and
	# the pending list (in journal/), and the temp files they name
	if [ $((LEFT + JOURNAL)) != 0 ]; then
		ASTCERT_STATE_DIR="$DIR/state" ASTCERT_CONF="$DIR/astcert.conf" \
			"$ASTCERT" show "${FILES[0]}" >/dev/null 2>>"$DIR/next.err"
		classify "${before[@]}"
		scan
	fi
	echo "$NAME $sc $fault $n $rc $after $CLASS $left_run $jour_run" \
		"$LEFT $JOURNAL $((wide_run + WIDE))"
}

# matrix NAME: every point of one command, result lines into DIR/results
matrix() {
	NAME=$1 DIR=$T_TMP/$1
	mkdir -p "$DIR"
	setup_cmd "$NAME" "$DIR"
	if [ -s "$DIR/setup.err" ]; then
		echo "$NAME setup-failed" >"$DIR/results"; return
	fi
	local sc count n i=0 e
	run_cmd
	ASTCERT_STATE_DIR="$DIR/state" ASTCERT_CONF="$DIR/astcert.conf" \
		strace -o "$DIR/count" -e trace="${SYSCALLS// /,}" \
		"$ASTCERT" "${ARGV[@]}" >/dev/null 2>&1
	: >"$DIR/results"
	for sc in $SYSCALLS; do
		count=$(grep -c "^$sc(" "$DIR/count")
		for ((n = 1; n <= count; n++)); do
			if [ -n "${FAULTMATRIX_ALL_ERRORS:-}" ]; then
				for e in "${ERRORS[@]}"; do
					point "$sc" "$n" "$e" >>"$DIR/results"
				done
			else
				point "$sc" "$n" "${ERRORS[i++ % 4]}" >>"$DIR/results"
			fi
			point "$sc" "$n" KILL >>"$DIR/results"
		done
	done
}

COMMANDS="selfsigned import ca-server ca-phone renew"
for c in $COMMANDS; do
	matrix "$c" &
done
wait

# --- the table and the checks ---------------------------------------------------
cat "$T_TMP"/*/results >"$T_TMP/all"
for c in $COMMANDS; do
	check_eq "$c: its fixture was made" "" \
		"$(grep -h "^$c setup-failed" "$T_TMP/all"; cat "$T_TMP/$c/setup.err" 2>/dev/null)"
done
# fields: 1 cmd 2 syscall 3 fault 4 N 5 rc 6 after-run 7 after-next
# 8 temps after run 9 journal after run 10 temps after next 11 journal
# after next 12 wide keys
awk '
	NF == 12 {
		k = $1 " " $2 " " $3
		if (!(k in pts)) order[++nk] = k
		pts[k]++; run[k, $6]++; nxt[k, $7]++
		if ($10 + $11) left[k]++
		if ($12) wide[k]++
		if ($3 != "KILL" && ($6 == "mixed" || $8 + $9)) dirty[k]++
		if ($3 == "KILL" && $6 == "mixed" && !$9) unjournaled[k]++
	}
	END {
		printf "%-10s %-7s %-6s %6s  %-17s %-17s %s\n", "command", \
			"syscall", "fault", "points", "after the run", \
			"after next cmd", "problems"
		printf "%-10s %-7s %-6s %6s  %-17s %-17s %s\n", "", "", "", \
			"", "old/new/mixed", "old/new/mixed", ""
		for (i = 1; i <= nk; i++) {
			k = order[i]; split(k, f, " ")
			p = ""
			if (nxt[k, "mixed"]) p = p " MIXED-AFTER-NEXT"
			if (left[k]) p = p " LEFTOVERS"
			if (wide[k]) p = p " WIDE-KEY"
			if (dirty[k]) p = p " ERROR-LEFT-MIXED-OR-TEMPS"
			if (unjournaled[k]) p = p " MIXED-WITHOUT-JOURNAL"
			printf "%-10s %-7s %-6s %6d  %-17s %-17s %s\n", f[1], \
				f[2], f[3], pts[k], \
				run[k, "old"] + 0 "/" run[k, "new"] + 0 "/" run[k, "mixed"] + 0, \
				nxt[k, "old"] + 0 "/" nxt[k, "new"] + 0 "/" nxt[k, "mixed"] + 0, \
				p == "" ? "none" : p
		}
	}' "$T_TMP/all" >"$T_TMP/table"
cp "$T_TMP/table" "$table"
diag "$(cat "$T_TMP/table")"

points=$(awk 'NF == 12' "$T_TMP/all" | wc -l)
check "the matrix ran ($points points)" test "$points" -gt 100
for c in $COMMANDS; do
	check_eq "$c: never a mixed pair once the next command ran" "" \
		"$(awk -v c="$c" '$1 == c && $7 == "mixed"' "$T_TMP/all" | head -n 3)"
	check_eq "$c: no temp file or journal left after the next command" "" \
		"$(awk -v c="$c" '$1 == c && $10 + $11' "$T_TMP/all" | head -n 3)"
	check_eq "$c: no key wider than 0640, even killed" "" \
		"$(awk -v c="$c" '$1 == c && $12' "$T_TMP/all" | head -n 3)"
	check_eq "$c: a failed run leaves no mixed pair and no temp file" "" \
		"$(awk -v c="$c" '$1 == c && $3 != "KILL" && ($6 == "mixed" || $8 + $9)' \
			"$T_TMP/all" | head -n 3)"
	check_eq "$c: killed between renames, the journal is there" "" \
		"$(awk -v c="$c" '$1 == c && $3 == "KILL" && $6 == "mixed" && !$9' \
			"$T_TMP/all" | head -n 3)"
	check "$c: some faults left the previous pair, some the new one" \
		test -n "$(awk -v c="$c" '$1 == c && $7 == "old"' "$T_TMP/all")" -a \
		-n "$(awk -v c="$c" '$1 == c && $7 == "new"' "$T_TMP/all")"
done
finish
