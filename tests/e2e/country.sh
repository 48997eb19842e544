#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The country pick-list: typing filters by code or name, Down lists all,
# Enter picks the code, a wrong one is refused, names in the user's
# language.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"
out=$T_TMP/keys
mkdir -p "$out"

# the country pick-list: typing filters by name or code, Enter picks the code
wizard "
Enter			> Kind of certificate
Enter			> Names
type pbx.example.com
Enter			# to the IP addresses
Enter			> Subject
type de
dump
BSpace
BSpace
type germ
dump
Enter			> Subject
dump
$(keys Enter 4)		# the state, the locality, the organization, the unit
Enter			> Key
Enter
Enter			> Install
C-u
type $out
$(keys Enter 3)
Enter			> Review
dump
F10
y"
check_match "typing \"de\" lists the code first, then the names" \
	'│ DE  Germany +│.*│ DK  Denmark +│.*│ BD  Bangladesh' "$(screen 1 | tr -d '\n')"
check_match "typing part of a name finds the country" '│ DE  Germany +│' "$(screen 2)"
check_eq "and only it" 1 "$(screen 2 | grep -c '│ [A-Z][A-Z]  ')"
check_match "Enter picks: the field holds the code, the name beside it, and moves on" \
	'Country +DE  Germany$' "$(screen 3)"
check_match "the review's command line has the code" '--country DE ' "$(screen 4 | tr -s ' \n' ' ')"

# Down opens the whole list; Esc closes it without leaving the screen;
# a code typed in lower case becomes the code; text that is no country
# is refused with the reason
wizard "Enter
Enter
type pbx.example.com
Enter
Enter
Down
dump
Escape
dump
type ca
Tab
dump
BTab
C-u
type atlantis
Enter
Enter
Enter
Enter
Enter
Enter
dump
F10
y"
check_match "Down lists every country, by name" '│ AF  Afghanistan +│' "$(screen 1)"
check_eq "as many rows as fit" 8 "$(screen 1 | grep -c '│ [A-Z][A-Z]  ')"
check_match "Esc closes the list and stays on the screen" 'step 4 of 9: Subject' "$(screen 2)"
check_eq "the list is gone" 0 "$(screen 2 | grep -c '│ [A-Z][A-Z]  ')"
check_match "a lower-case code is taken as the code" 'Country +CA  Canada$' "$(screen 3)"
check_match "a country that does not exist is refused" 'The country "atlantis" is not a two-letter ISO 3166 code' "$(screen 4 | tr -s ' \n' ' ')"

# the names in the user's language when iso-codes has them, else English
printf 'Enter\nEnter\ntype pbx.example.com\nEnter\nEnter\ntype de\nEnter\ndump\nF10\ny\n' >"$T_TMP/script"
LANGUAGE=fr ac wizard --script "$T_TMP/script"
if [ -e /usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo ] &&
   grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h"; then
	check_match "French: the country name from iso-codes" 'DE  Allemagne$' "$(screen 1)"
else
	check_match "no iso-codes catalogue: the English name" 'DE  Germany$' "$(screen 1)"
fi

# without the list (no data directory), a typed code still works
ASTCERT_DATA_DIR=$T_TMP/nodata wizard "Enter
Enter
type pbx.example.com
Enter
Enter
type nz
Tab
Enter
Enter
Enter
Enter
Enter
Enter
Enter
C-u
type $out
Enter
Enter
Enter
Enter
dump
F10
y"
check_match "no country list: the code typed is used" '--country nz ' "$(screen 1 | tr -s ' \n' ' ')"

finish
