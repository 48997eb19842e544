#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What the wizard's result screen tells the user to do next, path by path.
. "$top_srcdir/tests/lib.sh"

export ASTCERT_DATA_DIR=$top_srcdir/data
wizard() {
	printf '%s\n' "$1" >"$T_TMP/script"
	ac wizard --script "$T_TMP/script" --size 80x24
}
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }

# a CSR: the file that holds it, and the request at the left edge, whole,
# ready to paste into the CA's form
wizard "Enter
End
Enter
type csr.example.com
Enter
Enter
Tab
Tab
Tab
Tab
Tab
Enter
Enter
Enter
wait
dump
End
dump
Enter"
check_eq "CSR: the run ends with 0" 0 "$T_RC"
csr=$T_TMP/state/csr/csr.example.com/csr.pem
check "the request was written" test -s "$csr"
after=$(awk -v n=3 '/^-+$/ {i++; next} i >= n - 1' "$T_TMP/out")
check_match "the result names the file holding it (printed whole after Finish)" \
	"Request file +$T_TMP/state/csr/csr\\.example\\.com/csr\\.pem\$" "$after"
check_match "the request starts at the left edge" '^-----BEGIN CERTIFICATE REQUEST-----$' "$(screen 1)"
check_eq "... and printed after Finish exactly as in the file" "$(cat "$csr")" \
	"$(printf '%s\n' "$after" | sed -n '/^-----BEGIN CERTIFICATE REQUEST-----$/,/^-----END CERTIFICATE REQUEST-----$/p')"

finish
