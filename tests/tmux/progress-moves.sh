#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A long step still moves: a spinner and the seconds so far, redrawn four
# times a second (ASCII under the C locale), and Esc cancels meanwhile.
# The job is an import whose certificate file cannot be opened for now:
# strace, attached to astcert on the review, holds the job's open() of that
# file until the test kills strace (a killed tracer lets its tracee go on).
# A FIFO would not do: astcert reads regular files only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"
. "$top_srcdir/tests/lib-wizard.sh"

echo "not a certificate" >"$T_TMP/cert.pem"
mkdir -p "$T_TMP/out"
cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$T_TMP/cert.pem"; };
install = { out = "$T_TMP/out"; owner = "root:root"; deploy = false; };
END
env=(env ESCDELAY=25 TERM=tmux-256color ASTCERT_STATE_DIR="$T_TMP/state"
     ASTCERT_CONF="$T_TMP/none.conf" ASTCERT_DATA_DIR="$top_srcdir/data")

# start_job LOCALE: the wizard, on to the review; strace attached to it
# (the wizard has read the files for the screen before the review: only
# the job's open() is held), then Enter
start_job() {
	local pid
	tui_start 80 24 "${env[@]}" "$NO_LSAN" LANG="$1" LC_ALL="$1" \
		"$ASTCERT" --answers "$T_TMP/answers.conf"
	tui_wait "step 1 of" 30
	# shellcheck disable=SC2046 # one key a word
	tui_keys $(keys Enter "$WIZ_IMPORT_TO_REVIEW")
	tui_wait "The same without the wizard:" 30
	pid=$(pgrep -P "$(tui display-message -p -t t '#{pane_pid}')")
	rm -f "$T_TMP/strace.err"
	command strace -f -p "$pid" -o /dev/null -P "$T_TMP/cert.pem" \
		-e trace=open,openat -e inject=open,openat:delay_enter=3600s \
		2>"$T_TMP/strace.err" &
	wait_until "strace to attach" grep -q attached "$T_TMP/strace.err"
	tui_keys Enter
	tui_wait "Reading the files" 30
}
# frames CHARS...: waits until the spinner has shown each of CHARS
frames() {
	local seen="" c line end=$(( $(date +%s) + 30 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		line=$(tui_screen | grep -E '^ +[0-9]+% ' || true)
		for c in "$@"; do
			case $line in *"%  $c "*) case $seen in *"<$c>"*) ;;
				*) seen="$seen<$c>" ;; esac ;; esac
		done
		[ "${#seen}" -eq $(( 3 * $# )) ] && return 0
		sleep 0.02
	done
	diag "frames seen: $seen"
	return 1
}
# release: strace goes, and the job's open() with it
# (that strace only: tmux's own command line names the file too)
release() {
	local p
	for p in $(pgrep -x strace); do
		tr '\0' ' ' <"/proc/$p/cmdline" | grep -qF -- "-P $T_TMP/cert.pem" &&
			kill -KILL "$p"
	done
	return 0
}

start_job C.UTF-8
check "the spinner turns while the step waits" frames ◐ ◓ ◑ ◒
check "the seconds so far count up" tui_wait_line_re 6 '% +. [2-9] s$'
# how often the screen changes: a figure for the report, not a check
changes=0 prev="" end=$(( $(date +%s%N) + 2000000000 ))
while [ "$(date +%s%N)" -lt "$end" ]; do
	cur=$(tui_screen | sed -n 6p)
	[ "$cur" = "$prev" ] || changes=$((changes + 1))
	prev=$cur
	sleep 0.02
done
diag "the progress line changed $changes times in 2 s"
tui_keys Escape
check "Esc says it is cancelling, while the step still waits" \
	tui_wait "Cancelling; nothing will be installed."
release
check "then the result says nothing was installed" tui_wait "Nothing was installed." 30
tui_stop

start_job C
check "C locale: an ASCII spinner" frames '|' '/' '-' '\'
tui_keys C-c
check "Ctrl-C during a job cancels it" tui_wait "Cancelling; nothing will be installed."
release
check "and the result follows" tui_wait "Nothing was installed." 30
tui_stop
finish
