#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Refusals keep the user on the screen with the reason, and nothing typed
# is lost: a bad name, Esc and back; help; the quit question; a missing
# directory.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# errors keep the user on the screen, with the reason; Esc keeps answers
wizard "
Enter			> Kind of certificate
Enter			> Names
type pbx..example.com
Enter			# to the IP addresses
Enter			> Names
dump
Escape			> Kind of certificate
Enter			> Names
dump
F10
y"
check_eq "quitting mid-way exits 1" 1 "$T_RC"
check_match "a bad name is refused on its screen" 'step 3 of 9: Names' "$(screen 1)"
check_match "with the reason" 'not a valid host name: empty label' "$(screen 1)"
check_match "Esc then Enter comes back with the answer kept" 'DNS names +pbx\.\.example\.com' "$(screen 2)"

# help, quit confirmation, and a missing directory
wizard "
Enter			> Kind of certificate
F1
dump
Escape			> Kind of certificate
Enter			> Names
type pbx.example.com
Enter			# to the IP addresses
Enter			> Subject
$(keys Enter 5)
Enter			> Key
Enter
Enter			> Install
C-u
type /nonexistent-astcert-dir
Enter			# to the file name
Enter			# to the owner
Enter			# to setting up Asterisk
Enter			> Install
dump
F10
dump
n
F10
y"
check_match "F1 shows help for the screen" 'Let.s Encrypt needs a public DNS name' "$(screen 1)"
check_match "a missing directory is refused with the fix" "nonexistent-astcert-dir does not exist: create it" "$(screen 2 | tr -s ' \n' ' ')"
check_match "F10 asks before quitting" 'Quit without installing anything\? \(y/n\)' "$(screen 3)"
check "nothing was written" test ! -e /nonexistent-astcert-dir

finish
