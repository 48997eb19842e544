#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert selfsigned through the real binary, checked by openssl and GnuTLS.
. "$top_srcdir/tests/lib.sh"

out=$T_TMP/keys
mkdir -p "$out"
subject=/C=CA/ST=Ontario/L=Toronto/O=ShiftEight/CN=shifteight.org

ac selfsigned --subject "$subject" --out "$out" --owner root:nogroup
check_eq "the book's subject form succeeds" 0 "$T_RC"
crt=$out/shifteight.org.crt key=$out/shifteight.org.key
check_eq "key is 0640 root:nogroup" "0640 root:nogroup" "$(stat_mode "$key")"
check_eq "certificate is 0644 root:nogroup" "0644 root:nogroup" "$(stat_mode "$crt")"
check_eq "state key copy is 0600" "0600" "$(stat -c %04a "$T_TMP/state/certs/shifteight.org/privkey.pem")"
check_match "summary shows the names" 'Names +DNS:shifteight\.org' "$AC_OUT"
# 825 days, or 824 when a second ticks between issuing and printing
check_match "summary shows days left" '\(82[45] days left\)' "$AC_OUT"
fp=$(openssl x509 -in "$crt" -noout -fingerprint -sha256 | cut -d= -f2)
check_match "summary shows openssl's SHA-256 fingerprint" "SHA-256 +$fp" "$AC_OUT"
check_match "summary shows the pjsip transport" 'method=tlsv1_2' "$AC_OUT"

text=$(openssl x509 -in "$crt" -noout -text)
check_match "v3" 'Version: 3' "$text"
check_match "basicConstraints CA:FALSE critical" 'Basic Constraints: critical' "$text"
check_match "an end entity" 'CA:FALSE' "$text"
check_match "serverAuth EKU" 'TLS Web Server Authentication' "$text"
check_match "SHA-256 signature" 'sha256WithRSAEncryption' "$text"
check_match "CN kept" 'Subject: C = CA, ST = Ontario, L = Toronto, O = ShiftEight, CN = shifteight.org' "$text"
check_match "CN is the first SAN" 'DNS:shifteight.org' "$text"
check_match "RSA 2048 by default" 'Public-Key: \(2048 bit\)' "$text"
check_match "SKI present" 'Subject Key Identifier' "$text"
serial=$(openssl x509 -in "$crt" -noout -serial | cut -d= -f2)
check "serial has at least 64 bits" test "${#serial}" -ge 16
days=$(( ($(date -d "$(openssl x509 -in "$crt" -noout -enddate | cut -d= -f2)" +%s) - $(date +%s)) / 86400 ))
check "valid for 825 days by default" test "$days" -ge 824 -a "$days" -le 825
nb=$(date -d "$(openssl x509 -in "$crt" -noout -startdate | cut -d= -f2)" +%s)
na=$(date -d "$(openssl x509 -in "$crt" -noout -enddate | cut -d= -f2)" +%s)
check_eq "notBefore to notAfter is exactly 825 days (Apple's limit)" $((825 * 86400)) $((na - nb))
check "openssl verify accepts it as its own anchor" openssl verify -CAfile "$crt" "$crt"
check "key matches certificate (openssl)" test \
	"$(openssl x509 -in "$crt" -noout -pubkey | openssl sha256)" = \
	"$(openssl pkey -in "$key" -pubout | openssl sha256)"

gt=$(certtool -i --infile "$crt" 2>&1)
check_match "GnuTLS parses it: CA FALSE" 'Certificate Authority \(CA\): FALSE' "$gt"
check_match "GnuTLS parses it: SAN" 'DNSname: shifteight.org' "$gt"
check_match "GnuTLS parses it: TLS server EKU" 'TLS WWW Server' "$gt"
check "GnuTLS reads the key" certtool -k --infile "$key"

# several names, IP addresses, IDN, EC key
ac selfsigned --dns pbx.example.com --dns sip.example.com --dns pbx.bücher.example \
	--ip 192.0.2.10 --ip 2001:db8::10 --key p256 --name multi --out "$out" \
	--owner root:root
check_eq "several names succeed" 0 "$T_RC"
text=$(openssl x509 -in "$out/multi.crt" -noout -text)
check_match "all SANs present" 'DNS:pbx.example.com, DNS:sip.example.com, DNS:pbx.xn--bcher-kva.example, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:10' "$text"
check_match "CN is the first DNS name" 'CN = pbx.example.com' "$text"
check_match "ECDSA P-256" 'NIST CURVE: P-256' "$text"
check_match "IDN shown in both forms" 'DNS:pbx\.bücher\.example → pbx\.xn--bcher-kva\.example' "$AC_OUT"
check_eq "own group: key 0600" "0600 root:root" "$(stat_mode "$out/multi.key")"

# a CN that is a name is a SAN even when only IP addresses are given
ac selfsigned --cn pbx2.example.com --ip 192.0.2.20 --out "$out" --owner root:root
check_match "CN and IP: both are SANs, the CN first" 'DNS:pbx2.example.com, IP Address:192.0.2.20' \
	"$(openssl x509 -in "$out/pbx2.example.com.crt" -noout -ext subjectAltName)"

# the default owner, on a host without Asterisk and on one with it (the
# test's own users, never the host's: tests/lib.sh)
if users_asterisk; then
	ac selfsigned --cn default.example.com --out "$out"
	check_eq "default owner without an asterisk group: key 0600 root:root" "0600 root:root" "$(stat_mode "$out/default.example.com.key")"
	users_asterisk user group
	ac selfsigned --cn default2.example.com --out "$out"
	check_eq "default owner with an asterisk group: root:asterisk, key 0640" "0640 root:asterisk" "$(stat_mode "$out/default2.example.com.key")"
	users_asterisk
else
	skip "needs root for private users and groups"
	skip "needs root for private users and groups"
fi

# the book's 3650 days works, with a warning
ac selfsigned --cn long.example.com --days 3650 --out "$out" --owner root:root
check_eq "3650 days works" 0 "$T_RC"
check_match "3650 days warns about browsers" 'warning: .*825 days' "$AC_ERR"

# JSON
ac selfsigned --cn json.example.com --out "$out" --owner root:root --json
check "--json is valid JSON" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["certificate"]["dns"]==["json.example.com"]; assert len(d["files"])==7' "$T_TMP/out"

# replacing: the previous files are archived, never lost
old_fp=$(openssl x509 -in "$crt" -noout -fingerprint -sha256)
ac selfsigned --subject "$subject" --out "$out" --owner root:nogroup
check_eq "a second run succeeds" 0 "$T_RC"
new_fp=$(openssl x509 -in "$crt" -noout -fingerprint -sha256)
check "the certificate was replaced" test "$old_fp" != "$new_fp"
arch=$(ls -d "$T_TMP"/state/archive/shifteight.org/*/ | head -n1)
check_eq "the previous certificate is in the archive" "$old_fp" \
	"$(openssl x509 -in "$arch/shifteight.org.crt" -noout -fingerprint -sha256)"
check_eq "the archived key keeps its mode" "0640 root:nogroup" "$(stat_mode "$arch/shifteight.org.key")"
check_eq "no temporary files left" "" "$(ls -A "$out" | grep '^\.' || true)"

# show
ac show "$crt"
check_eq "show succeeds" 0 "$T_RC"
check_match "show prints the fingerprint" "$(echo "$new_fp" | cut -d= -f2)" "$AC_OUT"
ac show --json "$crt"
check "show --json is valid" python3 -m json.tool "$T_TMP/out"

finish
