#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The documentation against the binary: every command and option of --help
# is in astcert(8) and in the bash completion, every option the man page or
# the README shows is one the command accepts, the man page renders without
# warnings, and the README's Quick start stays two commands.
. "$top_srcdir/tests/lib.sh"

MAN=$top_srcdir/data/astcert.8
COMPLETION=$top_srcdir/data/astcert.bash-completion
README=$top_srcdir/README.md

# The commands of 'astcert --help', one a line.
help_commands() {
	"$ASTCERT" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The long options a --help text documents: the first word of each option
# line ("      --name NAME   ...").
help_options() {
	"$ASTCERT" "$@" --help |
		sed -n 's/^ \{2,\}\(--[a-z0-9][a-z0-9-]*\).*/\1/p' | sort -u
}

# The roff source of the man page's subsections for COMMAND ("ca" takes
# every "ca ..." subsection); HEADING: exactly that subsection.
man_section() {
	awk -v want="$1" -v exact="${2:-}" '
		/^\.S[HS] / {
			h = $0; sub(/^\.S[HS] +/, "", h); gsub(/"/, "", h)
			split(h, w, " ")
			in_sec = $1 == ".SS" &&
				(exact ? h == want : w[1] == want)
			next
		}
		in_sec' "$MAN"
}

# The long options in roff text (\-\-http\-port), one a line.
roff_options() {
	grep -o '\\-\\-[a-z0-9]\+\(\\-[a-z0-9]\+\)*' | sed 's/\\-/-/g' | sort -u
}

# The subsection headings of COMMANDS ("acme", "ca init", ...).
man_headings() {
	awk '/^\.SH COMMANDS/ { c = 1; next } /^\.SH/ { c = 0 }
	     c && /^\.SS / { h = $0; sub(/^\.SS +/, "", h); gsub(/"/, "", h)
			    print h }' "$MAN"
}

# accepts WORD... OPTION: true when the command WORD... knows OPTION.
# astcert names an unknown "--opt=x" as an unknown option; a known one either
# takes x or complains about it, and --zz-probe stops the command before
# it does anything.
accepts() {
	local opt=${!#} err
	err=$(ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/none.conf" \
		"$ASTCERT" "${@:1:$#-1}" "$opt=x" --zz-probe 2>&1 >/dev/null \
		</dev/null)
	! printf '%s\n' "$err" | grep -qF "unknown option \"$opt\""
}

# complete WORD...: what the completion offers for the last word.
complete_words() {
	bash -c '. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_astcert
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION" "$@" | sort -u
}

# missing LIST1 LIST2: the lines of LIST1 not in LIST2, space-separated.
missing() {
	comm -23 <(printf '%s\n' "$1" | sort -u) <(printf '%s\n' "$2" | sort -u) |
		tr '\n' ' ' | sed 's/ $//'
}

commands=$(help_commands)
check_match "--help lists the commands" '^acme$' "$commands"

# --- commands ---------------------------------------------------------
man_cmds=$(man_headings | awk '{ print $1 }' | sort -u)
check_eq "every command has a subsection in astcert(8)" "" \
	"$(missing "$commands" "$man_cmds")"
check_eq "astcert(8) documents no command the binary lacks" "" \
	"$(missing "$man_cmds" "$commands")"
synopsis=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$MAN")
miss=
for c in $commands; do
	printf '%s\n' "$synopsis" | grep -Eq "^\.[BIR]+ (\[ )?\"?$c( |\"|\$)" ||
		miss="$miss $c"
done
check_eq "every command is in the SYNOPSIS" "" "${miss# }"
comp_cmds=$(complete_words astcert '')
check_eq "the completion offers exactly the commands" \
	"$(printf '%s\n' "$commands" | sort -u)" "$comp_cmds"
comp_ca=$(complete_words astcert ca '' | grep -v '^--')
man_ca=$(man_headings | sed -n 's/^ca //p' | sort -u)
check_eq "the completion offers the ca subcommands of astcert(8)" \
	"$man_ca" "$comp_ca"
check_eq "astcert(8) has a subsection for each subcommand of ca --help" \
	"$("$ASTCERT" ca --help | sed -n 's/^  \([a-z]\{1,\}\)  .*/\1/p' | sort -u)" \
	"$man_ca"

# --- options: --help -> man page and completion ------------------------
global=$(help_options)
check_eq "the global options are in astcert(8)" "" \
	"$(missing "$global" "$(sed -n '/^\.SH GLOBAL OPTIONS/,/^\.SH /p' "$MAN" | roff_options)")"
check_eq "the global options are completed" "" \
	"$(missing "$global" "$(complete_words astcert --)")"
for c in $commands; do
	opts=$(help_options "$c")
	if [ -z "$opts" ]; then
		not_ok "$c --help lists options"
		continue
	fi
	check_eq "every option of '$c --help' is in its section of astcert(8)" "" \
		"$(missing "$opts" "$(man_section "$c" | roff_options)")"
	if [ "$c" = ca ]; then
		comp=$(for s in $man_ca; do complete_words astcert ca "$s" --; done)
	else
		comp=$(complete_words astcert "$c" --)
	fi
	check_eq "every option of '$c --help' is completed" "" \
		"$(missing "$opts" "$comp")"
done

# --- options: man page, completion -> the binary ------------------------
check_fails "the probe tells an unknown option (--no-such-option)" \
	accepts selfsigned --no-such-option
check "the probe tells a known option (--dns)" accepts selfsigned --dns
man_headings >"$T_TMP/headings"
while read -r heading; do
	bad=
	for o in $(man_section "$heading" exact | roff_options); do
		# shellcheck disable=SC2086 # "ca init" is two words
		accepts $heading "$o" || bad="$bad $o"
	done
	check_eq "astcert $heading accepts every option its section shows" "" \
		"${bad# }"
done <"$T_TMP/headings"
bad=
for c in $commands; do
	subs=
	[ "$c" = ca ] && subs=$man_ca
	for s in ${subs:-_}; do
		[ "$s" = _ ] && s=
		# shellcheck disable=SC2086
		for o in $(complete_words astcert $c $s -- | grep '^--'); do
			accepts $c $s "$o" || bad="$bad $c${s:+ $s}:$o"
		done
	done
done
check_eq "every option the completion offers is accepted" "" "${bad# }"

# --- values ---------------------------------------------------------------
keys=$("$ASTCERT" selfsigned --help | grep -A1 -- '--key TYPE' |
	grep -oE 'rsa[0-9]+|p[0-9]{3}' | sort -u)
check_eq "the completion offers the key types of --help" "$keys" \
	"$(complete_words astcert selfsigned --key '')"
miss=
for k in $keys; do
	sed -n '/^\.SH CERTIFICATE OPTIONS/,/^\.SH /p' "$MAN" |
		grep -q "^\.BR\? $k\b" || miss="$miss $k"
done
check_eq "astcert(8) names the key types of --help" "" "${miss# }"
# the list after --only, and the DNS-01 section's "--only LIST  also: ..."
checks=$({ "$ASTCERT" check --help | grep -A1 -- '--only LIST .*separated' |
	   tail -n 2; "$ASTCERT" check --help | grep -- '--only LIST .*also:'; } |
	sed 's/.*: //' | grep -oE '[a-z]+' | grep -vE '^(run|only|these|checks|comma|separated)$' |
	sort -u)
check_eq "the completion offers the checks of check --help" "$checks" \
	"$(complete_words astcert check --only '')"
check_match "--only completes the last item of a list" '^dns,caa$' \
	"$(complete_words astcert check --only dns,ca)"
check_match "--key of import completes files" 'astcert\.8' \
	"$(complete_words astcert import --key "$top_srcdir/data/astcert.")"
check_match "--out completes directories" "^$top_srcdir/data\$" \
	"$(complete_words astcert selfsigned --out "$top_srcdir/dat")"

# --- the environment the front end reads ----------------------------------
vars=$(cat "$top_srcdir"/ui/*.c | grep -oE '(env|getenv)\("[A-Z_]+"\)' |
	sed 's/.*("\(.*\)")/\1/' | sort -u)
envsec=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$MAN")
miss=
for v in $vars; do
	printf '%s\n' "$envsec" | grep -q "^\.BR\? $v\b" || miss="$miss $v"
done
check_match "the front end reads ASTCERT_ variables" 'ASTCERT_CONF' "$vars"
check_eq "every environment variable the front end reads is in ENVIRONMENT" \
	"" "${miss# }"

# --- rendering ------------------------------------------------------------
if command -v groff >/dev/null 2>&1; then
	out=$(groff -man -ww -z "$MAN" 2>&1)
	check_eq "groff -man -ww renders astcert(8) without warnings" "" "$out"
else
	skip "groff is not installed"
fi
if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
	out=$(man -l --warnings "$MAN" 2>&1 >/dev/null)
	check_eq "man --warnings renders astcert(8) without warnings" "" "$out"
else
	skip "man-db is not installed"
fi

# --- the translated pages: NAME in the language of each catalogue --------
name=$(sed -n '/^\.SH NAME$/{n;s/^astcert \\- //p;q;}' "$MAN")
check_eq "data/man-name.c gives translators astcert(8)'s NAME line" \
	"$name" "$(sed -n 's/^N_("\(.*\)")$/\1/p' "$top_srcdir/data/man-name.c")"
for l in $(sed 's/#.*//' "$top_srcdir/po/LINGUAS"); do
	want=$(msggrep -K -F -e "$name" "$top_srcdir/po/$l.po" |
		msgattrib --no-wrap --no-obsolete | sed -n 's/^msgstr "\(..*\)"$/\1/p')
	T_RC=0
	sh "$top_srcdir/data/man-l10n" "$MAN" "$top_srcdir/po/$l.po" \
		>"$T_TMP/astcert.$l.8" 2>"$T_TMP/err" || T_RC=$?
	check_eq "$l: astcert(8)'s NAME is the catalogue's" \
		"astcert \\- $want" "$(sed -n '/^\.SH NAME$/{n;p;q;}' "$T_TMP/astcert.$l.8")"
	check_eq "$l: ... and nothing else of the page changed" 1 \
		"$(diff "$MAN" "$T_TMP/astcert.$l.8" | grep -c '^>')"
	if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings; then
		check_eq "$l: ... it renders without warnings" "" \
			"$(LC_ALL=C.UTF-8 man -l --warnings "$T_TMP/astcert.$l.8" 2>&1 >/dev/null)"
	fi
done
# a catalogue without the line: an error, no page
printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n' >"$T_TMP/empty.po"
T_RC=0
sh "$top_srcdir/data/man-l10n" "$MAN" "$T_TMP/empty.po" >"$T_TMP/none.8" 2>"$T_TMP/err" || T_RC=$?
check_eq "a catalogue without the NAME line: man-l10n fails" 1 "$T_RC"
check_match "... saying which" 'does not translate' "$(cat "$T_TMP/err")"
# make install puts them under $(mandir)/LL/man8
if [ -f "$top_builddir/Makefile" ]; then
	make -s -C "$top_builddir" install-man-l10n DESTDIR="$T_TMP/dest" \
		mandir=/man >/dev/null 2>&1 || true
	check_match "make install: astcert(8) in Japanese under mandir/ja/man8" \
		'^astcert \\- .*証明書' "$(cat "$T_TMP/dest/man/ja/man8/astcert.8" 2>/dev/null)"
	check_eq "... readable by all, no temporary file left" "644 astcert.8" \
		"$(cd "$T_TMP/dest/man/ja/man8" 2>/dev/null && stat -c '%a %n' -- *)"
fi

# --- examples: man page and README ----------------------------------------
# Command lines of the examples (continuation lines joined), one a line.
man_examples() {
	sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$MAN" | sed 's/\\-/-/g; s/\\e$/\\/' |
		sed -e ':a' -e '/\\$/N; s/\\\n */ /; ta' | grep '^astcert '
}
readme_examples() {
	sed -n 's/^    //p' "$README" |
		sed -e ':a' -e '/\\$/N; s/\\\n */ /; ta' | grep '^astcert '
}
for src in man readme; do
	n=0 bad=
	while read -r line; do
		n=$((n + 1))
		# shellcheck disable=SC2086
		set -- $line
		shift
		cmdw=$1
		[ "$1" = ca ] && cmdw="$1 $2"
		if ! printf '%s\n' "$commands" | grep -qx "$1"; then
			bad="$bad [$line: no command $1]"
			continue
		fi
		for o in $(printf '%s\n' "$line" | grep -oE -- ' --[a-z0-9-]+' | sort -u); do
			# shellcheck disable=SC2086
			accepts $cmdw "$o" || bad="$bad [$cmdw $o]"
		done
	done < <(${src}_examples)
	check "the $src examples show astcert command lines" [ "$n" -gt 5 ]
	check_eq "every option in the $src examples is accepted" "" "${bad# }"
done

# --- README ---------------------------------------------------------------
quick=$(sed -n '/^## Quick start/,/^## /p' "$README" | grep -c '^    [^ ]')
check_eq "the README's Quick start has exactly two commands" 2 "$quick"
check "the README links the man page" grep -q '(data/astcert\.8)' "$README"

finish
