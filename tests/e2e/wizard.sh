#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard through the real binary: keys from a script, screens as text.
. "$top_srcdir/tests/lib.sh"

out=$T_TMP/keys
mkdir -p "$out"
# the country list and the Asterisk templates, from the source tree
export ASTCERT_DATA_DIR=$top_srcdir/data

# wizard SCRIPT-TEXT: runs the wizard; screens in $T_TMP/out, status $T_RC
wizard() {
	printf '%s\n' "$1" >"$T_TMP/script"
	ac wizard --script "$T_TMP/script" --size "${SIZE:-80x24}"
}
# screen N: the Nth dumped screen
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
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












 F1/^G Help  Enter Begin  F10/^X Quit"
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
check_shown "the review shows the command line" "astcert selfsigned --dns pbx.xn--bcher-kva.example --dns sip.example.com --ip 192.0.2.10 --country CA --state Ontario --locality Toronto --org ShiftEight --cn pbx.xn--bcher-kva.example --key p256 --days 825 --out $out" "$(screen 3)"
check_match "the review names the key as the key screen does" '^  Key +ECDSA P-256$' "$(screen 3)"
check_match "the result says installed" 'The certificate is installed\.' "$(screen 4)"
crt=$out/pbx.xn--bcher-kva.example.crt
check "the certificate was written" test -s "$crt"
check_eq "the key is 0640 root:nogroup" "0640 root:nogroup" "$(stat_mode "$out/pbx.xn--bcher-kva.example.key")"
check_match "the certificate has every name" 'DNS:pbx.xn--bcher-kva.example, DNS:sip.example.com, IP Address:192.0.2.10' \
	"$(openssl x509 -in "$crt" -noout -ext subjectAltName 2>/dev/null)"
check_match "the certificate is P-256" 'prime256v1|P-256' "$(openssl x509 -in "$crt" -noout -text)"
check_match "the result shows the fingerprint" "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2 | cut -c1-20)" "$(screen 4)"
after=$(screen 5)
check_match "after Finish the result stays in the terminal's scrollback" \
	'^astcert wizard: the result' "$after"
check_shown "... with where the certificate is" "$crt" "$after"
check_shown "... and its fingerprint" "$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d :)" \
	"$(printf '%s' "$after" | tr -d ':')"
check_match "... a path on one line, ready to copy" "^ *Key +$out/pbx.xn--bcher-kva.example.key\$" "$after"

# a result longer than the screen (a deep key directory): shown a window
# at a time, with where it is, and PgDn / Home move it
deep=$T_TMP/keys/$(printf 'd%.0s' $(seq 60))/$(printf 'e%.0s' $(seq 60))
mkdir -p "$deep"
wizard "Enter
Enter
type deep.example.com
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Down
Tab
Enter
C-u
type $deep
Enter
Enter
C-u
type root:nogroup
Enter
Enter
Enter
wait
dump
NPage
dump
Home
dump
Enter"
check_eq "deep directory: installed, status 0" 0 "$T_RC"
check_match "the long result says which lines show" 'lines 1-19 of [0-9]+: Up, Down, PgUp, PgDn for more' "$(screen 1)"
check_eq "... the screen still ends with the key bar" "F1/^G Help  D Details  Enter Finish" \
	"$(screen 1 | tail -n 1 | sed 's/^ *//; s/ *$//')"
check_match "PgDn shows the rest, with the pjsip.conf lines" 'priv_key_file=' "$(screen 2)"
check_match "... and says where it is" 'lines [0-9]+-[0-9]+ of [0-9]+' "$(screen 2)"
check_match "Home goes back to the top" 'lines 1-19 of' "$(screen 3)"
if printf '%s' "$(screen 1)" | tr -d ' \n' | grep -qF "$(printf '%s' "$deep/deep.example.com.key" | tr -d ' \n')"; then
	ok "the key's whole path is on the screen"
else
	check_shown "the key's whole path is on the screen" "$deep/deep.example.com.key" "$(screen 2)"
fi
check_shown "after Finish the whole long result is printed, the key's path too" \
	"$deep/deep.example.com.key" "$(screen 4)"
check_match "... with the pjsip.conf lines" 'priv_key_file=' "$(screen 4)"
check_fails "... and no window marker" grep -q 'PgUp, PgDn for more' <<<"$(screen 4)"

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

# the country pick-list: typing filters by name or code, Enter picks the code
wizard "Enter
Enter
type pbx.example.com
Enter
Enter
type de
dump
BSpace
BSpace
type germ
dump
Enter
dump
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

# F2 on the review saves the answers (0600, no secret); --answers fills
# every screen with them again
ans=$T_TMP/answers.conf
wizard "Enter
Down
Enter
type pbx.example.com
Tab
type 192.0.2.10
Enter
type germ
Enter
Tab
type Berlin
Tab
Tab
type ShiftEight
Enter
Enter
Enter
Down
Down
Down
Tab
C-u
type 400
Enter
type 00:04:f2:a1:b2:c3
Tab
type export-secret-pw
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
F2
dump
C-u
type $ans
Enter
dump
F10
y"
first=$(screen 1 | sed -n '/The same without/,$p' | tr -s ' \n' ' ')
check_match "the review names F2 in its key line" 'F2 Save answers' "$(screen 1)"
check_match "F2 asks where, root's home by default" 'Save as +/root/astcert-answers\.conf' "$(screen 2)"
check_shown "saving says where, and that secrets were left out" "The answers are saved in $ans (secrets left out)" "$(screen 3)"
check_eq "the answers file is 0600" "0600" "$(stat -c %04a "$ans")"
check_match "it is a libconfig file of the answers" 'kind = "ca";' "$(cat "$ans")"
check_match "with the country code" 'country = "DE";' "$(cat "$ans")"
check_match "with the phones" 'phones = \[ "00:04:f2:a1:b2:c3" \];' "$(cat "$ans")"
check_eq "without the export password" 0 "$(grep -c 'export-secret-pw' "$ans")"
check_match "saying so" "Left out: the phones' PKCS#12 export password; give it again\." "$(cat "$ans")"
check "nothing but the answers was written" test ! -e "$out/pbx.example.com.crt"

