/* lp_none.c - the LP solver when the plugin is built without one
 * (PROD_WITH_CLP off or CLP not found): chain_optimize answers
 * PROD_ERR_NOT_PROVIDED. */
#include "chains/lp_solve.h"

int prodi_lp_available(void) { return 0; }

int prodi_lp_solve(const prodi_lp *lp, double *x)
{
    (void)lp;
    (void)x;
    return PRODI_LP_FAILED;
}
