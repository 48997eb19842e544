/* SPDX-License-Identifier: GPL-3.0-or-later */
/* File-path completion for the wizard's path fields, as a shell does it. */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stdbool.h>

#include "src/xalloc.h"

enum wg_compl {
	WG_COMPL_NONE,		/* nothing to complete: Tab moves on */
	WG_COMPL_UNIQUE,	/* one entry: the word is now its path */
	WG_COMPL_PARTIAL,	/* several: the word grew to what they share */
	WG_COMPL_AMBIGUOUS,	/* several, and the word cannot grow */
};

/*
 * Completes word, a path as typed (relative to the working directory
 * unless it starts with '/'), against the entries of its directory.  A
 * directory gets a trailing '/'; hidden entries match only when the typed
 * part of the last component starts with '.'; dirs_only leaves files out.
 * UNIQUE and PARTIAL set *completed to the new word (new string); PARTIAL
 * and AMBIGUOUS add the matching entry names, sorted, to cands.  A word
 * that is already its one match, an empty word and an unreadable
 * directory give NONE.
 */
enum wg_compl wg_complete_path(const char *word, bool dirs_only,
			       char **completed, struct ac_strv *cands);

#endif
