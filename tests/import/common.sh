# SPDX-License-Identifier: GPL-3.0-or-later
# Shared by the import tests: fixtures and checks of an installed chain.
. "$top_srcdir/tests/import/mkfixtures.sh"

OWNER="$(id -un):$(id -gn)"
F=$T_TMP/fx

# imp NAME ARGS...: astcert import into $T_TMP/o-NAME, trusting the test root
imp() {
	local n=$1; shift
	IMP_N=$n
	rm -rf "$T_TMP/o-$n"; mkdir -p "$T_TMP/o-$n"
	ac import --name "$n" --out "$T_TMP/o-$n" --owner "$OWNER" "$@"
}

# subjects' CNs of the certificates in a PEM file, one line
cns() {
	openssl crl2pkcs7 -nocrl -certfile "$1" 2>/dev/null |
		openssl pkcs7 -print_certs -noout 2>/dev/null |
		sed -n 's/^subject=.*CN = //p' | paste -sd'|'
}

# installed NAME DESC [LEAF_CN]: the whole set of checks on an install
installed() {
	local n=$1 desc=$2 cn=${3:-pbx.example.test}
	local crt=$T_TMP/o-$n/$n.crt key=$T_TMP/o-$n/$n.key
	check_eq "$desc: exit status 0" 0 "$T_RC"
	[ "$T_RC" = 0 ] || diag "$AC_ERR"
	check_eq "$desc: chain leaf first, root dropped" \
		"$cn|astcert Test Int 2|astcert Test Int 1" "$(cns "$crt")"
	check_eq "$desc: modes" "0644 0600" \
		"$(stat -c %04a "$crt" 2>&1) $(stat -c %04a "$key" 2>&1)"
	check_match "$desc: key unencrypted" '^-----BEGIN PRIVATE KEY-----$' \
		"$(head -n 1 "$key" 2>&1)"
	check_eq "$desc: key matches the certificate" \
		"$(openssl x509 -in "$crt" -noout -pubkey 2>&1)" \
		"$(openssl pkey -in "$key" -pubout 2>&1)"
	check_match "$desc: GnuTLS certtool verifies the chain" \
		'Chain verification output: Verified' \
		"$(certtool --verify --load-ca-certificate "$F/root.pem" \
			--infile "$crt" 2>&1)"
}

# refused DESC STATUS REGEX: the last imp failed with STATUS and one line
# matching REGEX, and wrote nothing into its output directory
refused() {
	local desc=$1 status=$2 re=$3
	check_eq "$desc: exit status $status" "$status" "$T_RC"
	check_match "$desc: says why" "$re" "$AC_ERR"
	check_eq "$desc: one line" 1 \
		"$(printf '%s\n' "$AC_ERR" | grep -vc 'run with --verbose')"
	check_eq "$desc: nothing written" "" "$(ls -A "$T_TMP/o-$IMP_N")"
}
