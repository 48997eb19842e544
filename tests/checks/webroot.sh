#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The webroot belongs to the web server's user, who must not make root
# write or delete anything outside it: the self-test's token file goes
# through a real web server running as that user (uid 65534), and every
# symlink or foreign owner on the way is refused with one line.
. "$top_srcdir/tests/lib.sh" || exit 99
need_netns
. "$top_srcdir/tests/checks/lib-checks.sh" || exit 99

# the rules below hold for directories above the docroot: the scratch
# directory must itself sit below directories only root can change
p=$T_TMP
while [ "$p" != / ]; do
	p=$(dirname "$p")
	if [ "$(stat -c %u "$p")" != 0 ] || [ -n "$(find "$p" -maxdepth 0 -perm -o+w ! -perm -1000)" ]; then
		echo "1..0 # SKIP $p is not a directory only root can change"
		exit 0
	fi
done

start_dns
PORT=5002
WEB=65534	# the web server's user; no name needed
STRANGER=4242	# some other user
www=$T_TMP/www
out=$T_TMP/outside
mkdir -p "$www" "$out"
chown $WEB:$WEB "$www"
# outside is old: anything created or removed in it would change its mtime
touch -d 2000-01-01 "$out"

setpriv --reuid=$WEB --regid=$WEB --clear-groups \
	/usr/bin/python3 -m http.server --bind 0.0.0.0 --directory "$www" $PORT \
	>"$T_TMP/http.log" 2>&1 &
SRV_PID=$!
T_CLEANUP="$T_CLEANUP; kill $SRV_PID 2>/dev/null"
wait_port tcp $PORT

# selftest [DIR]: the self-test through the web server, astcert's umask 077
selftest() {
	umask 077
	ac check --only selftest --http-port $PORT --webroot "${1:-$www}" here.test
	umask 022
}
# untouched: outside is as it was
untouched() {
	check_eq "$1: nothing created or removed outside the webroot" \
		"946684800 " "$(stat -c %Y "$out") $(ls -A "$out")"
}
# reset: the docroot empty again, as the web server's user left it
reset() { rm -rf "${www:?}"/* "$www"/.well-known; }

# --- the normal case, under umask 077
selftest
check_eq "umask 077: the web server reads the token (exit 0)" 0 "$T_RC"
check_match "umask 077: self-test passes" "^✓ Self-test for here.test: .* served the test token" "$AC_OUT"
check_match "the web server served it" "GET /.well-known/acme-challenge/[A-Za-z0-9_-]+ HTTP/1.[01]\" 200" "$(cat "$T_TMP/http.log")"
check_eq "what astcert created is removed again" "" "$(ls -A "$www")"
reset

# an existing .well-known (the web server's) stays; acme-challenge goes
mkdir "$www/.well-known"; chown $WEB:$WEB "$www/.well-known"
selftest
check_eq "existing .well-known: exit 0" 0 "$T_RC"
check_eq "existing .well-known: kept, acme-challenge removed" ".well-known " \
	"$(ls -A "$www") $(ls -A "$www/.well-known")"
reset

# --- .well-known is a symlink to a directory outside
ln -s "$out" "$www/.well-known"; chown -h $WEB:$WEB "$www/.well-known"
selftest
check_eq "symlinked .well-known: exit 1" 1 "$T_RC"
check_match "symlinked .well-known: refused in one line" \
	"^✗ Self-test for here.test: $www/.well-known is a symbolic link: astcert follows no links inside a webroot; make it a real directory\.$" "$AC_OUT"
untouched "symlinked .well-known"
reset

# --- acme-challenge is a symlink to a directory outside
mkdir "$www/.well-known"; ln -s "$out" "$www/.well-known/acme-challenge"
chown -hR $WEB:$WEB "$www/.well-known"
selftest
check_eq "symlinked acme-challenge: exit 1" 1 "$T_RC"
check_match "symlinked acme-challenge: refused" \
	"^✗ Self-test for here.test: $www/.well-known/acme-challenge is a symbolic link" "$AC_OUT"
untouched "symlinked acme-challenge"
check_eq "symlinked acme-challenge: the web server's files stay" "acme-challenge" \
	"$(ls -A "$www/.well-known")"
reset

# --- a component owned by a third user
mkdir -p "$www/.well-known"; chown $STRANGER "$www/.well-known"
selftest
check_eq "foreign .well-known: exit 1" 1 "$T_RC"
check_match "foreign .well-known: refused" \
	"^✗ Self-test for here.test: $www/.well-known can be changed by a user other than root and the owner of the document root" "$AC_OUT"
check_eq "foreign .well-known: nothing created in it" "" "$(ls -A "$www/.well-known")"
reset

# --- above the docroot: a directory another user owns, or anyone may write
mkdir -p "$T_TMP/theirs/www"; chown $STRANGER "$T_TMP/theirs"
chown $WEB "$T_TMP/theirs/www"
selftest "$T_TMP/theirs/www"
check_eq "parent owned by another user: exit 1" 1 "$T_RC"
check_match "parent owned by another user: refused, naming it" \
	"^✗ Self-test for here.test: $T_TMP/theirs can be changed by a user other than root" "$AC_OUT"
check_eq "parent owned by another user: nothing created" "" "$(ls -A "$T_TMP/theirs/www")"
chown 0 "$T_TMP/theirs"; chmod 0777 "$T_TMP/theirs"
selftest "$T_TMP/theirs/www"
check_match "parent anyone may write: refused" \
	"^✗ Self-test for here.test: $T_TMP/theirs can be changed by a user other than root" "$AC_OUT"

# --- symlinks in the path given: root's are followed, others' refused
ln -s "$www" "$T_TMP/root-link"
selftest "$T_TMP/root-link"
check_eq "root's symlink to the docroot: followed (exit 0)" 0 "$T_RC"
check_eq "root's symlink: nothing left behind" "" "$(ls -A "$www")"
mkdir "$www/sub"; ln -s "$out" "$www/link"; chown -hR $WEB:$WEB "$www"
selftest "$www/link"
check_eq "the web server's symlink in the path: exit 1" 1 "$T_RC"
check_match "the web server's symlink in the path: refused" \
	"^✗ Self-test for here.test: $www/link is a symbolic link another user could change: give the real directory as the web root\.$" "$AC_OUT"
untouched "the web server's symlink in the path"
reset

finish
