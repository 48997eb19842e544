#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every job the private-CA path builds honours every answer: the CA made
# on the way goes to the directory chosen, with the owner chosen, not to
# the configured key directory; the phones get the key type and validity
# chosen.
. "$top_srcdir/tests/lib.sh"

root=$T_TMP/root
mkdir -p "$root/etc/asterisk/keys"
keys=$T_TMP/elsewhere
mkdir -p "$keys"
export ASTCERT_ROOT=$root ASTCERT_DATA_DIR=$top_srcdir/data
if [ "$(id -u)" = 0 ]; then owner=nobody:nogroup
else owner="$(id -un):$(id -gn)"; fi
cat >"$T_TMP/answers.conf" <<END
kind = "ca";
dns = [ "sip.example.com" ];
key = "p256";
days = 200;
ca = { phones = [ "00:04:f2:a1:b2:c3" ]; };
install = { out = "$keys"; name = "sip"; owner = "$owner"; deploy = false; };
END
# welcome, path, names, subject, key, phones, install: Enter through each
# field to the review, then run
printf 'Enter\n%.0s' $(seq 20) >"$T_TMP/script"
printf 'wait\ndump\nEnter\n' >>"$T_TMP/script"
ac wizard --answers "$T_TMP/answers.conf" --script "$T_TMP/script" --size 80x24
check_eq "private CA: the run ends with 0" 0 "$T_RC"
check "the CA certificate is in the directory chosen" test -s "$keys/astcert-ca.crt"
check "... with its DER form" test -s "$keys/astcert-ca.der"
check_eq "... owned by the owner chosen" "0644 $owner" \
	"$(stat_mode "$keys/astcert-ca.crt" 2>&1)"
check_eq "nothing in the configured key directory" "" \
	"$(ls "$root/etc/asterisk/keys")"
check "the server certificate is there too" test -s "$keys/sip.crt"
phone=$T_TMP/state/ca/phones/0004f2a1b2c3/0004f2a1b2c3.crt
check "the phone's certificate was made" test -s "$phone"
check_match "the phone's key is the type chosen (P-256)" 'prime256v1|P-256' \
	"$(openssl x509 -in "$phone" -noout -text 2>&1)"
days=$(( ($(date -d "$(openssl x509 -in "$phone" -noout -enddate | cut -d= -f2)" +%s) - $(date +%s) + 43200) / 86400 ))
check_eq "the phone's certificate lasts the validity chosen" 200 "$days"
finish
