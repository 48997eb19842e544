# SPDX-License-Identifier: GPL-3.0-or-later
# A real DNS server for the tests: BIND 9 (Debian's bind9, named -g) on
# loopback inside the test's private network namespace, authoritative for
# test zones and accepting TSIG-signed dynamic updates (RFC 2136).  Source
# after tests/lib.sh and need_netns:
#
#   bind_start              the primary on $BIND_ADDR:$BIND_PORT (127.0.0.1:53)
#                           and a resolver on $BIND_RESOLVER (127.0.0.3:53,
#                           recursive, the test zones as static stubs of
#                           the primary, nothing cached): what Pebble's VA
#                           (pebble -dnsserver) and ASTCERT_RESOLVER use
#   bind_start_stale        a second server, 127.0.0.2:53, that serves its
#                           own copy of stale.test and never takes updates
#   bind_stop               stop them (also on exit)
#   bind_txt NAME [ADDR]    the TXT values NAME has on ADDR (default the
#                           primary), one a line, CNAMEs followed
#   bind_add/bind_del NAME TYPE DATA   a signed update through nsupdate
#
# Zones (every name resolves to 127.0.0.1; SOA and NS on ns1.example.test):
#   example.test     the certificates' names; _acme-challenge.alias is a
#                    CNAME to alias.acme.delegated.test (acme-dns style)
#   delegated.test   where that CNAME points
#   stale.test       two NS: ns1 (127.0.0.1, updated) and ns2 (127.0.0.2,
#                    never updated, when bind_start_stale runs)
# The TSIG key (tsig-keygen -a hmac-sha256) is $BIND_KEY_FILE, mode 0600,
# named $BIND_KEY_NAME; $BIND_KEY512_FILE is an hmac-sha512 one.  Port 53 is
# free in the namespace: the servers are asked on it as they are on the
# internet.  Journals live in $BIND_DIR.  Nothing here asks the machine's
# resolver.

BIND_DIR="$T_TMP/bind"
BIND_ADDR=127.0.0.1
BIND_PORT=53
BIND_RESOLVER=127.0.0.3
BIND_KEY_NAME=astcert-key
BIND_KEY_FILE="$BIND_DIR/astcert-key.conf"
BIND_KEY512_FILE="$BIND_DIR/astcert-key512.conf"
BIND_PIDS=""

bind_zone() {
	printf '$TTL 60\n$ORIGIN %s.\n' "$1"
	printf '@\tSOA\tns1.example.test. hostmaster.example.test. 1 60 60 600 60\n'
	printf '%s\n' "$2"
}

bind_zones() {
	bind_zone example.test "@	NS	ns1.example.test.
@	A	127.0.0.1
ns1	A	127.0.0.1
www	A	127.0.0.1
alias	A	127.0.0.1
_acme-challenge.alias	CNAME	alias.acme.delegated.test." >"$1/example.test.zone" &&
	bind_zone delegated.test "@	NS	ns1.example.test." >"$1/delegated.test.zone" &&
	bind_zone test "@	NS	ns.test.
ns	A	$BIND_ADDR" >"$1/test.zone" &&
	bind_zone stale.test "@	NS	ns1.stale.test.
@	NS	ns2.stale.test.
@	A	127.0.0.1
ns1	A	127.0.0.1
ns2	A	127.0.0.2" >"$1/stale.test.zone"
}

# bind_conf DIR ADDR yes|no|resolver: named.conf for one server
bind_conf() {
	local dir=$1 addr=$2 updates=$3 z policy=
	[ "$updates" = yes ] &&
		policy="update-policy { grant $BIND_KEY_NAME zonesub ANY; grant $BIND_KEY_NAME-512 zonesub ANY; };"
	printf 'include "%s";\ninclude "%s";\n' "$BIND_KEY_FILE" "$BIND_KEY512_FILE"
	printf 'options {\n'
	printf '\tdirectory "%s";\n\tpid-file "%s/named.pid";\n' "$dir" "$dir"
	printf '\tsession-keyfile "%s/session.key";\n' "$dir"
	printf '\tmanaged-keys-directory "%s";\n' "$dir"
	printf '\tlisten-on port %s { %s; };\n\tlisten-on-v6 { none; };\n' \
		"$BIND_PORT" "$addr"
	if [ "$updates" = resolver ]; then
		printf '\trecursion yes;\n\tallow-recursion { any; };\n'
		printf '\tmax-cache-ttl 0;\n\tmax-ncache-ttl 0;\n'
	else
		printf '\trecursion no;\n'
	fi
	printf '\tdnssec-validation no;\n\tnotify no;\n'
	printf '\tallow-query { any; };\n\tallow-transfer { none; };\n};\n'
	printf 'controls { };\n'
	# "test" itself, as a top-level domain on the internet: a CAA climb
	# ends there instead of at root servers out of reach
	if [ "$updates" = resolver ]; then
		for z in example.test delegated.test stale.test test; do
			printf 'zone "%s" { type static-stub; server-addresses { %s; }; };\n' \
				"$z" "$BIND_ADDR"
		done
		return 0
	fi
	for z in example.test delegated.test stale.test test; do
		[ "$updates" = yes ] || [ "$z" = stale.test ] || continue
		printf 'zone "%s" { type primary; file "%s/%s.zone"; %s };\n' \
			"$z" "$dir" "$z" "$policy"
	done
}

