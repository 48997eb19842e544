#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's DNS-01 path against a real BIND 9 and a real Pebble whose
# validation asks that BIND: a wildcard plus its apex issued through
# RFC 2136 (the answers file names the method and the key file).
. "$top_srcdir/tests/lib.sh"
need_netns
. "$top_srcdir/tests/lib-pebble.sh"
. "$top_srcdir/tests/lib-bind.sh"
. "$top_srcdir/tests/lib-wizard.sh"

bind_pebble
export ASTCERT_CA_BUNDLE=$PEBBLE_CA ASTCERT_RESOLVER=$BIND_ADDR
mkdir -p "$KEYS"

# answers: Pebble as another CA, RFC 2136 with BIND's key
answers() {
	cat >"$T_TMP/answers.conf" <<END
kind = "acme";
dns = [ "www.example.test", "*.www.example.test" ];
acme = { ca = "other"; server = "$PEBBLE_URL"; email = "admin@example.com";
  agree_tos = true; mode = "$1"; $2 };
install = { out = "$KEYS"; name = "$3"; owner = "root:root"; deploy = false; };
END
}

# the wizard filled from the answers: screen 1 the checks, 2 the review,
# 3 the result
issue() {
	SIZE=80x40 wizard_answers "$T_TMP/answers.conf" "
$(keys Enter 3)		# welcome, kind, names
$(keys Enter 10)		> Checks
wait
dump
S
$(keys Enter 5)		> Review
dump
Enter
wait
dump
Enter"
}

answers rfc2136 "dns_tsig_key_file = \"$BIND_KEY_FILE\";" wild
issue
check_match "the checks of DNS-01 ran: the TSIG key is accepted" \
	'✓ DNS update for www\.example\.test' "$(screen 1)"
check_shown "the review: --dns-update rfc2136 with the key file" \
	"--challenge dns-01 --dns-update rfc2136 --dns-tsig-key-file $BIND_KEY_FILE" \
	"$(flat 2)"
check_match "the wildcard is issued" 'The certificate is installed\.' "$(screen 3)"
check_eq "its names: the apex and the wildcard" \
	"DNS:*.www.example.test, DNS:www.example.test" \
	"$(openssl x509 -in "$KEYS/wild.crt" -noout -ext subjectAltName 2>/dev/null |
	   sed -n 2p | tr -d ' ' | tr ',' '\n' | sort | paste -sd, | sed 's/,/, /g')"
check_eq "the records are gone again" "" \
	"$(bind_txt _acme-challenge.www.example.test)"

# --- a hook whose arguments hold a space and a comma: the answers file
# keeps them as words, the field shows them quoted, the hook gets them whole
cat >"$T_TMP/hook" <<HOOK
#!/bin/sh
printf '%s|%s|%s\n' "\$1" "\$2" "\$3" >>"$T_TMP/hook.log"
case \$3 in add) op=add ;; remove) op=delete ;; *) exit 2 ;; esac
printf 'server $BIND_ADDR $BIND_PORT\nupdate %s %s 60 TXT "%s"\nsend\n' \
	"\$op" "\$4" "\$5" | nsupdate -k "$BIND_KEY_FILE"
HOOK
chmod 0755 "$T_TMP/hook"
answers hook "dns_hook = [ \"$T_TMP/hook\", \"my zone\", \"a,b\" ];" hooked
issue
check_shown "the review: the hook's arguments, quoted where they must be" \
	"--challenge dns-01 --dns-hook $T_TMP/hook --dns-hook-arg 'my zone' --dns-hook-arg a,b" \
	"$(flat 2)"
check_match "the hook issues" 'The certificate is installed\.' "$(screen 3)"
check_eq "the hook got its arguments whole, then add and remove" \
	"my zone|a,b|add
my zone|a,b|add
my zone|a,b|remove
my zone|a,b|remove" "$(sort "$T_TMP/hook.log")"
finish
