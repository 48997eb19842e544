# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the shell tests: TAP output, a scratch directory, the network
# namespace.  Source it: . "$top_srcdir/tests/lib.sh"
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${ASTCERT:=$top_builddir/astcert}"
export LC_ALL=C.UTF-8 LANGUAGE= NO_COLOR=1

# Hermetic users and groups: as root, every test runs in a private mount
# namespace whose /etc/passwd and /etc/group are its own copies of the
# host's, without any "asterisk" entry (a real PBX has one) and with
# nobody:nogroup, so nothing a test sees depends on the host's users.
# users_asterisk gives a test the asterisk user and group when it wants
# them.  (Not root: the host's users, as they are.)
if [ -z "${AC_USERS:-}" ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	AC_USERS=new exec unshare -m --propagation private "$BASH" "$0" "$@"
fi

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

# LeakSanitizer cannot work under ptrace: a sanitizer build of astcert run
# by strace would end with LSan's fatal error on stderr.  What runs under
# strace runs without leak detection; the rest of the suite keeps it.
NO_LSAN="ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
strace() { env "$NO_LSAN" strace "$@"; }

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

# wait_until, alive (shared with bench/)
. "$top_srcdir/tests/lib-wait.sh"

# port_closed PORT: nothing listens on 127.0.0.1:PORT (refused at once on
# loopback, no time limit involved)
port_closed() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# port_open PORT: something accepts connections on 127.0.0.1:PORT
port_open() { ! port_closed "$1"; }

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

# users_filter passwd|group: the host's file without asterisk, with
# nobody / nogroup
users_filter() {
	awk -F: -v OFS=: -v f="$1" '
	NF == 0 { print; next }
	$1 == "asterisk" { next }
	f == "group" && NF >= 4 {
		n = split($4, m, ","); $4 = ""
		for (i = 1; i <= n; i++)
			if (m[i] != "asterisk") $4 = $4 ($4 == "" ? "" : ",") m[i]
	}
	{ seen[$1] = 1; print }
	END {
		if (f == "passwd" && !seen["nobody"])
			print "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"
		if (f == "group" && !seen["nogroup"])
			print "nogroup:x:65534:"
	}'
}
# users_private: the copies, bind-mounted over the originals in this mount
# namespace only; beside T_TMP, which need_netns empties again
users_private() {
	local d=$T_TMP.etc
	rm -rf "$d" && mkdir -p "$d" &&
		users_filter passwd </etc/passwd >"$d/passwd" &&
		users_filter group </etc/group >"$d/group" &&
		chmod 0644 "$d/passwd" "$d/group" &&
		mount --bind "$d/passwd" /etc/passwd &&
		mount --bind "$d/group" /etc/group &&
		[ /etc/passwd -ef "$d/passwd" ] && [ /etc/group -ef "$d/group" ] ||
		return 1
	# a name service cache would answer from the host's files
	if [ -S /run/nscd/socket ]; then mount --bind /dev/null /run/nscd/socket || return 1; fi
	AC_USERS=$d AC_USERS_PID=$$
	export AC_USERS AC_USERS_PID
}
# users_asterisk [user] [group]: from now on the test's /etc/passwd and
# /etc/group hold an "asterisk" user and/or group (no argument: neither),
# as adduser --system makes them.  Returns 1, changing nothing, when the
# test runs with the host's users: the caller skips.
users_asterisk() {
	local d=${AC_USERS:-} id=150 p g a
	[ -d "$d" ] || return 1
	p=$(grep -v '^asterisk:' "$d/passwd") g=$(grep -v '^asterisk:' "$d/group")
	while printf '%s\n%s\n' "$p" "$g" | grep -q "^[^:]*:[^:]*:$id:"; do
		id=$((id + 1))
	done
	for a in "$@"; do
		case $a in
		user) p+=$'\n'"asterisk:x:$id:$id:Asterisk PBX:/var/lib/asterisk:/usr/sbin/nologin" ;;
		group) g+=$'\n'"asterisk:x:$id:" ;;
		esac
	done
	# written in place: the bind mounts hold these very files
	printf '%s\n' "$p" >"$d/passwd" && printf '%s\n' "$g" >"$d/group"
}

T_TMP="$top_builddir/tests/tmp/$T_NAME.$$"
rm -rf "$T_TMP"
mkdir -p "$T_TMP"
# the renewal timer as the test makes it, never the host's
export ASTCERT_SYSTEMD_DIR="$T_TMP/systemd"
if [ "${AC_USERS:-}" = new ] && ! users_private; then
	echo "Bail out! cannot make private copies of /etc/passwd and /etc/group"
	exit 99
fi
t_cleanup() {
	local rc=$?
	if [ -n "${T_CLEANUP:-}" ]; then eval "$T_CLEANUP"; fi
	[ "$T_FAILED" -eq 0 ] && [ "$rc" -eq 0 ] && rm -rf "$T_TMP"
	# the copies go with the process that made them (same pid after
	# need_netns), never with a helper that sources this file
	[ "${AC_USERS_PID:-}" = $$ ] && rm -rf "$AC_USERS"
	return $rc
}
trap t_cleanup EXIT
