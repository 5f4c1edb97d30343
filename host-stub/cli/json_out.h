/* json_out.h - how a subcommand prints a JSON document (--format json). */
#ifndef PRODHOST_JSON_OUT_H
#define PRODHOST_JSON_OUT_H

#include <cjson/cJSON.h>

/* Print doc on stdout (indented, one trailing newline) and free it. A NULL
 * doc, or one that cannot be printed, means out of memory: said on stderr.
 * CLI_OK or CLI_FAILED. */
int cli_print_json(cJSON *doc);

#endif
