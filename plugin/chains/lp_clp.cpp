/* lp_clp.cpp - prodi_lp_solve on COIN-OR CLP's C interface. C++ only so that
 * an exception CLP throws (std::bad_alloc, CoinError) is caught here and
 * becomes a status instead of unwinding into C frames and aborting. Each
 * call owns its model: CLP keeps the problem and its work arrays in the
 * model, so calls on different threads share nothing of ours, and the
 * solver path used (ClpSimplex::dual) writes no global of libClp or
 * CoinUtils (checked on the Debian 1.17.6 binaries: the only stores to
 * their .data/.bss are in initialSolve, presolve errors, the quadratic and
 * nonlinear solvers and CoinParamUtils). CLP reads the CPU clock for its
 * own statistics; no result depends on it and no time limit is set. */
#include "chains/lp_solve.h"

#include <Clp_C_Interface.h>

#include <cfloat>
#include <cstddef>
#include <new>
#include <vector>

namespace {

/* The model is freed on every way out, an exception included. */
struct model_guard {
    Clp_Simplex *model;
    ~model_guard()
    {
        if (model)
            Clp_deleteModel(model);
    }
};

int solve(const prodi_lp *lp, double *x)
{
    std::vector<CoinBigIndex> starts(lp->starts, lp->starts + lp->cols + 1);
    std::vector<double> col_lo(static_cast<std::size_t>(lp->cols), 0.0);
    std::vector<double> col_hi(static_cast<std::size_t>(lp->cols), DBL_MAX);
    std::vector<double> row_hi(static_cast<std::size_t>(lp->rows), DBL_MAX);
    model_guard guard{Clp_newModel()};
    Clp_Simplex *model = guard.model;
    if (!model)
        return PRODI_LP_NO_MEMORY;
    Clp_setLogLevel(model, 0);
    Clp_loadProblem(model, lp->cols, lp->rows, starts.data(), lp->index, lp->value,
                    col_lo.data(), col_hi.data(), lp->obj, lp->row_lo, row_hi.data());
    Clp_setOptimizationDirection(model, 1.0);
    Clp_setMaximumIterations(model, lp->max_iterations);
    /* The dual simplex from the slack basis: every cost is >= 0, so that basis is
     * dual feasible. Not Clp_initialSolve: ClpSimplex::initialSolve writes
     * process-wide timing variables of libClp (a race between threads), and its
     * presolve's error path writes CoinUtils globals; dual() touches neither. */
    Clp_dual(model, 0);
    int status = Clp_status(model);
    int rc = status == 0   ? PRODI_LP_OPTIMAL
             : status == 1 ? PRODI_LP_INFEASIBLE
             : status == 2 ? PRODI_LP_UNBOUNDED
             : status == 3 ? PRODI_LP_ITERATIONS
                           : PRODI_LP_FAILED;
    if (rc == PRODI_LP_OPTIMAL) {
        const double *sol = Clp_getColSolution(model);
        for (int32_t c = 0; c < lp->cols; c++)
            x[c] = sol[c];
    }
    return rc;
}

} // namespace

extern "C" int prodi_lp_available(void) { return 1; }

extern "C" int prodi_lp_solve(const prodi_lp *lp, double *x)
{
    try {
        return solve(lp, x);
    } catch (const std::bad_alloc &) {
        return PRODI_LP_NO_MEMORY;
    } catch (...) {
        return PRODI_LP_FAILED;
    }
}
