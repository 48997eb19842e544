#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/fuzz/run.sh without a usable TMPDIR stops with one line, instead of
# writing config.h and obj/ into the filesystem root.  Run in a private
# mount namespace where / is read-only, so that the old behaviour fails
# here and touches nothing.
. "$top_srcdir/tests/lib.sh"
if [ "$(id -u)" != 0 ] || ! unshare -m true 2>/dev/null; then
	echo "1..0 # SKIP needs root for a private mount namespace"; exit 0
fi
run=${FUZZ_RUN:-$top_srcdir/tests/fuzz/run.sh}
T_RC=0
TMPDIR=$T_TMP/missing CC_FUZZ=false unshare -m --propagation private \
	bash -c 'mount -o remount,bind,ro / && exec bash "$0" import 1' "$run" \
	>"$T_TMP/out" 2>"$T_TMP/err" || T_RC=$?
err=$(cat "$T_TMP/err")
check_eq "a missing TMPDIR: status 1" 1 "$T_RC"
check_eq "a missing TMPDIR: one line naming it" \
	"fuzz_import: cannot make a scratch directory in $T_TMP/missing; set TMPDIR to a writable directory" \
	"$(printf '%s\n' "$err" | grep -v '^mktemp: ')"
check_eq "nothing tried outside it (no /config.h, no /obj)" "" \
	"$(printf '%s\n' "$err" | grep -E '(^| )/(config\.h|obj)' || true)"
finish
