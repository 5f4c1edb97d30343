/* cmd_demo.h - prodhost demo (cmd_demo.c). */
#ifndef PRODHOST_CMD_DEMO_H
#define PRODHOST_CMD_DEMO_H

#include <stdio.h>

#include "host.h"
#include "ph_loader.h"

void demo_usage(FILE *out);
/* Run the demo world from argv (after "demo"). plugin_path is what --reload-at
 * loads again by default. CLI_OK, CLI_FAILED or CLI_USAGE (printed). */
int cmd_demo(ph_plugin *p, host_services *host, const char *plugin_path, const char *recipes,
             int argc, char **argv);

#endif
