/* json_out.c - a subcommand's JSON document on stdout. */
#include "json_out.h"

#include <stdio.h>

#include "args.h"

int cli_print_json(cJSON *doc)
{
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (!text) {
        fprintf(stderr, "prodhost: out of memory printing JSON\n");
        return CLI_FAILED;
    }
    printf("%s\n", text);
    cJSON_free(text);
    return CLI_OK;
}
