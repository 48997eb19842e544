/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the configuration file (src/cfg.c) and the renewal
 * profiles (src/profile.c), both libconfig files read from disk.  Each
 * input is read as both, from a memfd named by its /proc path.  A profile
 * that loads must render, and its rendering must load and render again to
 * the same text: what renewal writes is what it reads back. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/err.h>

#include "src/cfg.h"
#include "src/profile.h"
#include "src/step.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A memfd holding len bytes; *path names it for fopen(). */
static int
mem_file(const void *data, size_t len, char path[static 32])
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len))
		abort();
	snprintf(path, 32, "/proc/self/fd/%d", fd);
	return fd;
}

static void
check_cfg(const char *path)
{
	struct ac_ctx ctx = { .conf_path = path };
	struct ac_err err = AC_ERR_INIT;
	struct ac_cfg cfg;

	if (ac_cfg_load(&ctx, &cfg, &err)) {
		/* a bad value is a warning and the default stays */
		if (cfg.days < 1 || cfg.days > AC_DAYS_MAX ||
		    cfg.renew_days < 1 || cfg.renew_days >= 3650 ||
		    !cfg.key_dir || !cfg.acme_directory)
			abort();
	} else if (!err.msg) {
		abort();	/* a failure always says why */
	}
	ac_cfg_clear(&cfg);
	ac_err_clear(&err);
}

/* The profile at path, rendered; NULL when it does not load. */
static char *
profile_text(const char *path, const struct ac_cfg *defaults)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_buf out = { 0 };
	struct ac_job job;
	char *text = NULL;

	ac_job_init(&job, AC_JOB_SELFSIGNED, defaults);
	if (ac_job_load(path, &job, &err)) {
		if (!ac_profile_render(&job, ac_step_name(&job), job.out_dir,
				       &out, &err))
			abort();
		text = ac_buf_steal(&out, NULL);
	} else if (!err.msg) {
		abort();
	}
	ac_buf_clear(&out);
	ac_job_clear(&job);
	ac_err_clear(&err);
	return text;
}

static void
check_profile(const char *path)
{
	struct ac_cfg defaults;
	char *once, *twice, again[32];
	int fd;

	ac_cfg_defaults(&defaults);
	once = profile_text(path, &defaults);
	if (once) {
		fd = mem_file(once, strlen(once), again);
		twice = profile_text(again, &defaults);
		close(fd);
		if (!twice || strcmp(once, twice) != 0) {
			fprintf(stderr, "fuzz_cfg: a profile does not read back as "
				"written:\n--- written\n%s--- read back\n%s",
				once, twice ? twice : "(does not load)\n");
			abort();
		}
		free(twice);
	}
	free(once);
	ac_cfg_clear(&defaults);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[32];
	int fd = mem_file(data, size, path);

	check_cfg(path);
	check_profile(path);
	close(fd);
	ERR_clear_error();
	return 0;
}
