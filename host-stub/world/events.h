/* events.h - the event sink: counters per event type, failures by reason,
 * items produced/refunded/discarded, and an optional one-line-per-event trace.
 * host.c routes prod_host.on_event here. */
#ifndef PRODHOST_EVENTS_H
#define PRODHOST_EVENTS_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

#include "production.h"

#define EVENT_REASON_SLOTS 3u /* other, failed_to_restart, output_full */

typedef struct event_stats {
    uint64_t started;
    uint64_t restarted;
    uint64_t completed;
    uint64_t cancelled;
    uint64_t blocked; /* OUTPUT_BLOCKED events */
    uint64_t failed[EVENT_REASON_SLOTS]; /* indexed by PROD_REASON_*, 0 = other */
    uint64_t unknown; /* events of a type this host does not know */
    uint64_t items_produced;  /* added to inventories by COMPLETED */
    uint64_t items_refunded;  /* given back by CANCELLED */
    uint64_t items_discarded; /* thrown away by FAILED/OUTPUT_FULL */
} event_stats;

typedef struct event_log {
    event_stats stats;
    FILE *trace;              /* NULL: no trace */
    const prod_api *api;      /* for item names in the trace; may be NULL */
    const prod_ctx *ctx;
} event_log;

void event_log_init(event_log *l, FILE *trace);
/* Item names in the trace come from this context once it exists. */
void event_log_attach(event_log *l, const prod_api *api, const prod_ctx *ctx);
/* prod_host.on_event. */
void event_log_record(event_log *l, const prod_event *e);
uint64_t event_stats_failed(const event_stats *s);
void event_stats_print(const event_stats *s, FILE *out);
/* The counters as a JSON object (NULL when out of memory). */
cJSON *event_stats_json(const event_stats *s);

#endif
