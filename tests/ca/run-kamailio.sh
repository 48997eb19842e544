#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts and stops a private Kamailio TLS endpoint for the astcert tests
# (no service, nothing under /etc).
#
#   run-kamailio.sh start DIR CERT KEY [CA_LIST]  # CA_LIST: client certs required
#   run-kamailio.sh stop DIR
#
# env: PORT (default 5061), CLIENT_CERT/CLIENT_KEY (for the readiness probe
#      when CA_LIST is given), AC_WAIT_LIMIT (seconds, default 300: only a
#      guard against a hang; every wait follows kamailio's state).
# The ctl socket for kamcmd is DIR/ctl.sock.
# Start exits 0 once a TLS handshake works (a TCP connect is no readiness
# signal: the port is bound before the key is loaded), 1 when kamailio
# exited, 2 on a hang (AC_WAIT_LIMIT), 3 when the port is taken.  Stop
# returns once kamailio has ended and the port is free.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?start|stop}; dir=${2:?DIR}
port=${PORT:-5061}
limit=${AC_WAIT_LIMIT:-300}
case $cmd in
start)
	cert=${3:?CERT}; key=${4:?KEY}; ca=${5:-}
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "127.0.0.1:$port is already in use" >&2; exit 3
	fi
	mkdir -p "$dir/run"
	{
		echo "[server:default]"
		echo "method = TLSv1.2+"
		echo "certificate = $cert"
		echo "private_key = $key"
		if [ -n "$ca" ]; then
			echo "ca_list = $ca"
			echo "verify_certificate = yes"
			echo "require_certificate = yes"
		else
			echo "verify_certificate = no"
			echo "require_certificate = no"
		fi
		echo
		echo "[client:default]"
		echo "verify_certificate = no"
		echo "require_certificate = no"
	} > "$dir/tls.cfg"
	# -DD: stay in the foreground as our child; -E: log to stderr
	kamailio -f "$here/kamailio.cfg" -A "TLSCFG=\"$dir/tls.cfg\"" \
		-A "CTLSOCK=\"unix:$dir/ctl.sock\"" -A "LISTEN=tls:127.0.0.1:$port" \
		-DD -E -P "$dir/kamailio.pid" -Y "$dir/run" -m 32 -M 4 \
		> "$dir/kamailio.log" 2>&1 < /dev/null &
	pid=$!; echo "$pid" > "$dir/kamailio.bgpid"; echo "$port" > "$dir/kamailio.port"
	probe=(openssl s_client -connect "127.0.0.1:$port")
	[ -n "${CLIENT_CERT:-}" ] && probe+=(-cert "$CLIENT_CERT" -key "${CLIENT_KEY:-$CLIENT_CERT}")
	deadline=$((SECONDS + limit))
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			wait "$pid"; rc=$?
			echo "kamailio exited (rc=$rc); log: $dir/kamailio.log" >&2
			grep -E 'ERROR|CRITICAL' "$dir/kamailio.log" | head -5 >&2
			exit 1
		fi
		# (a handshake that hangs is tried again)
		if timeout 30 "${probe[@]}" < /dev/null > /dev/null 2>&1 &&
		   kill -0 "$pid" 2>/dev/null; then break; fi
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "kamailio hangs: no handshake after $limit s" >&2; exit 2
		fi
		sleep 0.05
	done
	# the ctl socket comes up with the workers: wait for kamcmd too
	while ! kamcmd -s "unix:$dir/ctl.sock" core.version >/dev/null 2>&1; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "kamailio hangs: no ctl socket after $limit s" >&2; exit 2
		fi
		sleep 0.05
	done
	echo "kamailio pid $pid ready on tls:127.0.0.1:$port"
	;;
stop)
	[ -f "$dir/kamailio.bgpid" ] || exit 0
	pid=$(cat "$dir/kamailio.bgpid") port=$(cat "$dir/kamailio.port")
	# a zombie is not alive: PID 1 may reap orphans late
	alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$st" ] && [ "${st#Z}" = "$st" ]; }
	# down: the main process gone (it stops its workers) and the port free
	down() { ! alive "$pid" && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
	kill -TERM "$pid" 2>/dev/null
	deadline=$((SECONDS + limit))
	until down; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "kamailio hangs: still up $limit s after SIGTERM" >&2
			kill -KILL "$pid" 2>/dev/null
			exit 2
		fi
		sleep 0.05
	done
	rm -f "$dir/kamailio.bgpid" "$dir/kamailio.port"
	;;
*) echo "usage: $0 start|stop DIR ..." >&2; exit 64;;
esac
