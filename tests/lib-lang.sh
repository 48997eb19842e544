# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard in other languages: the built catalogues, and the locales of
# the languages made for the test alone.  Source after tests/lib.sh.

# lang_stage: every catalogue of po/ compiled where the binary finds it
# (ASTCERT_LOCALEDIR, ui/main.c); false when built without NLS
lang_stage() {
	local po l
	grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" || return 1
	for po in "$top_srcdir"/po/*.po; do
		l=$(basename "$po" .po)
		mkdir -p "$T_TMP/locale/$l/LC_MESSAGES"
		msgfmt -o "$T_TMP/locale/$l/LC_MESSAGES/astcert.mo" "$po" || return 1
	done
	export ASTCERT_LOCALEDIR=$T_TMP/locale
}

# lang_locale ll_CC: makes the locale ll_CC.UTF-8 under $T_TMP/loc (the
# host's locales untouched, none needed) and exports LOCPATH there; false
# when this machine has no locale sources (Debian's "locales" package)
lang_locale() {
	mkdir -p "$T_TMP/loc"
	[ -d "$T_TMP/loc/$1.UTF-8" ] ||
		localedef -i "$1" -c -f UTF-8 "$T_TMP/loc/$1.UTF-8" >/dev/null 2>&1 ||
		[ -d "$T_TMP/loc/$1.UTF-8" ] || return 1
	export LOCPATH=$T_TMP/loc
}
