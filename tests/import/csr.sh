#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The CSR round trip: astcert csr keeps the key, the local CA signs the
# request, and astcert import finds the key by itself.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/common.sh"
mkfixtures "$F" || { echo "Bail out! cannot make the fixtures"; exit 1; }
CA=(--ca-file "$F/root.pem")
P=$T_TMP/state/csr/sip

ac csr --name sip --dns sip.example.test --dns '*.phones.example.test' \
	--country CA --state Ontario --locality Toronto --org ShiftEight --key p256
check_eq "csr: exit status 0" 0 "$T_RC"
printf '%s\n' "$AC_OUT" >"$T_TMP/req.csr"
check_match "csr: the request on standard output" '^-----BEGIN CERTIFICATE REQUEST-----' "$AC_OUT"
check "csr: the request's signature verifies" openssl req -in "$T_TMP/req.csr" -noout -verify
req=$(openssl req -in "$T_TMP/req.csr" -noout -text)
check_match "csr: subject" 'Subject: C *= *CA, ST *= *Ontario, L *= *Toronto, O *= *ShiftEight, CN *= *sip\.example\.test' "$req"
check_match "csr: SANs" 'DNS:sip\.example\.test, DNS:\*\.phones\.example\.test' "$req"
check_match "csr: key type" 'ASN1 OID: prime256v1' "$req"
check_match "csr: says where the key is" "$P/key.pem" "$AC_ERR"
check_eq "csr: key kept 0600" 0600 "$(stat -c %04a "$P/key.pem" 2>&1)"
check_eq "csr: request kept" "$(cat "$T_TMP/req.csr")" "$(cat "$P/csr.pem" 2>&1)"
check_eq "csr: the kept key is the request's" \
	"$(openssl req -in "$T_TMP/req.csr" -noout -pubkey)" \
	"$(openssl pkey -in "$P/key.pem" -pubout 2>&1)"

ac csr --name sip --dns other.example.test
check_eq "csr: a pending name is not overwritten (status)" 2 "$T_RC"
check_match "csr: a pending name is not overwritten (why)" 'waiting for its certificate already' "$AC_ERR"

ac csr --name bad --dns 'not a name'
check_eq "csr: a bad name is refused" 2 "$T_RC"
check "csr: nothing kept for it" test ! -e "$T_TMP/state/csr/bad"

ac csr --json --name js --dns js.example.test
check_eq "csr --json: exit status 0" 0 "$T_RC"
check_match "csr --json: CSR in the object" '"csr": "-----BEGIN CERTIFICATE REQUEST-----' "$AC_OUT"

# the CA signs the request (it copies the SANs, as commercial CAs do)
cat >"$T_TMP/sign.cnf" <<CNF
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:sip.example.test,DNS:*.phones.example.test
authorityKeyIdentifier = keyid
CNF
openssl x509 -req -in "$T_TMP/req.csr" -CA "$F/int2.pem" -CAkey "$F/int2.key" \
	-set_serial 77 -days 90 -extfile "$T_TMP/sign.cnf" -extensions leaf \
	-out "$T_TMP/issued.crt" 2>/dev/null
cat "$T_TMP/issued.crt" "$F/chain.pem" >"$T_TMP/issued-bundle.pem"

mkdir -p "$T_TMP/o-rt"
ac import "${CA[@]}" --cert "$T_TMP/issued-bundle.pem" --out "$T_TMP/o-rt" \
	--owner "$OWNER" --dns x.phones.example.test
check_eq "import finds the pending key: exit status" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "import: the CSR's name is the file name" "sip.crt sip.key" "$(cd "$T_TMP/o-rt" && echo *)"
check_eq "import: installed key is the CSR's key" \
	"$(openssl req -in "$T_TMP/req.csr" -noout -pubkey)" \
	"$(openssl pkey -in "$T_TMP/o-rt/sip.key" -pubout 2>&1)"
check_eq "import: chain" "sip.example.test|astcert Test Int 2|astcert Test Int 1" \
	"$(cns "$T_TMP/o-rt/sip.crt")"
check_match "import: GnuTLS certtool verifies the chain" \
	'Chain verification output: Verified' \
	"$(certtool --verify --load-ca-certificate "$F/root.pem" --infile "$T_TMP/o-rt/sip.crt" 2>&1)"
check_match "import: the renewal profile names the key type" 'key = "p256"' \
	"$(cat "$T_TMP/state/certs/sip/renewal.conf" 2>&1)"
check "import: the pending CSR is gone" test ! -e "$P"
check "import: the other pending CSR stays" test -e "$T_TMP/state/csr/js/key.pem"

rm -rf "$T_TMP/o-rt"; mkdir -p "$T_TMP/o-rt"
ac import "${CA[@]}" --cert "$T_TMP/issued-bundle.pem" --out "$T_TMP/o-rt" --owner "$OWNER"
check_eq "import again, key gone: exit status 2" 2 "$T_RC"
check_match "import again: says where the key should come from" \
	'issued-bundle\.pem: no private key for this certificate: give the key file, .* \(option --key\)$' "$AC_ERR"
check_eq "import again: nothing written" "" "$(ls -A "$T_TMP/o-rt")"
finish
