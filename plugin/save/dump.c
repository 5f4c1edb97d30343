/* dump.c - manager_dump_json: a live manager as JSON text for people and
 * tools (cJSON's builder), the shape prodhost inspect shows for a stored
 * chunk: the manager's settings and size, its counters, its jobs in id
 * order with their effective values and held items. */
#include "save/dump.h"

#include "core/hostbuf.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The document being built; ok is cleared by the first failed addition. */
typedef struct dump {
    const prod_manager *m;
    int ok;
} dump;

static void num(dump *d, cJSON *o, const char *name, double v)
{
    d->ok &= cJSON_AddNumberToObject(o, name, v) != NULL;
}

static void str(dump *d, cJSON *o, const char *name, const char *v)
{
    d->ok &= cJSON_AddStringToObject(o, name, v) != NULL;
}

static void hex(dump *d, cJSON *o, const char *name, uint64_t v)
{
    char text[24];
    snprintf(text, sizeof text, "0x%016" PRIx64, v);
    str(d, o, name, text);
}

/* child added to o under name (to the array o when name is NULL). */
static cJSON *child(dump *d, cJSON *o, const char *name, cJSON *c)
{
    int added = c && (name ? cJSON_AddItemToObject(o, name, c) : cJSON_AddItemToArray(o, c));
    if (!added) {
        cJSON_Delete(c);
        d->ok = 0;
        return NULL;
    }
    return c;
}

static const char *item_name(const dump *d, prod_item_id item)
{
    const char *s = prodi_reg_item_name(d->m->ctx->reg, item);
    return s ? s : "?";
}

/* {"item", "qty"} appended to list. */
static cJSON *stack(dump *d, cJSON *list, prod_item_id item, uint32_t qty)
{
    cJSON *o = list ? child(d, list, NULL, cJSON_CreateObject()) : NULL;
    if (o) {
        str(d, o, "item", item_name(d, item));
        num(d, o, "qty", qty);
    }
    return o;
}

static void stacks(dump *d, cJSON *job, const prod_job_info *j)
{
    cJSON *in = child(d, job, "inputs", cJSON_CreateArray());
    for (uint32_t i = 0; in && i < j->input_count; i++) {
        cJSON *o = stack(d, in, j->inputs[i].item, j->inputs[i].qty);
        d->ok &= o && cJSON_AddBoolToObject(o, "consume", j->inputs[i].consume != 0) != NULL;
    }
    cJSON *out = child(d, job, "outputs", cJSON_CreateArray());
    for (uint32_t i = 0; out && i < j->output_count; i++) {
        cJSON *o = stack(d, out, j->outputs[i].item, j->outputs[i].qty);
        if (o)
            num(d, o, "probability", j->outputs[i].probability);
    }
    cJSON *held = child(d, job, "held", cJSON_CreateArray());
    for (uint32_t i = 0; held && i < j->held_count; i++)
        stack(d, held, j->held[i].item, j->held[i].qty);
}

static void job(dump *d, cJSON *list, const prod_job_info *j)
{
    cJSON *o = child(d, list, NULL, cJSON_CreateObject());
    if (!o)
        return;
    const prodi_recipe *r = prodi_reg_recipe(d->m->ctx->reg, j->recipe);
    hex(d, o, "id", j->id);
    str(d, o, "recipe", r ? r->id : "?");
    num(d, o, "recipe_index", j->recipe);
    num(d, o, "owner", (double)j->owner);
    num(d, o, "inventory", (double)j->inventory);
    str(d, o, "state", j->state == PROD_JOB_BLOCKED ? "blocked" : "running");
    num(d, o, "start_ms", (double)j->start_time);
    num(d, o, "end_ms", (double)j->end_time);
    num(d, o, "duration_ms", (double)j->duration);
    num(d, o, "cycles", (double)j->cycles);
    d->ok &= cJSON_AddBoolToObject(o, "repeat", j->repeat != 0) != NULL;
    num(d, o, "progress", j->progress);
    cJSON *mods = child(d, o, "modifiers", cJSON_CreateObject());
    if (mods) {
        num(d, mods, "input_cost", j->modifiers.input_cost);
        num(d, mods, "output_yield", j->modifiers.output_yield);
        num(d, mods, "time_speed", j->modifiers.time_speed);
    }
    stacks(d, o, j);
}

