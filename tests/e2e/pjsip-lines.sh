#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The result's Asterisk lines are what 'astcert deploy' writes, one option
# per line: the self-signed path (whose include file names no public CA)
# and the private CA's (with ca_list_file).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-wizard.sh"

root=$T_TMP/root
keys=$root/etc/asterisk/keys
mkdir -p "$keys"
cat >"$T_TMP/astcert.conf" <<CONF
asterisk_user = "$(id -un)";
reload = ( ["true"] );
verify = [ ];
CONF
export ASTCERT_ROOT=$root ASTCERT_DATA_DIR=$top_srcdir/data
owner="$(id -un):$(id -gn)"
# shown N: the Asterisk lines of screen N, from [astcert-tls] on
shown() {
	screen "$1" | sed -n '/^    \[astcert-tls\]/,$p' | sed '$d' |
		sed -e 's/^    //' | cat -s | sed -e '${/^$/d}'
}
# written: what deploy wrote, its comments left out
written() {
	sed -e '/^;/d' "$root/etc/asterisk/astcert/pjsip.conf" | cat -s |
		sed -n '/^\[astcert-tls\]/,$p' | sed -e '${/^$/d}'
}
# install: through the install screen's fields to the review, "Set up
# Asterisk" (ticked: the configuration names a user) unticked
install="C-u
type $keys
Enter
Enter
C-u
type $owner
Enter
Space
Enter"

printf '%s\n' Enter Enter "type pbx.example.com" Enter Enter Enter Enter \
	Enter Enter Enter Enter Enter Enter "$install" Enter wait dump Enter \
	>"$T_TMP/script"
ac wizard --script "$T_TMP/script" --size 200x70
check_eq "self-signed: installed" 0 "$T_RC"
check_match "the #include line to add" '^    #include astcert/pjsip.conf$' "$(screen 1)"
check_match "one option per line" '^    type=transport$' "$(screen 1)"
check_match "the SRTP endpoint template" '^    media_encryption=sdes$' "$(screen 1)"
shown 1 >"$T_TMP/shown"
ac deploy --name pbx.example.com
check_eq "deploy runs" 0 "$T_RC"
check_eq "self-signed: the lines shown are the lines deploy writes" \
	"$(written)" "$(cat "$T_TMP/shown")"
check_eq "the include file names no public CA for a self-signed certificate" \
	0 "$(grep -c 'public CA' "$root/etc/asterisk/astcert/pjsip.conf")"
check_match "it says the phones trust the certificate itself" \
	'each phone must trust this certificate itself' \
	"$(cat "$root/etc/asterisk/astcert/pjsip.conf")"

# the private CA: Down to it, names, subject, key, phones, install
printf '%s\n' Enter Down Enter "type sip.example.com" Enter Enter Enter \
	Enter Enter Enter Enter Enter Enter Enter Enter Enter "$install" Enter \
	wait dump Enter >"$T_TMP/script"
ac wizard --script "$T_TMP/script" --size 200x70
check_eq "private CA: installed" 0 "$T_RC"
check_match "private CA: ca_list_file names the CA file" \
	"^    ca_list_file=$keys/astcert-ca.crt\$" "$(screen 1)"
shown 1 >"$T_TMP/shown"
ac deploy --name sip.example.com
check_eq "deploy runs" 0 "$T_RC"
check_eq "private CA: the lines shown are the lines deploy writes" \
	"$(written)" "$(cat "$T_TMP/shown")"

# "Set up Asterisk" ticked: the wizard deploys and shows what it wrote
printf '%s\n' Enter Enter "type pbx2.example.com" Enter Enter Enter Enter \
	Enter Enter Enter Enter Enter Enter "$(printf '%s\n' "$install" |
	grep -vx Space)" Enter wait dump Enter >"$T_TMP/script"
ac wizard --script "$T_TMP/script" --size 200x80
check_eq "deployed from the wizard" 0 "$T_RC"
check_match "the file written is named" \
	"^  $root/etc/asterisk/astcert/pjsip.conf\$" "$(screen 1)"
check_eq "and its lines are shown" "$(written)" "$(shown 1)"
finish
