#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The fault matrix for `acme` (tests/cli/faultmatrix.sh has the other
# installing commands): against a real Pebble, each run orders a new
# certificate and fails with an error (EIO, ENOSPC, EPERM, EBUSY) or is
# killed at each rename, write, fsync, fchown and fchmod it makes on the
# files it installs; then the same checks: the previous pair intact, or the
# new pair complete (deployed and state copies), never a mixed pair once the
# next astcert command has run, no temp file left, no key wider than 0640.
#
# Only calls on the files are faulted.  HTTP to the CA goes through sendto
# and sendmsg (never write), but strace's -P cannot stand in for a filter:
# it matches exact paths only (an fd matches by its current path), and the
# temp files have random names.  So one traced run (-y: fds shown as paths)
# lists the main thread's calls, and the points are the indices of those
# on a path in the test's directory (not the summary written to stdout and
# stderr).  Every faulted run is traced too: strace counts per thread, so
# each thread's Nth call must be on such a path, else the point is reported
# as stray (with -f, N=1 also hits the first fsync of each of the store's
# sync threads, as in the other matrix).
# The table (same columns) goes to tests/faultmatrix-acme.txt in the build
# directory and into the log.
. "$top_srcdir/tests/lib.sh"

if ! command -v strace >/dev/null; then
	echo "1..0 # SKIP strace is not installed"; exit 0
fi
need_netns
. "$top_srcdir/tests/lib-pebble.sh"

SYSCALLS="rename write fsync fchown fchmod"
ERRORS=(EIO ENOSPC EPERM EBUSY)
me="$(id -un):$(id -gn)"
table=$top_builddir/tests/faultmatrix-acme.txt
NAME=acme DIR=$T_TMP/m
KEYS=$DIR/out
FILES=("$KEYS/acm.crt" "$KEYS/acm.key"
       "$DIR/state/certs/acm/fullchain.pem" "$DIR/state/certs/acm/privkey.pem")

pebble_start 0 || { not_ok "pebble starts"; finish; exit 1; }
mkdir -p "$KEYS"
ARGV=(acme --server "$PEBBLE_URL" --ca-bundle "$PEBBLE_CA" --skip-checks
      --email admin@example.com --agree-tos --http-address 127.0.0.1
      --http-port 5002 --domain acm.example.com --name acm --key p256
      --out "$KEYS" --owner "$me")
# astcert [strace ARGS --] ARGS...: with the matrix's state and config
astcert() {
	local pre=()
	if [ "$1" = strace ]; then
		while [ "$1" != -- ]; do pre+=("$1"); shift; done
		shift
	fi
	ASTCERT_STATE_DIR="$DIR/state" ASTCERT_CONF="$DIR/astcert.conf" \
		"${pre[@]}" "$ASTCERT" "$@"
}

# --- what is on disk (as tests/cli/faultmatrix.sh) ------------------------------
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
classify() {
	sums
	if [ "${SUMS[*]}" = "$*" ]; then CLASS=old; return; fi
	if [ "${SUMS[0]}" = "${SUMS[2]}" ] && [ "${SUMS[1]}" = "${SUMS[3]}" ] &&
	   [ "${SUMS[0]}" != "$1" ] && [ "${SUMS[1]}" != "$2" ] &&
	   [ "${SUMS[0]}" != - ] && pair_matches; then
		CLASS=new
	else
		CLASS=mixed
	fi
}
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
	done < <(find "$KEYS" "$DIR/state" -type f -printf '%m %p\n')
}

