/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: the wizard's answers files (ui/wiz_answers.c), which a
 * user may bring from another server.  Each input is loaded from a memfd
 * into a fresh wizard; answers that load must build their jobs or say why,
 * their command lines must be plain shell words (no expansion, nothing
 * run), and saving them must give a file that loads and saves again to the
 * same text; every screen they fill draws in memory, at 80x24 in UTF-8
 * and at the smallest size in ASCII.  No terminal: ui/tui.c is not
 * linked. */
#include <config.h>

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wordexp.h>

#include <openssl/err.h>

#include "src/util.h"
#include "tests/fuzz/fuzz.h"
#include "ui/wiz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct ac_ctx ctx;
static struct ac_cfg cfg;
static char *dir;		/* where the answers are saved */
static char *saved[2];

static void
cleanup(void)
{
	for (int i = 0; i < 2; i++) {
		unlink(saved[i]);
		free(saved[i]);
	}
	rmdir(dir);
	free(dir);
	ac_cfg_clear(&cfg);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dir = xasprintf("%s/astcert-fuzz-answers.XXXXXX", fuzz_tmp_base());
	if (!mkdtemp(dir))
		abort();
	saved[0] = xasprintf("%s/once.conf", dir);
	saved[1] = xasprintf("%s/twice.conf", dir);
	/* no configuration, an empty state: the welcome screen lists nothing */
	ctx.conf_path = "/nonexistent/astcert.conf";
	ctx.state_dir = dir;
	ctx.now_override = 1767225600;	/* 2026-01-01 */
	setlocale(LC_ALL, "C.UTF-8");
	ac_cfg_defaults(&cfg);
	atexit(cleanup);
	return 0;
}

/* The command lines the review screen shows, word by word, as a shell
 * would read them when the user pastes them. */
static void
check_command_lines(const char *lines)
{
	char *copy = xstrdup(lines), *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		wordexp_t we;
		int rc = wordexp(l, &we, WRDE_NOCMD | WRDE_UNDEF);

		if (rc != 0) {
			fprintf(stderr, "fuzz_answers: the shell would not read "
				"this command line as words (wordexp %d):\n%s\n",
				rc, l);
			abort();
		}
		wordfree(&we);
	}
	free(copy);
}

/* Loads path into a fresh wizard and saves it to out; false when the file
 * does not load. */
static bool
load_save(const char *path, const char *out, bool build)
{
	struct ac_err err = AC_ERR_INIT;
	struct wiz w;
	bool ok;

	wiz_init(&w, &ctx, &cfg, "/nonexistent" /* no country names */);
	ok = wiz_answers_load(&w, path, &err);
	if (!ok && !err.msg)
		abort();	/* a failure always says why */
	if (ok && build) {
		if (wiz_build_jobs(&w)) {
			char *lines = wiz_command_lines(&w);

			check_command_lines(lines);
			free(lines);
		} else if (!w.error) {
			abort();
		}
	}
	if (ok && !wiz_answers_save(&w, out, &err)) {
		fprintf(stderr, "fuzz_answers: cannot save: %s\n", err.msg);
		abort();
	}
	ac_err_clear(&err);
	wiz_clear(&w);
	return ok;
}

/* Every screen the answers fill, as the wizard would draw it. */
static void
draw_screens(const char *path)
{
	static const struct scr *const screens[] = {
		&scr_welcome, &scr_import, &scr_names, &scr_acme,
		&scr_subject, &scr_key, &scr_ca, &scr_install, &scr_review,
	};
	struct ac_err err = AC_ERR_INIT;
	struct draw big, small;
	struct wiz w;

	wiz_init(&w, &ctx, &cfg, "/nonexistent" /* no country names */);
	draw_init(&big, 80, 24, true);
	draw_init(&small, WIZ_MIN_COLS, WIZ_MIN_ROWS, false);
	if (wiz_answers_load(&w, path, &err)) {
		wiz_draw(&w, &big);	/* with the note naming the file */
		for (size_t i = 0; i < sizeof(screens) / sizeof(*screens); i++) {
			const struct scr *s = screens[i];

			if (s->applies && !s->applies(&w))
				continue;
			if (s->enter)
				s->enter(&w);
			draw_clear(&big);
			s->draw(&w, &big, 2, big.rows - 4);
			draw_clear(&small);
			s->draw(&w, &small, 2, small.rows - 4);
		}
	}
	draw_free(&small);
	draw_free(&big);
	ac_err_clear(&err);
	wiz_clear(&w);
}

static char *
slurp(const char *path)
{
	struct ac_err err = AC_ERR_INIT;
	struct ac_buf b = { 0 };

	if (!ac_read_file(path, &b, &err))
		abort();
	return ac_buf_steal(&b, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[32];
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size))
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (load_save(path, saved[0], true)) {
		char *once, *twice;

		if (!load_save(saved[0], saved[1], false)) {
			fprintf(stderr, "fuzz_answers: saved answers do not load:\n%s",
				slurp(saved[0]));
			abort();
		}
		once = slurp(saved[0]);
		twice = slurp(saved[1]);
		if (strcmp(once, twice) != 0) {
			fprintf(stderr, "fuzz_answers: answers do not save as they "
				"load:\n--- saved\n%s--- loaded and saved again\n%s",
				once, twice);
			abort();
		}
		free(once);
		free(twice);
		draw_screens(path);
	}
	close(fd);
	ERR_clear_error();
	return 0;
}
