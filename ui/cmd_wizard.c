/* SPDX-License-Identifier: GPL-3.0-or-later */
/* astcert wizard: the interactive wizard (also what "astcert" alone runs). */
#include <config.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "src/i18n.h"
#include "ui/cli.h"
#include "ui/tui.h"
#include "ui/wiz.h"

/* A bad answers file is named before anything else is said or done. */
static bool
answers_ok(struct cli *cli, const char *path, int *status)
{
	struct ac_err err = AC_ERR_INIT;
	struct wiz w;
	bool ok;

	wiz_init(&w, &cli->ctx, &cli->cfg, cli->data_dir);
	ok = wiz_answers_load(&w, path, &err);
	if (!ok)
		*status = cli_fail(cli, &err);
	wiz_clear(&w);
	ac_err_clear(&err);
	return ok;
}

static void
help(void)
{
	printf("%s", _("Usage: astcert wizard [--answers FILE] [--no-color]\n"
		       "Start the interactive wizard (\"astcert\" alone on a terminal\n"
		       "does the same).\n\n"
		       "      --answers FILE    fill every screen from an answers file\n"
		       "                        (saved with F2 on the review screen)\n"
		       "      --no-color        no colours (NO_COLOR does the same)\n"
		       "      --script FILE     read keys from FILE instead of the terminal\n"
		       "                        and print the screens asked for (for tests)\n"
		       "      --size COLSxROWS  screen size with --script (default 80x24)\n"
		       "      --help            show this help and exit\n"));
}

int
cli_wizard(struct cli *cli, int argc, char **argv)
{
	enum { OPT_NO_COLOR = CLI_OPT_FIRST_COMMAND, OPT_SCRIPT, OPT_SIZE,
	       OPT_ANSWERS };
	static const struct option opts[] = {
		{ "answers", required_argument, NULL, OPT_ANSWERS },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "script", required_argument, NULL, OPT_SCRIPT },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "help", no_argument, NULL, CLI_OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	const char *script = NULL, *answers = NULL;
	bool no_color = false;
	int opt, cols = 80, rows = 24, status;
	FILE *f;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_NO_COLOR:
			no_color = true;
			break;
		case OPT_ANSWERS:
			answers = optarg;
			break;
		case OPT_SCRIPT:
			script = optarg;
			break;
		case OPT_SIZE:
			if (sscanf(optarg, "%dx%d", &cols, &rows) != 2 ||
			    cols < 20 || rows < 10 || cols > 1000 || rows > 1000)
				return cli_usage_error(cli, "wizard",
						       _("--size \"%s\" is not COLSxROWS (at least 20x10)"),
						       optarg);
			break;
		case CLI_OPT_HELP:
			help();
			return CLI_EXIT_OK;
		default:
			return cli_bad_option(cli, "wizard");
		}
	}
	if (answers && !script && !answers_ok(cli, answers, &status))
		return status;
	if (!script) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return cli_usage_error(cli, "wizard",
					       _("the wizard needs a terminal; every path also runs as a command"));
		return tui_run(cli, no_color, answers);
	}
	f = strcmp(script, "-") == 0 ? stdin : fopen(script, "r");
	if (!f) {
		fprintf(stderr, _("%s: cannot open %s: %m\n"), cli->prog, script);
		return CLI_EXIT_USAGE;
	}
	status = tui_run_script(cli, f, cols, rows, answers);
	if (f != stdin)
		fclose(f);
	return status;
}
