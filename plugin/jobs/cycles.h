/* cycles.h - running a manager's jobs: start (immediate atomic
 * consumption), tick (completion in (end time, job id) order, output
 * delivery under the hold/fail policy, repeating cycles without drift) and
 * cancel with refunds; plus the pieces deserialize reuses to rebuild jobs. */
#ifndef PRODI_CYCLES_H
#define PRODI_CYCLES_H

#include "jobs/manager.h"

prod_status prodi_mgr_start(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                            uint64_t inventory, int64_t now, int repeat, prod_job_id *out);
prod_status prodi_mgr_tick(prod_manager *m, int64_t now);
/* tick's O(1) case, inlined into the API entry point: nothing is due or held
 * and now is valid. 1 when it handled the tick; prodi_mgr_tick does the rest. */
static inline int prodi_mgr_tick_idle(prod_manager *m, int64_t now)
{
    if (now < m->last_time || now > PROD_TIME_MAX || m->blocked_len || m->wheel.next <= now)
        return 0;
    m->last_time = now;
    return 1;
}
prod_status prodi_mgr_cancel(prod_manager *m, prod_job_id id, uint32_t refund, int64_t now);

/* Release a job's slot and snapshot reference (no event; the job is not
 * in the wheel). */
void prodi_mgr_end_job(prod_manager *m, uint32_t slot);
/* After loading saved jobs: put every running job of a loaded recipe into
 * the wheel, the cursor at the earliest of their ends and the manager's
 * time. PROD_OK, or PROD_ERR_NO_MEMORY (no error text set). */
prod_status prodi_mgr_queue_loaded(prod_manager *m);
/* inventory_add; PROD_HOST_OK when n == 0. */
int32_t prodi_mgr_host_add(prod_manager *m, uint64_t inv, const prod_item_qty *items, uint32_t n);
/* Room for one more blocked entry. 0, or -1 on OOM. */
int prodi_mgr_blocked_reserve(prod_manager *m);

#endif
