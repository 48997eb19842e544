/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The terminal front end of the wizard: curses I/O and the key script. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <term.h>

#include "src/i18n.h"
#include "src/xalloc.h"
#include "ui/cli.h"
#include "ui/tui.h"
#include "ui/wiz.h"

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
		/* visible even when empty: a background, or a line */
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
			wchar_t wc[3] = { c->ch, c->mark, L'\0' };
			attr_t a = attr_of(c->attr, color);
			cchar_t cc;

			if (c->ch == 0)
				continue;
			/* the pair goes in its own argument: a 0 there would
			 * take the colour off again */
			setcchar(&cc, wc, a & ~A_COLOR, (short)PAIR_NUMBER(a),
				 NULL);
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

/* A key ncurses decoded from the terminal description (or extra_keys). */
static struct wg_key
coded_key(wint_t ch)
{
	struct wg_key k = { WK_NONE, 0 };

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
	default: break;	/* other function keys do nothing */
	}
	return k;
}

/* A character typed, or a control key. */
static struct wg_key
char_key(wint_t ch)
{
	struct wg_key k = { WK_NONE, 0 };

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
	case 3:
		k.code = WK_CTRL_C;
		break;
	case 7:		/* Ctrl-G: help, as nano has it */
		k.code = WK_F1;
		break;
	case 12:
		k.code = WK_CTRL_L;
		break;
	case 17:	/* Ctrl-Q and Ctrl-X: quit, without a function key */
	case 24:
		k.code = WK_F10;
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

/*
 * One key from ncurses, as get_wch(3) returns it.  In a single-byte locale
 * (LANG=C) a byte is read at a time: get_wch would wait for the rest of a
 * UTF-8 character the locale cannot read, swallowing the keys after it.
 * *invalid is set for a byte that is no character of the locale.
 */
static int
get_key(wint_t *ch, bool *invalid)
{
	int c;

	*invalid = false;
	if (MB_CUR_MAX > 1)
		return get_wch(ch);
	if ((c = getch()) == ERR)
		return ERR;
	*ch = (wint_t)c;
	if (c >= KEY_MIN)
		return KEY_CODE_YES;
	*ch = btowc(c);
	*invalid = *ch == WEOF;
	return OK;
}

/*
 * After an Esc that ncurses did not match: the rest of an escape sequence
 * the terminal description does not know (CSI parameters up to the final
 * byte, or one SS3 byte) is read whole and dropped, and so is Alt+key.
 * True when something followed: the Esc was no key of its own.
 */
static bool
drop_sequence(void)
{
	wint_t ch;
	bool invalid;
	int rc;

	timeout(0);
	rc = get_key(&ch, &invalid);
	if (rc == ERR)
		return false;
	/* the rest of the sequence comes within the escape delay */
	timeout(ESCDELAY > 0 ? ESCDELAY : 50);
	if (rc == OK && ch == L'O') {
		get_key(&ch, &invalid);
	} else if (rc == OK && ch == L'[') {
		while (get_key(&ch, &invalid) == OK && ch >= 0x20 && ch < 0x40)
			;
	}
	return true;
}

/* The next key already read or readable now; WK_NONE when there is none. */
static struct wg_key
read_key(bool *got)
{
	wint_t ch;
	bool invalid;
	int rc;

	timeout(0);
	rc = get_key(&ch, &invalid);
	*got = rc != ERR;
	if (rc == ERR)
		return (struct wg_key){ WK_NONE, 0 };
	if (invalid)
		return (struct wg_key){ WK_INVALID, 0 };
	if (rc == KEY_CODE_YES)
		return coded_key(ch);
	if (ch == 27 && drop_sequence())
		return (struct wg_key){ WK_NONE, 0 };
	return char_key(ch);
}

/*
 * Waits up to ms for a key or for the worker's wake-up, in one poll(2):
 * a job that ends at any moment is seen at once.  Returns the key, or
 * WK_TICK when woken or when the time ran out (*woken says which).
 */
static struct wg_key
next_key(int wake, int ms, bool *woken)
{
	struct pollfd fds[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = wake, .events = POLLIN },
	};
	struct wg_key k;
	bool got;
	char drain[64];

	*woken = false;
	/* ncurses may hold keys it has read already: those first */
	k = read_key(&got);
	if (got)
		return k;
	if (poll(fds, 2, ms) > 0) {
		if (fds[1].revents & POLLIN) {
			while (read(wake, drain, sizeof(drain)) > 0)
				;
			*woken = true;
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			k = read_key(&got);
			if (got)
				return k;
		}
	}
	/* a signal (SIGWINCH) or the time: ncurses reports a resize now */
	k = read_key(&got);
	return got ? k : (struct wg_key){ WK_TICK, 0 };
}

/* Function keys and Home/End as most terminals send them, whatever TERM
 * says (PuTTY's F1 is ESC [ 11 ~ under TERM=xterm). */
