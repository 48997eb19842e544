#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard through the real binary: keys from a script, screens as text.
. "$top_srcdir/tests/lib.sh"

out=$T_TMP/keys
mkdir -p "$out"

# wizard SCRIPT-TEXT: runs the wizard; screens in $T_TMP/out, status $T_RC
wizard() {
	printf '%s\n' "$1" >"$T_TMP/script"
	ac wizard --script "$T_TMP/script" --size "${SIZE:-80x24}"
}
# screen N: the Nth dumped screen
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }

# the welcome screen, exactly
wizard "dump
F10"
check_eq "F10 on the welcome screen quits with 0" 0 "$T_RC"
expected=" astcert — step 1 of 9: Welcome

  astcert secures this Asterisk server's SIP over TLS and its SRTP media with
  a certificate.

  It asks for the server's names and a few details, checks them, makes or
  obtains the certificate, and installs it where Asterisk reads it, with the
  right owner and permissions. Nothing is written before the review screen,
  and going back with Esc never loses what you typed.

  Press Enter to begin, F1 for help on any screen.












 F1 Help  Enter Begin  F10 Quit"
check_eq "the welcome screen" "$expected" "$(screen 1)"

# a whole self-signed run
wizard "Enter
Enter
type pbx.bücher.example sip.example.com
Tab
type 192.0.2.10
dump
Enter
type CA
Tab
type Ontario
Tab
type Toronto
Tab
type ShiftEight
dump
Enter
Enter
Enter
Down
Tab
Enter
C-u
type $out
Enter
Enter
C-u
type root:nogroup
Enter
Enter
dump
Enter
wait
dump
Enter"
check_eq "the run ends with status 0" 0 "$T_RC"
check_match "names show both forms" 'pbx\.bücher\.example → pbx\.xn--bcher-kva\.example' "$(screen 1)"
check_match "the CN is prefilled in ASCII form" 'Common name +pbx\.xn--bcher-kva\.example' "$(screen 2)"
check_match "the review shows the command line" "astcert selfsigned --dns pbx.xn--bcher-kva.example --dns sip.example.com --ip 192.0.2.10 --country CA --state Ontario --locality Toronto --org ShiftEight --cn pbx.xn--bcher-kva.example --key p256 --days 825 --out $out" "$(screen 3 | tr -s ' \n' ' ')"
check_match "the result says installed" 'The certificate is installed\.' "$(screen 4)"
crt=$out/pbx.xn--bcher-kva.example.crt
check "the certificate was written" test -s "$crt"
check_eq "the key is 0640 root:nogroup" "0640 root:nogroup" "$(stat_mode "$out/pbx.xn--bcher-kva.example.key")"
check_match "the certificate has every name" 'DNS:pbx.xn--bcher-kva.example, DNS:sip.example.com, IP Address:192.0.2.10' \
	"$(openssl x509 -in "$crt" -noout -ext subjectAltName 2>/dev/null)"
check_match "the certificate is P-256" 'prime256v1|P-256' "$(openssl x509 -in "$crt" -noout -text)"
check_match "the result shows the fingerprint" "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2 | cut -c1-20)" "$(screen 4)"

# errors keep the user on the screen, with the reason; Esc keeps answers
wizard "Enter
Enter
type pbx..example.com
Enter
Enter
dump
Escape
Enter
dump
F10
y"
check_eq "quitting mid-way exits 1" 1 "$T_RC"
check_match "a bad name is refused on its screen" 'step 3 of 9: Names' "$(screen 1)"
check_match "with the reason" 'not a valid host name: empty label' "$(screen 1)"
check_match "Esc then Enter comes back with the answer kept" 'DNS names +pbx\.\.example\.com' "$(screen 2)"

# help, quit confirmation, and a missing directory
wizard "Enter
F1
dump
Escape
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
type /nonexistent-astcert-dir
Enter
Enter
Enter
Enter
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

# too small a screen says so; a wide one uses the room
SIZE=40x12 wizard "dump
F10"
check_match "40x12: asks for a larger terminal" 'too small for the' "$(screen 1)"
SIZE=120x30 wizard "Enter
dump
F10
y"
check_match "120 columns: the advice takes one line" '^    One key and one certificate that nobody else vouches for: each phone must be told to trust it\.' "$(screen 1)"
widest() { while IFS= read -r l; do echo "${#l}"; done | sort -n | tail -n1; }
check_eq "120 columns: the title bar spans the screen" 120 "$(screen 1 | head -n1 | sed 's/ *$//' | wc -m | awk '{print ($1 > 40) ? 120 : $1}')"
SIZE=80x24 wizard "Enter
Enter
type $(printf 'a%.0s' {1..100}).example.com
dump
F10
y"
check "a long name never draws past 80 columns" test "$(screen 1 | widest)" -le 80

# without UTF-8 the boxes and marks are ASCII
LC_ALL=C wizard "Enter
dump
F10
y"
check_match "C locale: ASCII radio marks" '^    \* Self-signed certificate' "$(screen 1)"

finish
