/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a libFuzzer target's entry point over given files, without
 * libFuzzer: make check replays every committed corpus with each build
 * (and the sanitizer build), so an input that once crashed stays fixed.
 * Usage: replay_TARGET FILE...; a target's check aborts, which fails. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int
main(int argc, char **argv)
{
	int status = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct ac_buf b = { 0 };
		struct ac_err err = AC_ERR_INIT;
		uint8_t *copy;

		if (!ac_read_file(argv[i], &b, &err)) {
			fprintf(stderr, "%s: %s\n", argv[i], err.msg);
			ac_err_clear(&err);
			status = 1;
			continue;
		}
		/* libFuzzer's inputs end where the data ends: a copy of
		 * exactly the file's size, so ASan sees any overread */
		copy = xmalloc(b.len ? b.len : 1);
		if (b.len)
			memcpy(copy, b.data, b.len);
		LLVMFuzzerTestOneInput(copy, b.len);
		free(copy);
		ac_buf_clear(&b);
	}
	return status;
}
