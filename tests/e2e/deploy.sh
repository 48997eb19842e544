#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard sets up Asterisk after installing: astcert's include files,
# the reload commands, and a check of what the TLS port serves (here an
# openssl s_server still serving an old certificate: a mismatch).
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-wizard.sh"

root=$T_TMP/root
keys=$T_TMP/keys
mkdir -p "$root/etc/asterisk" "$keys"
chmod 755 "$T_TMP" "$root" "$root/etc" "$root/etc/asterisk" "$keys"
cat >"$T_TMP/astcert.conf" <<CONF
asterisk_user = "nobody";
reload = ( ["true"] );
verify = [ "127.0.0.1:5061" ];
CONF
export ASTCERT_ROOT=$root ASTCERT_DATA_DIR=$top_srcdir/data

# something else on the SIP-TLS port: what a failed reload leaves behind
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/old.key" -out "$T_TMP/old.crt" -days 2 -subj /CN=old \
	2>/dev/null
openssl s_server -quiet -accept 127.0.0.1:5061 -cert "$T_TMP/old.crt" \
	-key "$T_TMP/old.key" -www >/dev/null 2>&1 &
old_pid=$!
T_CLEANUP="kill $old_pid 2>/dev/null"
wait_until -u "! alive $old_pid" "s_server's first handshake" \
	openssl s_client -connect 127.0.0.1:5061 </dev/null

printf '%s\n' "Enter" "Enter" "type pbx.example.com" "Enter" "Enter" \
	"Enter" "Enter" "Enter" "Enter" "Enter" "Enter" "Enter" "Enter" \
	"C-u" "type $keys" "Enter" "Enter" "C-u" "type root:nogroup" "Enter" \
	"dump" "Enter" "dump" "Enter" "wait" "dump" "Enter" >"$T_TMP/script"
# tall enough for long build paths: the result screen does not scroll
ac wizard --script "$T_TMP/script" --size 100x40
check_eq "the wizard ends with 0 (the certificate is installed)" 0 "$T_RC"
check_match "Asterisk is offered: its configuration and user exist" '\[x\] yes' "$(screen 1)"
check_match "the review shows the deploy command" 'astcert deploy --name pbx.example.com' "$(screen 2)"
result=$(screen 3)
check_match "the result says installed" 'The certificate is installed\.' "$result"
# (lines wrap at 80 columns wherever the path makes them)
check_match "the result gives the include line" '#include astcert/pjsip.conf' \
	"$(printf '%s' "$result" | tr -s ' \n' ' ')"
check_match "the result reports what the port serves" '127.0.0.1:5061 serves another certificate' "$result"
check "the pjsip include file was written" test -s "$root/etc/asterisk/astcert/pjsip.conf"
check_match "it points at the installed files" "cert_file=$keys/pbx.example.com.crt" \
	"$(cat "$root/etc/asterisk/astcert/pjsip.conf")"
check_match "the method is always set" '^method=tlsv1_2' "$(cat "$root/etc/asterisk/astcert/pjsip.conf")"

finish
