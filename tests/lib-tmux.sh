# SPDX-License-Identifier: GPL-3.0-or-later
# A real terminal for the tests: a private tmux server (its own socket, no
# user configuration).  Source after tests/lib.sh.
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
	printf '%q ' "$@" >"$T_TMP/tui.cmd"
	tui new-session -d -s t -x "$cols" -y "$rows" \
		"bash -c \"\$(cat '$T_TMP/tui.cmd')\"; echo \$? >'$T_TMP/tui.status'; sleep 600"
	tui set-option -g status off >/dev/null
	T_CLEANUP="tui kill-server 2>/dev/null; rm -rf '$TUI_DIR'"
}
tui_keys() { tui send-keys -t t "$@"; }
tui_type() { tui send-keys -t t -l -- "$1"; }
tui_screen() { tui capture-pane -p -t t; }
# tui_wait TEXT [SECONDS]: polls the screen, never a fixed sleep
tui_wait() {
	local end=$(( $(date +%s) + ${2:-10} ))
	until tui_screen | grep -qF -- "$1"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.02
	done
}
# tui_wait_shown TEXT [SECONDS]: like tui_wait, spaces and line breaks
# aside (a wrapped message may break anywhere)
tui_wait_shown() {
	local end=$(( $(date +%s) + ${2:-10} )) t
	t=$(printf '%s' "$1" | tr -d ' \n')
	until tui_screen | tr -d ' \n' | grep -qF -- "$t"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.02
	done
}
# tui_wait_line N TEXT [SECONDS]: polls until line N holds TEXT
tui_wait_line() {
	local end=$(( $(date +%s) + ${3:-10} ))
	until tui_screen | sed -n "$1p" | grep -qF -- "$2"; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.02
	done
}
tui_wait_exit() {
	local end=$(( $(date +%s) + ${1:-10} ))
	until [ -s "$T_TMP/tui.status" ]; do
		[ "$(date +%s)" -lt "$end" ] || return 1
		sleep 0.02
	done
	cat "$T_TMP/tui.status"
}
tui_stop() {
	tui kill-server 2>/dev/null; rm -f "$T_TMP/tui.status"
	T_CLEANUP="rm -rf '$TUI_DIR'"
}
