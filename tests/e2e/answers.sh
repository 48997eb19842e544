#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The answers file: F2 on the review saves it (0600, no secret), --answers
# fills every screen with it again, a bad one is refused by file and line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"
out=$T_TMP/keys
mkdir -p "$out"

# F2 on the review saves the answers (0600, no secret); --answers fills
# every screen with them again
ans=$T_TMP/answers.conf
wizard "
Enter			> Kind of certificate
Down			# the private CA
Enter			> Names
type pbx.example.com
Tab
type 192.0.2.10
Enter			> Subject
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
Enter			> Install
C-u
type $out
Enter
Enter
C-u
type root:nogroup
Enter
Enter			> Review
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

wizard_answers "$ans" "
dump
$(keys Enter 17)	# every screen as the answers filled it
Enter			> Review
dump
F10
y"
check_eq "--answers: the wizard starts" 1 "$T_RC"
check_shown "and says the answers are filled in" "The answers in $ans are filled in: check each screen." "$(screen 1)"
# the export password was not saved: it is the one thing missing
# (without the password the lines may wrap into one line fewer: the
# scroll marker's count is left out)
nomarker() { sed -e 's/lines [0-9]*-[0-9]* of [0-9]*: [^F]*//'; }
check_match "the same review, every screen filled in, but the secret" "$(printf '%s' "$first" | nomarker | sed -e 's/ --password-file FILE//' -e 's/[.[\*^$]/\\&/g')" "$(screen 2 | sed -n '/The same without/,$p' | tr -s ' \n' ' ' | nomarker)"
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
