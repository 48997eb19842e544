#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard in ja_JP.UTF-8: Japanese has no spaces between words, and its
# text is wrapped between characters, full lines, never split.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-lang.sh"

export ASTCERT_DATA_DIR=$top_srcdir/data
if ! lang_stage; then
	echo "1..0 # SKIP built without NLS"
	exit 0
fi
if ! lang_locale ja_JP; then
	echo "1..0 # SKIP no locale sources to make ja_JP.UTF-8 (Debian: locales)"
	exit 0
fi

# wizard SIZE SCRIPT-TEXT: the screens in $T_TMP/out, status $T_RC
wizard() {
	printf '%s\n' "$2" >"$T_TMP/script"
	# (bash itself warns it cannot use a locale made after it started)
	{ LC_ALL=ja_JP.UTF-8 ac wizard --script "$T_TMP/script" --size "$1"; } 2>/dev/null
}
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }

wizard 80x24 "dump
F10"
check_eq "F10 quits" 0 "$T_RC"
expected=" astcert — ステップ 1/9: ようこそ

  astcert は、この Asterisk サーバーの SIP over TLS と SRTP メディアを証明書で
  保護します。

  サーバーの名前といくつかの詳細を尋ね、確認し、証明書を作成または取得して、
  Asterisk が読む場所に正しい所有者と権限でインストールします。確認画面より前
  には何も書き込まず、Esc で戻っても入力した内容は失われません。

  Enter で開始、F1 で各画面のヘルプを表示します。"
check_eq "the welcome screen at 80x24: lines filled, broken between characters" \
	"$expected" "$(screen 1 | sed -n 1,11p)"

wizard 60x16 "dump
F10"
expected="  サーバーの名前といくつかの詳細を尋ね、確認し、証明書を作
  成または取得して、Asterisk が読む場所に正しい所有者と権
  限でインストールします。確認画面より前には何も書き込ま
  ず、Esc で戻っても入力した内容は失われません。"
check_eq "the welcome screen at 60x16" "$expected" "$(screen 1 | sed -n 6,9p)"

# the widths in columns of the lines on stdin that end with a box's right
# edge, one line each, duplicates once
edge_widths() {
	grep -E '[│┐┘]$' | while IFS= read -r l; do
		printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L
	done | sort -u
}

# the help box over the path screen: its left edge falls on the right half
# of a 2-column character, which is blanked, never shown whole or in half
wizard 80x24 "Enter
F1
dump
F10"
help=$(screen 1)
check_eq "the help box over Japanese text: its right edge straight" \
	1 "$(printf '%s\n' "$help" | edge_widths | wc -l)"
check_match "... the character under its left edge blanked" \
	'^     │ 中にインターネット' "$help"
check_match "... the text beside it where it was" '^    ○┌─' "$help"

finish
