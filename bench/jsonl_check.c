/* jsonl_check.c - CI's check of prodbench's output: every line on stdin is a
 * JSON object with the keys workload, metric, value, unit, build_type and
 * commit (parsed with cJSON), and there is at least one line. Exit 1 names
 * the first bad line. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static const char *const KEYS[] = {"workload", "metric", "value", "unit", "build_type",
                                   "commit"};

int main(void)
{
    static char line[1 << 16];
    unsigned n = 0;
    while (fgets(line, sizeof line, stdin)) {
        n++;
        cJSON *j = cJSON_Parse(line);
        const char *bad = !cJSON_IsObject(j) ? "not a JSON object" : NULL;
        for (size_t k = 0; !bad && k < sizeof KEYS / sizeof KEYS[0]; k++)
            if (!cJSON_HasObjectItem(j, KEYS[k]))
                bad = KEYS[k];
        cJSON_Delete(j);
        if (bad) {
            fprintf(stderr, "jsonl_check: line %u: %s: %s", n, bad, line);
            return 1;
        }
    }
    if (!n)
        fprintf(stderr, "jsonl_check: no JSON lines\n");
    else
        fprintf(stderr, "jsonl_check: %u valid JSON lines\n", n);
    return n ? 0 : 1;
}
