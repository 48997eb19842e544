#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# DNS-01 through a hook program (--dns-hook): a script that calls nsupdate
# against a real BIND, with a real Pebble validating through that BIND.
# The hook's argv and environment, its failures as one escaped line, its
# deadline, and the records removed afterwards.
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"

bind_pebble

HOOK_LOG=$T_TMP/hook.log
# the hook: ACTION NAME VALUE after its own argument, logged with the
# environment, then nsupdate
cat >"$T_TMP/hook" <<HOOK
#!/bin/sh
printf '%s|%s|%s|%s|env %s %s %s %s %s\n' "\$1" "\$2" "\$3" "\$4" \\
	"\$ASTCERT_DNS_ACTION" "\$ASTCERT_DNS_NAME" "\$ASTCERT_DNS_DOMAIN" \\
	"\$CERTBOT_DOMAIN" "\$CERTBOT_VALIDATION" >>"$HOOK_LOG"
case \$2 in add) op=add ;; remove) op=delete ;; *) exit 2 ;; esac
printf 'server $BIND_ADDR $BIND_PORT\nupdate %s %s 60 TXT "%s"\nsend\n' \\
	"\$op" "\$3" "\$4" | nsupdate -k "$BIND_KEY_FILE"
HOOK
chmod 0755 "$T_TMP/hook"

hook_acme() {
	mkdir -p "$KEYS"
	ASTCERT_RESOLVER=$BIND_ADDR ac acme --server "$PEBBLE_URL" \
		--ca-bundle "$PEBBLE_CA" --skip-checks --email admin@example.com \
		--agree-tos --challenge dns-01 --out "$KEYS" --owner root:root "$@"
}
sans() {
	openssl x509 -in "$1" -noout -ext subjectAltName |
		tr ',' '\n' | sed -n 's/^ *DNS://p' | sort
}

# --- apex and wildcard through the hook
hook_acme --dns-hook "$T_TMP/hook" --dns-hook-arg first-arg \
	--domain example.test --domain '*.example.test' --name hooked
check_eq "hook: issued (exit 0)" 0 "$T_RC"
[ "$T_RC" = 0 ] || diag "$AC_ERR"
check_eq "hook: both names in the certificate" \
	"$(printf '*.example.test\nexample.test')" "$(sans "$KEYS/hooked.crt")"
check_eq "hook: called twice to add, twice to remove" "add add remove remove" \
	"$(cut -d'|' -f2 "$HOOK_LOG" | sort | xargs)"
check_match "hook: its own argument first, then add NAME VALUE" \
	'^first-arg\|add\|_acme-challenge\.example\.test\|[A-Za-z0-9_-]{43}\|' "$(cat "$HOOK_LOG")"
check_match "hook: the same in the environment (astcert's and certbot's names)" \
	'\|env add _acme-challenge\.example\.test example\.test example\.test [A-Za-z0-9_-]{43}$' \
	"$(cat "$HOOK_LOG")"
check_eq "hook: no TXT record left" "" "$(bind_txt _acme-challenge.example.test)"
prof=$T_TMP/state/certs/hooked/renewal.conf
check_match "hook: the profile records the method" 'mode = "hook"' "$(cat "$prof")"
check_match "hook: ... and the command" "dns_hook = \\[ \"$T_TMP/hook\", \"first-arg\" \\];" "$(cat "$prof")"

# --- a hook that fails: one line with its exit status and last words
cat >"$T_TMP/failing" <<'HOOK'
#!/bin/sh
echo "some progress"
printf 'provider says: quota exceeded \033[31mred\n' >&2
exit 3
HOOK
chmod 0755 "$T_TMP/failing"
hook_acme --dns-hook "$T_TMP/failing" --domain www.example.test --name failing
check_eq "failing hook: exit 1" 1 "$T_RC"
check_match "failing hook: one line, exit status and stderr" \
	"^astcert: The DNS hook $T_TMP/failing failed \\(exit status 3\\) on \"add _acme-challenge.www.example.test\": provider says: quota exceeded \\\\x1b\\[31mred\$" \
	"$(head -n 1 "$T_TMP/err")"
check_eq "failing hook: no escape byte reaches the terminal" 0 \
	"$(grep -c $'\033' "$T_TMP/err")"
check "failing hook: nothing installed" test ! -e "$KEYS/failing.crt"

# --- a hook that hangs: stopped at the deadline, with what it started
cat >"$T_TMP/hanging" <<HOOK
#!/bin/sh
sleep 1000 &
echo \$! >"$T_TMP/hanging.pid"
wait
HOOK
chmod 0755 "$T_TMP/hanging"
ASTCERT_POLL_TIMEOUT=2 hook_acme --dns-hook "$T_TMP/hanging" \
	--domain www.example.test --name hanging
check_eq "hanging hook: exit 1" 1 "$T_RC"
check_match "hanging hook: the deadline said" \
	"did not finish \"add _acme-challenge.www.example.test\" within 2 seconds and was stopped" "$AC_ERR"
check "hanging hook: its child was killed too" \
	wait_until "the hook's sleep to end" eval '! alive "$(cat "$T_TMP/hanging.pid")"'
check "hanging hook: nothing installed" test ! -e "$KEYS/hanging.crt"

# --- a hook that closes its output and goes on: the deadline still holds
cat >"$T_TMP/quiet" <<'HOOK'
#!/bin/sh
exec >/dev/null 2>&1
sleep 1000
HOOK
chmod 0755 "$T_TMP/quiet"
ASTCERT_POLL_TIMEOUT=2 hook_acme --dns-hook "$T_TMP/quiet" \
	--domain www.example.test --name quiet
check_eq "hook gone quiet: stopped at the deadline (exit 1)" 1 "$T_RC"
check_match "hook gone quiet: the deadline said" "within 2 seconds and was stopped" "$AC_ERR"

# --- the program is a path: never looked up in PATH, never a shell
hook_acme --dns-hook nsupdate --domain www.example.test --name bare
check_eq "bare program name: usage error (exit 2)" 2 "$T_RC"
check_match "bare program name: said why" "not looked up in PATH" "$AC_ERR"
check_match "bare program name: the CLI names the option" \
	'^astcert: The DNS hook nsupdate is not a path: .* \(option --dns-hook\)$' \
	"$(head -n 1 <<<"$AC_ERR")"

finish
