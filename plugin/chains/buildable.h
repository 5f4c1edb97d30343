/* buildable.h - "what can I build": the most units of an item an inventory
 * can make, and the recipes it can start now. */
#ifndef PRODI_BUILDABLE_H
#define PRODI_BUILDABLE_H

#include "core/context.h"

prod_status prodi_build_max(prod_ctx *ctx, const prod_chain_request *req, uint64_t inventory,
                            uint64_t *out);
prod_status prodi_build_startable(prod_ctx *ctx, uint64_t inventory, prod_recipe_ix **out,
                                  uint32_t *count);

#endif
