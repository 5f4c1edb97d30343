/* chain_json.c - the one JSON printer of prodhost chain's answers (the tree
 * of cmd_chain.c and the per-item graph of chain_graph.c). */
#include "cmd_chain.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

int chain_print_json(cJSON *root)
{
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text) {
        fprintf(stderr, "prodhost: out of memory printing JSON\n");
        return -1;
    }
    printf("%s\n", text);
    free(text);
    return 0;
}
