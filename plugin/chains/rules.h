/* rules.h - the quantity and request rules every chain query shares (the
 * walk, per-unit costs, economics, "what can I build"): checking a request,
 * which recipe makes an item, runs of a step, units of an input under ME,
 * the job cost base, and the cycle error text. The rules are documented on
 * prod_chain_request in production.h. */
#ifndef PRODI_CHAINS_RULES_H
#define PRODI_CHAINS_RULES_H

#include "chains/graph.h"
#include "core/context.h"
#include "core/ratio.h"

#define CHAIN_MAX_RUNS ((uint64_t)1 << 40) /* larger step sizes fail with LIMIT */
/* The most units of one item one step needs (runs x qty under ME, in 128-bit
 * arithmetic): larger fail with LIMIT, and sums of a few stay in 64 bits. */
#define CHAIN_MAX_QTY ((uint64_t)1 << 62)
/* Nodes one query may create in all, counting those a MIN_COST fallback
 * purchase discards: the bound on its work. */
#define CHAIN_MAX_WORK (4 * (uint64_t)PROD_CHAIN_MAX_NODES)

/* Check the caller's request (runs only when check_runs and units is 0) and
 * copy it into *local (members a version-1 struct lacks are zeroed; local
 * may be req itself): the chain code reads only *local. Text in the
 * context's error text. */
prod_status prodi_chain_check_request(prod_ctx *ctx, const prod_chain_request *req, int check_runs,
                                      prod_chain_request *local);
/* PROD_ERR_CYCLE with text "<who>: cycle A -> B -> A": path[0..n) are the
 * items from the first occurrence of the repeated item to the last step, and
 * the repeated item closes the loop. */
prod_status prodi_chain_cycle_error(prod_ctx *ctx, const char *who, const prod_item_id *path,
                                    uint32_t n);
/* The recipe a chain uses to make item (choice FIRST or PREFERRED; CHEAPEST
 * answers FIRST), or NULL when the item is raw for this request. */
const prodi_recipe *prodi_chain_pick_recipe(const prod_ctx *ctx, const prod_chain_request *req,
                                            prod_item_id item, prod_recipe_ix *ix);
/* 1 and *decision (MAKE or BUY) when the request overrides item, else 0. */
int prodi_chain_override(const prod_chain_request *req, prod_item_id item, uint32_t *decision);
/* The ME percent for steps of recipe r: its category's entry, else req->me. */
int32_t prodi_chain_me(const prod_chain_request *req, const prodi_recipe *r);
/* What remains of a material (PROD_BONUS_MATERIAL: ME and material bonuses)
 * or of a duration (PROD_BONUS_TIME: TE and time bonuses) for recipe r:
 * (1 - pct/100) x the product of (1 - bonus), exactly; *bonused = whether a
 * bonus applied. *ovf when it does not fit. */
prodi_q prodi_chain_keep(const prod_chain_request *req, const prodi_recipe *r, uint32_t kind,
                         int *bonused, int *ovf);
/* The same as a double (per-unit estimates). */
double prodi_chain_keep_f(const prod_chain_request *req, const prodi_recipe *r, uint32_t kind);
/* Base job cost of one run of recipe rix: its metadata "job_cost", else the
 * request's default_job_cost. */
double prodi_chain_job_base(const prod_ctx *ctx, const prod_chain_request *req, prod_recipe_ix rix);
/* Runs of a step yielding y per run that must produce qty: ceil(qty / y)
 * (exact for expected yields), and what they produce. -1 past CHAIN_MAX_RUNS. */
int prodi_chain_runs(double y, uint64_t qty, uint64_t *runs, uint64_t *produced);
/* Units of input `in` of recipe r a step of `runs` needs: consumed inputs by
 * the ME rule max(runs, ceil(runs x qty x (1 - me/100))), or with bonuses
 * max(runs, ceil(round2(runs x qty x keep))) (prod_bonus); tools their qty
 * once. -1 past CHAIN_MAX_QTY. */
int prodi_chain_input_qty(const prod_chain_request *req, const prodi_recipe *r,
                          const prod_requirement *in, uint64_t runs, uint64_t *out);
/* A step's time: ceil(runs x duration x keep(TIME)) ms; -1 past PROD_TIME_MAX. */
int prodi_chain_step_ms(const prod_chain_request *req, const prodi_recipe *r, uint64_t runs,
                        int64_t *out);

#endif
