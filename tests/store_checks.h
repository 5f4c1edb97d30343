/* store_checks.h - what both store tests check the same way (host_store on
 * SQLite, host_store_pg on PostgreSQL), once rows 7 and 2^63|5 and meta
 * round = 42 were committed: an absent key reads as absent, the meta reads
 * back, the keys come in signed order using all 64 bits, and a rollback
 * leaves nothing behind. */
#ifndef PROD_STORE_CHECKS_H
#define PROD_STORE_CHECKS_H

#include "store.h"

void store_check_two_rows(chunk_store *s);
/* Then: a transaction putting row 9 and meta round = 43, rolled back, leaves neither. */
void store_check_rollback(chunk_store *s);

#endif
