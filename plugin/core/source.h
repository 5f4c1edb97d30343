/* source.h - reading one recipe source (a file or text in memory) into a
 * cJSON tree, with the limits that keep a hostile source from hanging or
 * bloating the server (source.c). */
#ifndef PRODI_SOURCE_H
#define PRODI_SOURCE_H

#include <cjson/cJSON.h>

#include "core/error.h"
#include "core/mem.h"
#include "production.h"

/* Arrays and objects may nest this deep (cJSON's own limit). */
#define PRODI_JSON_DEPTH_MAX CJSON_NESTING_LIMIT

/* Parse src (label names it in messages) into *root (the caller frees it
 * with cJSON_Delete). IO (cannot read; not a regular file), LIMIT (file
 * larger than max_file_bytes, nesting past PRODI_JSON_DEPTH_MAX), PARSE
 * (syntax, a NUL byte), VALIDATION (\u0000 in a string), NO_MEMORY, each
 * with the byte offset, line and column where it applies. */
prod_status prodi_source_parse(const prodi_mem *mem, const prod_recipe_source *src,
                               uint64_t max_file_bytes,
                               const char *label, cJSON **root, prodi_errbuf *err);

#endif
