#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The engine speaks to both front ends: its messages never spell a
# command-line option (the wizard has fields, not options).  It says what
# to give and names the answer with a field code; the CLI adds its option
# (tests/e2e/error-field.sh), the wizard names its field.  A command to
# run, quoted whole ('astcert renew --force'), is a command, not an option.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1

if ! command -v xgettext >/dev/null 2>&1; then
	skip "xgettext (gettext) is needed"
	finish; exit
fi
# shellcheck disable=SC2046 # the options are words
xgettext --output="$T_TMP/engine.pot" --omit-header --no-wrap \
	$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' po/Makevars) src/*.c
check "xgettext reads the engine's messages" test -s "$T_TMP/engine.pot"
# each message on one line, quoted commands ('...', and the cp that
# replaces a symbolic link) left out
flags=$(sed -n 's/^msgid "\(.*\)"$/\1/p' "$T_TMP/engine.pot" |
	sed -e "s/'[^']*'//g" -e 's/(cp --remove-destination .*) and run/and run/' |
	grep -E '(^|[^-[:alnum:]])--[a-z]' || true)
check_eq "no engine message names a command-line option" "" "$flags"
finish
