# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the shell tests: TAP output, a scratch directory, the network
# namespace.  Source it: . "$top_srcdir/tests/lib.sh"
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${ASTCERT:=$top_builddir/astcert}"
export LC_ALL=C.UTF-8 LANGUAGE= NO_COLOR=1

T_NAME=$(basename "$0" .sh)
T_N=0
T_FAILED=0

ok() { T_N=$((T_N + 1)); printf 'ok %d - %s\n' "$T_N" "$*"; }
not_ok() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	printf 'not ok %d - %s\n' "$T_N" "$*"
}
# skip REASON: reported as SKIP by the TAP driver, never as a pass
skip() { T_N=$((T_N + 1)); printf 'ok %d # SKIP %s\n' "$T_N" "$*"; }
diag() { printf '# %s\n' "$*" | sed '2,$s/^/# /'; }

# check DESCRIPTION COMMAND...: passes when the command succeeds
check() {
	local desc=$1; shift
	if "$@" >"$T_TMP/.check.out" 2>&1; then ok "$desc"
	else not_ok "$desc"; diag "$(tail -n 20 "$T_TMP/.check.out")"; fi
}
# check_fails DESCRIPTION COMMAND...: passes when the command fails
check_fails() {
	local desc=$1; shift
	if "$@" >"$T_TMP/.check.out" 2>&1; then
		not_ok "$desc (it succeeded)"; diag "$(tail -n 20 "$T_TMP/.check.out")"
	else ok "$desc"; fi
}
# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"
	else not_ok "$1"; diag "expected: $2"; diag "actual:   $3"; fi
}
# check_match DESCRIPTION REGEX TEXT
check_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"
	else not_ok "$1"; diag "no match for /$2/ in:"; diag "$3"; fi
}

# Runs astcert with the test's private state and config; output in
# $T_TMP/out and $T_TMP/err, status in $T_RC.
ac() {
	T_RC=0
	ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
		"$ASTCERT" "$@" >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_OUT=$(cat "$T_TMP/out"); AC_ERR=$(cat "$T_TMP/err")
}

# mode and owner as "0640 root:asterisk"
stat_mode() { stat -c '%04a %U:%G' "$1"; }

finish() {
	printf '1..%d\n' "$T_N"
	[ "$T_FAILED" -eq 0 ]
}

# Re-runs the test inside a private network namespace with only loopback:
# nothing can leave the machine and ports never clash.  Needs root.
need_netns() {
	if [ -z "${AC_IN_NETNS:-}" ]; then
		if [ "$(id -u)" != 0 ] || ! unshare -n true 2>/dev/null; then
			echo "1..0 # SKIP needs root for a private network namespace"
			exit 0
		fi
		AC_IN_NETNS=1 exec unshare -n "$BASH" "$0" "$@"
	fi
	ip link set lo up
}

T_TMP="$top_builddir/tests/tmp/$T_NAME.$$"
rm -rf "$T_TMP"
mkdir -p "$T_TMP"
t_cleanup() {
	local rc=$?
	if [ -n "${T_CLEANUP:-}" ]; then eval "$T_CLEANUP"; fi
	[ "$T_FAILED" -eq 0 ] && [ "$rc" -eq 0 ] && rm -rf "$T_TMP"
	return $rc
}
trap t_cleanup EXIT
