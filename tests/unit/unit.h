/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Shared by the cmocka unit tests: includes and a scratch directory. */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/*
 * A fresh directory under the build tree (tests/tmp/unit-NAME-PID), made on
 * first use; tests write nowhere else.
 */
static inline const char *
unit_tmpdir(const char *name)
{
	static char dir[4096];
	char cmd[2 * sizeof(dir) + 32];

	snprintf(dir, sizeof(dir), "%s/tests/tmp/unit-%s-%d",
		 getenv("top_builddir") ? getenv("top_builddir") : ".", name,
		 (int)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	if (system(cmd) != 0)
		fail_msg("cannot make %s", dir);
	return dir;
}

#endif
