#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh TARGET [SECONDS]: builds the libFuzzer target tests/fuzz/fuzz_TARGET.c
# with clang straight from the sources it needs (ASan + UBSan, no automake),
# runs it for SECONDS (default 45) over a copy of tests/fuzz/corpus/TARGET,
# and prints the executions, the time and the crashes.  Exit status 0 when
# nothing crashed.  Needs clang and libclang-rt-14-dev.  The artifacts and
# the log of a failed run are kept and named.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC_FUZZ:-clang}

# TARGET | sources (globs and braces; "-GLOB" leaves those out) |
# pkg-config modules linked |
# modules whose headers only are used (src/dl.c loads libcurl and
# libmicrohttpd with dlopen() if a target ever speaks HTTP) | other libs |
# libFuzzer options.  -detect_leaks=0 for libconfig, whose scanner leaks on
# syntax errors (lsan.supp): a leak check after every such input would cost
# 95% of the speed, and our own leaks are still reported when the run ends.
table() {
	cat <<'T'
import  | src/{import,chain,aia,http,certinfo,keys,x509,names,util,text,err,xalloc,ctx,dl,dl_curl}.c | libcrypto libidn2 | libcurl | |
dns     | src/{dns,caa,text,err,xalloc}.c | libcrypto | | -lresolv |
cfg     | src/*.c | libssl libcrypto libconfig libidn2 jansson | libcurl libmicrohttpd | -lresolv | -detect_leaks=0
answers | src/*.c ui/*.c -ui/{main,tui,cli}.c -ui/cmd_*.c | libssl libcrypto libconfig libidn2 jansson | libcurl libmicrohttpd | -lresolv | -detect_leaks=0
acme    | src/{acme,acme_order,solver,solver_dns,dns_hook,dns_update,dns_zone,dns,caa,acme_ari,acme_account,acme_check,http,jws,challenge,webroot,x509,keys,names,store,store_journal,layout,owner,util,text,err,xalloc,ctx,dl,dl_curl,dl_mhd}.c | libcrypto jansson libidn2 | libcurl libmicrohttpd | -lresolv |
T
}

usage() {
	echo "usage: $0 TARGET [SECONDS]; targets: $(table | cut -d' ' -f1 | tr '\n' ' ')" >&2
	exit 2
}
[ $# -ge 1 ] || usage
t=$1 T=${2:-45}
line=$(table | grep -E "^$t +\|") || usage
IFS='|' read -r _ srcs mods hdrs libs opts <<<"$line"

# the sources, from the top directory
src=()
for s in $(cd "$top" && eval "echo $srcs"); do
	case $s in
	-*) for i in "${!src[@]}"; do
		# shellcheck disable=SC2053
		[[ ${src[$i]} != ${s#-} ]] || unset "src[$i]"
	    done ;;
	*) src+=("$s") ;;
	esac
done

# every path below is "$w/...": without a directory they would be
# /config.h and /obj (a TMPDIR that does not exist, a full /tmp)
if ! w=$(mktemp -d "${TMPDIR:-/tmp}/astcert-fuzz-$t.XXXXXX") || [ ! -d "$w" ]; then
	echo "fuzz_$t: cannot make a scratch directory in ${TMPDIR:-/tmp}; set TMPDIR to a writable directory" >&2
	exit 1
fi
# the build's config.h is not needed: only what the sources ask for
cat >"$w/config.h" <<'H'
#define PACKAGE "astcert"
#define PACKAGE_NAME "astcert"
#define PACKAGE_VERSION "fuzz"
#define VERSION "fuzz"
#define SYSCONFDIR "/etc"
#define LOCALSTATEDIR "/var"
#define PKGDATADIR "/usr/share/astcert"
#define LOCALEDIR "/usr/share/locale"
#define ASTCERT_CURL_SONAME "libcurl.so.4"
#define ASTCERT_CURL_PACKAGE "libcurl4"
#define ASTCERT_MHD_SONAME "libmicrohttpd.so.12"
#define ASTCERT_MHD_PACKAGE "libmicrohttpd12"
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
H
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=undefined -pthread"
# shellcheck disable=SC2086
cflags="-I$w -I$top $(pkg-config --cflags $mods $hdrs)"
compile() {
	# shellcheck disable=SC2086
	"$CC" $flags $cflags -c "$top/$1" -o "$w/obj/${1//\//_}.o" \
		>"$w/obj/${1//\//_}.log" 2>&1
}
# one object per source, FUZZ_JOBS (2) compilers at a time: a shared machine
mkdir -p "$w/obj"
for s in "${src[@]}" "tests/fuzz/fuzz_$t.c"; do
	while [ "$(jobs -rp | wc -l)" -ge "${FUZZ_JOBS:-2}" ]; do wait -n; done
	compile "$s" &
done
wait
# shellcheck disable=SC2086
if [ "$(ls "$w"/obj/*.o 2>/dev/null | wc -l)" != $((${#src[@]} + 1)) ] ||
   ! "$CC" $flags "$w"/obj/*.o -o "$w/fuzz_$t" $(pkg-config --libs $mods) \
	$libs >"$w/build.log" 2>&1; then
	cat "$w"/obj/*.log "$w/build.log" >&2 2>/dev/null
	echo "fuzz_$t: build failed (needs clang and libclang-rt-14-dev)" >&2
	exit 1
fi

mkdir -p "$w/corpus"
cp "$top/tests/fuzz/corpus/$t"/* "$w/corpus/"
# what libraries without coverage compare (JSON keys, setting names)
[ ! -f "$top/tests/fuzz/$t.dict" ] || opts="$opts -dict=$top/tests/fuzz/$t.dict"
(cd "$w" && ASAN_OPTIONS=detect_leaks=1 \
	LSAN_OPTIONS=suppressions="$top/tests/fuzz/lsan.supp" ./"fuzz_$t" -max_total_time="$T" $opts \
	-print_final_stats=1 -rss_limit_mb=2048 -timeout=20 \
	-artifact_prefix="$w/" corpus >fuzz.log 2>&1)
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$w/fuzz.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$w/fuzz.log")
secs=$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$w/fuzz.log")
crashes=$(find "$w" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o \
	-name 'timeout-*' -o -name 'oom-*' \) | wc -l)
[ "$rc" = 0 ] || [ "$crashes" -gt 0 ] || crashes=1
echo "fuzz_$t: ${execs:-0} executions in ${secs:-$T} s (${rate:-0} exec/s), corpus $(ls "$w/corpus" | wc -l) inputs, $crashes crashes"
if [ "$crashes" -gt 0 ]; then
	grep -A 30 -E '^==[0-9]+==ERROR|runtime error|ERROR: libFuzzer|^fuzz_' \
		"$w/fuzz.log" | head -n 60 >&2
	echo "fuzz_$t: artifacts and log kept in $w" >&2
	exit 1
fi
[ "${FUZZ_KEEP:-0}" = 1 ] && echo "fuzz_$t: kept $w" || rm -rf "$w"
