/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The command-line front end: commands, shared options, output. */
#ifndef CLI_H
#define CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "src/ac.h"
#include "src/cfg.h"
#include "src/err.h"
#include "src/job.h"

/* Exit statuses (documented in astcert(8)). */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_FAIL = 1,	/* the operation failed */
	CLI_EXIT_USAGE = 2,	/* bad option or value; nothing was done */
	CLI_EXIT_RENEWED = 3,	/* renew: something was renewed and verified */
	CLI_EXIT_BUSY = 4,	/* renew: another run holds the lock */
};

struct cli {
	struct ac_ctx ctx;
	struct ac_cfg cfg;
	const char *prog;
	bool json;
	bool verbose;		/* print error details */
	bool color;
	const char *data_dir;	/* templates: ASTCERT_DATA_DIR or PKGDATADIR */
	const char *cmd;	/* the command running, or NULL */
	char **argv;		/* what getopt parses, for cli_bad_option */
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *summary;	/* N_() marked */
};

/* Each command, one file each. */
int cli_csr(struct cli *cli, int argc, char **argv);
int cli_import(struct cli *cli, int argc, char **argv);
int cli_check(struct cli *cli, int argc, char **argv);
int cli_selfsigned(struct cli *cli, int argc, char **argv);
int cli_acme(struct cli *cli, int argc, char **argv);
int cli_revoke(struct cli *cli, int argc, char **argv);
int cli_show(struct cli *cli, int argc, char **argv);
int cli_wizard(struct cli *cli, int argc, char **argv);
int cli_ca(struct cli *cli, int argc, char **argv);
int cli_deploy(struct cli *cli, int argc, char **argv);
int cli_renew(struct cli *cli, int argc, char **argv);
int cli_status(struct cli *cli, int argc, char **argv);

/* The option that gives the answer an engine error or a check names
 * (err->field, check->field), or NULL. */
const char *cli_field_option(const struct cli *cli, enum ac_field field);

/* Runs the command line; returns the exit status. */
int cli_main(int argc, char **argv);

