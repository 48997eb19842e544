# SPDX-License-Identifier: GPL-3.0-or-later
# A real terminal for the tests: a private tmux server (its own socket, no
# user configuration).  Source after tests/lib.sh: a test that does is
# skipped where tmux is not installed.
if ! command -v tmux >/dev/null; then
	echo "1..0 # SKIP tmux is not installed"; exit 0
fi
TUI_N=0

tui() { tmux -S "$TUI_SOCK" -f /dev/null "$@"; }

# tui_start COLS ROWS ENV... -- CMD...: runs CMD in a detached pane
tui_start() {
	local cols=$1 rows=$2; shift 2
	# a new server and socket each time: a stopping one never interferes
	# a short path: a socket name must fit in 108 bytes, and the build
	# directory can be deep (make distcheck)
	TUI_N=$((TUI_N + 1))
	[ -n "${TUI_DIR:-}" ] || TUI_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ac-tmux.XXXXXX") || {
		echo "Bail out! cannot make a directory in ${TMPDIR:-/tmp} (set TMPDIR)"
		exit 1
	}
	TUI_SOCK=$TUI_DIR/$TUI_N.sock
	rm -f "$T_TMP/tui.status"
	printf '%q ' "$@" >"$T_TMP/tui.cmd"
	tui new-session -d -s t -x "$cols" -y "$rows" \
		"bash -c \"\$(cat '$T_TMP/tui.cmd')\"; echo \$? >'$T_TMP/tui.status'; exec sleep infinity"
	tui set-option -g status off >/dev/null
	# beside the other cleanups (BIND, Pebble...), never instead of them
	case ${T_CLEANUP:-} in
	*tui_cleanup*) ;;
	*) T_CLEANUP="${T_CLEANUP:+$T_CLEANUP; }tui_cleanup" ;;
	esac
}
tui_cleanup() {
	[ -z "${TUI_SOCK:-}" ] || tui kill-server 2>/dev/null
	[ -z "${TUI_DIR:-}" ] || rm -rf "$TUI_DIR"
}
tui_keys() { tui send-keys -t t "$@"; }
tui_type() { tui send-keys -t t -l -- "$1"; }
tui_screen() { tui capture-pane -p -t t; }
# The waits follow the screen and the program: they end when the text is
# there, or when the program has ended without showing it, never after a
# time budget (see wait_until in tests/lib.sh); a miss shows the screen.
tui_ended() { [ -s "$T_TMP/tui.status" ]; }
tui_waited() {
	local what=$1; shift
	wait_until -u tui_ended "$what" "$@" && return 0
	diag "the screen:"; diag "$(tui_screen)"
	return 1
}
tui_has() { tui_screen | grep -qF -- "$1"; }
tui_has_shown() { tui_screen | tr -d ' \n' | grep -qF -- "$1"; }
tui_has_line() { tui_screen | sed -n "$1p" | grep -qF -- "$2"; }
# tui_wait TEXT: until the screen shows TEXT
tui_wait() { tui_waited "\"$1\" on the screen" tui_has "$1"; }
# tui_wait_shown TEXT: like tui_wait, spaces and line breaks aside (a
# wrapped message may break anywhere)
tui_wait_shown() {
	tui_waited "\"$1\" on the screen" tui_has_shown \
		"$(printf '%s' "$1" | tr -d ' \n')"
}
# tui_wait_gone TEXT: until the screen no longer shows TEXT
tui_lacks() { ! tui_has "$1"; }
tui_wait_gone() { tui_waited "\"$1\" to go" tui_lacks "$1"; }
# tui_wait_line N TEXT: until line N holds TEXT
tui_wait_line() { tui_waited "\"$2\" on line $1" tui_has_line "$1" "$2"; }
# tui_wait_exit: until the program ends; prints its exit status
tui_wait_exit() {
	wait_until "the program to end" tui_ended || return 1
	cat "$T_TMP/tui.status"
}
tui_stop() {
	tui kill-server 2>/dev/null; rm -f "$T_TMP/tui.status"
}
# tui_wait_line_re N REGEX [SECONDS]: polls until line N matches REGEX
tui_wait_line_re() {
	local end=$(( $(date +%s) + ${3:-10} ))
	until tui_screen | sed -n "$1p" | grep -qE -- "$2"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.02
	done
}
