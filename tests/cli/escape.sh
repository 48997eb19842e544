#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Hostile text: names, subjects, files and messages with terminal escapes,
# bidi marks, newlines and NULs reach no terminal, log or state file raw,
# and a name with a NUL is refused, never cut short (issue 10, items 3, 4).
. "$top_srcdir/tests/lib.sh"

F=$T_TMP/fx
mkdir -p "$F" "$T_TMP/out-h" "$T_TMP/out-p" "$T_TMP/out-s"
: >"$T_TMP/astcert.conf"
ESC=$'\033' BEL=$'\007' RLO=$'\u202e'

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$F/root.key" -out "$F/root.pem" -days 30 \
	-subj "/CN=Escape Test Root" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$F/leaf.key" 2>/dev/null

# leaf NAME SUBJECT SAN [FROM TO...]: a leaf signed by the test root; each
# FROM placeholder of the request is replaced by TO (bytes the openssl CLI
# cannot take: a NUL, a newline) before the root signs it.
leaf() {
	local n=$1 subj=$2 san=$3; shift 3
	openssl req -x509 -new -key "$F/leaf.key" -utf8 -subj "$subj" -days 30 \
		-addext "subjectAltName=$san" -out "$F/$n.self" 2>/dev/null
	openssl x509 -in "$F/$n.self" -outform DER -out "$F/$n.der"
	python3 - "$F/$n.der" "$@" <<'PY'
import sys
path, pairs = sys.argv[1], sys.argv[2:]
data = open(path, 'rb').read()
for a, b in zip(pairs[::2], pairs[1::2]):
    b = b.encode().replace(b'NUL', b'\0').replace(b'NL', b'\n')
    assert len(a) == len(b) and a.encode() in data
    data = data.replace(a.encode(), b)
open(path, 'wb').write(data)
PY
	printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
		>"$F/$n.ext"
	openssl x509 -x509toreq -inform DER -in "$F/$n.der" \
		-signkey "$F/leaf.key" -copy_extensions copy \
		-out "$F/$n.csr" 2>/dev/null &&
	openssl x509 -req -in "$F/$n.csr" -CA "$F/root.pem" \
		-CAkey "$F/root.key" -days 30 -copy_extensions copy \
		-extfile "$F/$n.ext" -out "$F/$n.pem" 2>/dev/null ||
		echo "fixture $n failed" >&2
}

# the attacks of the issue: a window title, a clear screen, an 8-bit and
# a UTF-8 CSI, a bidi override, a forged output line
leaf hostile "/O=Evil${RLO}Corp/CN=pbx.example.test${ESC}[2J" \
	"DNS:pbx.example.test,DNS:b${ESC}]0;pwn${BEL}x.example.test,DNS:c$(printf '\233')1mx.example.test,DNS:d$(printf '\302\233')1mx.example.test,DNS:eXFAKE LINE: 999 days left" \
	'eXFAKE' 'eNLFAKE'
leaf bidi "/O=Evil${RLO}Corp/CN=pbx.example.test" "DNS:pbx.example.test"
leaf nul "/CN=paypal.com" \
	"DNS:paypal.com@.evil.example.com,DNS:www.example.test" \
	'paypal.com@' 'paypal.comNUL'

# raw FILE...: the bytes a terminal acts on, if any reached the files
raw() {
	LC_ALL=C grep -l -e "$ESC" -e "$BEL" -e $'\x9b' -e $'\xe2\x80\xae' \
		"$@" 2>/dev/null
}
# no_raw DESC FILE...: nothing a terminal acts on, no forged line
no_raw() {
	local desc=$1; shift
	check_eq "$desc: no raw escape, C1 or bidi control" "" "$(raw "$@")"
	check_eq "$desc: no forged line" "" \
		"$(cat "$@" | grep -E '^(FAKE|astcert: all good)')"
}

ac show "$F/hostile.pem"
check_eq "show: exit status 0" 0 "$T_RC"
no_raw "show" "$T_TMP/out" "$T_TMP/err"
check_match "show: the title change is shown escaped" \
	'DNS:b\\x1b\]0;pwn\\x07x\.example\.test' "$AC_OUT"
check_match "show: an 8-bit CSI is shown escaped" 'DNS:c\\x9b1mx' "$AC_OUT"
check_match "show: a UTF-8 CSI is shown escaped" 'DNS:d\\u009b1mx' "$AC_OUT"
check_match "show: the forged line stays on the names line" \
	'DNS:e\\nFAKE LINE: 999 days left' "$AC_OUT"
