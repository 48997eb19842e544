#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# "./quickstart run" in the user's language: the catalogues staged for the
# build tree, the user's locale made when the machine lacks it.  The tree
# is built already (QUICKSTART_BUILT): nothing is installed or built, and
# the locale is made under the test's own LOCPATH, never on the host.
. "$top_srcdir/tests/lib.sh"

if ! grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h"; then
	echo "1..0 # SKIP built without NLS"; exit 0
fi
if [ ! -d /usr/share/i18n/locales ] || ! command -v localedef >/dev/null; then
	echo "1..0 # SKIP no locale sources (Debian: locales)"; exit 0
fi
# apt-get and dpkg-query that only say they were called
mkdir -p "$T_TMP/bin" "$T_TMP/loc"
for tool in apt-get dpkg-query; do
	printf '#!/bin/sh\necho "%s $*" >>"%s/called"\nexit 1\n' \
		"$tool" "$T_TMP" >"$T_TMP/bin/$tool"
	chmod +x "$T_TMP/bin/$tool"
done

# quickstart LANG ARGS...: ./quickstart run in locale LANG, output in
# $T_TMP/out and $T_TMP/err, status in $T_RC
quickstart() {
	local lang=$1; shift
	T_RC=0
	env -u LC_ALL -u LC_MESSAGES -u ASTCERT_LOCALEDIR LANGUAGE= LANG="$lang" \
		LOCPATH="$T_TMP/loc" PATH="$T_TMP/bin:$PATH" \
		QUICKSTART_BUILT="$top_builddir" \
		"$top_srcdir/quickstart" run "$@" >"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
	AC_OUT=$(cat "$T_TMP/out"); AC_ERR=$(cat "$T_TMP/err")
}

quickstart fr_FR.UTF-8 --help
check_eq "LANG=fr_FR.UTF-8 ./quickstart run --help exits 0" 0 "$T_RC"
check_match "... and speaks French" '^Usage : astcert' "$AC_OUT"
check_match "... its commands too" '^Commandes :$' "$AC_OUT"
check_match "... after making the locale this machine lacked" \
	'making the locale fr_FR.UTF-8' "$AC_OUT"
check "... under LOCPATH, not on the host" test -d "$T_TMP/loc/fr_FR.UTF-8"
check_eq "... installing nothing (a tree built already)" "" \
	"$(cat "$T_TMP/called" 2>/dev/null)"

quickstart fr_FR.UTF-8 --help
check_eq "a second run makes the locale no more" "" \
	"$(grep 'making the locale' "$T_TMP/out" || true)"
check_match "... and still speaks French" '^Usage : astcert' "$AC_OUT"

quickstart ru_RU.UTF-8 --help
check_match "LANG=ru_RU.UTF-8: Russian" '^Использование: astcert' "$AC_OUT"
quickstart C.UTF-8 --help
check_match "LANG=C.UTF-8: English" '^Usage: astcert' "$AC_OUT"

finish
