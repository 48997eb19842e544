# SPDX-License-Identifier: GPL-3.0-or-later
# Source it after tests/lib.sh: mkfixtures DIR [AIA_URL] makes a local CA
# with the openssl CLI (root -> int1 -> int2 -> leaves) and every container
# format a purchased certificate comes in.  Passphrase everywhere: "secret".
#
#   root.pem int1.pem int2.pem            the CA; chain.pem = int2 + int1
#   leaf.pem leaf.key                     pbx.example.test, *.voip.example.test,
#                                         IP 127.0.0.1, serverAuth, AIA -> AIA_URL
#   wrong.key expired.pem soon.pem sha1.pem rsa1024.pem(+.key) client.pem
#   leaf.der int2.der int1.der chain.p7b chain-der.p7b modern.p12 legacy.p12
#   bundle-odd.pem crlf-bom.pem key-pkcs8-enc.pem key-trad-enc.pem pass.txt

fx_date() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

fx_sign() { # NAME ISSUER EXT START END [MD]
	local f=$FX
	openssl ca -batch -config "$f/ca.cnf" -cert "$f/$2.pem" \
		-keyfile "$f/$2.key" -in "$f/$1.csr" -out "$f/$1.pem" \
		-extfile "$f/ext.cnf" -extensions "$3" -startdate "$4" \
		-enddate "$5" -md "${6:-sha256}" -notext >/dev/null 2>&1 ||
		{ echo "fixture $1 failed" >&2; return 1; }
}

fx_req() { # NAME KEYSPEC CN
	case $2 in
	ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$FX/$1.key" 2>/dev/null ;;
	rsa*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2#rsa}" \
		-out "$FX/$1.key" 2>/dev/null ;;
	esac
	openssl req -new -key "$FX/$1.key" -subj "/O=astcert test/CN=$3" \
		-out "$FX/$1.csr" 2>/dev/null
}

mkfixtures() {
	FX=$1
	local aia=${2:-http://127.0.0.1:9/int2.der}
	local past now soon long
	mkdir -p "$FX/newcerts"
	: >"$FX/index.txt"
	echo 1000 >"$FX/serial"
	cat >"$FX/ca.cnf" <<CNF
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = $FX
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
organizationName = optional
commonName = supplied
CNF
	cat >"$FX/ext.cnf" <<CNF
[ root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ int1 ]
basicConstraints = critical,CA:TRUE,pathlen:1
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ int2 ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:pbx.example.test,DNS:*.voip.example.test,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = caIssuers;URI:$aia
[ client ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:pbx.example.test
authorityKeyIdentifier = keyid
CNF
	past=$(fx_date '-730 days'); now=$(fx_date '-1 hour')
	soon=$(fx_date '+10 days'); long=$(fx_date '+3650 days')
	fx_req root ec "astcert Test Root" && fx_req int1 ec "astcert Test Int 1" &&
	fx_req int2 ec "astcert Test Int 2" || return 1
	openssl ca -batch -config "$FX/ca.cnf" -selfsign -keyfile "$FX/root.key" \
		-in "$FX/root.csr" -out "$FX/root.pem" -extfile "$FX/ext.cnf" \
		-extensions root -startdate "$past" -enddate "$(fx_date '+7300 days')" \
		-md sha256 -notext >/dev/null 2>&1 || return 1
	fx_sign int1 root int1 "$past" "$long" && fx_sign int2 int1 int2 "$past" "$long" || return 1
	fx_req leaf rsa2048 pbx.example.test && fx_sign leaf int2 leaf "$now" "$(fx_date '+365 days')" &&
	fx_req expired ec pbx.example.test && fx_sign expired int2 leaf "$past" "$(fx_date '-30 days')" &&
	fx_req soon ec pbx.example.test && fx_sign soon int2 leaf "$now" "$soon" &&
	fx_req sha1 ec pbx.example.test && fx_sign sha1 int2 leaf "$now" "$long" sha1 &&
	fx_req rsa1024 rsa1024 pbx.example.test && fx_sign rsa1024 int2 leaf "$now" "$long" &&
	fx_req client ec pbx.example.test && fx_sign client int2 client "$now" "$long" || return 1
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$FX/wrong.key" 2>/dev/null
	cat "$FX/int2.pem" "$FX/int1.pem" >"$FX/chain.pem"
	printf 'secret\n' >"$FX/pass.txt"
	# containers
	openssl x509 -in "$FX/leaf.pem" -outform DER -out "$FX/leaf.der"
	openssl x509 -in "$FX/int2.pem" -outform DER -out "$FX/int2.der"
	openssl x509 -in "$FX/int1.pem" -outform DER -out "$FX/int1.der"
	openssl crl2pkcs7 -nocrl -certfile "$FX/int1.pem" -certfile "$FX/leaf.pem" \
		-certfile "$FX/root.pem" -certfile "$FX/int2.pem" -out "$FX/chain.p7b"
	openssl crl2pkcs7 -nocrl -certfile "$FX/int2.pem" -certfile "$FX/leaf.pem" \
		-certfile "$FX/int1.pem" -outform DER -out "$FX/chain-der.p7b"
	openssl pkcs12 -export -inkey "$FX/leaf.key" -in "$FX/leaf.pem" \
		-certfile "$FX/chain.pem" -passout pass:secret -out "$FX/modern.p12"
	openssl pkcs12 -export -legacy -inkey "$FX/leaf.key" -in "$FX/leaf.pem" \
		-certfile "$FX/chain.pem" -passout pass:secret -out "$FX/legacy.p12" 2>/dev/null ||
		openssl pkcs12 -export -provider legacy -provider default \
			-keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-RC2-40 -macalg sha1 \
			-inkey "$FX/leaf.key" -in "$FX/leaf.pem" -certfile "$FX/chain.pem" \
			-passout pass:secret -out "$FX/legacy.p12"
	openssl pkcs8 -topk8 -v2 aes-256-cbc -in "$FX/leaf.key" -passout pass:secret \
		-out "$FX/key-pkcs8-enc.pem"
	openssl rsa -in "$FX/leaf.key" -aes256 -traditional -passout pass:secret \
		-out "$FX/key-trad-enc.pem" 2>/dev/null
	{	echo "Bag Attributes: as pasted from an export"
		cat "$FX/int1.pem"
		echo "this is the key:"
		cat "$FX/leaf.key" "$FX/leaf.pem" "$FX/root.pem" "$FX/int2.pem"
		cat "$FX/leaf.pem"; } >"$FX/bundle-odd.pem"
	{	printf '\xef\xbb\xbfHello,\nhere is your certificate, as ordered:\n\n'
		cat "$FX/leaf.pem"; echo; echo "Intermediate:"; cat "$FX/int2.pem"
		cat "$FX/int1.pem"; echo "Kind regards, the CA"; } |
		sed 's/$/\r/' >"$FX/crlf-bom.pem"
	[ -s "$FX/legacy.p12" ] && [ -s "$FX/key-trad-enc.pem" ]
}
