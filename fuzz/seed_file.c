/* seed_file.c - a seed save into a corpus directory, named by the format
 * version of its header (shared by the seed writers make_corpus.c and
 * make_coord_corpus.c). */
#include "seed_file.h"

#include <stdio.h>

int seed_write(const char *dir, const char *name, const uint8_t *bytes, size_t n)
{
    size_t magic = n > 1 ? (size_t)(bytes[1] & 0x1f) : 0; /* fixstr length */
    if (n < magic + 4 || (bytes[1] & 0xe0) != 0xa0)
        return fprintf(stderr, "seed_write: %s has no header\n", name), 1;
    char path[1024];
    snprintf(path, sizeof path, "%s/f%u_%u_%s.msgpack", dir, bytes[2 + magic], bytes[3 + magic],
             name);
    FILE *f = fopen(path, "wb");
    int rc = !f || fwrite(bytes, 1, n, f) != n;
    if (f)
        rc |= fclose(f) != 0;
    if (rc)
        fprintf(stderr, "seed_write: cannot write %s\n", path);
    return rc;
}
