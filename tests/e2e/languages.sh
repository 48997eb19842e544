#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every screen of every path of the wizard, with its help, in each of the
# seven languages and in C, at 80x24 and at the smallest size the wizard
# takes: no line wider than the screen, nothing cut without "…", no label
# running into its value.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-lang.sh"
need_netns "$@"	# the checks screen asks DNS: loopback only

export ASTCERT_DATA_DIR=$top_srcdir/data
if ! lang_stage; then
	echo "1..0 # SKIP built without NLS"
	exit 0
fi
min=$(sed -n 's/^#define WIZ_MIN_COLS \([0-9]*\).*/\1/p' "$top_srcdir/ui/wiz.h")x$(
	sed -n 's/^#define WIZ_MIN_ROWS \([0-9]*\).*/\1/p' "$top_srcdir/ui/wiz.h")
owner="$(id -un):$(id -gn)"
out=$T_TMP/keys

# the scripts: KEYS, one per line; "dump" shows the screen, then its help
path_selfsigned="Enter
dump
F1
dump
Escape
Enter
type pbx.bücher.example sip.example.com
dump
F1
dump
Escape
Tab
type 192.0.2.10
Enter
type CA
dump
F1
dump
Escape
Tab
type Ontario
Tab
type Toronto
Tab
type ShiftEight
Enter
Enter
dump
Enter
dump
F1
dump
Escape
Tab
Enter
dump
F1
dump
Escape
C-u
type $out
Enter
Enter
C-u
type $owner
dump
Enter
Enter
dump
F1
dump
Escape
Enter
wait
dump
F1
dump
Escape
F10
y"
path_acme="Enter
Up
Enter
type pbx.example.com
Enter
Enter
dump
wait
dump
F1
dump
Escape
Enter
dump
F1
dump
Escape
F10
dump
y"
path_ca="Enter
Down
Enter
type pbx.example.com
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
dump
F1
dump
Escape
Tab
dump
F10
dump
y"
path_import="Enter
Down
Down
Enter
dump
F1
dump
Escape
Tab
Tab
dump
F10
y"
path_csr="Enter
Down
Down
Down
Enter
type pbx.example.com
Enter
Enter
Enter
Enter
Enter
Enter
Enter
dump
F1
dump
Escape
F10
y"
path_subject="Enter
Enter
type pbx.example.com
Enter
Enter
type österr
dump
C-u
Down
dump
F10
y"

# render LANG SIZE PATH: the screens in $T_TMP/screens/LANG.SIZE.PATH
render() {
	local f=$T_TMP/screens/$1.$2.$3
	rm -rf "$out" && mkdir -p "$out" "$T_TMP/screens"
	eval "printf '%s\n' \"\$path_$3\"" >"$T_TMP/script"
	LANGUAGE=$1 ac wizard --script "$T_TMP/script" --size "$2"
	awk '{ l[NR] = $0 } /^-+$/ { last = NR }
	     END { for (i = 1; i <= last; i++) print l[i] }' "$T_TMP/out" >"$f"
}

# items LANG SIZE: every radio item and title of every screen (the key
# bar leaves out what does not fit, whole)
items() {
	cat "$T_TMP/screens/$1.$2".* |
		sed -n -e 's/^ *[○●] //p' -e 's/^ \(astcert — .*\)/\1/p' |
		sort -u
}
# cut_silently LANG: what the smallest screen shows of an item or title
# that is neither what 80x24 shows nor ends in "…"
cut_silently() {
	items "$1" 80x24 >"$T_TMP/whole"
	items "$1" "$min" | grep -v '…$' | grep -vxF -f "$T_TMP/whole"
}

for l in C fr de es pt_BR it ru ja; do
	for size in 80x24 "$min"; do
		for p in selfsigned acme ca import csr subject; do
			render "$l" "$size" "$p"
		done
		cols=${size%x*}
		# measured in columns by wc -L (wcwidth under C.UTF-8)
		check_eq "$l at $size: no line wider than the screen" "" \
			"$(cd "$T_TMP/screens" && for f in "$l.$size".*; do
				[ "$(wc -L <"$f")" -le "$cols" ] || echo "$f"
			done)"
		check_eq "$l at $size: no label runs into its value (a cut one either)" "" \
			"$(grep -h '…[^ │┐┘]' "$T_TMP/screens/$l.$size".* || true)"
	done
	check_eq "$l at $min: nothing cut without \"…\"" "" "$(cut_silently "$l")"
done
check_match "the rehearsal CA's long name at $min: cut, and says so" \
	'^ +○ Let.s Encrypt .*…$' "$(cat "$T_TMP/screens/ja.$min.acme")"
finish
