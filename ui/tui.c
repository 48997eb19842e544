/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal front end of the wizard: curses I/O and the key script. */
#include <config.h>

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/tui.h"
#include "ui/wiz.h"

static bool
locale_utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* One colour pair per attribute, or plain attributes without colour. */
static attr_t
attr_of(int a, bool color)
{
	switch (a) {
	case DRAW_TITLE:
	case DRAW_KEYS:
		return A_REVERSE;
	case DRAW_FOCUS:
		return A_REVERSE | A_BOLD;
	case DRAW_SELECT:
	case DRAW_BOLD:
		return A_BOLD;
	case DRAW_FIELD:
		return color ? COLOR_PAIR(1) : A_UNDERLINE;
	case DRAW_DIM:
		return color ? COLOR_PAIR(2) : A_DIM;
	case DRAW_OK:
		return color ? COLOR_PAIR(3) | A_BOLD : A_BOLD;
	case DRAW_WARN:
		return color ? COLOR_PAIR(4) | A_BOLD : A_BOLD;
	case DRAW_ERR:
		return color ? COLOR_PAIR(5) | A_BOLD : A_BOLD | A_UNDERLINE;
	default:
		return A_NORMAL;
	}
}

static void
flush(const struct draw *d, bool color)
{
	for (int y = 0; y < d->rows; y++) {
		for (int x = 0; x < d->cols; x++) {
			const struct draw_cell *c = &d->cells[y * d->cols + x];
			wchar_t wc[2] = { c->ch, L'\0' };
			cchar_t cc;

			if (c->ch == 0)
				continue;
			setcchar(&cc, wc, attr_of(c->attr, color), 0, NULL);
			mvadd_wch(y, x, &cc);
		}
	}
	if (d->cursor_y >= 0) {
		curs_set(1);
		move(d->cursor_y, d->cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

static struct wg_key
read_key(void)
{
	struct wg_key k = { WK_NONE, 0 };
	wint_t ch;
	int rc = get_wch(&ch);

	if (rc == ERR)
		return (struct wg_key){ WK_TICK, 0 };
	if (rc == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: k.code = WK_UP; break;
		case KEY_DOWN: k.code = WK_DOWN; break;
		case KEY_LEFT: k.code = WK_LEFT; break;
		case KEY_RIGHT: k.code = WK_RIGHT; break;
		case KEY_HOME: k.code = WK_HOME; break;
		case KEY_END: k.code = WK_END; break;
		case KEY_PPAGE: k.code = WK_PGUP; break;
		case KEY_NPAGE: k.code = WK_PGDN; break;
		case KEY_BACKSPACE: k.code = WK_BACKSPACE; break;
		case KEY_DC: k.code = WK_DELETE; break;
		case KEY_BTAB: k.code = WK_BTAB; break;
		case KEY_ENTER: k.code = WK_ENTER; break;
		case KEY_F(1): k.code = WK_F1; break;
		case KEY_F(2): k.code = WK_F2; break;
		case KEY_F(10): k.code = WK_F10; break;
		case KEY_RESIZE: k.code = WK_RESIZE; break;
		default: break;
		}
		return k;
	}
	switch (ch) {
	case L'\n':
	case L'\r':
		k.code = WK_ENTER;
		break;
	case L'\t':
		k.code = WK_TAB;
		break;
	case 27:
		k.code = WK_ESC;
		break;
	case 127:
	case 8:
		k.code = WK_BACKSPACE;
		break;
	case 12:
		k.code = WK_CTRL_L;
		break;
	case 21:
		k.code = WK_CTRL_U;
		break;
	default:
		if (ch >= L' ') {
			k.code = WK_CHAR;
			k.ch = (wchar_t)ch;
		}
		break;
	}
	return k;
}

/* A fresh wizard, with the answers file's answers; false when it is bad. */
static bool
start(struct wiz *w, struct cli *cli, const char *answers, int *status)
{
	struct ac_err err = AC_ERR_INIT;

	wiz_init(w, cli);
	if (!answers || wiz_answers_load(w, answers, &err))
		return true;
	*status = cli_fail(cli, &err);
	ac_err_clear(&err);
	wiz_free(w);
	return false;
}

int
tui_run(struct cli *cli, bool no_color, const char *answers)
{
	struct draw d;
	struct wiz w;
	struct wg_key k;
	bool color, busy;
	int status;

	if (!start(&w, cli, answers, &status))
		return status;
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	if (!initscr()) {
		fprintf(stderr, _("%s: cannot start the terminal interface\n"),
			cli->prog);
		wiz_free(&w);
		return CLI_EXIT_FAIL;
	}
	ac_xalloc_set_oom_hook(restore_terminal);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	color = !no_color && !getenv("NO_COLOR") && has_colors();
	if (color) {
		start_color();
		use_default_colors();
		init_pair(1, -1, -1);
		init_pair(2, COLOR_CYAN, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_YELLOW, -1);
		init_pair(5, COLOR_RED, -1);
	}
	draw_init(&d, COLS, LINES, locale_utf8());
	while (!w.done) {
		if (d.cols != COLS || d.rows != LINES)
			draw_resize(&d, COLS, LINES);
		wiz_set_screen(&w, &d);
		wiz_draw(&w, &d);
		erase();
		flush(&d, color);
		/*
		 * While a job runs, redraw ten times a second.  Otherwise
		 * still wake once a second: a SIGWINCH that lands between
		 * ncurses' check for it and its wait for input would else
		 * go unseen until the next key (seen in the tmux test).
		 */
		busy = wiz_busy(&w);
		timeout(busy ? 100 : 1000);
		k = read_key();
		if (k.code == WK_CTRL_L)
			clearok(curscr, TRUE);
		/* an idle wake-up is no key for the screens; a tick while a
		 * job ran is (also the one that finds it finished) */
		if (k.code != WK_TICK || busy)
			wiz_key(&w, k);
	}
	endwin();
	wiz_result_print(&w, stdout, d.utf8);
	status = w.status;
	wiz_free(&w);
	draw_free(&d);
	ac_xalloc_set_oom_hook(NULL);
	return status;
}

static void
dump(struct wiz *w, struct draw *d)
{
	wiz_draw(w, d);
	draw_dump(d, stdout);
	for (int i = 0; i < d->cols; i++)
		putchar('-');
	putchar('\n');
}

static void
wait_job(struct wiz *w)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };

	while (wiz_busy(w))
		nanosleep(&pause, NULL);
	wiz_key(w, (struct wg_key){ WK_TICK, 0 });
}

