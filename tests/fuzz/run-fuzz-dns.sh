#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz-dns.sh [SECONDS]: builds the DNS answer / CAA parser's libFuzzer
# target with clang straight from the sources (ASan + UBSan), runs it for
# SECONDS (default 60) over a copy of the committed corpus, and prints the
# executions and crashes.  Exit status 0 when nothing crashed.
# Needs clang and libclang-rt-14-dev.
set -u
T=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/astcert-fuzz-dns.XXXXXX")
CC=${CC_FUZZ:-clang}

cat >"$w/config.h" <<'H'
#define PACKAGE "astcert"
#define PACKAGE_NAME "astcert"
#define PACKAGE_VERSION "fuzz"
#define ENABLE_NLS 0
#define SYSCONFDIR "/etc"
#define LOCALSTATEDIR "/var"
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
H
src="src/dns.c src/caa.c src/err.c src/xalloc.c"
# shellcheck disable=SC2046,SC2086
if ! (cd "$top" && "$CC" -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$w" -I. $(pkg-config --cflags libcrypto) $src tests/fuzz/fuzz_dns.c \
	-o "$w/fuzz_dns" $(pkg-config --libs libcrypto) -lresolv) >"$w/build.log" 2>&1; then
	cat "$w/build.log" >&2
	echo "fuzz_dns: build failed (needs clang and libclang-rt-14-dev)" >&2
	exit 1
fi
mkdir -p "$w/corpus"
cp "$top"/tests/fuzz/corpus/dns/* "$w/corpus/"
(cd "$w" && ASAN_OPTIONS=detect_leaks=1 ./fuzz_dns -max_total_time="$T" \
	-print_final_stats=1 -rss_limit_mb=2048 -timeout=20 \
	-artifact_prefix="$w/" corpus >fuzz.log 2>&1)
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/fuzz.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$w/fuzz.log")
crashes=$(find "$w" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o \
	-name 'timeout-*' -o -name 'oom-*' \) | wc -l)
[ "$rc" = 0 ] || [ "$crashes" -gt 0 ] || crashes=1
echo "fuzz_dns: ${execs:-0} executions in $T s (${rate:-0} exec/s), corpus $(ls "$w/corpus" | wc -l) inputs, $crashes crashes"
if [ "$crashes" -gt 0 ]; then
	grep -A 30 -E '^==[0-9]+==ERROR|runtime error|ERROR: libFuzzer' "$w/fuzz.log" | head -n 60 >&2
	echo "fuzz_dns: artifacts and log kept in $w" >&2
	exit 1
fi
rm -rf "$w"
