/* persist_cmd.c - the usage text of the chunk-store subcommands. */
#include "persist_cmd.h"

void inspect_usage(FILE *out)
{
    fprintf(out,
            "  inspect DB CHUNK  print a stored chunk (CHUNK = X,Y or its tag) as JSON: its\n"
            "                  jobs, manager config and time, and its inventories\n");
}

void soak_usage(FILE *out)
{
    fprintf(out,
            "  soak --db PATH [--chunks N] [--seed S] [--run ID] [--rounds R]\n"
            "                  run the demo world forever (or R rounds), saving every chunk\n"
            "                  each round in one transaction; prints \"committed run ID round R\"\n");
}

void verify_usage(FILE *out)
{
    fprintf(out,
            "  verify --db PATH [--run ID --round R] [--format text|json]\n"
            "                  integrity_check, then every chunk: checksum, digest of its\n"
            "                  bytes, deserialize, serialize again = the same bytes; with\n"
            "                  --run/--round also that the store holds that run's round R or R+1\n"
            "  storebench --store PATH|URL | --pg CONNINFO [--chunks N] [--minutes M]\n"
            "             [--rounds R]\n"
            "                  run the demo M game minutes, then time saves and hand-overs of\n"
            "                  its chunks through that (empty) store, R passes each\n"
            "  DB, --db:       a SQLite path, or postgres://..., or pg:CONNINFO\n");
}
