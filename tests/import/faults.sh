#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# astcert import refuses what Asterisk's clients would refuse, says why in
# one line naming the file, and writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/import/common.sh"
mkfixtures "$F" || { echo "Bail out! cannot make the fixtures"; exit 1; }
CA=(--ca-file "$F/root.pem")
PASS=(--passphrase-file "$F/pass.txt")
CH=(--chain "$F/chain.pem")

imp f "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$F/wrong.key"
refused "wrong key" 2 'wrong\.key: the private key does not belong to the certificate in .*/leaf\.pem'

imp f "${CA[@]}" "${CH[@]}" --cert "$F/expired.pem" --key "$F/expired.key"
refused "expired" 2 'expired\.pem: the certificate expired on 20'

imp f "${CA[@]}" "${CH[@]}" --cert "$F/sha1.pem" --key "$F/sha1.key"
refused "SHA-1 signature" 2 'sha1\.pem: .* is signed with SHA1, which clients refuse'

imp f "${CA[@]}" "${CH[@]}" --cert "$F/rsa1024.pem" --key "$F/rsa1024.key"
refused "RSA 1024" 2 'rsa1024\.pem: .* has a 1024-bit RSA key'

imp f "${CA[@]}" "${CH[@]}" --cert "$F/client.pem" --key "$F/client.key"
refused "no serverAuth" 2 'client\.pem: .*no serverAuth extended key usage'

imp f "${CA[@]}" --cert "$F/bundle-odd.pem" --dns other.example.test
refused "name not covered" 2 'does not cover other\.example\.test \(it is for: pbx\.example\.test, \*\.voip\.example\.test, 127\.0\.0\.1\)'

imp f "${CA[@]}" --cert "$F/bundle-odd.pem" --dns a.b.voip.example.test
refused "wildcard covers one label only" 2 'does not cover a\.b\.voip\.example\.test'

imp f "${CA[@]}" --cert "$F/bundle-odd.pem" --dns voip.example.test
refused "wildcard does not cover the bare domain" 2 'does not cover voip\.example\.test'

imp f "${CA[@]}" --cert "$F/bundle-odd.pem" --ip 127.0.0.2
refused "IP not covered" 2 'does not cover 127\.0\.0\.2'

imp w "${CA[@]}" --cert "$F/bundle-odd.pem" --dns A.Voip.Example.Test \
	--dns pbx.example.test --ip 127.0.0.1
check_eq "wildcard and IP covered: exit status 0" 0 "$T_RC"

imp f --cert "$F/bundle-odd.pem"
refused "root not trusted" 2 'bundle-odd\.pem: the chain ends at the root .*astcert Test Root, which this system does not trust; .*--ca-file'

imp f "${CA[@]}" --cert "$F/leaf.pem" --key "$F/leaf.key" --chain "$F/int1.pem"
refused "missing intermediate" 2 'leaf\.pem: the chain is incomplete: the issuer of "pbx\.example\.test" .* --fetch-intermediates'

imp f "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$F/key-pkcs8-enc.pem"
refused "encrypted PKCS#8 key, no passphrase" 2 'key-pkcs8-enc\.pem: the private key is encrypted'

printf 'wrong\n' >"$T_TMP/wrong.txt"
imp f "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$F/key-pkcs8-enc.pem" \
	--passphrase-file "$T_TMP/wrong.txt"
refused "encrypted PKCS#8 key, wrong passphrase" 2 'key-pkcs8-enc\.pem: wrong passphrase'

imp f "${CA[@]}" "${CH[@]}" --cert "$F/leaf.pem" --key "$F/key-trad-enc.pem" \
	--passphrase-file "$T_TMP/wrong.txt"
refused "traditional key, wrong passphrase" 2 'key-trad-enc\.pem: wrong passphrase'

imp f "${CA[@]}" --cert "$F/modern.p12"
refused "PKCS#12 without password" 2 'modern\.p12: the PKCS#12 file is protected by a password'

imp f "${CA[@]}" --cert "$F/legacy.p12" --passphrase-file "$T_TMP/wrong.txt"
refused "legacy PKCS#12, wrong password" 2 'legacy\.p12: wrong password'

imp f "${CA[@]}" --cert "$F/leaf.pem" --passphrase secret
check_eq "no passphrase on the command line: exit status 2" 2 "$T_RC"
check_match "no passphrase on the command line: says why" 'visible to every user.*--passphrase-file' "$AC_ERR"

printf 'Dear customer, your order is on its way.\n' >"$T_TMP/letter.txt"
imp f "${CA[@]}" --cert "$T_TMP/letter.txt"
refused "not a certificate" 2 'letter\.txt: not a certificate, key, PKCS#7 or PKCS#12 file'

