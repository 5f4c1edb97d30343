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

void audit_job_items(const sim *s, prod_manager *m, uint64_t *inputs, uint64_t *held)
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

void audit_live(const sim *s, const chunk *chunks, uint32_t n, uint64_t stocked,
                audit_figures *out)
{
    const ledger *l = &s->host->ledger;
    *out = (audit_figures){.inventories = audit_inventory_items(s), .consumed = l->consumed,
                           .added = l->added, .stocked = stocked,
                           .delivered = s->stats.delivered, .sold = s->stats.sold,
                           .events = l->events, .digest = ledger_digest(l),
                           .digest_void = l->out_of_memory};
    for (uint32_t i = 0; i < n; i++) {
        if (chunks[i].manager)
            audit_job_items(s, chunks[i].manager, &out->inputs, &out->held);
        out->unloaded |= chunks[i].manager == NULL;
    }
}

uint64_t audit_expected(const audit_figures *f)
{
    return f->stocked + f->delivered - f->sold + f->added - f->consumed;
}

void audit_print(const audit_figures *f, FILE *out)
{
    uint64_t inv = f->inventories, in_jobs = f->inputs + f->held;
    fprintf(out, "conservation:          inventories %" PRIu64 " + in jobs %" PRIu64
            " (running inputs %" PRIu64 ", blocked outputs %" PRIu64 ") + consumed %" PRIu64
            " = %" PRIu64 "%s\n", inv, in_jobs, f->inputs, f->held, f->consumed,
            inv + in_jobs + f->consumed, f->unloaded ? " (some chunks unloaded)" : "");
    uint64_t expect = audit_expected(f);
    fprintf(out, "balance:               stocked %" PRIu64 " + delivered %" PRIu64 " - sold %"
            PRIu64 " + added by jobs %" PRIu64 " - consumed by jobs %" PRIu64 " = %" PRIu64
            " (%s)\n", f->stocked, f->delivered, f->sold, f->added, f->consumed, expect,
            expect == inv ? "ok, equals the inventories" : "MISMATCH with the inventories");
    fprintf(out, "event digest:          %016" PRIx64 " (%" PRIu64 " events%s)\n", f->digest,
            f->events, f->digest_void ? ", VOID: out of memory" : "");
}

cJSON *audit_json(const audit_figures *f)
{
    char digest[24];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "inventories", (double)f->inventories);
    cJSON_AddNumberToObject(o, "running_inputs", (double)f->inputs);
    cJSON_AddNumberToObject(o, "blocked_outputs", (double)f->held);
    cJSON_AddNumberToObject(o, "consumed", (double)f->consumed);
    cJSON_AddNumberToObject(o, "stocked", (double)f->stocked);
    cJSON_AddNumberToObject(o, "delivered", (double)f->delivered);
    cJSON_AddNumberToObject(o, "sold", (double)f->sold);
    cJSON_AddNumberToObject(o, "added", (double)f->added);
    cJSON_AddBoolToObject(o, "balance_ok", audit_expected(f) == f->inventories);
    cJSON_AddBoolToObject(o, "some_chunks_unloaded", f->unloaded != 0);
    snprintf(digest, sizeof digest, "%016" PRIx64, f->digest);
    cJSON_AddItemToObject(o, "event_digest", f->digest_void ? cJSON_CreateNull()
                                                            : cJSON_CreateString(digest));
    cJSON_AddNumberToObject(o, "events", (double)f->events);
    return o;
}
