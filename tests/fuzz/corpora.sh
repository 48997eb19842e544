#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every committed fuzz corpus file through its target's entry point
# (tests/fuzz/replay.c, no libFuzzer): the seeds and the inputs that once
# found a bug pass the target's checks in every build, sanitizers included.
. "$top_srcdir/tests/lib.sh"

# the answers and acme targets write their files into TMPDIR; libconfig's
# own leaks are no failure of ours (the sanitizer build)
export TMPDIR=$T_TMP
export LSAN_OPTIONS=suppressions=$top_srcdir/tests/fuzz/lsan.supp
n=0
for src in "$top_srcdir"/tests/fuzz/fuzz_*.c; do
	t=${src##*/fuzz_}; t=${t%.c}
	replay=$top_builddir/tests/fuzz/replay_$t
	check "replay_$t is built for fuzz_$t.c" test -x "$replay"
	for f in "$top_srcdir/tests/fuzz/corpus/$t"/*; do
		check "$t: ${f##*/}" "$replay" "$f"
		n=$((n + 1))
	done
done
check "the corpora hold inputs" test "$n" -gt 20

finish
