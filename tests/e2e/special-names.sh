#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Names under special-use domains (.local, .internal, .test, home.arpa...)
# are refused, in one line, for a public CA (Let's Encrypt, its staging,
# ZeroSSL...), before anything is asked of it; a CA of one's own (step-ca,
# the suite's Pebble) may certify them.
. "$top_srcdir/tests/lib.sh"
need_netns

export ASTCERT_DATA_DIR=$top_srcdir/data
screen() { awk -v n="$1" '/^-+$/ {i++; next} i == n - 1' "$T_TMP/out"; }
title() { screen "$1" | sed -n '1s/^ astcert — //p'; }
mkdir -p "$T_TMP/keys"
acme() {
	ac acme --agree-tos --skip-checks --out "$T_TMP/keys" --owner root:root "$@"
}

acme --domain pbx.local
check_eq "pbx.local for Let's Encrypt: status 2" 2 "$T_RC"
check_match "... one line naming the name, the domain and what to do" \
	'^astcert: pbx\.local is under \.local, a special-use domain that no public CA certifies: give a public DNS name, or choose the private CA for names on the LAN\. \(option --domain\)$' \
	"$AC_ERR"
acme --domain sip.example.com --domain pbx.corp.internal --staging
check_match "pbx.corp.internal for Let's Encrypt staging: refused" \
	'pbx\.corp\.internal is under \.internal' "$AC_ERR"
acme --domain phone.home.arpa --server https://acme.zerossl.com/v2/DV90
check_match "phone.home.arpa for ZeroSSL: refused" \
	'phone\.home\.arpa is under \.home\.arpa' "$AC_ERR"
acme --domain PBX.Test. --server https://dv.acme-v02.api.pki.goog/directory
check_match "PBX.Test. for Google: refused" 'pbx\.test is under \.test' "$AC_ERR"
# a CA of one's own: the name passes, and the run goes on to the CA (no
# one listens on that port: a connection error, not the name)
acme --domain pbx.test --server https://127.0.0.1:9/dir
check_eq "pbx.test for a CA of one's own: status 1 (the CA is out of reach)" 1 "$T_RC"
check_fails "... the name is not refused" grep -q 'special-use' <<<"$AC_ERR"
acme --domain pbx.localnet.example.com --domain notlocal.com \
	--server https://127.0.0.1:9/dir
check_fails "names that only look alike are not special-use" grep -q 'special-use' <<<"$AC_ERR"

# the wizard: asked where the CA is chosen, the screen after the names
printf '%s\n' Enter Home Enter "type pbx.local" Enter Enter dump Down Down \
	Enter "type https://ca.example.net/acme/directory" Enter dump F10 y \
	>"$T_TMP/script"
ac wizard --script "$T_TMP/script" --size 80x24
check_eq "wizard: pbx.local for Let's Encrypt stays on the CA screen" \
	"step 4 of 10: Certificate authority" "$(title 1)"
check_match "... saying why" 'pbx\.local is under \.local, a special-use domain' \
	"$(screen 1 | tr -s ' \n' ' ')"
check_fails "... and naming no option" grep -q -- '--domain' <<<"$(screen 1)"
check_fails "another ACME CA takes it" grep -q 'special-use' <<<"$(screen 2)"
check_match "... and the focus moves on (to the EAB key ID)" \
	'External Account Binding ties this account' "$(screen 2)"
finish
