#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz.sh [SECONDS]: builds the import parser's libFuzzer target with
# clang straight from the sources (ASan + UBSan, no automake), runs it for
# SECONDS (default 60) over a copy of the committed corpus, and prints the
# executions, the time and the crashes.  Exit status 0 when nothing crashed.
# Needs clang and libclang-rt-14-dev.
set -u
T=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/astcert-fuzz.XXXXXX")
CC=${CC_FUZZ:-clang}

# the build's config.h is not needed: only what the engine sources ask for
cat >"$w/config.h" <<'H'
#define PACKAGE "astcert"
#define PACKAGE_NAME "astcert"
#define PACKAGE_VERSION "fuzz"
#define ENABLE_NLS 0
#define SYSCONFDIR "/etc"
#define LOCALSTATEDIR "/var"
#define ASTCERT_CURL_SONAME "libcurl.so.4"
#define ASTCERT_CURL_PACKAGE "libcurl4"
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
H
src="src/import.c src/chain.c src/aia.c src/certinfo.c src/keys.c src/x509.c
     src/names.c src/util.c src/err.c src/xalloc.c src/ctx.c src/dl.c
     src/dl_curl.c"
# libcurl's headers only: src/dl_curl.c loads it if a test ever fetches
libs="libcrypto libidn2"
# shellcheck disable=SC2046,SC2086
if ! (cd "$top" && "$CC" -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$w" -I. $(pkg-config --cflags $libs libcurl) $src tests/fuzz/fuzz_import.c \
	-o "$w/fuzz_import" $(pkg-config --libs $libs)) >"$w/build.log" 2>&1; then
	cat "$w/build.log" >&2
	echo "fuzz_import: build failed (needs clang and libclang-rt-14-dev)" >&2
	exit 1
fi
mkdir -p "$w/corpus"
cp "$top"/tests/fuzz/corpus/import/* "$w/corpus/"
(cd "$w" && ASAN_OPTIONS=detect_leaks=1 ./fuzz_import -max_total_time="$T" \
	-print_final_stats=1 -rss_limit_mb=2048 -timeout=20 \
	-artifact_prefix="$w/" corpus >fuzz.log 2>&1)
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/fuzz.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$w/fuzz.log")
secs=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$w/fuzz.log")
crashes=$(find "$w" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o \
	-name 'timeout-*' -o -name 'oom-*' \) | wc -l)
[ "$rc" = 0 ] || [ "$crashes" -gt 0 ] || crashes=1
echo "fuzz_import: ${execs:-0} executions in ${secs:-$T} s (${rate:-0} exec/s), corpus $(ls "$w/corpus" | wc -l) inputs, $crashes crashes"
if [ "$crashes" -gt 0 ]; then
	grep -A 30 -E '^==[0-9]+==ERROR|runtime error|ERROR: libFuzzer' "$w/fuzz.log" | head -n 60 >&2
	echo "fuzz_import: artifacts and log kept in $w" >&2
	exit 1
fi
rm -rf "$w"
