#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# libcurl and libmicrohttpd are not linked into astcert (src/dl.h): commands
# without HTTP never load them, the HTTP ones load them when they need them.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/checks/lib-checks.sh" || exit 99

needed=$(readelf -d "$ASTCERT" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
check_match "readelf sees the NEEDED entries" '^libc\.so' "$needed"
check_eq "no NEEDED libcurl or libmicrohttpd" "" \
	"$(printf '%s\n' "$needed" | grep -E 'libcurl|libmicrohttpd')"
# hidden trampolines: libcurl can never bind to astcert's curl_* functions
check_eq "no curl_* or MHD_* symbol exported or imported" "" \
	"$(nm -D "$ASTCERT" | grep -E ' (curl_|MHD_)')"

# loaded LD_DEBUG=files COMMAND...: the libraries the run opened, one a line
loaded() {
	LD_DEBUG=files ASTCERT_STATE_DIR="$T_TMP/state" \
		ASTCERT_CONF="$T_TMP/astcert.conf" "$ASTCERT" "$@" \
		>"$T_TMP/out" 2>"$T_TMP/ld" || true
	sed -n 's/.*file=\(lib[^ ]*\) .*/\1/p' "$T_TMP/ld" | sort -u
}

mkdir -p "$T_TMP/keys"
libs=$(loaded --version)
check_match "LD_DEBUG lists what --version loads" '^libcrypto\.so' "$libs"
check_eq "--version loads neither library" "" \
	"$(printf '%s\n' "$libs" | grep -E 'libcurl|libmicrohttpd')"
libs=$(loaded selfsigned --dns pbx.test --name asterisk --key p256 \
	--out "$T_TMP/keys" --owner "$(id -un):$(id -gn)")
check "selfsigned made its files" test -s "$T_TMP/keys/asterisk.crt"
check_eq "selfsigned loads neither library" "" \
	"$(printf '%s\n' "$libs" | grep -E 'libcurl|libmicrohttpd')"
libs=$(loaded show "$T_TMP/keys/asterisk.crt")
check_eq "show loads neither library" "" \
	"$(printf '%s\n' "$libs" | grep -E 'libcurl|libmicrohttpd')"

# the clock check asks an ACME directory over HTTP(S): libcurl only
libs=$(loaded check pbx.test --only clock --server http://127.0.0.1:1/dir)
check_match "check --only clock loads libcurl" '^libcurl\.so' "$libs"
check_eq "check --only clock does not load libmicrohttpd" "" \
	"$(printf '%s\n' "$libs" | grep libmicrohttpd)"

# the self-test serves a token with the built-in responder and fetches it
start_dns
PORT=18080
libs=$(loaded check --only port,selftest --http-port $PORT here.test)
check_match "the self-test passed" "^✓ Self-test for here.test" \
	"$(cat "$T_TMP/out")"
check_match "the self-test loads libmicrohttpd" '^libmicrohttpd\.so' "$libs"
check_match "the self-test loads libcurl" '^libcurl\.so' "$libs"

finish
