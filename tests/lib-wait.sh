# SPDX-License-Identifier: GPL-3.0-or-later
# Waiting on a program's state, for the tests (tests/lib.sh sources it) and
# the benches.  Needs a diag function.

# wait_until [-u GONE] WHAT COMMAND...: polls until COMMAND succeeds, a
# wait on the program's state, never a time budget.  It gives up, saying
# so, only when the shell command GONE succeeds (what it waits for can no
# longer happen: the process ended) or after AC_WAIT_LIMIT seconds (300),
# a guard against hanging for ever that no loaded machine comes near.
: "${AC_WAIT_LIMIT:=300}"
wait_until() {
	local gone= what end delay=0.01
	if [ "$1" = -u ]; then gone=$2; shift 2; fi
	what=$1; shift
	end=$((SECONDS + AC_WAIT_LIMIT))
	until "$@" >/dev/null 2>&1; do
		if [ -n "$gone" ] && eval "$gone" >/dev/null 2>&1; then
			"$@" >/dev/null 2>&1 && return 0
			diag "gave up waiting for $what: it can no longer happen ($gone)"
			return 1
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			diag "gave up waiting for $what after ${AC_WAIT_LIMIT} s: a hang (AC_WAIT_LIMIT)"
			return 1
		fi
		sleep "$delay"
		case $delay in 0.01) delay=0.02 ;; 0.02) delay=0.05 ;; 0.05) delay=0.1 ;; esac
	done
}
# alive PID: the process runs (and is no zombie)
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
