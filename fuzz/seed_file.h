/* seed_file.h - writing one seed save of a fuzzer's corpus (seed_file.c). */
#ifndef PROD_SEED_FILE_H
#define PROD_SEED_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Writes bytes[0..n) to DIR/f<major>_<minor>_<name>.msgpack, the format
 * version read from the save's header (an array, the magic as a fixstr,
 * then the major and minor as fixints), so a new format's seeds go beside
 * the old ones. 0 on success; otherwise 1, and stderr says why. */
int seed_write(const char *dir, const char *name, const uint8_t *bytes, size_t n);

#endif