# --- which calls are on the files ------------------------------------------------
# nth_call TRACE SYSCALL N: the main thread's Nth SYSCALL line of a
# strace -f -y trace that shows execve (the main thread's first call)
nth_call() {
	awk -v sc="$2" -v n="$3" '
		NR == 1 { main = $1 }
		$1 == main && index($2, sc "(") == 1 && ++k == n { print; exit }
	' "$1"
}
# on_files LINE: the call's first argument (an fd shown by -y as fd<path>,
# or a rename's source) is a path in the test's directory; the data
# written (the summary names the files) does not count
on_files() { [[ $1 =~ ^[0-9]+\ +[a-z0-9]+\(([0-9]+\<|\")"$DIR/" ]]; }
# hit TRACE SYSCALL N: the calls a when=N fault could hit: each thread's
# Nth SYSCALL (strace counts per thread); a kill ends the run at the first
hit() {
	awk -v sc="$2" -v n="$3" 'index($2, sc "(") == 1 && ++k[$1] == n' "$1"
}
# on_files_all LINES: at least one line, each on the files
on_files_all() {
	local line
	[ -n "$1" ] || return 1
	while read -r line; do on_files "$line" || return 1; done <<<"$1"
}

# point SYSCALL N FAULT: one faulted run and the next command; one result
# line, and "stray ..." in DIR/stray when the fault missed the files
point() {
	local sc=$1 n=$2 fault=$3 before rc=0 after inj fast=() hits
	sums
	before=("${SUMS[@]}")
	if [ "$fault" = KILL ]; then inj="signal=KILL"
	else inj="error=$fault" fast=(--seccomp-bpf); fi
	astcert strace -f "${fast[@]}" -y -s 4096 -o "$DIR/trace" \
		-e trace="execve,$sc" -e inject="$sc:$inj:when=$n" -- "${ARGV[@]}" \
		>/dev/null 2>"$DIR/last.err" || rc=$?
	hits=$(hit "$DIR/trace" "$sc" "$n")
	on_files_all "$hits" ||
		echo "stray $sc $fault $n rc=$rc: ${hits:-no such call}" >>"$DIR/stray"
	classify "${before[@]}"
	after=$CLASS
	scan
	local left_run=$LEFT jour_run=$JOURNAL wide_run=$WIDE
	if [ $((LEFT + JOURNAL)) != 0 ]; then
		astcert show "${FILES[0]}" >/dev/null 2>>"$DIR/next.err"
		classify "${before[@]}"
		scan
	fi
	echo "$NAME $sc $fault $n $rc $after $CLASS $left_run $jour_run" \
		"$LEFT $JOURNAL $((wide_run + WIDE))"
}

# --- the fixture: a first order installs the previous pair ------------------------
started=$SECONDS
astcert "${ARGV[@]}" >/dev/null 2>"$DIR/setup.err"
check_eq "the first order installs the previous pair" "" \
	"$(sums; [ "${SUMS[0]}" != - ] || cat "$DIR/setup.err")"
# one traced order: the points, the main thread's calls on the files
astcert strace -f -y -s 4096 -o "$DIR/count" -e trace="execve,${SYSCALLS// /,}" \
	-- "${ARGV[@]}" >/dev/null 2>&1
: >"$DIR/results"
: >"$DIR/stray"
i=0
for sc in $SYSCALLS; do
	count=$(awk -v sc="$sc" 'NR == 1 { main = $1 }
		$1 == main && index($2, sc "(") == 1' "$DIR/count" | wc -l)
	for ((n = 1; n <= count; n++)); do
		on_files "$(nth_call "$DIR/count" "$sc" "$n")" || continue
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
diag "$(awk 'NF == 12' "$DIR/results" | wc -l) faulted orders in $((SECONDS - started)) s"

# --- the table and the checks (columns as in tests/cli/faultmatrix.sh) ------------
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
	}' "$DIR/results" >"$T_TMP/table"
cp "$T_TMP/table" "$table"
diag "$(cat "$T_TMP/table")"

all=$DIR/results
points=$(awk 'NF == 12' "$all" | wc -l)
check "the matrix ran ($points points)" test "$points" -gt 40
for sc in $SYSCALLS; do
	check "faults at $sc" test -n "$(awk -v s="$sc" '$2 == s' "$all")"
done
check_eq "every fault hit a call on the files (none on sockets or stdout)" "" \
	"$(head -n 3 "$DIR/stray")"
check_eq "acme: never a mixed pair once the next command ran" "" \
	"$(awk '$7 == "mixed"' "$all" | head -n 3)"
check_eq "acme: no temp file or journal left after the next command" "" \
	"$(awk '$10 + $11' "$all" | head -n 3)"
check_eq "acme: no key wider than 0640, even killed" "" \
	"$(awk '$12' "$all" | head -n 3)"
check_eq "acme: a failed run leaves no mixed pair and no temp file" "" \
	"$(awk '$3 != "KILL" && ($6 == "mixed" || $8 + $9)' "$all" | head -n 3)"
check_eq "acme: killed between renames, the journal is there" "" \
	"$(awk '$3 == "KILL" && $6 == "mixed" && !$9' "$all" | head -n 3)"
check "acme: some faults left the previous pair, some the new one" \
	test -n "$(awk '$7 == "old"' "$all")" -a -n "$(awk '$7 == "new"' "$all")"
finish
