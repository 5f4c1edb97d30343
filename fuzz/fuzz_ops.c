/* fuzz_ops.c - libFuzzer target: random ABI operations on a manager
 * (ops_driver.c), aborting when an item is created or lost, a save does not
 * load back to the same bytes, or a call from inside a callback is not
 * refused. */
#include <stdio.h>
#include <stdlib.h>

#include "ops_driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const prod_api *api;
    if (!api && !(api = prod_get_api(PROD_ABI_VERSION, NULL)))
        abort();
    char why[512];
    if (ops_run(api, data, size, why, sizeof why) > 0) {
        fprintf(stderr, "fuzz_ops: %s\n", why);
        abort();
    }
    return 0;
}
