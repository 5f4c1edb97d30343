/* events.c - counts every event the plugin emits and optionally traces it. */
#include "events.h"

#include <inttypes.h>

static const char *const REASON_NAMES[EVENT_REASON_SLOTS] = {"other", "failed_to_restart",
                                                              "output_full"};

void event_log_init(event_log *l, FILE *trace)
{
    *l = (event_log){.trace = trace};
}

void event_log_attach(event_log *l, const prod_api *api, const prod_ctx *ctx)
{
    l->api = api;
    l->ctx = ctx;
}

static uint64_t item_sum(const prod_event *e)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; e->items && i < e->item_count; i++)
        sum += e->items[i].qty;
    return sum;
}

static uint32_t reason_slot(uint32_t reason)
{
    return reason < EVENT_REASON_SLOTS ? reason : 0;
}

static const char *type_name(uint32_t type)
{
    static const char *const names[] = {"?",      "started",   "restarted",     "completed",
                                        "failed", "cancelled", "output-blocked"};
    return type < sizeof names / sizeof names[0] ? names[type] : "?";
}

static const char *item_label(const event_log *l, prod_item_id item)
{
    const char *name = l->api ? l->api->item_name(l->ctx, item) : NULL;
    return name ? name : "?";
}

static void trace(const event_log *l, const prod_event *e)
{
    fprintf(l->trace, "t=%" PRId64 " tag=%" PRIx64 " job=%" PRIx64 " %s %s owner=%" PRIu64
            " inv=%" PRIx64 " cycles=%" PRIu64, e->time, e->manager_tag, e->job,
            type_name(e->type), e->recipe_id ? e->recipe_id : "?", e->owner, e->inventory,
            e->cycles);
    if (e->type == PROD_EVENT_FAILED)
        fprintf(l->trace, " reason=%s", REASON_NAMES[reason_slot(e->reason)]);
    for (uint32_t i = 0; e->items && i < e->item_count; i++)
        fprintf(l->trace, " %s%s:%" PRIu32, i ? "" : "items=", item_label(l, e->items[i].item),
                e->items[i].qty);
    fputc('\n', l->trace);
}

void event_log_record(event_log *l, const prod_event *e)
{
    event_stats *s = &l->stats;
    switch (e->type) {
    case PROD_EVENT_STARTED: s->started++; break;
    case PROD_EVENT_RESTARTED: s->restarted++; break;
    case PROD_EVENT_COMPLETED:
        s->completed++;
        s->items_produced += item_sum(e);
        break;
    case PROD_EVENT_FAILED:
        s->failed[reason_slot(e->reason)]++;
        if (e->reason == PROD_REASON_OUTPUT_FULL)
            s->items_discarded += item_sum(e);
        break;
    case PROD_EVENT_CANCELLED:
        s->cancelled++;
        s->items_refunded += item_sum(e);
        break;
    case PROD_EVENT_OUTPUT_BLOCKED: s->blocked++; break;
    default: s->unknown++; break;
    }
    if (l->trace)
        trace(l, e);
}

uint64_t event_stats_failed(const event_stats *s)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < EVENT_REASON_SLOTS; i++)
        n += s->failed[i];
    return n;
}

void event_stats_print(const event_stats *s, FILE *out)
{
    fprintf(out, "jobs started:          %" PRIu64 "\n", s->started);
    fprintf(out, "cycles restarted:      %" PRIu64 "\n", s->restarted);
    fprintf(out, "cycles completed:      %" PRIu64 "\n", s->completed);
    fprintf(out, "jobs failed:           %" PRIu64 " (failed_to_restart %" PRIu64
            ", output_full %" PRIu64 ", other %" PRIu64 ")\n", event_stats_failed(s),
            s->failed[PROD_REASON_FAILED_TO_RESTART], s->failed[PROD_REASON_OUTPUT_FULL],
            s->failed[0]);
    fprintf(out, "jobs cancelled:        %" PRIu64 " (items refunded %" PRIu64 ")\n",
            s->cancelled, s->items_refunded);
    fprintf(out, "output-blocked events: %" PRIu64 "\n", s->blocked);
    fprintf(out, "items produced:        %" PRIu64 " (discarded on output_full %" PRIu64 ")\n",
            s->items_produced, s->items_discarded);
    if (s->unknown)
        fprintf(out, "unknown events:        %" PRIu64 "\n", s->unknown);
}

cJSON *event_stats_json(const event_stats *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "started", (double)s->started);
    cJSON_AddNumberToObject(o, "restarted", (double)s->restarted);
    cJSON_AddNumberToObject(o, "completed", (double)s->completed);
    cJSON_AddNumberToObject(o, "failed", (double)event_stats_failed(s));
    cJSON_AddNumberToObject(o, "failed_to_restart", (double)s->failed[PROD_REASON_FAILED_TO_RESTART]);
    cJSON_AddNumberToObject(o, "failed_output_full", (double)s->failed[PROD_REASON_OUTPUT_FULL]);
    cJSON_AddNumberToObject(o, "failed_other", (double)s->failed[0]);
    cJSON_AddNumberToObject(o, "cancelled", (double)s->cancelled);
    cJSON_AddNumberToObject(o, "items_refunded", (double)s->items_refunded);
    cJSON_AddNumberToObject(o, "output_blocked", (double)s->blocked);
    cJSON_AddNumberToObject(o, "items_produced", (double)s->items_produced);
    cJSON_AddNumberToObject(o, "items_discarded", (double)s->items_discarded);
    cJSON_AddNumberToObject(o, "unknown", (double)s->unknown);
    return o;
}
