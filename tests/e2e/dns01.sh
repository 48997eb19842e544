#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The wizard's DNS-01 choice: the ACME screen offers the three DNS methods
# beside HTTP-01, each with its fields and one line of help; the fields are
# checked as the focus leaves them; a wildcard needs a DNS method; the
# review shows the CLI flags and the answers file keeps the method and the
# key file's path (never the key), and fills the screens again.
. "$top_srcdir/tests/lib.sh"
need_netns	# the checks run: they ask nothing outside this namespace
. "$top_srcdir/tests/lib-wizard.sh"
# 40 rows: the review's command line and long paths stay on the screen
# however deep the build directory (make distcheck)
SIZE=80x40
. "$top_srcdir/tests/checks/lib-checks.sh"

# a real DNS server for test. (private.test is 10.9.9.9); example.com is
# not in it: those checks fail and are skipped
start_dns
out=$T_TMP/keys
key=$T_TMP/tsig.key
ans=$T_TMP/answers.conf
mkdir -p "$out" "$T_TMP/adir"
printf 'key "astcert" {\n\talgorithm hmac-sha256;\n\tsecret "c2VjcmV0LXNlY3JldC1zZWNyZXQ=";\n};\n' >"$key"
chmod 0600 "$key"

# to the review once the ACME screen is done: skip the failed checks, the
# key, the install screen
to_review="wait
S
Enter
C-u
type $out
Enter
Enter
C-u
type root:root
Enter
Enter			> Review"

wizard "
Enter			> Kind of certificate
Up
Enter			> Names
type pbx.example.com *.example.com
Enter			> Certificate authority
Enter
Enter
Space
Enter
Enter			# HTTP-01 with a wildcard: refused
dump
Down
Down
dump
Enter
type 127.0.0.1:5353
Enter
type example.com
Enter
type $T_TMP/none.key
Enter
dump
C-u
type $T_TMP/adir
Enter
dump
C-u
type $key
Enter			> Checks
wait
dump
$to_review
dump
F2
C-u
type $ans
Enter
dump
F10
y"
check_match "a wildcard with HTTP-01 is refused on the ACME screen, saying why" \
	'\*\.example\.com: a wildcard name can only be proved with DNS-01, not http-01' "$(flat 1)"
check_match "the challenge list offers the DNS methods" \
	'A DNS record: automatic \(RFC 2136\).*A DNS record: through a script.*A DNS record: by hand' "$(flat 2)"
check_match "RFC 2136: one line of help" \
	'DNS-01: astcert adds a TXT record _acme-challenge\.NAME to your zone by dynamic update' "$(flat 2)"
check_match "a missing key file is refused as the focus leaves it" \
	"$T_TMP/none\\.key is not a file: give the TSIG key file tsig-keygen wrote" "$(flat 3)"
check_match "... its fields, as typed" \
	'DNS server +127\.0\.0\.1:5353 Zone +example\.com' "$(flat 3)"
check_match "... and the focused field shows, with its help (80x24)" \
	'TSIG key file .*The key file tsig-keygen wrote' "$(flat 3)"
check_match "a directory is not a key file" "$T_TMP/adir is not a file" "$(flat 4)"
check_fails "DNS-01 chosen: no advice to choose it" grep -q "A DNS record" <<<"$(flat 5)"
review=$(flat 6)
check_shown "the review's command line names the names" \
	"astcert acme --domain pbx.example.com --domain '*.example.com'" "$review"
check_shown "... and the DNS-01 flags" \
	"--challenge dns-01 --dns-update rfc2136 --dns-server 127.0.0.1:5353 --dns-zone example.com --dns-tsig-key-file $T_TMP/tsig.key" \
	"$review"
check_shown "the answers are saved" "The answers are saved in $ans" "$(flat 7)"
check_match "the answers name the method" 'mode = "rfc2136";' "$(cat "$ans")"
check_match "... the server, the zone" 'dns_server = "127\.0\.0\.1:5353";.*' "$(cat "$ans")"
check_match "... and the key file's path" "dns_tsig_key_file = \"$key\";" "$(cat "$ans")"
check_eq "never the secret" 0 "$(grep -c 'c2VjcmV0' "$ans")"

# the answers fill the ACME screen again, and the same review
wizard_answers "$ans" "
Enter			> Kind of certificate
Enter			> Names
Enter			> Certificate authority
$(keys Enter 6)
Enter			> Checks
$to_review
dump
F10
y"
check_match "--answers: the same command line" \
	"$(sed -n 's/.*\(astcert acme [^$]*--dns-tsig-key-file [^ ]*\).*/\1/p' <<<"$review" | sed 's/[.[\*^$]/\\&/g')" "$(flat 1)"

# HTTP-01 for a name that resolves to a private address: the checks say
# to use a DNS record
wizard "
Enter			> Kind of certificate
Up
Enter			> Names
type private.test
Enter			> Certificate authority
Down
Down
Enter
type https://127.0.0.1:9/dir
$(keys Enter 4)
Space
Enter
Enter
Enter			> Checks
wait
dump
F10
y"
check_match "HTTP-01 to a private address: the checks advise a DNS record" \
	'The CA may not reach this server on port 80: press Esc and choose "A DNS record" as the challenge\.' "$(flat 1)"
finish
