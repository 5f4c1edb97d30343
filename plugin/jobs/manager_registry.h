/* manager_registry.h - the optional registry of managers (see manager_registry.c). */
#ifndef PRODI_MANAGER_REGISTRY_H
#define PRODI_MANAGER_REGISTRY_H

#include "jobs/manager.h"

/* Drop a manager that is being destroyed from its registry, if any. */
void prodi_mreg_forget(prod_manager *m);
prod_status prodi_mreg_create(prod_ctx *ctx, prod_manager_registry **out);
void prodi_mreg_destroy(prod_manager_registry *r);
prod_status prodi_mreg_add(prod_manager_registry *r, uint64_t key, prod_manager *m);
prod_status prodi_mreg_remove(prod_manager_registry *r, uint64_t key);
prod_status prodi_mreg_get(const prod_manager_registry *r, uint64_t key, prod_manager **out);
prod_status prodi_mreg_find_job(const prod_manager_registry *r, prod_job_id job, prod_manager **out,
                                uint64_t *key);
uint32_t prodi_mreg_count(const prod_manager_registry *r);

#endif