wizard "dump
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
Enter
Enter
Enter
Enter
Enter
Enter
Enter
Enter
dump
F10
y"
ac wizard --answers "$ans" --script "$T_TMP/script"
check_eq "--answers: the wizard starts" 1 "$T_RC"
check_shown "and says the answers are filled in" "The answers in $ans are filled in: check each screen." "$(screen 1)"
# the export password was not saved: it is the one thing missing
check_match "the same review, every screen filled in, but the secret" "$(printf '%s' "$first" | sed -e 's/ --password-file FILE//' -e 's/[.[\*^$]/\\&/g')" "$(screen 2 | sed -n '/The same without/,$p' | tr -s ' \n' ' ')"
check_match "the review shows the phone" 'Phones +1' "$(screen 2)"

# a bad answers file: file:line, status 2, nothing done
printf 'kind = "selfsigned";\nkey = "p256";\ndays = = 400;\n' >"$T_TMP/bad.conf"
ac wizard --answers "$T_TMP/bad.conf" --script "$T_TMP/script"
check_eq "a syntax error: status 2" 2 "$T_RC"
check_match "named by file and line" "^astcert: $T_TMP/bad\.conf:3: syntax error\$" "$AC_ERR"
check_eq "the wizard did not start" "" "$AC_OUT"
printf 'kind = "selfsigned";\n\ninstall = { owner = "root:root";\n  password = "x"; };\n' >"$T_TMP/bad.conf"
ac --answers "$T_TMP/bad.conf"
check_eq "an unknown setting: status 2, also without a terminal" 2 "$T_RC"
check_eq "named with its line" "astcert: $T_TMP/bad.conf:4: unknown setting \"password\"." "$AC_ERR"
printf 'kind = "selfsigned";\nkey = "rsa1024";\n' >"$T_TMP/bad.conf"
ac wizard --answers "$T_TMP/bad.conf" --script "$T_TMP/script"
check_match "a value that is not allowed, with what is" ':2: "key" is "rsa1024"; it must be rsa2048, rsa3072, rsa4096, p256, p384\.' "$AC_ERR"
printf 'kind = "selfsigned";\ndns = [ "pbx.example.com",\n  "x\\x1b[2J" ];\n' >"$T_TMP/bad.conf"
ac wizard --answers "$T_TMP/bad.conf" --script "$T_TMP/script"
check_eq "a control character (an escape) is refused, on its line" \
	"astcert: $T_TMP/bad.conf:2: \"dns\" holds a control character." "$AC_ERR"
ac wizard --answers "$T_TMP/none.conf" --script "$T_TMP/script"
check_eq "a missing file: status 2" 2 "$T_RC"
check_match "named" "none\.conf: cannot open: No such file or directory" "$AC_ERR"
ac --answers "$ans" status
check_eq "--answers with a command is a usage error" 2 "$T_RC"

# the import path: file paths and lists kept, the passphrase left out
ans2=$T_TMP/import-answers.conf
wizard "Enter
Down
Down
Enter
type /srv/ca/pbx.pfx
Tab
Tab
type /srv/ca/inter1.pem /srv/ca/inter2.pem
Tab
type pfx-secret-pass
Tab
Space
Enter
Enter
Enter
C-u
type $out
Enter
type pbx-import
Enter
Enter
Enter
dump
F2
C-u
type $ans2
Enter
F10
y"
first=$(screen 1 | sed -n '/The same without/,$p' | tr -s ' \n' ' ')
check_match "import answers: the files" 'cert = "/srv/ca/pbx.pfx";' "$(cat "$ans2")"
check_match "import answers: the chain as a list" 'chain = \[ "/srv/ca/inter1.pem", "/srv/ca/inter2.pem" \];' "$(cat "$ans2")"
check_match "import answers: fetching intermediates" 'fetch_intermediates = true;' "$(cat "$ans2")"
check_eq "import answers: no passphrase" 0 "$(grep -c 'pfx-secret-pass' "$ans2")"
check_match "import answers: saying so" 'Left out: the passphrase of the files to import; give it again\.' "$(cat "$ans2")"
printf 'Enter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\nEnter\ndump\nF10\ny\n' >"$T_TMP/script"
check_match "the first review asked for the passphrase file" ' --passphrase-file FILE' "$first"
ac wizard --answers "$ans2" --script "$T_TMP/script"
check_match "the same import review, but the passphrase" "$(printf '%s' "$first" | sed -e 's/ --passphrase-file FILE//' -e 's/[.[\*^$]/\\&/g')" "$(screen 1 | sed -n '/The same without/,$p' | tr -s ' \n' ' ')"

finish
