/* args.c - the option parsing and usage-error conventions of prodhost's
 * subcommands (args.h says what they are). */
#include "args.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cli_args cli_args_of(const char *cmd, int argc, char **argv)
{
    return (cli_args){.cmd = cmd, .argc = argc, .argv = argv};
}

const char *cli_next(cli_args *a) { return a->i < a->argc ? a->argv[a->i++] : NULL; }

int cli_is_option(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9');
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "prodhost %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nrun \"prodhost %s --help\" for usage\n", cmd);
    return CLI_USAGE;
}

int cli_unknown_option(const char *cmd, const char *opt)
{
    return cli_usage_error(cmd, "%s is not an option of %s", opt, cmd);
}

int cli_value(cli_args *a, const char *opt, const char **out)
{
    *out = cli_next(a);
    return *out ? CLI_OK : cli_usage_error(a->cmd, "%s needs a value", opt);
}

int cli_u64(const char *cmd, const char *opt, const char *text, uint64_t min, uint64_t max,
            uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (!*text || *end || errno || text[0] == '-' || v < min || v > max)
        return cli_usage_error(cmd, "%s needs a whole number in %" PRIu64 "..%" PRIu64
                               ", got \"%s\"", opt, min, max, text);
    *out = v;
    return CLI_OK;
}

int cli_double(const char *cmd, const char *opt, const char *text, double min, double max,
               double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (!*text || *end || errno || !isfinite(v) || !(v >= min && v <= max))
        return cli_usage_error(cmd, "%s needs a number in %g..%g, got \"%s\"", opt, min, max,
                               text);
    *out = v;
    return CLI_OK;
}

int cli_choice(const char *cmd, const char *opt, const char *text, const char *const *names,
               uint32_t n, uint32_t *out)
{
    char list[256] = "";
    for (uint32_t i = 0; i < n; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = i;
            return CLI_OK;
        }
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                 names[i]);
    }
    return cli_usage_error(cmd, "bad value \"%s\" for %s: choose %s", text, opt, list);
}

int cli_in(const char *opt, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(opt, *names) == 0)
            return 1;
    return 0;
}

int cli_exit_code(int rc)
{
    return rc == CLI_OK ? 0 : rc == CLI_USAGE ? 2 : 1;
}
