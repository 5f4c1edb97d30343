/* persist_cmd.h - the chunk-store subcommands of prodhost (inspect, soak,
 * verify, storebench) and the shape every subcommand has: it gets the loaded plugin,
 * the host services, the recipe path and the arguments after its name, and
 * returns CLI_OK, CLI_FAILED or CLI_USAGE after printing why (args.h). */
#ifndef PRODHOST_PERSIST_CMD_H
#define PRODHOST_PERSIST_CMD_H

#include <stdio.h>

#include "host.h"
#include "ph_loader.h"

typedef int (*persist_cmd_fn)(ph_plugin *p, host_services *host, const char *recipes, int argc,
                              char **argv);

void inspect_usage(FILE *out);
void soak_usage(FILE *out);
void verify_usage(FILE *out);
void storebench_usage(FILE *out);
void fleet_usage(FILE *out);

int cmd_inspect(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);
int cmd_soak(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);
int cmd_verify(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);
int cmd_storebench(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);
int cmd_fleet(ph_plugin *p, host_services *host, const char *recipes, int argc, char **argv);

#endif
