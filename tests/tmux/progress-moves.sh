#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A long step still moves: a spinner and the seconds so far, redrawn four
# times a second (ASCII under the C locale), and Esc cancels meanwhile.
# The job is an import whose certificate is a FIFO: it waits until the
# test writes to it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"

if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed"; exit 0
fi
mkfifo "$T_TMP/cert.fifo"
mkdir -p "$T_TMP/out"
cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$T_TMP/cert.fifo"; };
install = { out = "$T_TMP/out"; owner = "root:root"; deploy = false; };
END
env=(env ESCDELAY=25 TERM=tmux-256color ASTCERT_STATE_DIR="$T_TMP/state"
     ASTCERT_CONF="$T_TMP/none.conf" ASTCERT_DATA_DIR="$top_srcdir/data")

# start_job LOCALE: the wizard, on to the review, then Enter
start_job() {
	tui_start 80 24 "${env[@]}" LANG="$1" LC_ALL="$1" "$ASTCERT" \
		--answers "$T_TMP/answers.conf"
	tui_wait "step 1 of" 30
	# welcome, path, six import fields, four install fields
	tui_keys Enter Enter Enter Enter Enter Enter Enter Enter Enter Enter \
		Enter Enter
	tui_wait "The same without the wizard:" 30
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
# release: the FIFO gets a writer and EOF, and the job goes on
release() { : >"$T_TMP/cert.fifo"; }

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