/* Prints "astcert: MESSAGE" (and details with --verbose); the exit status. */
int cli_fail(struct cli *cli, const struct ac_err *err);
/* Prints a usage error and a hint to --help; returns CLI_EXIT_USAGE. */
/* One error line on stderr: "astcert: MSG", punctuated in the user's language. */
void cli_say(const struct cli *cli, const char *msg);
int cli_usage_error(struct cli *cli, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Handles a getopt failure ('?' or ':'); returns CLI_EXIT_USAGE. */
int cli_bad_option(struct cli *cli, const char *cmd);

/* Options every issuing command takes (--name, --out, --owner, --key,
 * --days, --dns, --ip, --subject and the subject fields, --json). */
enum {
	CLI_OPT_NAME = 0x1000,
	CLI_OPT_OUT,
	CLI_OPT_OWNER,
	CLI_OPT_KEY,
	CLI_OPT_DAYS,
	CLI_OPT_DNS,
	CLI_OPT_IP,
	CLI_OPT_SUBJECT,
	CLI_OPT_COUNTRY,
	CLI_OPT_STATE,
	CLI_OPT_LOCALITY,
	CLI_OPT_ORG,
	CLI_OPT_UNIT,
	CLI_OPT_CN,
	CLI_OPT_JSON,
	CLI_OPT_VERBOSE,
	CLI_OPT_HELP,
	CLI_OPT_FIRST_COMMAND,	/* commands number their own from here */
};

#define CLI_JOB_OPTIONS \
	{ "name", required_argument, NULL, CLI_OPT_NAME }, \
	{ "out", required_argument, NULL, CLI_OPT_OUT }, \
	{ "owner", required_argument, NULL, CLI_OPT_OWNER }, \
	{ "key", required_argument, NULL, CLI_OPT_KEY }, \
	{ "days", required_argument, NULL, CLI_OPT_DAYS }, \
	{ "dns", required_argument, NULL, CLI_OPT_DNS }, \
	{ "ip", required_argument, NULL, CLI_OPT_IP }, \
	{ "subject", required_argument, NULL, CLI_OPT_SUBJECT }, \
	{ "country", required_argument, NULL, CLI_OPT_COUNTRY }, \
	{ "state", required_argument, NULL, CLI_OPT_STATE }, \
	{ "locality", required_argument, NULL, CLI_OPT_LOCALITY }, \
	{ "org", required_argument, NULL, CLI_OPT_ORG }, \
	{ "unit", required_argument, NULL, CLI_OPT_UNIT }, \
	{ "cn", required_argument, NULL, CLI_OPT_CN }, \
	CLI_COMMON_OPTIONS

#define CLI_COMMON_OPTIONS \
	{ "json", no_argument, NULL, CLI_OPT_JSON }, \
	{ "verbose", no_argument, NULL, CLI_OPT_VERBOSE }, \
	{ "help", no_argument, NULL, CLI_OPT_HELP }

/*
 * Applies one of CLI_JOB_OPTIONS to the job.  Returns 1 when handled,
 * 0 when opt is not a job option, -1 on a bad value (err set).
 */
int cli_job_option(struct cli *cli, struct ac_job *job, int opt,
		   const char *arg, struct ac_err *err);

typedef int (*cli_option_fn)(struct cli *cli, struct ac_job *job, int opt,
			     const char *arg, struct ac_err *err);

/*
 * Parses a command's options into job: --help prints help(); every other
 * option goes to option (cli_job_option when NULL), which returns 1 when
 * handled, 0 when unknown, -1 on a bad value (err set).  No positional
 * arguments.  Returns -1 when the command goes on, else its exit status.
 */
int cli_parse_job(struct cli *cli, const char *cmd, int argc, char **argv,
		  const struct option *opts, struct ac_job *job,
		  cli_option_fn option, void (*help)(void));

/*
 * Runs the job with progress on a terminal and SIGINT / SIGTERM as cancel;
 * on success prints the result under headline (nothing when NULL).
 * Returns the exit status.
 */
int cli_run_job(struct cli *cli, struct ac_job *job, const char *headline);

/* A whole number from min to max in out; false (out untouched) else. */
bool cli_parse_int(const char *arg, int min, int max, int *out);

/* A TCP port 1..65535 given to option opt (named in the message). */
bool cli_parse_port(const char *opt, const char *arg, int *out,
		    struct ac_err *err);

/* Help text for CLI_JOB_OPTIONS, printed by each command's --help. */
void cli_job_options_help(FILE *out);

/* Prints what a finished job did: summary, files, warnings, next steps. */
void cli_print_result(struct cli *cli, const struct ac_job *job,
		      const char *headline);
/* Prints a certificate summary (text or JSON object lines). */
void cli_print_certinfo(struct cli *cli, const struct ac_certinfo *info);
/*
 * Machine output carries the exact value of every string, written ASCII
 * only so that no bidi mark or C1 control reaches a terminal raw; but a
 * certificate name that is not plain text comes in its ac_text_esc form
 * (src/certinfo.h), and so does any string that is not UTF-8.  Human
 * output shows the ac_text_esc form of everything others control.
 */
#define CLI_JSON_FLAGS \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII)
/* The string as JSON (NULL: null), escaped when it is not UTF-8 (new
 * reference). */
json_t *cli_json_text(const char *s);
/* A JSON array of the strings, as cli_json_text (new reference). */
json_t *cli_strv_json(const struct ac_strv *l);
/* Prints obj with CLI_JSON_FLAGS and a newline, and releases it. */
void cli_print_json(json_t *obj);
/* Display columns of a UTF-8 string: translated text is aligned by what
 * the terminal shows, never by bytes (its length when it is not text). */
int cli_columns(const char *s);

/* True when the locale's characters are UTF-8 ("→", else "->"). */
bool cli_utf8(void);

/* A certificate's names, escaped, for a person: "DNS:pbx.bücher.example →
 * pbx.xn--bcher-kva.example, IP:192.0.2.10" (ac_name_shown); "" when it has
 * none.  New string. */
char *cli_names(const struct ac_certinfo *info, bool utf8);
/* Prints s and pads it with spaces to width display columns. */
void cli_print_padded(const char *s, int width);

/* Prints warnings to stderr as "astcert: warning: ...". */
void cli_print_warnings(struct cli *cli, const struct ac_strv *warnings);

/* Prints reload runs and endpoint checks (ui/cmd_deploy.c). */
struct ac_deploy_report;
void cli_print_deploy(struct cli *cli, const struct ac_deploy_report *r);
/*
 * The first SIGINT or SIGTERM sets the ctx's cancel flag (the engine stops
 * at its next step); a second one ends the process at once.
 */
void cli_catch_cancel(struct cli *cli);

/*
 * When a signal cancelled the run (cli_catch_cancel), ends the process by
 * that signal, as the shell expects of an interrupted command; else
 * returns.  Called last, after output is flushed.
 */
void cli_end_signalled(void);

/* Progress to stderr when on a terminal. */
void cli_progress(void *arg, const char *step, double fraction,
		  const char *message);

#endif
