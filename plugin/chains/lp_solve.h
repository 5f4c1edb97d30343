/* lp_solve.h - the one call into the LP solver (lp_clp.cpp, COIN-OR CLP):
 * minimise obj . x subject to A x >= row_lo and x >= 0, A in column-major
 * sparse form. Nothing escapes it: no exception, no print (CLP's log level
 * is 0), a bounded number of iterations, a model built and freed per call. */
#ifndef PRODI_CHAINS_LP_SOLVE_H
#define PRODI_CHAINS_LP_SOLVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct prodi_lp {
    int32_t rows, cols;
    const int32_t *starts; /* cols + 1: column c's elements are starts[c] .. starts[c + 1) */
    const int32_t *index;  /* the row of each element */
    const double *value;
    const double *obj;     /* cols */
    const double *row_lo;  /* rows */
    int32_t max_iterations;
} prodi_lp;

#define PRODI_LP_OPTIMAL 0
#define PRODI_LP_INFEASIBLE 1
#define PRODI_LP_UNBOUNDED 2
#define PRODI_LP_ITERATIONS 3 /* stopped at max_iterations */
#define PRODI_LP_FAILED 4     /* the solver gave up (numerical trouble) */
#define PRODI_LP_NO_MEMORY 5

/* Solve lp; x (cols doubles) gets the solution when OPTIMAL. */
int prodi_lp_solve(const prodi_lp *lp, double *x);
/* 1 when the plugin was built with a solver (lp_clp.cpp), 0 with lp_none.c. */
int prodi_lp_available(void);

#ifdef __cplusplus
}
#endif

#endif
