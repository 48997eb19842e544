# SPDX-License-Identifier: GPL-3.0-or-later
# The catalogues against the sources, for tests/i18n.sh (and, on a copy of
# po/, for tests/cli/i18ntext.sh).  Sourced after tests/lib.sh.
#
# A language in po/LINGUAS is shipped: its catalogue must be complete, with
# no fuzzy message, and msgfmt -c clean, or the test fails.  A catalogue in
# po/ that LINGUAS does not name yet is a translation in progress: msgfmt -c
# must pass, and what is missing is a warning, not a failure, so that a
# translator can submit early (po/README).

# po_msgids PO: the msgids of the messages in PO, one a line, as in the source
po_msgids() {
	awk '/^msgid / { on = 1; s = ""; sub(/^msgid /, "") }
	     /^msgstr/ { if (on && s != "") print s; on = 0 }
	     on && /^"/ { sub(/^"/, ""); sub(/"$/, ""); s = s $0 }' "$1"
}

# po_catalogues PODIR: checks every PODIR/*.po against a template made from
# the sources as po/Makevars says
po_catalogues() {
	local dir=$1 l f merged stats missing shipped
	shipped=$(sed -e 's/#.*//' "$dir/LINGUAS")
	# shellcheck disable=SC2046 # the options are words
	(cd "$top_srcdir" && xgettext --default-domain=astcert \
		--output="$T_TMP/astcert.pot" --files-from=po/POTFILES.in \
		$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' po/Makevars)) \
		2>"$T_TMP/xgettext.err"
	check "xgettext makes the template from po/POTFILES.in" \
		test -s "$T_TMP/astcert.pot"
	for l in $shipped; do
		check "$l: po/LINGUAS names it and po/$l.po exists" test -f "$dir/$l.po"
	done
	for f in "$dir"/*.po; do
		l=$(basename "$f" .po)
		merged=$T_TMP/$l.merged.po
		msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$merged" \
			"$f" "$T_TMP/astcert.pot" 2>"$T_TMP/msgmerge.err"
		missing=$( { msgattrib --untranslated --no-obsolete --no-wrap "$merged"
			     msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged"
			   } | po_msgids /dev/stdin)
		if ! printf '%s\n' $shipped | grep -qx "$l"; then
			check "$l (not in LINGUAS yet): msgfmt -c finds no error" \
				msgfmt -c -o /dev/null "$f"
			if [ -n "$missing" ]; then
				ok "$l (not in LINGUAS yet): a partial catalogue warns"
				diag "warning: $l: $(printf '%s\n' "$missing" | grep -c '') messages left to translate; add $l to po/LINGUAS once it is complete"
			else
				ok "$l (not in LINGUAS yet): complete"
			fi
			continue
		fi
		stats=$(msgfmt -c --statistics -o /dev/null "$merged" 2>&1)
		check_match "$l: msgfmt -c finds no error, fuzzy or untranslated message" \
			'^[0-9]+ translated messages\.$' "$stats"
		check_eq "$l: no message of the sources is left untranslated or fuzzy" \
			"" "$missing"
	done
}
