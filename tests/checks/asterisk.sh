#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Asterisk check: user and group, key directory, modes along the path.
# The "asterisk" user here is nobody:nogroup, the key owner root:nogroup.
. "$top_srcdir/tests/lib.sh" || exit 99
if [ "$(id -u)" != 0 ]; then echo "1..0 # SKIP needs root to chown"; exit 0; fi

AST=(--only asterisk --asterisk-user nobody:nogroup --owner root:nogroup)
mkdir -p "$T_TMP/keys"
chown root:nogroup "$T_TMP/keys"
chmod 0750 "$T_TMP/keys"

ac check "${AST[@]}" --out "$T_TMP/keys"
check_eq "readable: exit 0" 0 "$T_RC"
check_match "readable: ok with mode and owner" "^✓ Asterisk: User nobody can read keys installed in $T_TMP/keys \(0640 root:nogroup\)" "$AC_OUT"

chmod 0700 "$T_TMP/keys"
ac check "${AST[@]}" --out "$T_TMP/keys"
check_eq "directory closed: exit 1" 1 "$T_RC"
check_match "directory closed: names it" "^✗ Asterisk: User nobody cannot enter $T_TMP/keys" "$AC_OUT"
check_match "directory closed: the fix" "fix: Let it in: chgrp nogroup $T_TMP/keys && chmod g\+x $T_TMP/keys" "$AC_OUT"

mkdir -p "$T_TMP/closed/keys"
chmod 0700 "$T_TMP/closed"
ac check "${AST[@]}" --out "$T_TMP/closed/keys"
check_match "a parent closed: names the parent" "^✗ Asterisk: User nobody cannot enter $T_TMP/closed, so" "$AC_OUT"

chmod 0750 "$T_TMP/keys"
ac check --only asterisk --asterisk-user nobody:nogroup --owner root:root --out "$T_TMP/keys"
check_eq "key not shared with the group: exit 1" 1 "$T_RC"
check_match "key not shared: says the mode it would get" "^✗ Asterisk: The key will be 0600 root:root, which user nobody cannot read" "$AC_OUT"
check_match "key not shared: the fix" "fix: Install it for Asterisk's group: owner root:nogroup \\(option --owner\\)" "$AC_OUT"

ac check "${AST[@]}" --out "$T_TMP/missing"
check_eq "no key directory: a warning, exit 0" 0 "$T_RC"
check_match "no key directory: how to create it" "^! Asterisk: The key directory $T_TMP/missing does not exist yet" "$AC_OUT"

ac check --only asterisk --asterisk-user astcert-no-such-user --out "$T_TMP/keys"
check_match "no asterisk user: a warning" '^! Asterisk: There is no user "astcert-no-such-user"' "$AC_OUT"
ac check --only asterisk --asterisk-user nobody:astcert-no-such-group --owner root:nogroup --out "$T_TMP/keys"
check_match "no asterisk group: a warning" '^! Asterisk: There is no group "astcert-no-such-group"' "$AC_OUT"

ac check --only asterisk --owner astcert-no-such-user:nogroup --out "$T_TMP/keys"
check_eq "unknown --owner: exit 2" 2 "$T_RC"
check_match "unknown --owner: named" 'astcert-no-such-user' "$AC_ERR"

# the key directory is looked up under ASTCERT_ROOT
mkdir -p "$T_TMP/root/etc/asterisk/keys"
chown root:nogroup "$T_TMP/root/etc/asterisk/keys"
chmod 0750 "$T_TMP/root/etc/asterisk/keys"
ASTCERT_ROOT="$T_TMP/root" ac check "${AST[@]}" --out /etc/asterisk/keys
check_match "ASTCERT_ROOT: the mapped directory" "^✓ Asterisk: .* in $T_TMP/root/etc/asterisk/keys " "$AC_OUT"

# without --asterisk-user the user is "asterisk": the test's own, never the
# host's (tests/lib.sh), present and then absent
if users_asterisk user group; then
	chgrp asterisk "$T_TMP/keys"
	ac check --only asterisk --out "$T_TMP/keys"
	check_match "an asterisk user: the key shared with its group by default" "^✓ Asterisk: User asterisk can read keys installed in $T_TMP/keys \(0640 root:asterisk\)" "$AC_OUT"
	users_asterisk
	ac check --only asterisk --out "$T_TMP/keys"
	check_match "no asterisk user: a warning, by default too" '^! Asterisk: There is no user "asterisk"' "$AC_OUT"
else
	skip "needs private users and groups"
	skip "needs private users and groups"
fi

finish
