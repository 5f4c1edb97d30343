/* audit.c - counting items in inventories and jobs, and the item balance. */
#include "audit.h"

#include <inttypes.h>
#include <stdlib.h>

#include "ph_inventory.h"

uint64_t audit_inventory_items(const sim *s)
{
    uint32_t n = s->api->item_count(s->ctx) + 1;
    uint64_t *totals = calloc(n, sizeof *totals), sum = 0;
    if (!totals)
        return UINT64_MAX;
    ph_inv_totals(s->host->inv, totals, n);
    for (uint32_t i = 1; i < n; i++)
        sum += totals[i];
    free(totals);
    return sum;
}

/* Consumed inputs of running cycles and held outputs of blocked jobs. */
static void job_items(const sim *s, prod_manager *m, uint64_t *inputs, uint64_t *held)
{
    uint32_t n = 0;
    s->api->jobs_all(m, NULL, 0, &n);
    prod_job_id *ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return;
    s->api->jobs_all(m, ids, n, &n);
    int64_t now = s->api->manager_time(m);
    for (uint32_t i = 0; i < n; i++) {
        prod_job_info info = {.struct_size = sizeof info};
        if (s->api->job_get(m, ids[i], now, &info) != PROD_OK)
            continue;
        for (uint32_t k = 0; info.state == PROD_JOB_RUNNING && k < info.input_count; k++)
            *inputs += info.inputs[k].consume ? info.inputs[k].qty : 0;
        for (uint32_t k = 0; info.state == PROD_JOB_BLOCKED && k < info.held_count; k++)
            *held += info.held[k].qty;
    }
    free(ids);
}

void audit_compute(const sim *s, const chunk *chunks, uint32_t n, uint64_t stocked,
                   audit_totals *t)
{
    *t = (audit_totals){.stocked = stocked};
    for (uint32_t i = 0; i < n; i++) {
        if (chunks[i].manager)
            job_items(s, chunks[i].manager, &t->inputs, &t->held);
        t->unloaded += chunks[i].manager == NULL;
    }
    const ledger *l = &s->host->ledger;
    t->inventories = audit_inventory_items(s);
    t->consumed = l->consumed;
    t->added = l->added;
    t->delivered = s->stats.delivered;
    t->sold = s->stats.sold;
    t->expected = stocked + t->delivered - t->sold + t->added - t->consumed;
    t->digest = ledger_digest(l);
    t->events = l->events;
    t->digest_void = l->out_of_memory;
}

void audit_print(const audit_totals *t, FILE *out)
{
    uint64_t in_jobs = t->inputs + t->held;
    fprintf(out, "conservation:          inventories %" PRIu64 " + in jobs %" PRIu64
            " (running inputs %" PRIu64 ", blocked outputs %" PRIu64 ") + consumed %" PRIu64
            " = %" PRIu64 "%s\n", t->inventories, in_jobs, t->inputs, t->held, t->consumed,
            t->inventories + in_jobs + t->consumed, t->unloaded ? " (some chunks unloaded)" : "");
    fprintf(out, "balance:               stocked %" PRIu64 " + delivered %" PRIu64 " - sold %"
            PRIu64 " + added by jobs %" PRIu64 " - consumed by jobs %" PRIu64 " = %" PRIu64
            " (%s)\n", t->stocked, t->delivered, t->sold, t->added, t->consumed, t->expected,
            t->expected == t->inventories ? "ok, equals the inventories"
                                          : "MISMATCH with the inventories");
    fprintf(out, "event digest:          %016" PRIx64 " (%" PRIu64 " events%s)\n", t->digest,
            t->events, t->digest_void ? ", VOID: out of memory" : "");
}

cJSON *audit_json(const audit_totals *t)
{
    char digest[24];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "inventories", (double)t->inventories);
    cJSON_AddNumberToObject(o, "running_inputs", (double)t->inputs);
    cJSON_AddNumberToObject(o, "blocked_outputs", (double)t->held);
    cJSON_AddNumberToObject(o, "consumed", (double)t->consumed);
    cJSON_AddNumberToObject(o, "stocked", (double)t->stocked);
    cJSON_AddNumberToObject(o, "delivered", (double)t->delivered);
    cJSON_AddNumberToObject(o, "sold", (double)t->sold);
    cJSON_AddNumberToObject(o, "added", (double)t->added);
    cJSON_AddBoolToObject(o, "balance_ok", t->expected == t->inventories);
    cJSON_AddBoolToObject(o, "some_chunks_unloaded", t->unloaded != 0);
    snprintf(digest, sizeof digest, "%016" PRIx64, t->digest);
    cJSON_AddItemToObject(o, "event_digest", t->digest_void ? cJSON_CreateNull()
                                                            : cJSON_CreateString(digest));
    cJSON_AddNumberToObject(o, "events", (double)t->events);
    return o;
}
