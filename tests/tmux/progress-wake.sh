#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A job that fails at once (a PKCS#12 file and no passphrase) still brings
# the result screen without a key: the worker's end wakes the terminal
# loop, whenever it lands.  Run many times: the race was lost 1 run in 6.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/lib-tmux.sh"
. "$top_srcdir/tests/lib-wizard.sh"

runs=${WAKE_RUNS:-25}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T_TMP/k.pem" -out "$T_TMP/c.pem" -subj /CN=pbx.example.com \
	-days 30 2>/dev/null
openssl pkcs12 -export -in "$T_TMP/c.pem" -inkey "$T_TMP/k.pem" \
	-out "$T_TMP/pbx.p12" -passout pass:secret
mkdir -p "$T_TMP/out"
cat >"$T_TMP/answers.conf" <<END
kind = "import";
import = { cert = "$T_TMP/pbx.p12"; };
install = { out = "$T_TMP/out"; owner = "root:root"; deploy = false; };
END
env=(env ESCDELAY=25 TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8
     ASTCERT_STATE_DIR="$T_TMP/state" ASTCERT_CONF="$T_TMP/none.conf"
     ASTCERT_DATA_DIR="$top_srcdir/data")

to_review() {
	# shellcheck disable=SC2046 # one key a word
	tui_keys $(keys Enter "$WIZ_IMPORT_TO_REVIEW")
	tui_wait "The same without the wizard:" 30
}

shown=0 frozen=0
for i in $(seq "$runs"); do
	tui_start 80 24 "${env[@]}" "$ASTCERT" --answers "$T_TMP/answers.conf"
	tui_wait "step 1 of" 30 && to_review || { diag "run $i: no review"; tui_stop; continue; }
	tui_keys Enter
	# no key after Enter: only the worker's end can bring the result
	if tui_wait "Nothing was installed." 30; then
		shown=$((shown + 1))
	else
		frozen=$((frozen + 1))
		diag "run $i: still showing:"; diag "$(tui_screen | head -6)"
	fi
	tui_stop
done
check_eq "the result of a quick failure shows without a key, $runs runs of $runs" \
	"$runs" "$shown"
finish