head -c 600 "$F/bundle-odd.pem" >"$T_TMP/cut.pem"
imp f "${CA[@]}" --cert "$T_TMP/cut.pem"
refused "PEM cut off" 2 'cut\.pem: the "CERTIFICATE" block has no END line'

sed '3s/./#/' "$F/leaf.pem" >"$T_TMP/damaged.pem"
imp f "${CA[@]}" --cert "$T_TMP/damaged.pem" --key "$F/leaf.key"
refused "damaged PEM block" 2 'damaged\.pem: a "CERTIFICATE" block is damaged'

head -c 400 "$F/leaf.der" >"$T_TMP/cut.der"
imp f "${CA[@]}" --cert "$T_TMP/cut.der" --key "$F/leaf.key"
refused "DER cut off" 2 'cut\.der: not a certificate'

: >"$T_TMP/empty.pem"
imp f "${CA[@]}" --cert "$T_TMP/empty.pem"
refused "empty file" 2 'empty\.pem: the file is empty'

imp f "${CA[@]}" --cert "$T_TMP/nonexistent.pem"
refused "missing file" 1 'nonexistent\.pem: cannot open'

imp f "${CA[@]}" --cert "$F/chain.pem" --key "$F/leaf.key"
refused "CA certificates only" 2 'leaf\.key: the private key does not belong to the certificate in .*chain\.pem'

imp f "${CA[@]}" --cert "$F/int2.pem"
refused "no server certificate" 2 'int2\.pem: no server certificate in it'

imp f "${CA[@]}" --cert "$F/leaf.key"
refused "key without certificate" 2 'leaf\.key: holds a key but no certificate'

cat "$F/bundle-odd.pem" "$F/wrong.key" >"$T_TMP/twokeys.pem"
imp f "${CA[@]}" --cert "$T_TMP/twokeys.pem"
refused "two different keys" 2 'twokeys\.pem: a second, different private key'

ac import "${CA[@]}" --cert "$F/bundle-odd.pem" --out "$T_TMP/no/such/dir" --owner "$OWNER"
check_eq "missing output directory: exit status 1" 1 "$T_RC"
check_match "missing output directory: says so" 'no/such/dir does not exist' "$AC_ERR"

# the engine's clock decides expiry, not the machine's
ASTCERT_NOW=$(date -u -d '+400 days' +%s) imp f "${CA[@]}" --cert "$F/bundle-odd.pem"
refused "expired by the ctx clock" 2 'bundle-odd\.pem: the certificate expired on'
ASTCERT_NOW=$(date -u -d '-3 days' +%s) imp f "${CA[@]}" --cert "$F/bundle-odd.pem"
refused "not yet valid by the ctx clock" 2 'the certificate is valid only from'

imp soon "${CA[@]}" "${CH[@]}" --cert "$F/soon.pem" --key "$F/soon.key"
check_eq "expiring in 10 days: installed" 0 "$T_RC"
check_match "expiring in 10 days: warned" 'warning: .*soon\.pem: the certificate expires in [0-9]+ days' "$AC_ERR"

# a failed import leaves the previous files exactly as they were
imp keep "${CA[@]}" --cert "$F/bundle-odd.pem"
check_eq "first install" 0 "$T_RC"
before=$(cd "$T_TMP" && sha256sum o-keep/* state/certs/keep/* && stat -c '%n %a %U' o-keep/*)
for bad in "--cert $F/leaf.pem --key $F/wrong.key ${CH[*]}" \
	   "--cert $F/expired.pem --key $F/expired.key ${CH[*]}" \
	   "--cert $F/leaf.pem --key $F/leaf.key"; do
	# shellcheck disable=SC2086
	ac import --name keep --out "$T_TMP/o-keep" --owner "$OWNER" "${CA[@]}" $bad
	check_eq "refused over an install: ${bad%% --key*}" 2 "$T_RC"
	check_eq "previous files untouched" "$before" \
		"$(cd "$T_TMP" && sha256sum o-keep/* state/certs/keep/* && stat -c '%n %a %U' o-keep/*)"
done
check_eq "nothing archived by failures" "" "$(ls -A "$T_TMP/state/archive" 2>/dev/null)"
ac import --name keep --out "$T_TMP/o-keep" --owner "$OWNER" "${CA[@]}" \
	--cert "$F/modern.p12" "${PASS[@]}"
check_eq "second install" 0 "$T_RC"
check "previous certificate archived" \
	cmp -s "$F/leaf.pem" "$(ls -d "$T_TMP"/state/archive/keep/*/ | head -n 1)/keep.crt" -n "$(wc -c <"$F/leaf.pem")"
finish
