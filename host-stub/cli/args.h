/* args.h - the conventions every prodhost subcommand keeps, and the helpers
 * that keep them (args.c):
 *  - Exit codes: CLI_OK (0), CLI_FAILED (1: the work failed, after saying
 *    why), CLI_USAGE (2: the command line is wrong, after saying what and
 *    where the help is). A subcommand returns one of them (-1 counts as
 *    CLI_FAILED).
 *  - `prodhost CMD --help` (or -h anywhere after CMD) prints CMD's usage on
 *    stdout and exits 0; main.c does that before CMD runs, so a subcommand
 *    never sees --help.
 *  - A bad value names the option, what it needs and, for a choice, every
 *    valid value; an option the subcommand does not use is refused, never
 *    ignored.
 * A subcommand walks its arguments with cli_args: cli_next for the next
 * option or operand, cli_value for an option's value. */
#ifndef PRODHOST_ARGS_H
#define PRODHOST_ARGS_H

#include <stdint.h>

#define CLI_OK 0
#define CLI_FAILED 1
#define CLI_USAGE 2

typedef struct cli_args {
    const char *cmd; /* the subcommand, for messages ("chain") */
    int argc;
    char **argv;
    int i; /* the next argument */
} cli_args;

cli_args cli_args_of(const char *cmd, int argc, char **argv);
/* The next argument, or NULL at the end. */
const char *cli_next(cli_args *a);
/* 1 if arg looks like an option ("--x" or "-x"; "-" alone and "-1" do not). */
int cli_is_option(const char *arg);
/* The value after option opt into *out: CLI_OK, or CLI_USAGE (printed)
 * when there is none. */
int cli_value(cli_args *a, const char *opt, const char **out);

/* Print "prodhost CMD: <message>" and where the help is; CLI_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "--x is not an option of CMD" (CLI_USAGE). */
int cli_unknown_option(const char *cmd, const char *opt);

/* Typed values; each answers CLI_OK or CLI_USAGE after a message naming the
 * option, the range and what it got. */
int cli_u64(const char *cmd, const char *opt, const char *text, uint64_t min, uint64_t max,
            uint64_t *out);
int cli_double(const char *cmd, const char *opt, const char *text, double min, double max,
               double *out);
/* text as the index of one of names[0..n-1]; the message lists them all. */
int cli_choice(const char *cmd, const char *opt, const char *text, const char *const *names,
               uint32_t n, uint32_t *out);
/* 1 if opt is one of the NULL-terminated names. */
int cli_in(const char *opt, const char *const *names);

/* A subcommand's result (CLI_*, or -1) as the process exit code. */
int cli_exit_code(int rc);

#endif
