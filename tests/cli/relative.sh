#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A relative --out is stored absolute and canonical (renewal.conf, journal,
# printed Asterisk lines), so renewal from the timer (cwd /) and recovery
# from another directory act on the same files.
. "$top_srcdir/tests/lib.sh"

work=$T_TMP/work
mkdir -p "$work/sub" "$work/keys"
abs=$(cd "$work/keys" && pwd -P)
state=$T_TMP/state
conf=$T_TMP/astcert.conf
# run_in DIR ARGS...: astcert run from DIR
run_in() {
	local dir=$1; shift
	T_RC=0
	(cd "$dir" && ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$conf" \
		"$ASTCERT" "$@") >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_OUT=$(cat "$T_TMP/out"); AC_ERR=$(cat "$T_TMP/err")
}
pair_matches() {
	[ "$(openssl x509 -in "$abs/pbx.crt" -noout -pubkey | openssl sha256)" = \
	  "$(openssl pkey -in "$abs/pbx.key" -pubout 2>/dev/null | openssl sha256)" ]
}

run_in "$work" selfsigned --cn pbx.example.com --name pbx --key p256 \
	--out sub/../keys --owner "$(id -un):$(id -gn)"
check_eq "selfsigned with a relative --out" 0 "$T_RC"
check_match "renewal.conf holds the absolute, canonical directory" \
	"^out = \"$abs\";" "$(cat "$state/certs/pbx/renewal.conf")"
check_match "the printed pjsip lines name absolute files" \
	"cert_file=$abs/pbx.crt" "$AC_OUT"
check_match "... the key too" "priv_key_file=$abs/pbx.key" "$AC_OUT"
check_match "the files written are listed absolute" "^  $abs/pbx.key" "$AC_OUT"

# the timer runs renew from /
before=$(sha256sum <"$abs/pbx.crt")
run_in / renew --force --name pbx --no-reload
check_eq "renew from / renews" 3 "$T_RC"
check "... the certificate in the key directory is new" \
	test "$before" != "$(sha256sum <"$abs/pbx.crt")"
check "... and its key matches" pair_matches
check_eq "... nothing is written under /" "" "$(ls -d /keys /sub 2>/dev/null)"

# killed between its renames, finished from another directory
if command -v strace >/dev/null; then
	T_RC=0
	(cd "$work" && ASTCERT_STATE_DIR="$state" ASTCERT_CONF="$conf" \
		strace -f -o /dev/null -e trace=rename \
		-e inject=rename:signal=KILL:when=3 "$ASTCERT" selfsigned \
		--cn pbx.example.com --name pbx --key p256 --out keys \
		--owner "$(id -un):$(id -gn)") >/dev/null 2>&1 || T_RC=$?
	check_eq "killed at the key's rename" 137 "$T_RC"
	run_in / status
	check_match "recovery from / finishes the install" \
		'finished the interrupted install of pbx' "$AC_ERR"
	check "... the pair matches" pair_matches
	check_eq "... no temp file left" "" \
		"$(find "$abs" "$state" -name '.astcert-*')"
	check_eq "... no journal left" "" "$(ls -A "$state/journal")"
else
	skip "strace is not installed"
fi

# a relative directory in a renewal.conf of an older version
sed -i "s|^out = .*|out = \"keys\";|" "$state/certs/pbx/renewal.conf"
run_in / renew --force --name pbx --no-reload
check_eq "a relative out in renewal.conf: renew fails" 1 "$T_RC"
check_match "... naming the file and what to do" \
	'renewal.conf.*"keys".*absolute' "$AC_ERR$AC_OUT"
check_eq "... nothing is written under /" "" "$(ls -d /keys 2>/dev/null)"

finish
