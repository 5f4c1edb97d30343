/* report.c - prodbench's output: one table row per figure for people
 * (stderr) and the same figure as a JSON line for tools, and the median
 * the workloads report over their rounds. */
#include "bench.h"

#include <stdlib.h>

void bench_table_header(void)
{
    fprintf(stderr, "%-8s %-34s %16s %-12s %-14s %s\n", "workload", "metric", "value", "unit",
            "target", "met");
}

static int met(const char *op, double value, double target)
{
    return op[0] == '<' ? value <= target : value >= target;
}

void bench_report(const bench_opts *o, const char *workload, const char *metric, double value,
                  const char *unit, const char *target_op, double target)
{
    char tgt[32] = "-";
    if (target_op)
        snprintf(tgt, sizeof tgt, "%s %g", target_op, target);
    fprintf(stderr, "%-8s %-34s %16.3f %-12s %-14s %s\n", workload, metric, value, unit, tgt,
            !target_op ? "" : met(target_op, value, target) ? "yes" : "NO");
    fprintf(o->json,
            "{\"workload\":\"%s\",\"metric\":\"%s\",\"value\":%.6g,\"unit\":\"%s\","
            "\"build_type\":\"%s\",\"commit\":\"%s\",\"quick\":%s",
            workload, metric, value, unit, o->build_type, o->commit,
            o->quick ? "true" : "false");
    if (target_op)
        fprintf(o->json, ",\"target\":\"%s\",\"met\":%s", tgt,
                met(target_op, value, target) ? "true" : "false");
    fprintf(o->json, "}\n");
    fflush(o->json);
}

void bench_unavailable(const bench_opts *o, const char *workload, const char *why)
{
    fprintf(stderr, "%-8s unavailable: %s\n", workload, why);
    fprintf(o->json,
            "{\"workload\":\"%s\",\"metric\":\"unavailable\",\"value\":null,\"unit\":\"\","
            "\"build_type\":\"%s\",\"commit\":\"%s\",\"quick\":%s,\"reason\":\"%s\"}\n",
            workload, o->build_type, o->commit, o->quick ? "true" : "false", why);
    fflush(o->json);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return v[n / 2];
}
