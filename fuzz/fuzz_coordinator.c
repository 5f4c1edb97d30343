/* fuzz_coordinator.c - libFuzzer target: coord_deserialize on hostile bytes
 * and everything a host does with what loads (fuzz/coord_driver.c),
 * aborting when an invariant breaks. */
#include <stdio.h>
#include <stdlib.h>

#include "coord_driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cd_host host;
    static int ready;
    if (!ready) {
        const prod_api *api = prod_get_api(PROD_ABI_VERSION, NULL);
        if (!api || cd_open(&host, api) != 0)
            abort();
        ready = 1;
    }
    char why[512];
    if (cd_run(&host, data, size, why, sizeof why) != 0) {
        fprintf(stderr, "fuzz_coordinator: %s\n", why);
        abort();
    }
    return 0;
}