check_match "show: the bidi override is shown escaped" \
	'O=Evil\\u202eCorp' "$AC_OUT"
check_match "show: the clear screen in the subject is shown escaped" \
	'CN=pbx\.example\.test\\(1B|x1b)\[2J' "$AC_OUT"

ac show --json "$F/hostile.pem"
no_raw "show --json" "$T_TMP/out" "$T_TMP/err"
check_eq "show --json: the names, those no host name can be escaped" \
	'pbx.example.test|b\x1b]0;pwn\x07x.example.test|c\x9b1mx.example.test|d\u009b1mx.example.test|e\nFAKE LINE: 999 days left' \
	"$(python3 -c 'import json,sys; print("|".join(json.load(sys.stdin)["dns"]))' <"$T_TMP/out" 2>&1)"
check_eq "show --json: the CN, escaped" 'pbx.example.test\x1b[2J' \
	"$(python3 -c 'import json,sys; print(json.load(sys.stdin)["cn"])' <"$T_TMP/out" 2>&1)"

# import: names with controls or a NUL are refused, with one safe line
ac import --name hostile --out "$T_TMP/out-h" --owner root:root \
	--cert "$F/hostile.pem" --key "$F/leaf.key" --ca-file "$F/root.pem"
check_eq "import of control characters in names: exit status 2" 2 "$T_RC"
no_raw "import of control characters in names" "$T_TMP/err"
check_match "import of control characters in names: says why" \
	'\\x1b.*refuses' "$AC_ERR"
check_eq "import of control characters in names: nothing managed" "" \
	"$(ls -A "$T_TMP/state/certs" 2>/dev/null)"

ac import --name pp --out "$T_TMP/out-p" --owner root:root --dns paypal.com \
	--cert "$F/nul.pem" --key "$F/leaf.key" --ca-file "$F/root.pem"
check_eq "import --dns paypal.com of paypal.com\\0.evil: exit status 2" \
	2 "$T_RC"
check_match "import of a NUL in a name: says why, whole" \
	'paypal\.com\\x00\.evil\.example\.com.*refuses' "$AC_ERR"
check_eq "import of a NUL in a name: one line" 1 \
	"$(grep -vc 'warning:' "$T_TMP/err")"
check_eq "import of a NUL in a name: nothing managed" "" \
	"$(ls -A "$T_TMP/state/certs" 2>/dev/null)"
ac show "$F/nul.pem"
check_match "show: a NUL in a name is shown, not cut short" \
	'DNS:paypal\.com\\x00\.evil\.example\.com, DNS:www' "$AC_OUT"
ac show --json "$F/nul.pem"
check_eq "show --json: a NUL in a name is not cut short" \
	'paypal.com\x00.evil.example.com|www.example.test' \
	"$(python3 -c 'import json,sys; print("|".join(json.load(sys.stdin)["dns"]))' <"$T_TMP/out" 2>&1)"

# the wizard alike: the same refusal, and a subject's bidi mark shown
# escaped on the result screen (not hidden, not raw)
export ASTCERT_DATA_DIR=$top_srcdir/data
# wiz_import CERT NAME: imports CERT through the wizard, screens in out
wiz_import() {
	mkdir -p "$T_TMP/out-$2"
	printf 'kind = "import";\nimport = { cert = "%s"; key = "%s"; ca_file = "%s"; };\ninstall = { out = "%s"; name = "%s"; owner = "%s"; };\n' \
		"$1" "$F/leaf.key" "$F/root.pem" "$T_TMP/out-$2" "$2" \
		"$(id -un):$(id -gn)" >"$T_TMP/$2.conf"
	printf 'Enter\n%.0s' $(seq 14) >"$T_TMP/script"
	printf 'wait\ndump\nF10\ny\n' >>"$T_TMP/script"
	ac wizard --answers "$T_TMP/$2.conf" --script "$T_TMP/script"
}
wiz_import "$F/hostile.pem" wh
no_raw "wizard import of control characters in names" "$T_TMP/out" "$T_TMP/err"
check_match "wizard: the refusal, escaped" \
	'pbx\.example\.test\\x1b\[2J\), a' "$(tr -d '\n' <"$T_TMP/out")"
