#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A Unicode host name is shown beside the xn-- form the certificate carries
# wherever a name is listed: the CLI result, show, status, ca list, the
# wizard's welcome list and its Result; "->" instead of "→" without UTF-8;
# --json keeps the A-labels only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

out=$T_TMP/keys
mkdir -p "$out"
both='pbx\.bücher\.example → pbx\.xn--bcher-kva\.example'
ascii='pbx\.bücher\.example -> pbx\.xn--bcher-kva\.example'

ac selfsigned --dns pbx.bücher.example --out "$out"
check_eq "selfsigned with a Unicode name succeeds" 0 "$T_RC"
crt=$out/pbx.xn--bcher-kva.example.crt
check_match "the CLI result shows both forms" "^  Names +DNS:$both\$" "$AC_OUT"

ac show "$crt"
check_match "show: both forms" "^  Names +DNS:$both\$" "$AC_OUT"
ac show --json "$crt"
check_match "show --json: the A-label" '"dns": \[ *"pbx\.xn--bcher-kva\.example" *\]' "$(tr -d '\n' <"$T_TMP/out")"
check_fails "show --json: no U-label" grep -q 'bücher' "$T_TMP/out"

ac status
check_match "status: both forms" "^  names: +DNS:$both\$" "$AC_OUT"
check_match "status: the certificate's own line too" "^$both  OK  " "$AC_OUT"
ac status --json
check_fails "status --json: no U-label" grep -q 'bücher' "$T_TMP/out"

T_RC=0
LC_ALL=C ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
	"$ASTCERT" status >"$T_TMP/out" 2>&1 || T_RC=$?
check_match "status under LC_ALL=C: an ASCII arrow" "^  names: +DNS:$ascii\$" "$(cat "$T_TMP/out")"
check_match "... on the certificate's own line too" "^$ascii  OK  " "$(cat "$T_TMP/out")"
LC_ALL=C ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/astcert.conf" \
	"$ASTCERT" show "$crt" >"$T_TMP/out" 2>&1 || T_RC=$?
check_match "show under LC_ALL=C: an ASCII arrow" "^  Names +DNS:$ascii\$" "$(cat "$T_TMP/out")"

# the welcome screen lists the managed certificate by both forms
wizard "dump
F10"
check_match "the welcome list shows both forms" "^    $both +[0-9]+ days left\$" "$(screen 1)"
LC_ALL=C wizard "dump
F10"
# (the screen shows what it cannot draw in ASCII as "?")
check_match "... an ASCII arrow under LC_ALL=C" \
	'^    pbx\.b.cher\.example -> pbx\.xn--bcher-kva\.example +[0-9]+ days left$' "$(screen 1)"

# ca list names what the private CA issued the same way
mkdir -p "$T_TMP/ca-out"
ac ca init --cn 'Test CA' --out "$T_TMP/ca-out"
check_eq "ca init succeeds" 0 "$T_RC$AC_ERR"
ac ca server --dns pbx.bücher.example --name idn --out "$T_TMP/ca-out"
check_eq "ca server with a Unicode name succeeds" 0 "$T_RC$AC_ERR"
ac ca list
check_match "ca list: both forms" " $both +[0-9]+ " "$AC_OUT"

# the wizard's Result lists the certificate's names (a fresh state)
rm -rf "$T_TMP/state" "$out"
mkdir -p "$out"
wizard "
Enter			> Kind of certificate
Enter			> Names
type pbx.bücher.example
$(keys Enter 10)
C-u
type $out
$(keys Enter 3)
Enter			> Review
Enter			> Working
wait			> Result
dump
Enter"
check_eq "the wizard run ends with status 0" 0 "$T_RC"
check_match "the Result shows both forms" "^  Names +DNS:$both\$" "$(screen 1)"
check_match "... and so does the result printed after Finish" "^  Names +DNS:$both\$" "$(screen 2)"

finish
