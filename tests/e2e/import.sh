#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Import: before the review, the wizard shows what the files hold (names,
# issuer, expiry, whether the key matches, the chain) and proposes the
# file name from the certificate; what the files say is shown escaped.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

# a root, an intermediate, and a leaf with two names and its key apart
mkcert() {	# mkcert NAME SUBJECT ISSUER EXT...: NAME.pem, NAME.key
	local name=$1 subj=$2 issuer=$3; shift 3
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$T_TMP/$name.key" -out "$T_TMP/$name.csr" -subj "$subj" 2>/dev/null
	printf '%s\n' "$@" >"$T_TMP/$name.ext"
	if [ "$issuer" = self ]; then
		openssl x509 -req -in "$T_TMP/$name.csr" -signkey "$T_TMP/$name.key" \
			-days 60 -extfile "$T_TMP/$name.ext" -out "$T_TMP/$name.pem" 2>/dev/null
	else
		openssl x509 -req -in "$T_TMP/$name.csr" -CA "$T_TMP/$issuer.pem" \
			-CAkey "$T_TMP/$issuer.key" -CAcreateserial -days 60 \
			-extfile "$T_TMP/$name.ext" -out "$T_TMP/$name.pem" 2>/dev/null
	fi
}
ca_ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign"
mkcert root /CN=Test-Root self "$ca_ext"
mkcert inter /CN=Test-Inter root "$ca_ext"
leaf_ext="subjectAltName=DNS:pbx.example.com,DNS:sip.example.com
basicConstraints=critical,CA:FALSE
extendedKeyUsage=serverAuth"
mkcert leaf /CN=pbx.example.com inter "$leaf_ext"
mkcert other /CN=other.example.com inter "$leaf_ext"
out=$T_TMP/keys
mkdir -p "$out"
answers() {	# answers CERT KEY [CHAIN]: the import's answers file
	cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$1"; key = "$2"; ${3:+chain = [ \"$3\" ];} ca_file = "$T_TMP/root.pem"; };
install = { out = "$out"; owner = "$(id -un):$(id -gn)"; deploy = false; };
END
}

# welcome, path, the six import fields: what the files hold
answers "$T_TMP/leaf.pem" "$T_TMP/leaf.key" "$T_TMP/inter.pem"
wizard_answers "$T_TMP/answers.conf" "
Enter			> Kind of certificate
Enter			> Files to import
$(keys Enter 5)		# five of its six fields
Enter			> What the files hold
dump
Enter			> Install
dump
$(keys Enter 3)
Enter			> Review
dump
Enter			# install now
wait			> Result
dump
Enter"
check_eq "a good import: installed" 0 "$T_RC"
check_match "after the files, what they hold" 'step 4 of 8: What the files hold' "$(screen 1)"
check_match "... the certificate's names" '^  Names +pbx\.example\.com, sip\.example\.com$' "$(screen 1)"
check_match "... its issuer" '^  Issuer +CN=Test-Inter$' "$(screen 1)"
check_match "... until when" '^  Valid until +.* \((59|60) days left\)$' "$(screen 1)"
check_shown "... that the key matches, and where it is" \
	"Key ECDSA P-256, matches the certificate ($T_TMP/leaf.key)" "$(screen 1)"
check_match "... that the chain verifies, with its intermediate" \
	'^  Chain +verifies, with 1 intermediate certificate$' "$(screen 1)"
check_match "... and the file name it proposes" '^  File name +pbx\.example\.com$' "$(screen 1)"
check_match "the install screen has the name proposed" 'File name +pbx\.example\.com$' "$(screen 2)"
check_shown "the review names the files so" "Files $out/pbx.example.com.crt" "$(screen 3)"
check "installed under that name" test -s "$out/pbx.example.com.crt"

# a name the user typed is never replaced by the proposal
wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 8)
Enter			> Install
Enter			# to the file name
C-u
type my-pbx
Escape			> What the files hold
Escape			> Files to import
$(keys Enter 6)		> What the files hold
dump
Enter			> Install
dump
F10
y"
check_match "a typed file name stays: not proposed again" '^  File name +my-pbx$' "$(screen 1)"
check_match "... and the install screen keeps it" 'File name +my-pbx$' "$(screen 2)"

# a key that is not the certificate's: said before the review
answers "$T_TMP/leaf.pem" "$T_TMP/other.key" "$T_TMP/inter.pem"
wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 8)
dump
F10
y"
check_match "a key of another certificate: not found for this one" '^  Key +not found$' "$(screen 1)"
check_shown "... with the reason" "the private key does not belong to the certificate" "$(screen 1)"

# no intermediate given: the chain does not verify, said before the review
answers "$T_TMP/leaf.pem" "$T_TMP/leaf.key"
wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 8)
dump
F10
y"
check_match "a missing intermediate: the chain does not verify" '^  Chain +does not verify' "$(screen 1)"

# what the certificate says is shown escaped: an escape sequence in a name
# reaches the screen as text, never the terminal
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/evil.key" -out "$T_TMP/evil.pem" -days 30 \
	-subj "/CN=x$(printf '\033')[2Jevil" \
	-addext extendedKeyUsage=serverAuth 2>/dev/null
answers "$T_TMP/evil.pem" "$T_TMP/evil.key"
wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 8)
dump
F10
y"
check_match "a control character in a name is shown escaped" '^  Names +x\\x1b\[2Jevil$' "$(screen 1)"
check_eq "... and never reaches the terminal" 0 "$(grep -c "$(printf '\033')" "$T_TMP/out")"

# a PKCS#12 file without its passphrase: said at once, Esc goes back
openssl pkcs12 -export -in "$T_TMP/leaf.pem" -inkey "$T_TMP/leaf.key" \
	-out "$T_TMP/pbx.p12" -passout pass:secret
cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$T_TMP/pbx.p12"; };
install = { out = "$out"; deploy = false; };
END
wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 8)
dump
Escape			# back to the files
dump
F10
y"
check_match "a PKCS#12 file without its passphrase: said before the review" \
	'The files cannot be used as they are\.' "$(screen 1)"
check_shown "... with the reason" "the PKCS#12 file is protected by a password" "$(screen 1)"
check_match "Esc goes back to the files" 'step 3 of 8: Files to import' "$(screen 2)"

finish
