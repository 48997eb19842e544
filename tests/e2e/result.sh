#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What the wizard's result screen tells the user to do next, path by path.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"


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

# the phones' next step: a self-signed certificate is what each phone
# trusts; a private CA's phones take the CA (PEM or DER, compared by its
# fingerprint) and their own files.  On the screen and after Finish.
root=$T_TMP/root
keys=$root/etc/asterisk/keys
mkdir -p "$keys"
printf 'asterisk_user = "%s";\nreload = ( ["true"] );\nverify = [ ];\n' \
	"$(id -un)" >"$T_TMP/astcert.conf"
export ASTCERT_ROOT=$root
owner="$(id -un):$(id -gn)"
install="C-u
type $owner
Enter
Space
Enter
Enter
wait
dump
Enter"

SIZE=80x60
wizard "Enter
Enter
type pbx.example.com
$(printf 'Enter\n%.0s' $(seq 10))
Enter
Enter
$install"
check_eq "self-signed: installed" 0 "$T_RC"
check_shown "self-signed: each phone must trust the certificate itself" \
	"on each phone as a trusted certificate (a self-signed certificate has no CA above it): $keys/pbx.example.com.crt" "$(screen 1)"
check_match "self-signed, printed after Finish: the file to install on the phones" \
	"^    $keys/pbx\\.example\\.com\\.crt\$" "$(printed)"
# how and when it renews, and whether the timer that renews it is on
check_match "self-signed: the renewal row, with its date" \
	'^  Renewal +automatic, days before expiry, due [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$(screen 1)"
check_shown "... and no timer installed: what to run" \
	"No renewal timer is installed: nothing renews by itself until astcert is installed ('make install') and 'systemctl enable --now astcert-renew.timer' turns its timer on." \
	"$(screen 1)"
check_match "... printed after Finish too" '^  Renewal +automatic' "$(printed)"

macs="0004f2a1b2c3 0004f2a1b2c4"
wizard "Enter
Down
Enter
type sip.example.com
$(printf 'Enter\n%.0s' $(seq 10))
type 00:04:f2:a1:b2:c3 0004.f2a1.b2c4
Tab
type phone-export-pw
Enter
Enter
Enter
$install"
check_eq "private CA: installed" 0 "$T_RC"
fp=$(openssl x509 -in "$keys/astcert-ca.crt" -noout -fingerprint -sha256 | cut -d= -f2)
check_shown "private CA: the CA file, PEM and DER, on the screen" \
	"CA file (PEM) $keys/astcert-ca.crt CA file (DER) $keys/astcert-ca.der" "$(screen 1)"
phones=
for m in $macs; do
	phones+="$m"
	for ext in crt key p12; do phones+=" $T_TMP/state/ca/phones/$m/$m.$ext"; done
done
check_shown "private CA: every phone's files on the screen" "$phones" "$(screen 1)"
text=$(printed)
check_match "private CA, printed: the CA file, PEM" \
	"^  CA file \\(PEM\\) +$keys/astcert-ca\\.crt\$" "$text"
check_match "private CA, printed: the CA file, DER" \
	"^  CA file \\(DER\\) +$keys/astcert-ca\\.der\$" "$text"
for where in screen printed; do
	if [ $where = screen ]; then text=$(screen 1); else text=$(printed); fi
	check_eq "private CA, $where: the CA's whole SHA-256, to compare on the phones" \
		"$fp" "$(printf '%s\n' "$text" | sed -n '/^  CA SHA-256 /,/^  [^ ]/p' | sed '$d' |
			sed "s/CA SHA-256//" | grep -oE "([0-9A-F]{2}:)*[0-9A-F]{2}" | paste -sd: -)"
done
text=$(printed)
for m in $macs; do
	for ext in crt key p12; do
		check_match "private CA, printed: phone $m's .$ext" \
			"^  ($m)? +$T_TMP/state/ca/phones/$m/$m\\.$ext\$" "$text"
	done
done
check "the files named are there" test -s "$keys/astcert-ca.der" -a \
	-s "$T_TMP/state/ca/phones/0004f2a1b2c4/0004f2a1b2c4.p12"

# the CA made before (nothing exported in this run, no Asterisk set-up):
# its own copy, and how to write a DER one
wizard "
Enter			> Kind of certificate
Down
Enter			> Names
type sip2.example.com
$(keys Enter 10)
Enter			# no phones this time
Enter			> Install
Enter
Enter
$install"
check_eq "private CA, made before: installed" 0 "$T_RC"
check_match "the CA file is the CA's own copy" \
	"^  CA file \\(PEM\\) +$T_TMP/state/ca/ca\\.crt\$" "$(printed)"
check_match "... and the command that writes it as DER beside the server's files" \
	"^  CA file \\(DER\\) +none yet: 'astcert ca export --out $keys' writes one\$" "$(printed)"

# the labels measured in the language, by display width: the CA file's
# value starts in the same column as the certificate's, apart from its
# label (French labels are long, Japanese ones are double width)
if grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h"; then
	for l in fr ja; do
		mkdir -p "$T_TMP/locale/$l/LC_MESSAGES"
		msgfmt -o "$T_TMP/locale/$l/LC_MESSAGES/astcert.mo" "$top_srcdir/po/$l.po"
	done
	for l in fr ja; do
		rm -rf "$T_TMP/state" "$keys" && mkdir -p "$keys"
		printf '%s\n' "Enter
Down
Enter
type sip.example.com
$(printf 'Enter\n%.0s' $(seq 10))
type 00:04:f2:a1:b2:c3
Enter
Enter
Enter
Enter
$install" >"$T_TMP/script"
		ASTCERT_LOCALEDIR=$T_TMP/locale LANGUAGE=$l ac wizard --script "$T_TMP/script"
		# the display width of what comes before the value on its row
		col() { printed | grep -F -- "$1" | head -n 1 | sed "s|$1.*||" | wc -L; }
		pem=$(col "$keys/astcert-ca.crt") crt=$(col "$keys/sip.example.com.crt")
		check_eq "$l: the CA file's value is in the labels' column" "$crt" "$pem"
		check_match "$l: ... apart from its label" \
			"^  [^ ].*[^ ]  +$keys/astcert-ca\\.der\$" "$(printed)"
	done
else
	skip "built without NLS"
fi

finish
