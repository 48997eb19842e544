#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The engine (src/) never includes curses, never prints, never exits; only
# ui/tui.c and ui/draw.c call curses; includes name their layer.
. "$top_srcdir/tests/lib.sh"
cd "$top_srcdir" || exit 1

hits() { grep -nE "$1" src/*.c src/*.h 2>/dev/null | grep -v '^\s*/\?\*' || true; }
check_eq "no curses in src/" "" "$(hits '#include <n?curses')"
check_eq "no printing in src/" "" "$(hits '\b(printf|puts|putchar|perror)\s*\(|\bf?printf\s*\(\s*std(out|err)|\bfputs\s*\([^;]*std(out|err)')"
# out of memory (xalloc.c) and a trampoline called before its library was
# loaded (dl.c) abort
check_eq "no exit in src/" "" "$(hits '\b(exit|_exit|abort)\s*\(' | grep -vE 'src/(xalloc|dl)\.c' )"
check_eq "no getenv in src/ (the front end reads the environment)" "" "$(hits '\bgetenv\s*\(')"
check_eq "no ui/ include in src/" "" "$(hits '#include "ui/')"
check_eq "ui/ reaches HTTP only through the engine (src/dl.h loads the libraries)" "" \
	"$(grep -lE '#include <(curl/|microhttpd)' ui/*.[ch] 2>/dev/null || true)"
check_eq "curses only in ui/tui.c and ui/draw.c" "" \
	"$(grep -lE '#include <n?curses' ui/*.c 2>/dev/null | grep -vE 'ui/(tui|draw)\.c' || true)"
check_eq "project includes are written from the top directory" "" \
	"$(grep -nE '#include "[^/"]+\.h"' src/*.[ch] ui/*.[ch] | grep -v 'config.h' || true)"
# renew uses the inventory and asterisk; nothing in the engine uses renew
check_eq "no engine module but renew includes src/renew.h (no cycle)" "" \
	"$(grep -lE '#include "src/renew\.h"' src/*.[ch] | grep -vx 'src/renew\.[ch]' || true)"
# one home for the state layout (src/layout.c): nothing else spells a
# state file's name or builds a path under the state directory
state_names='certs/|cert\.pem|chain\.pem|privkey\.pem|renewal\.conf|renewal-info|last-renewal'
state_names="$state_names|accounts/|account\.(key|url)|archive/|journal/|phones/"
state_names="$state_names|ca\.(crt|key|lock)|crl\.pem|crl-export|(install|csr)\.lock|key\.pem|csr\.pem"
check_eq "state file names are spelled only in src/layout.c" "" \
	"$(grep -nE "\"[^\"]*($state_names)[^\"]*\"|\"(certs|deployed|lock|issued|journal|archive|accounts)\"" \
		src/*.[ch] ui/*.[ch] | grep -vE '^src/layout\.[ch]:|^[^:]+:[0-9]+:\s*(/?\*)' || true)"
check_eq "state paths are built only by src/layout.c" "" \
	"$(grep -nE '\bac_state_path\s*\(' src/*.c ui/*.c | grep -vE '^src/(layout|ctx)\.c:' || true)"
check_eq "one libcurl setup: only src/http.c makes a handle (dl_curl.c loads it)" "" \
	"$(grep -lE '\bcurl_easy_(init|setopt)\s*\(' src/*.c | grep -vxE 'src/(http|dl_curl)\.c' || true)"
check_eq "the key mode rule (0640 or 0600) is ac_owner_key_mode's alone" "" \
	"$(grep -nE '\b0640\b' src/*.c | grep -vE '^src/owner\.c:|^[^:]+:[0-9]+:\s*(/?\*)|_\(' || true)"
check_eq "engine functions shared between files carry the ac_ prefix" "" \
	"$(grep -hE '^[a-z][a-z_ ]*\**\b[a-z_0-9]+\(' src/*.h | grep -vE '\bac_[a-z0-9_]+\(|\bx[a-z]+\(|^typedef' || true)"
check_eq "every file opens with an SPDX line" "" \
	"$(for f in src/*.[ch] ui/*.[ch]; do head -n1 "$f" | grep -q SPDX || echo "$f"; done)"
check_eq "every file with translatable strings is in po/POTFILES.in" "" \
	"$(grep -lE '\b_\(|N_\(' src/*.c ui/*.c | sort | comm -23 - <(grep -v '^#' po/POTFILES.in | sort))"
check_eq "po/POTFILES.in names only files that exist" "" \
	"$(grep -v '^#' po/POTFILES.in | while read -r f; do [ -f "$f" ] || echo "$f"; done)"

finish
