#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Tab completes paths as the shell does: the common prefix, a second Tab
# lists, hidden entries only after a '.', directories for a directory
# field.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# Tab completes paths: the common prefix, a second Tab lists, hidden files
# only after a '.', directories only for a directory
files=files
cd "$T_TMP"
mkdir -p "$files/sub" "$files/.private"
touch "$files/cert.pem" "$files/cert.key" "$files/chain.pem" "$files/.hidden.pem"
wizard "Enter
Down
Down
Enter
type $files/ce
Tab
dump
Tab
dump
type p
Tab
dump
Tab
Tab
type $files/cert.pem $files/ch
Tab
dump
Tab
Tab
Tab
type $files/
Tab
Tab
dump
C-u
type $files/.
Tab
Tab
dump
F10
y"
cd - >/dev/null
check_match "Tab completes what the entries share (a relative path)" "Certificate +$files/cert\.\$" "$(screen 1)"
check_match "and says more than one matches" 'Several entries match: press Tab again to list them\.' "$(screen 1)"
check_match "a second Tab lists them" '^ +cert\.key  cert\.pem$' "$(screen 2)"
check_match "one match completes the whole name" "Certificate +$files/cert\.pem\$" "$(screen 3)"
check_match "in a list of paths, the last one is completed" "Chain files +$files/cert\.pem $files/chain\.pem\$" "$(screen 4)"
check_match "when nothing is left to complete, Tab moves on" 'Trusted roots +files/$' "$(screen 5)"
check_match "a directory is listed with its /, hidden entries are not" '^ +cert\.key  cert\.pem  chain\.pem  sub/$' "$(screen 5)"
check_match "after a '.', hidden entries are" '^ +\.hidden\.pem  \.private/$' "$(screen 6)"

# a directory field completes directories only
mkdir -p "$T_TMP/tree/keys-here"
touch "$T_TMP/tree/keys.txt"
cd "$T_TMP"
wizard "Enter
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
C-u
type tree/ke
Tab
dump
F10
y"
cd - >/dev/null
check_match "the install directory completes to a directory" "Directory +tree/keys-here/\$" "$(screen 1)"

finish