/* Types a UTF-8 string, one character a key. */
static void
type(struct wiz *w, const char *s)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;

	memset(&st, 0, sizeof(st));
	while (*s && (n = mbrtowc(&wc, s, strlen(s), &st)) != 0 &&
	       n != (size_t)-1 && n != (size_t)-2) {
		wiz_key(w, (struct wg_key){ WK_CHAR, wc });
		s += n;
	}
}

int
tui_run_script(struct cli *cli, FILE *script, int cols, int rows,
	       const char *answers)
{
	struct draw d;
	struct wiz w;
	struct wg_key k;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status, lineno = 0;

	if (!start(&w, cli, answers, &status))
		return status;
	draw_init(&d, cols, rows, locale_utf8());
	wiz_set_screen(&w, &d);
	while (!w.done && (len = getline(&line, &cap, script)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (strcmp(line, "dump") == 0) {
			dump(&w, &d);
		} else if (strcmp(line, "wait") == 0) {
			wait_job(&w);
		} else if (strncmp(line, "type ", 5) == 0) {
			type(&w, line + 5);
		} else if (sscanf(line, "resize %dx%d", &cols, &rows) == 2) {
			draw_resize(&d, cols, rows);
			wiz_set_screen(&w, &d);
			wiz_key(&w, (struct wg_key){ WK_RESIZE, 0 });
		} else if (wg_key_parse(line, &k)) {
			wiz_key(&w, k);
		} else {
			fprintf(stderr, _("%s: script line %d: unknown key \"%s\"\n"),
				cli->prog, lineno, line);
			w.status = CLI_EXIT_USAGE;
			break;
		}
	}
	if (!w.done)
		dump(&w, &d);
	else
		wiz_result_print(&w, stdout, d.utf8);
	status = w.done ? w.status : (w.status ? w.status : CLI_EXIT_FAIL);
	free(line);
	wiz_free(&w);
	draw_free(&d);
	return status;
}