wiz_import "$F/bidi.pem" wb
no_raw "wizard import of a bidi mark in the subject" "$T_TMP/out" "$T_TMP/err"
check_match "wizard: the subject's bidi mark shown escaped" \
	'Subject +CN=pbx\.example\.test,O=Evil\\u202eCorp' "$AC_OUT"
rm -rf "$T_TMP/state"

# a managed certificate that holds them (a CA's, or from an older astcert),
# and a renewal that fails with a message quoting a hostile configuration
ac selfsigned --dns pbx.example.test --key p256 --days 10 --name hostile \
	--out "$T_TMP/out-s" --owner "$(id -un):$(id -gn)"
check_eq "selfsigned: exit status 0" 0 "$T_RC"
printf 'reload = ( ["/nonexistent/x\\x1b[2J\\x1b]0;pwn\\x07\\xe2\\x80\\xae\\xc2\\x9b"] );\n' \
	>"$T_TMP/astcert.conf"
in9=$(( $(date +%s) + 9 * 86400 ))
ASTCERT_NOW=$in9 ac renew
check_eq "renew with a hostile reload command: exit status 1" 1 "$T_RC"
no_raw "renew" "$T_TMP/out" "$T_TMP/err"
no_raw "renew: the last-renewal state" "$T_TMP/state/certs/hostile/last-renewal"
check_match "renew: the command is shown escaped" \
	'/nonexistent/x\\x1b\[2J\\x1b\]0;pwn\\x07\\u202e\\u009b' "$AC_ERR"
# (the deployed pair too: status compares it with the state's)
cp "$F/hostile.pem" "$T_TMP/state/certs/hostile/cert.pem"
cp "$F/hostile.pem" "$T_TMP/out-s/hostile.crt"
install -m 0600 "$F/leaf.key" "$T_TMP/out-s/hostile.key"
ASTCERT_NOW=$in9 ac status
no_raw "status" "$T_TMP/out" "$T_TMP/err"
check_match "status: names escaped" 'DNS:b\\x1b\]0;pwn\\x07x' "$AC_OUT"
check_match "status: the last renewal replayed escaped" \
	'last: .*FAILED: .*/nonexistent/x\\x1b\[2J' "$AC_OUT"
ASTCERT_NOW=$in9 ac status --warn-days 30
no_raw "status --warn-days (Nagios)" "$T_TMP/out" "$T_TMP/err"
check_eq "status --warn-days: WARNING" 1 "$T_RC"
check_eq "status --warn-days: every line is astcert's" "" \
	"$(grep -Ev '^(hostile  WARNING|  [a-zA-Z0-9]|$|No renewal timer is installed: )' "$T_TMP/out")"
ASTCERT_NOW=$in9 ac status --json
no_raw "status --json" "$T_TMP/out" "$T_TMP/err"
check_match "status --json: valid JSON with the names" \
	'^pbx\.example\.test\|b\\x1b\]0;pwn\\x07x' \
	"$(python3 -c 'import json,sys; print("|".join(json.load(sys.stdin)["certificates"][0]["dns"]))' <"$T_TMP/out" 2>&1)"

# a renewal profile is a file too: a name in it is checked as on the command
# line, not put into a new certificate
: >"$T_TMP/astcert.conf"
ac selfsigned --dns pbx2.example.test --key p256 --days 10 --name prof \
	--out "$T_TMP/out-s" --owner "$(id -un):$(id -gn)"
sed -i 's/^dns = .*/dns = [ "pbx2.example.test", "b\\x1b]0;pwn\\x07x.example.test" ];/' \
	"$T_TMP/state/certs/prof/renewal.conf"
ASTCERT_NOW=$in9 ac renew --name prof
check_eq "renew of a hostile name in renewal.conf: exit status 1" 1 "$T_RC"
no_raw "renew of a hostile name in renewal.conf" "$T_TMP/out" "$T_TMP/err"
check_match "renew of a hostile name in renewal.conf: says why" \
	'renewal\.conf: "b\\x1b\]0;pwn\\x07x\.example\.test" is not a valid host name' \
	"$AC_ERR"
check_eq "renew of a hostile name in renewal.conf: no certificate for it" \
	"DNS:pbx2.example.test" \
	"$(openssl x509 -in "$T_TMP/state/certs/prof/cert.pem" -noout -ext subjectAltName | sed -n '2s/^ *//p')"

finish
