#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# --help, --version, usage errors and exit statuses (GNU conventions).
. "$top_srcdir/tests/lib.sh"

ac --version
check_eq "--version exits 0" 0 "$T_RC"
check_match "--version prints the version" '^astcert [0-9]+\.[0-9]+' "$AC_OUT"
ac --help
check_eq "--help exits 0" 0 "$T_RC"
check_match "--help lists selfsigned" 'selfsigned' "$AC_OUT"
check_match "--help lists show" 'show ' "$AC_OUT"
ac selfsigned --help
check_match "selfsigned --help documents --owner" '--owner USER:GROUP' "$AC_OUT"
ac show --help
check_eq "show --help exits 0" 0 "$T_RC"
ac frobnicate
check_eq "an unknown command exits 2" 2 "$T_RC"
check_match "an unknown command is named" 'unknown command "frobnicate"' "$AC_ERR"
ac --frob
check_eq "an unknown option exits 2" 2 "$T_RC"
ac show
check_eq "show without a file exits 2" 2 "$T_RC"
ac </dev/null
check_eq "no command off a terminal prints help" 0 "$T_RC"
check_match "no command prints usage" 'Usage: astcert' "$AC_OUT"
rc=0; "$ASTCERT" --help >/dev/full 2>"$T_TMP/err" || rc=$?
check_eq "a write error on stdout exits 1" 1 "$rc"
check_match "a write error is reported" 'write error' "$(cat "$T_TMP/err")"

finish
