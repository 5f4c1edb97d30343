/* store_checks.c - the store tests' shared checks (store_checks.h). */
#include "store_checks.h"

#include <stdlib.h>

#include "check.h"

void store_check_two_rows(chunk_store *s)
{
    store_row r;
    CHECK(store_get(s, 8, &r) == 0);
    int64_t v = 0;
    CHECK(store_get_meta(s, "round", &v) == 1 && v == 42);
    CHECK(store_get_meta(s, "absent", &v) == 0);
    uint64_t *keys = NULL;
    size_t n = 0;
    CHECK(store_keys(s, &keys, &n) == 0 && n == 2);
    CHECK(n == 2 && keys[0] == ((uint64_t)1 << 63 | 5) && keys[1] == 7); /* signed order */
    free(keys);
}

void store_check_rollback(chunk_store *s)
{
    store_row row = {.key = 9, .saved_at = 1, .plugin_version = "9.9.9", .blob = (uint8_t *)"x",
                     .blob_len = 1, .host = "{}"};
    CHECK(store_begin(s) == 0);
    CHECK(store_put(s, &row) == 0);
    CHECK(store_set_meta(s, "round", 43) == 0);
    store_rollback(s);
    store_row r;
    int64_t v = 0;
    CHECK(store_get(s, 9, &r) == 0);
    CHECK(store_get_meta(s, "round", &v) == 1 && v == 42);
}
