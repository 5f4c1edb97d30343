/* dump.h - a live manager as JSON text (manager_dump_json). */
#ifndef PRODI_DUMP_H
#define PRODI_DUMP_H

#include "jobs/manager.h"

/* The document (see manager_dump_json in production.h), a host buffer
 * (free_buffer), NUL-terminated, into *out and its length into *len.
 * PROD_OK, or PROD_ERR_NO_MEMORY with nothing allocated. */
prod_status prodi_dump_json(const prod_manager *m, char **out, size_t *len);

#endif
