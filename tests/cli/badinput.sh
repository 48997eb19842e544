#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Bad input: one clear line naming the problem, exit 2, nothing written.
. "$top_srcdir/tests/lib.sh"

out=$T_TMP/keys
mkdir -p "$out"

# bad ARGS... EXPECTED-REGEX: exit 2, the first stderr line matches, the
# output directory and the state stay empty
bad() {
	local want=${*: -1} desc="rejects: ${*:1:$#-1}"
	ac selfsigned --out "$out" --owner root:root "${@:1:$#-1}"
	local first=${AC_ERR%%$'\n'*}
	if [ "$T_RC" = 2 ] && printf '%s\n' "$first" | grep -Eq -- "$want" &&
	   [ -z "$(ls -A "$out")" ] && [ ! -e "$T_TMP/state/certs" ]; then
		ok "$desc"
	else
		not_ok "$desc"; diag "rc=$T_RC stderr: $AC_ERR"; diag "out: $(ls -A "$out")"
	fi
}

bad --dns 'pbx..example.com' 'pbx\.\.example\.com.*not a valid host name'
bad --dns 'pbx_1.example.com' "not a valid host name: the character '_'"
bad --dns 'bad name' 'not a valid host name'
bad --ip 300.1.2.3 '300\.1\.2\.3.*not a valid IP address'
bad --cn pbx.example.com --country CAN 'CAN.*two-letter'
bad --cn pbx.example.com --country 1A '1A.*two-letter'
bad --subject /C=CA/O=Example 'common name \(CN\) is empty'
bad --cn '' 'common name \(CN\) is empty'
bad --cn pbx.example.com --days 0 'days "0".*1 to 36500'
bad --cn pbx.example.com --days 36501 'days "36501"'
bad --cn pbx.example.com --days 12x 'days "12x"'
bad --cn pbx.example.com --key dsa1024 'Unknown key type "dsa1024"'
bad --subject 'C=CA/CN=x' "must start with '/'"
bad --subject '/C=CA/CN' 'does not parse: "CN" has no'
bad --subject '/C=CA/XX=1/CN=x' 'unknown field "XX"'
bad --cn pbx.example.com --owner nosuchuser:root 'Unknown user "nosuchuser"'
bad --cn pbx.example.com --owner root:nosuchgroup 'Unknown group "nosuchgroup"'
bad --cn pbx.example.com --name ../evil 'cannot be a file name'
bad --cn "PBX $(printf 'a%.0s' {1..61})" 'Common name is too long: 65 characters'
bad --cn pbx.example.com stray 'unexpected argument "stray"'
bad --cn pbx.example.com --bogus 'unknown option "--bogus"'

ac selfsigned --cn pbx.example.com --out "$T_TMP/missing" --owner root:root
check_eq "a missing directory exits 2? no: 1 (an I/O problem)" 1 "$T_RC"
check_match "a missing directory is named with the fix" "$T_TMP/missing does not exist: create it" "$AC_ERR"
check_eq "a missing directory: one line" 1 "$(printf '%s\n' "$AC_ERR" | wc -l)"
check "a missing directory: nothing created" test ! -e "$T_TMP/missing"

touch "$T_TMP/file"
ac selfsigned --cn pbx.example.com --out "$T_TMP/file" --owner root:root
check_match "a file as --out is named" "file is not a directory" "$AC_ERR"

# an unwritable directory (as another user; root may write anywhere)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	ro=$T_TMP/readonly; mkdir -p "$ro"; chmod 755 "$ro"; chmod 755 "$T_TMP"
	rc=0; err=$(ASTCERT_STATE_DIR=$T_TMP/nobody-state setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$ASTCERT" selfsigned --cn pbx.example.com --out "$ro" 2>&1) || rc=$?
	check_eq "an unwritable directory fails" 1 "$rc"
	check_match "an unwritable directory is named" "Cannot write in $ro" "$err"
	check_eq "an unwritable directory: nothing written" "" "$(ls -A "$ro")"
else
	skip "unwritable directory needs root and setpriv"
	skip "unwritable directory needs root and setpriv"
	skip "unwritable directory needs root and setpriv"
fi

# a broken config file names file and line, and nothing runs
printf 'key = "p256";\ndays = ;\n' > "$T_TMP/astcert.conf"
ac selfsigned --cn pbx.example.com --out "$out" --owner root:root
check_eq "a broken config exits 2" 2 "$T_RC"
check_match "a broken config names file:line" "astcert.conf:2: " "$AC_ERR"
check_eq "a broken config: nothing written" "" "$(ls -A "$out")"
rm -f "$T_TMP/astcert.conf"

# show: missing and damaged files
ac show "$T_TMP/nothere.pem"
check_eq "show of a missing file fails" 1 "$T_RC"
check_match "show names the missing file" "nothere.pem: cannot open" "$AC_ERR"
printf 'hello\n' > "$T_TMP/junk.pem"
ac show "$T_TMP/junk.pem"
check_eq "show of junk is bad input" 2 "$T_RC"
check_match "show names the junk file" "junk.pem: no certificate found" "$AC_ERR"

ASTCERT_NOW=yesterday ac selfsigned --cn pbx.example.com --out "$out"
check_match "a bad ASTCERT_NOW is named" 'ASTCERT_NOW="yesterday"' "$AC_ERR"

finish
