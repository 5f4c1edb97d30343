/* cmd_check.h - prodhost check FILE... (cmd_check.c). */
#ifndef PRODHOST_CMD_CHECK_H
#define PRODHOST_CMD_CHECK_H

#include <stdio.h>

#include "persist_cmd.h"

void check_usage(FILE *out);
/* Validate recipe files: CLI_OK when every file loads, CLI_FAILED after
 * listing every error found, CLI_USAGE without files. */
int cmd_check(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);

#endif