static void
define_extra_keys(void)
{
	static const struct {
		const char *seq;
		int key;
	} extra[] = {
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		{ "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) },
		{ "\033[18~", KEY_F(7) }, { "\033[19~", KEY_F(8) },
		{ "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
		{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
		{ "\033[[E", KEY_F(5) },
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		{ "\033[3~", KEY_DC }, { "\033[5~", KEY_PPAGE },
		{ "\033[6~", KEY_NPAGE }, { "\033[Z", KEY_BTAB },
		{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN },
		{ "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
		{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN },
		{ "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	};

	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		if (key_defined(extra[i].seq) == 0)
			define_key(extra[i].seq, extra[i].key);
}

/* A fresh wizard, with the answers file's answers; false when it is bad. */
static bool
start(struct wiz *w, struct cli *cli, const char *answers, int *status)
{
	struct ac_err err = AC_ERR_INIT;

	wiz_init(w, &cli->ctx, &cli->cfg, cli->data_dir);
	if (!answers || wiz_answers_load(w, answers, &err))
		return true;
	*status = cli_fail(cli, &err);
	ac_err_clear(&err);
	wiz_clear(w);
	return false;
}

/*
 * Whether TERM names a terminal the wizard can draw on: known to terminfo,
 * with cursor addressing (not "dumb").  Asked before curses starts, which
 * would otherwise print its own English error, or draw nothing.
 */
static bool
term_usable(void)
{
	const char *cup;
	int err = 0;
	bool ok;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	cup = tigetstr("cup");
	ok = cup && cup != (const char *)-1;
	del_curterm(cur_term);
	return ok;
}

/* curses in raw mode, colours unless told not to; NULL when it fails */
static SCREEN *
term_start(bool no_color, bool *color)
{
	SCREEN *scr;

	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	if (!(scr = newterm(NULL, stdout, stdin)))
		return NULL;
	ac_xalloc_set_oom_hook(restore_terminal);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	define_extra_keys();
	*color = !no_color && !getenv("NO_COLOR") && has_colors();
	if (*color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_CYAN, -1);
		init_pair(3, COLOR_GREEN, -1);
		init_pair(4, COLOR_YELLOW, -1);
		init_pair(5, COLOR_RED, -1);
	}
	return scr;
}

/*
 * Draws and reads keys until the wizard is done.  While work runs in the
 * worker thread the screen is drawn four times a second; it ends by
 * writing to wake, which the same poll(2) as the keys waits for.  When
 * idle, it still wakes once a second: a SIGWINCH that lands between
 * ncurses' check for it and the wait would else go unseen until a key.
 */
static void
loop(struct wiz *w, struct draw *d, bool color, int wake)
{
	struct wg_key k;
	bool busy, woken;

	while (!w->done) {
		if (d->cols != COLS || d->rows != LINES)
			draw_resize(d, COLS, LINES);
		wiz_set_screen(w, d);
		wiz_draw(w, d);
		erase();
		flush(d, color);
		busy = wiz_busy(w);
		k = next_key(wake, busy ? 250 : 1000, &woken);
		if (k.code == WK_CTRL_L)
			clearok(curscr, TRUE);
		/* an idle wake-up is no key for the screens; a tick while a
		 * job runs is, and so is the one that says it ended */
		if (k.code != WK_NONE && (k.code != WK_TICK || busy || woken))
			wiz_key(w, k);
		/* the work ended as a key came: its tick as well */
		if (woken && k.code != WK_TICK && !w->done)
			wiz_key(w, (struct wg_key){ WK_TICK, 0 });
	}
}

int
tui_run(struct cli *cli, bool no_color, const char *answers)
{
	struct draw d;
	struct wiz w;
	SCREEN *scr;
	bool color;
	int status, wake[2];
	const char *term = getenv("TERM");

	if (!term_usable()) {
		fprintf(stderr, _("%s: this terminal (TERM=%s) cannot show the "
				  "wizard: set TERM to your terminal's type, or "
				  "run a command instead (see \"%s --help\").\n"),
			cli->prog, term && *term ? term : "", cli->prog);
		return CLI_EXIT_FAIL;
	}
	if (!start(&w, cli, answers, &status))
		return status;
	if (pipe2(wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		fprintf(stderr, _("%s: cannot create a pipe: %s\n"), cli->prog,
			strerror(errno));
		wiz_clear(&w);
		return CLI_EXIT_FAIL;
	}
	if (!(scr = term_start(no_color, &color))) {
		fprintf(stderr, _("%s: cannot start the terminal interface\n"),
			cli->prog);
		close(wake[0]);
		close(wake[1]);
		wiz_clear(&w);
		return CLI_EXIT_FAIL;
	}
	wiz_set_wake(&w, wake[1]);
	draw_init(&d, COLS, LINES, cli_utf8());
	loop(&w, &d, color, wake[0]);
	endwin();
	wiz_result_print(&w, stdout, d.utf8);
	delscreen(scr);
	status = w.status;
	wiz_clear(&w);	/* joins the worker: the pipe outlives it */
	close(wake[0]);
	close(wake[1]);
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
	draw_init(&d, cols, rows, cli_utf8());
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
	wiz_clear(&w);
	draw_free(&d);
	return status;
}