# bind_run DIR ADDR yes|no|resolver: one named in the foreground, until it answers
bind_run() {
	local dir=$1 addr=$2 pid
	mkdir -p "$dir" && bind_zones "$dir" && bind_conf "$@" >"$dir/named.conf" ||
		return 1
	named -g -c "$dir/named.conf" >"$dir/named.log" 2>&1 &
	pid=$!
	BIND_PIDS="$BIND_PIDS $pid"
	if ! wait_until -u "! alive $pid" "BIND on $addr" \
		dig +norec +time=1 +tries=1 @"$addr" -p "$BIND_PORT" SOA stale.test; then
		diag "named did not come up: $(tail -n 20 "$dir/named.log")"
		return 1
	fi
}

bind_start() {
	mkdir -p "$BIND_DIR" || return 1
	(umask 077 &&
	 tsig-keygen -a hmac-sha256 "$BIND_KEY_NAME" >"$BIND_KEY_FILE" &&
	 tsig-keygen -a hmac-sha512 "$BIND_KEY_NAME-512" >"$BIND_KEY512_FILE") ||
		return 1
	T_CLEANUP="${T_CLEANUP:+$T_CLEANUP; }bind_stop"
	ip addr add "$BIND_RESOLVER/8" dev lo 2>/dev/null
	bind_run "$BIND_DIR/primary" "$BIND_ADDR" yes &&
		bind_run "$BIND_DIR/resolver" "$BIND_RESOLVER" resolver
}

bind_start_stale() {
	ip addr add 127.0.0.2/8 dev lo 2>/dev/null
	bind_run "$BIND_DIR/stale" 127.0.0.2 no
}

bind_stop() {
	local pid
	for pid in $BIND_PIDS; do kill "$pid" 2>/dev/null; done
	for pid in $BIND_PIDS; do wait "$pid" 2>/dev/null; done
	BIND_PIDS=""
}

bind_txt() {
	dig +short +time=2 +tries=2 @"${2:-$BIND_ADDR}" -p "$BIND_PORT" \
		TXT "$1" | grep -v '\.$' | tr -d '"'
}

# bind_nsupdate KEYFILE COMMANDS: a signed update of the primary
bind_nsupdate() {
	local key=$1; shift
	printf 'server %s %s\n%s\nsend\n' "$BIND_ADDR" "$BIND_PORT" "$*" |
		nsupdate -k "$key"
}
bind_add() { bind_nsupdate "$BIND_KEY_FILE" "update add $1 60 $2 $3"; }
bind_del() { bind_nsupdate "$BIND_KEY_FILE" "update delete $1 $2 $3"; }

# bind_pebble: BIND for the test zones and Pebble validating through it
# (-dnsserver), for the DNS-01 tests; the test is skipped without bind9 and
# bails out when either does not start.  Source tests/lib-pebble.sh first.
bind_pebble() {
	if ! command -v named >/dev/null || ! command -v nsupdate >/dev/null; then
		echo "1..0 # SKIP needs bind9 (named) and bind9-dnsutils (nsupdate, dig)"
		exit 0
	fi
	bind_start || { not_ok "BIND starts"; finish; exit 1; }
	PEBBLE_DNS="$BIND_RESOLVER:$BIND_PORT"
	pebble_start 0 || {
		not_ok "pebble starts with -dnsserver $PEBBLE_DNS"; finish; exit 1
	}
}
