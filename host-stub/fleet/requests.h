/* requests.h - configuration requests to a running fleet (requests.c): a
 * table fleet_config_requests in the run's SQLite database, written by
 * `fleet config set` from another process while the run holds the store's
 * writer lock (SQLite's own locking keeps the two apart), and read by the
 * run once a game minute. A request is the JSON of a partial
 * prod_coord_config (config_json.h). */
#ifndef PRODHOST_FLEET_REQUESTS_H
#define PRODHOST_FLEET_REQUESTS_H

#include <stdint.h>

typedef struct fleet_requests fleet_requests;

/* Open the database at path, creating the table if missing. 0 or -1 (printed). */
int fleet_requests_open(const char *path, fleet_requests **out);
/* Open it read-only: *out NULL (and 0) when it has no such table. 0 or -1 (printed). */
int fleet_requests_read(const char *path, fleet_requests **out);
void fleet_requests_close(fleet_requests *r);
/* Append a request; its id into *id. 0 or -1 (printed). */
int fleet_requests_add(fleet_requests *r, const char *json, int64_t *id);
/* The first request with id > after: 1 (*id, *json malloc'd: free it), 0
 * none, -1 error (printed). */
int fleet_requests_next(fleet_requests *r, int64_t after, int64_t *id, char **json);

#endif
