#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A missing intermediate fetched through the leaf's AIA caIssuers URL, from
# a python3 http.server on loopback in a private network namespace.
. "$top_srcdir/tests/lib.sh"
need_netns "$@"
. "$top_srcdir/tests/import/common.sh"
PORT=18080
URL=http://127.0.0.1:$PORT/ca/int2.der
mkfixtures "$F" "$URL" || { echo "Bail out! cannot make the fixtures"; exit 1; }
CA=(--ca-file "$F/root.pem")
WWW=$T_TMP/www
mkdir -p "$WWW/ca"

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WWW" \
	>"$T_TMP/http.log" 2>&1 &
HTTP_PID=$!
T_CLEANUP='kill $HTTP_PID 2>/dev/null; wait $HTTP_PID 2>/dev/null'
wait_until -u "! alive $HTTP_PID" "the web server" port_open "$PORT"

# serve FILE: what the URL answers from now on (nothing when FILE is "")
serve() { rm -f "$WWW/ca/int2.der"; [ -z "$1" ] || cp "$1" "$WWW/ca/int2.der"; }
fetches() { grep -c 'GET /ca/int2.der' "$T_TMP/http.log"; }

serve "$F/int2.der"
imp nofetch "${CA[@]}" --cert "$F/leaf.pem" --key "$F/leaf.key" --chain "$F/int1.pem"
refused "without consent" 2 "leaf\\.pem: the chain is incomplete: .*fetch it from $URL\\. \\(option --fetch-intermediates\\)"
check_eq "without consent: nothing fetched" 0 "$(fetches)"

imp der "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
installed der "fetched DER intermediate"
check_eq "fetched once" 1 "$(fetches)"

serve "$F/int2.pem"
imp pem "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
installed pem "fetched PEM intermediate"

openssl crl2pkcs7 -nocrl -certfile "$F/int2.pem" -outform DER -out "$T_TMP/int2.p7c"
serve "$T_TMP/int2.p7c"
n=$(fetches)
imp full "${CA[@]}" --fetch-intermediates --cert "$F/modern.p12" \
	--passphrase-file "$F/pass.txt"
installed full "complete chain with consent to fetch"
check_eq "complete chain: nothing fetched" "$n" "$(fetches)"
imp p7 "${CA[@]}" --fetch-intermediates --cert "$F/leaf.der" --key "$F/leaf.key" \
	--chain "$F/int1.der"
installed p7 "fetched PKCS#7 intermediate"

serve "$F/int1.der"
imp f "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
refused "wrong certificate served" 2 "$URL: what this address serves is not the issuer of \"pbx\\.example\\.test\""

serve ""
imp f "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
refused "not found" 1 "$URL: the server answered HTTP 404"

head -c 300000 /dev/zero >"$T_TMP/big"
serve "$T_TMP/big"
imp f "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
refused "oversized answer" 1 "$URL: the answer is larger than 256 KiB"

printf 'garbage' >"$T_TMP/garbage"
serve "$T_TMP/garbage"
imp f "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
refused "garbage answer" 2 "$URL: not a certificate"

serve "$F/modern.p12"
imp f "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
refused "PKCS#12 answer not taken" 2 "$URL: not a certificate"

kill $HTTP_PID; wait $HTTP_PID 2>/dev/null
imp f "${CA[@]}" --fetch-intermediates --cert "$F/leaf.pem" --key "$F/leaf.key" \
	--chain "$F/int1.pem"
refused "server down" 1 "$URL: cannot fetch the intermediate certificate"
finish
