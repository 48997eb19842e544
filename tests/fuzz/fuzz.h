/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the fuzz targets that write files share. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdlib.h>
#include <unistd.h>

/* Where a target makes its directory: TMPDIR (make check: the build
 * directory), else tmpfs when there is one, as it writes for every input. */
static inline const char *
fuzz_tmp_base(void)
{
	const char *t = getenv("TMPDIR");

	if (t && *t)
		return t;
	return access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
}

#endif
