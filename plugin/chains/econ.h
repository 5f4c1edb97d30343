/* econ.h - economics of an item (material and job costs against market
 * prices, profit, ROI, time) and the ranked opportunities list. */
#ifndef PRODI_ECON_H
#define PRODI_ECON_H

#include "core/context.h"

prod_status prodi_econ_item(prod_ctx *ctx, const prod_chain_request *req, prod_econ_info *out);
prod_status prodi_econ_opportunities(prod_ctx *ctx, const prod_opportunity_request *req,
                                     prod_econ_info **out, uint32_t *count);

#endif
