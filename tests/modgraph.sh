#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The engine's modules form no dependency cycle (tools/modgraph, read from
# the symbols of the built objects in src/).
. "$top_srcdir/tests/lib.sh"

graph=$("$top_srcdir/tools/modgraph" "$top_builddir" 2>&1)
check_match "modgraph reads the built engine" ' -> ' "$graph"
check_match "the job runs its source through the table" '^job -> source$' "$graph"
check_match "the sources share the steps" '^acme -> step$' "$graph"
check_eq "no cycle between engine modules" "" \
	"$(printf '%s\n' "$graph" | grep '^cycle:')"
check "tools/modgraph --check passes" \
	"$top_srcdir/tools/modgraph" --check "$top_builddir"
check_fails "tools/modgraph fails without objects" \
	"$top_srcdir/tools/modgraph" "$T_TMP"

finish
