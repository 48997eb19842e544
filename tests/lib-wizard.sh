# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's tests: keys from a script, screens as text (no terminal),
# written so that a reader can follow them, as tig's tests are.  Source
# after tests/lib.sh.
#
# A script is one key a line, as `astcert wizard --script` reads them
# (Enter, Escape, Tab, Down, F10, C-u, "type TEXT", "wait", "dump"...),
# indented as you like.  After a tab, "> NAME" names the screen the key
# lands on: the wizard is looked at there (a dump of its own, left out of
# the screens the test reads) and the run's one check "every key lands on
# the screen the script names" fails, naming the key, when the title
# there does not hold NAME.  After a tab, "# ..." is a comment.
#
#	wizard "
#	Enter			> Kind of certificate
#	Enter			> Names
#	type pbx.example.com
#	Enter			# to the IP addresses
#	dump
#	F10
#	y"
#
# screen N is then the Nth "dump" of the script, printed the text the
# wizard printed after Finish, and $T_RC its exit status.

# the country list and the Asterisk templates, from the source tree
: "${ASTCERT_DATA_DIR:=$top_srcdir/data}"
export ASTCERT_DATA_DIR

# Enters from the first screen to the review on the import path, every
# answer given by an answers file: welcome, kind, the six import fields,
# what the files hold, the four install fields
WIZ_IMPORT_TO_REVIEW=13

# keys KEY N: KEY N times, a line each
keys() { local i; for ((i = 0; i < $2; i++)); do printf '%s\n' "$1"; done; }

# wizard_script TEXT: astcert's script in $T_TMP/script, the screens the
# keys land on in $T_TMP/wiz.marks ("user" for the script's own dumps)
wizard_script() {
	printf '%s\n' "$1" | awk -v marks="$T_TMP/wiz.marks" '
	BEGIN { printf "" > marks }
	{
		line = $0; land = ""
		if (match(line, /\t+>[ \t]*/)) {
			land = substr(line, RSTART + RLENGTH)
			line = substr(line, 1, RSTART - 1)
			sub(/\t+#.*$/, "", land)
		}
		sub(/\t+#.*$/, "", line)
		sub(/^[ \t]+/, "", line); sub(/[ \t]+$/, "", line)
		if (line == "")
			next
		print line
		if (line == "dump")
			print "user" > marks
		if (land != "") {
			print "dump"
			printf "%s\t%d: %s\n", land, NR, line > marks
		}
	}' >"$T_TMP/script"
}

# wizard_split: keeps the script's own dumps in $T_TMP/out and checks the
# screens the keys landed on
wizard_split() {
	local wrong
	wrong=$(awk -v marks="$T_TMP/wiz.marks" -v kept="$T_TMP/out.kept" '
	BEGIN { while ((getline m < marks) > 0) mark[++nm] = m; printf "" > kept }
	{ buf = buf $0 "\n"; if (title == "") title = $0 }
	/^-+$/ {
		d++
		if (d > nm || mark[d] == "user") {
			printf "%s", buf > kept
		} else {
			split(mark[d], f, "\t")
			if (index(title, f[1]) == 0)
				printf "line %s: expected \"%s\", landed on \"%s\"\n", f[2], f[1], title
		}
		buf = ""; title = ""
		next
	}
	END {
		printf "%s", buf > kept
		for (i = d + 1; i <= nm; i++) if (mark[i] != "user") {
			split(mark[i], f, "\t")
			printf "line %s: expected \"%s\", the wizard ended before\n", f[2], f[1]
		}
	}' "$T_TMP/out")
	mv "$T_TMP/out.kept" "$T_TMP/out"
	AC_OUT=$(cat "$T_TMP/out")
	if grep -q . "$T_TMP/wiz.marks" && grep -qv '^user$' "$T_TMP/wiz.marks"; then
		check_eq "every key lands on the screen the script names" "" "$wrong"
	fi
}

# wizard SCRIPT [ARGS...]: runs the wizard at $SIZE (80x24) with the
# script and ARGS (--answers FILE...)
wizard() {
	local text=$1; shift
	wizard_script "$text"
	ac wizard --script "$T_TMP/script" --size "${SIZE:-80x24}" "$@"
	wizard_split
}
# wizard_answers FILE SCRIPT: the same, the answers FILE loaded first
wizard_answers() { wizard "$2" --answers "$1"; }

# screen N: the Nth dumped screen
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
# flat N: screen N on one line (a message wraps anywhere)
flat() { screen "$1" | tr -s ' \n' ' '; }
# printed: what the wizard printed after Finish, below its last screen
printed() {
	awk '/^-+$/ { n = NR } { l[NR] = $0 }
	     END { for (i = n + 1; i <= NR; i++) print l[i] }' "$T_TMP/out"
}
# check_shown DESCRIPTION TEXT SCREEN: TEXT is on SCREEN, spaces and line
# breaks aside (a long path is cut over lines where the screen ends)
check_shown() {
	local t s
	t=$(printf '%s' "$2" | tr -d ' \n') s=$(printf '%s' "$3" | tr -d ' \n')
	case $s in
	*"$t"*) ok "$1" ;;
	*) not_ok "$1"; diag "not shown: $2"; diag "$3" ;;
	esac
}