static void jobs(dump *d, cJSON *root)
{
    const prod_manager *m = d->m;
    cJSON *list = child(d, root, "jobs", cJSON_CreateArray());
    prod_manager *self = (prod_manager *)m; /* job_get sets error text only on failure */
    for (uint32_t s = 0; list && d->ok && s < m->jobs.hwm; s++) {
        const prodi_job *j = prodi_jt_at(&m->jobs, s);
        if (!prodi_jt_is_job(j))
            continue;
        prod_job_info info = {.struct_size = sizeof info};
        if (prodi_mgr_job_get(self, prodi_mgr_job_id(m, s, (uint16_t)j->gen), m->last_time,
                              &info) == PROD_OK)
            job(d, list, &info);
    }
}

static void manager(dump *d, cJSON *root)
{
    const prod_manager *m = d->m;
    prod_memory_stats mem = {.struct_size = sizeof mem};
    prodi_mgr_memory(m, &mem);
    cJSON *o = child(d, root, "manager", cJSON_CreateObject());
    if (!o)
        return;
    num(d, o, "tag", (double)m->tag);
    hex(d, o, "seed", m->seed);
    num(d, o, "id_space", m->id_space);
    str(d, o, "output_policy", m->output_policy == PROD_OUTPUT_FAIL ? "fail" : "hold");
    num(d, o, "time_ms", (double)m->last_time);
    num(d, o, "max_completions", m->max_completions);
    num(d, o, "catch_up_ms", (double)m->catch_up);
    num(d, o, "job_count", (double)mem.job_count);
    num(d, o, "snapshot_count", (double)mem.snapshot_count);
    num(d, o, "bytes_reserved", (double)mem.bytes_reserved);
    num(d, o, "bytes_used", (double)mem.bytes_used);
}

static void counters(dump *d, cJSON *root)
{
    prod_manager_counters c;
    prodi_mgr_counters(d->m, &c);
    cJSON *o = child(d, root, "counters", cJSON_CreateObject());
    if (!o)
        return;
    const struct {
        const char *name;
        uint64_t v;
    } f[] = {{"starts", c.starts},
             {"restarts", c.restarts},
             {"completions", c.completions},
             {"cancels", c.cancels},
             {"blocked_outputs", c.blocked_outputs},
             {"failed_to_restart", c.failed_to_restart},
             {"failed_output_full", c.failed_output_full},
             {"recipe_removed", c.recipe_removed},
             {"events", c.events},
             {"jobs", c.jobs},
             {"jobs_blocked", c.jobs_blocked}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        num(d, o, f[i].name, (double)f[i].v);
}

prod_status prodi_dump_json(const prod_manager *m, char **out, size_t *len)
{
    dump d = {m, 1};
    cJSON *root = cJSON_CreateObject();
    d.ok = root != NULL;
    if (d.ok) {
        manager(&d, root);
        counters(&d, root);
        jobs(&d, root);
    }
    char *text = d.ok ? cJSON_PrintUnformatted(root) : NULL; /* cJSON's allocator */
    cJSON_Delete(root);
    prodi_hostbuf b; /* the host's copy comes from its allocator */
    prodi_hostbuf_init(&b, &m->ctx->mem);
    if (text)
        prodi_hostbuf_puts(&b, text);
    cJSON_free(text);
    if (!text || prodi_hostbuf_take(&b, out, len) != 0)
        return PROD_ERR_NO_MEMORY;
    return PROD_OK;
}
