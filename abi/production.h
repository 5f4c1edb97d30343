/*
 * production.h - the one public header of the production plugin: its stable C ABI.
 *
 * A host (game server) dlopen()s libproduction.so, resolves the single exported
 * symbol PROD_ENTRY_SYMBOL ("prod_get_api") and asks it for the function table of
 * the ABI version this header describes. Everything else goes through that table.
 *
 * ABI rules (see DESIGN.md section 2):
 *  - Every struct crossing the boundary starts with `struct_size` (and most with
 *    a version). New members are only ever appended; a reader checks struct_size
 *    before touching a later member. A major version bump is the only way to
 *    change or remove anything.
 *  - Handles are opaque. Only fixed-width integer types and double cross the ABI;
 *    no bool, no enum-typed fields, no structs passed by value, no errno, no FILE*.
 *  - Every call returns a prod_status (PROD_OK == 0, errors < 0) unless its
 *    comment says otherwise. Context-level calls that can fail with a reason
 *    leave human text in prod_api.last_error(ctx); manager-level calls leave it in
 *    prod_api.manager_last_error(manager). Pure look-ups set no text.
 *  - The plugin never aborts, exits, prints, reads a clock or uses global random
 *    state. Time is always the host's `now`: int64 game milliseconds, 0 <= now
 *    <= PROD_TIME_MAX.
 *
 * Threading (applies to every function unless its comment says otherwise):
 *  - A prod_ctx is created and destroyed by one thread. Between init and
 *    shutdown its recipe registry is read-only and every look-up may run from
 *    any number of threads at once.
 *  - Different managers may be used concurrently from different threads. One
 *    manager must not be used from two threads at once (the host serialises).
 *  - Host callbacks are invoked on the thread that made the call into the
 *    plugin, synchronously. A callback must not call back into the same manager
 *    (the plugin detects it and answers PROD_ERR_BUSY).
 */
#ifndef PRODUCTION_H
#define PRODUCTION_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Versions                                                                  */
/* ------------------------------------------------------------------------ */

#define PROD_ABI_MAJOR 1u
#define PROD_ABI_MINOR 1u /* 1.1: persistence, memory stats, manager info */
/* The version a host asks for: (major << 16) | minor. */
#define PROD_ABI_VERSION ((PROD_ABI_MAJOR << 16) | PROD_ABI_MINOR)
#define PROD_HOST_VERSION 1u          /* version of prod_host this header describes */
#define PROD_INIT_PARAMS_VERSION 1u   /* version of prod_init_params */
#define PROD_MANAGER_CONFIG_VERSION 1u /* version of prod_manager_config */
#define PROD_LOAD_OPTIONS_VERSION 1u  /* version of prod_load_options */
#define PROD_ENTRY_SYMBOL "prod_get_api"

/* ------------------------------------------------------------------------ */
/* Status codes                                                              */
/* ------------------------------------------------------------------------ */

typedef int32_t prod_status;

#define PROD_OK 0
#define PROD_ERR_INVALID_ARGUMENT (-1) /* NULL handle, bad enum value, bad range */
#define PROD_ERR_NO_MEMORY (-2)        /* an allocation failed; nothing changed */
#define PROD_ERR_NOT_FOUND (-3)        /* unknown recipe, item, job or key */
#define PROD_ERR_INSUFFICIENT (-4)     /* inventory lacks an input or tool */
#define PROD_ERR_PARSE (-5)            /* recipe JSON is not JSON */
#define PROD_ERR_VALIDATION (-6)       /* recipe JSON breaks the schema */
#define PROD_ERR_NOT_PROVIDED (-7)     /* a host callback the call needs is NULL */
#define PROD_ERR_HOST (-8)             /* a host callback answered nonsense */
#define PROD_ERR_VERSION (-9)          /* struct_size/version not supported */
#define PROD_ERR_IO (-10)              /* a recipe file could not be read */
#define PROD_ERR_INVENTORY_FULL (-11)  /* the host refused items ("full") */
#define PROD_ERR_STATE (-12)           /* the object is not in a state for this */
#define PROD_ERR_BUSY (-13)            /* re-entrant call from inside a callback */
#define PROD_ERR_TIME (-14)            /* now is out of range or went backwards */
#define PROD_ERR_LIMIT (-15)           /* a size or count limit was exceeded */
#define PROD_ERR_EXISTS (-16)          /* key or id space already registered */
#define PROD_ERR_FORMAT (-17)          /* saved bytes are damaged or not a production save */

/* ------------------------------------------------------------------------ */
/* Scalar types                                                              */
/* ------------------------------------------------------------------------ */

/* Job id: unique within a manager, never reused by it. Layout:
 * bits 63..40 = the manager's id_space (see prod_manager_config), 39..24 = a
 * generation, 23..0 = a slot. Treat the low 40 bits as opaque. 0 is never a
 * valid job id. */
typedef uint64_t prod_job_id;
/* Item id: assigned by the plugin at init, dense, 1..item_count, in order of
 * first appearance in the recipe sources. 0 is never valid. Stable for the life
 * of a context; saved state names items by string, never by this number. */
typedef uint32_t prod_item_id;
/* Recipe index: 0..recipe_count-1 in load order. Stable for the life of a
 * context; saved state names recipes by string id. */
typedef uint32_t prod_recipe_ix;
#define PROD_RECIPE_NONE UINT32_MAX /* "no recipe": a recipe that is no longer loaded */

#define PROD_TIME_MAX ((int64_t)1 << 52)    /* ~142,000 years of milliseconds */
#define PROD_ID_SPACE_MAX 0xFFFFFFu          /* id_space is 24 bits */

/* Opaque handles. */
typedef struct prod_ctx prod_ctx;
typedef struct prod_manager prod_manager;
typedef struct prod_manager_registry prod_manager_registry;

/* ------------------------------------------------------------------------ */
/* Item lists crossing the boundary                                          */
/* ------------------------------------------------------------------------ */

/* A required input. consume == 0 marks a tool: it must be present in qty but
 * is not removed. */
typedef struct prod_requirement {
    prod_item_id item;
    uint32_t qty;
    uint32_t consume; /* 1 = consumed, 0 = tool (checked, not removed) */
} prod_requirement;

/* A recipe output: qty units with the given probability (0..1). */
typedef struct prod_output {
    prod_item_id item;
    uint32_t qty;
    double probability;
} prod_output;

/* A plain item stack (items added to an inventory, refunds, held outputs). */
typedef struct prod_item_qty {
    prod_item_id item;
    uint32_t qty;
} prod_item_qty;

/* Efficiency modifiers. 1.0 = no change. input_cost scales consumed inputs
 * (ceil, minimum 1), output_yield scales outputs (floor), time_speed scales the
 * duration (0.5 = twice as fast). Each must be finite and in [0, 1000]. */
typedef struct prod_modifiers {
    double input_cost;
    double output_yield;
    double time_speed;
} prod_modifiers;

/* ------------------------------------------------------------------------ */
/* Events                                                                    */
/* ------------------------------------------------------------------------ */

#define PROD_EVENT_STARTED 1        /* a job started; inputs were consumed */
#define PROD_EVENT_RESTARTED 2      /* a repeating job began its next cycle */
#define PROD_EVENT_COMPLETED 3      /* a cycle finished; items = outputs added */
#define PROD_EVENT_FAILED 4         /* the job ended without finishing; see reason */
#define PROD_EVENT_CANCELLED 5      /* cancelled; items = what was refunded */
#define PROD_EVENT_OUTPUT_BLOCKED 6 /* outputs did not fit; items = outputs held. Emitted
                                      once; retries on later ticks are silent */

#define PROD_REASON_NONE 0
#define PROD_REASON_FAILED_TO_RESTART 1 /* repeating job: inputs for the next cycle missing */
#define PROD_REASON_OUTPUT_FULL 2       /* FAIL policy: items = outputs discarded */
/* deserialize met a job whose recipe is no longer loaded (policy
 * PROD_MISSING_RECIPE_REFUND): CANCELLED with this reason = the job's items
 * (consumed inputs of a running job, held outputs of a blocked one) were added
 * back to its inventory; FAILED with this reason = the inventory refused them
 * and they are listed here for the host to settle. */
#define PROD_REASON_RECIPE_REMOVED 3

/* One event. Pointers are valid only during the on_event call. `time` is the
 * game time the event logically happened at: a completion at the job's end
 * time (even when a late tick delivers it), a start at the start time. */
typedef struct prod_event {
    uint32_t struct_size;
    uint32_t type;            /* PROD_EVENT_* */
    uint32_t reason;          /* PROD_REASON_*; 0 unless FAILED or a RECIPE_REMOVED cancel */
    prod_recipe_ix recipe;    /* PROD_RECIPE_NONE for RECIPE_REMOVED events */
    prod_job_id job;
    uint64_t manager_tag;     /* prod_manager_config.tag of the emitting manager */
    uint64_t owner;
    uint64_t inventory;
    uint64_t cycles;          /* cycles completed so far by this job */
    int64_t time;
    const char *recipe_id;    /* the recipe's string id (also for a removed recipe) */
    const prod_item_qty *items;
    uint32_t item_count;
    uint32_t repeat;          /* 1 if the job is a repeating job */
} prod_event;

/* ------------------------------------------------------------------------ */
/* Host callbacks                                                            */
/* ------------------------------------------------------------------------ */

/* What inventory callbacks answer. Any other value is treated as a host error
 * (PROD_ERR_HOST for the call that triggered it; logged during ticks). */
#define PROD_HOST_OK 0
#define PROD_HOST_INSUFFICIENT 1 /* consume: something is missing; nothing was changed */
#define PROD_HOST_FULL 2         /* add: the items do not fit; nothing was changed */

#define PROD_LOG_DEBUG 0
#define PROD_LOG_INFO 1
#define PROD_LOG_WARN 2
#define PROD_LOG_ERROR 3

/* The host's side of the contract, passed to init and copied by the plugin
 * (the struct itself need not outlive init; `user` and the functions must
 * outlive the context). Set struct_size = sizeof(prod_host) and
 * version = PROD_HOST_VERSION. A NULL callback means "not provided": calls
 * that need it fail with PROD_ERR_NOT_PROVIDED and say which one. */
typedef struct prod_host {
    uint32_t struct_size;
    uint32_t version;
    void *user; /* passed back as the first argument of every callback */

    /* Count of `item` in `inventory` into *out. Return PROD_HOST_OK. Not used
     * by ABI 1.0 calls; reserved for "what can I build" queries. */
    int32_t (*inventory_count)(void *user, uint64_t inventory, prod_item_id item,
                               uint64_t *out);
    /* Atomically check every requirement (qty present) and remove the ones with
     * consume == 1. All or nothing: answer PROD_HOST_INSUFFICIENT and change
     * nothing if any is short. n may be 0. */
    int32_t (*inventory_consume)(void *user, uint64_t inventory,
                                 const prod_requirement *reqs, uint32_t n);
    /* Atomically add every stack, or answer PROD_HOST_FULL and add nothing. */
    int32_t (*inventory_add)(void *user, uint64_t inventory, const prod_item_qty *items,
                             uint32_t n);
    /* Receives every event, synchronously, in a deterministic order. */
    void (*on_event)(void *user, const prod_event *event);
    /* modifier_source_count sources are asked in order 0..count-1 at job start;
     * their answers multiply. Fill *out (it arrives as 1,1,1) and return 0; any
     * other return or an invalid value fails the start with PROD_ERR_HOST. */
    uint32_t modifier_source_count;
    int32_t (*get_modifiers)(void *user, uint32_t source, uint64_t manager_tag,
                             uint64_t owner, uint64_t inventory, prod_recipe_ix recipe,
                             int64_t now, prod_modifiers *out);
    /* Diagnostics the plugin wants a human to see (it never prints itself). */
    void (*log)(void *user, int32_t level, const char *message);
} prod_host;

/* ------------------------------------------------------------------------ */
/* Init parameters                                                           */
/* ------------------------------------------------------------------------ */

/* One recipe source: a file path, or JSON text in memory (json != NULL wins;
 * json_len 0 means NUL-terminated). `name` labels errors (defaults to the path
 * or "<memory #i>"). */
typedef struct prod_recipe_source {
    const char *path;
    const char *json;
    size_t json_len;
    const char *name;
} prod_recipe_source;

typedef struct prod_init_params {
    uint32_t struct_size;
    uint32_t version;                    /* 1 */
    const prod_host *host;               /* required */
    const prod_recipe_source *sources;   /* source_count entries */
    uint32_t source_count;
    /* Optional: where init writes its error text when it fails (there is no
     * context yet to hold it). Always NUL-terminated when error_cap > 0. */
    char *error;
    uint32_t error_cap;
} prod_init_params;

/* ------------------------------------------------------------------------ */
/* Managers                                                                  */
/* ------------------------------------------------------------------------ */

#define PROD_OUTPUT_HOLD 0 /* default: keep outputs in the job, retry every tick */
#define PROD_OUTPUT_FAIL 1 /* fail the job (FAILED/OUTPUT_FULL, items discarded and listed) */

#define PROD_REFUND_NONE 0
#define PROD_REFUND_FULL 1
#define PROD_REFUND_PROPORTIONAL 2 /* floor(consumed * remaining / duration) */

typedef struct prod_manager_config {
    uint32_t struct_size;
    uint32_t version;       /* 1 */
    uint64_t tag;           /* host's key (chunk, building); echoed in events and modifier calls */
    uint64_t seed;          /* seeds the manager's own PRNG (probabilistic outputs) */
    uint32_t id_space;      /* 0..PROD_ID_SPACE_MAX: high bits of this manager's job ids */
    uint32_t output_policy; /* PROD_OUTPUT_* */
} prod_manager_config;

#define PROD_JOB_RUNNING 1
#define PROD_JOB_BLOCKED 2 /* finished, holding outputs that did not fit */

/* A job as seen at a given time. Fill struct_size = sizeof(prod_job_info)
 * before the call; the plugin writes only members that fit. Array pointers
 * stay valid until the next call that changes this manager. */
typedef struct prod_job_info {
    uint32_t struct_size;
    uint32_t state;         /* PROD_JOB_* */
    prod_job_id id;
    uint64_t owner;
    uint64_t inventory;
    prod_recipe_ix recipe;
    uint32_t repeat;
    int64_t start_time;     /* start of the current cycle */
    int64_t end_time;       /* end of the current cycle */
    int64_t duration;       /* effective duration in ms */
    uint64_t cycles;        /* cycles completed */
    double progress;        /* 0..1 at the `now` passed to job_get */
    prod_modifiers modifiers; /* the snapshot taken at start */
    const prod_requirement *inputs;  /* effective inputs (consumed each cycle) */
    uint32_t input_count;
    uint32_t output_count;
    const prod_output *outputs;      /* effective outputs before probability rolls */
    const prod_item_qty *held;       /* outputs held while BLOCKED */
    uint32_t held_count;
    uint32_t reserved0;
} prod_job_info;

/* A recipe as loaded. Pointers live as long as the context. */
typedef struct prod_recipe_info {
    uint32_t struct_size;
    prod_recipe_ix index;
    const char *id;
    const char *name;
    const char *category;   /* "" when none */
    const char *metadata;   /* compact JSON text, "" when none */
    int64_t duration_ms;
    const prod_requirement *inputs;
    uint32_t input_count;
    uint32_t output_count;
    const prod_output *outputs;
} prod_recipe_info;

/* ------------------------------------------------------------------------ */
/* Persistence and memory (ABI 1.1)                                          */
/* ------------------------------------------------------------------------ */

/* What deserialize does with a saved job whose recipe id is not loaded. */
#define PROD_MISSING_RECIPE_REFUND 0 /* default: give the job's items back to its
                                        inventory, emit CANCELLED or FAILED with
                                        reason PROD_REASON_RECIPE_REMOVED, drop it */
#define PROD_MISSING_RECIPE_ERROR 1  /* fail the whole load with PROD_ERR_NOT_FOUND */

/* Options for deserialize; NULL means all defaults. */
typedef struct prod_load_options {
    uint32_t struct_size;
    uint32_t version;        /* PROD_LOAD_OPTIONS_VERSION */
    uint32_t missing_recipe; /* PROD_MISSING_RECIPE_* */
    uint32_t reserved0;      /* 0 */
} prod_load_options;

/* One manager's memory as it accounts it itself. */
typedef struct prod_memory_stats {
    uint32_t struct_size;    /* set by the caller to sizeof(prod_memory_stats) */
    uint32_t reserved0;
    uint64_t bytes_reserved; /* obtained from the allocator: arena blocks, arrays, indexes */
    uint64_t bytes_used;     /* of those, holding live data (records, queue entries, indexes) */
    uint64_t job_count;      /* running + blocked jobs */
    uint64_t snapshot_count; /* distinct effective-value snapshots shared by the jobs */
} prod_memory_stats;

/* ------------------------------------------------------------------------ */
/* The function table                                                        */
/* ------------------------------------------------------------------------ */

typedef struct prod_api {
    uint32_t struct_size;   /* sizeof(prod_api) of the plugin; check before using later members */
    uint32_t abi_version;   /* (major << 16) | minor actually served */
    const char *plugin_version; /* "MAJOR.MINOR.PATCH", static */

    /* --- context ------------------------------------------------------- */

    /* Create a context: copy the host table, load and validate every recipe
     * source, build the read-only registry. On failure *out = NULL, nothing is
     * kept, and params->error gets text naming the source, recipe id and field
     * (or byte offset). Statuses: INVALID_ARGUMENT, VERSION, IO, PARSE,
     * VALIDATION, LIMIT, NO_MEMORY. The caller owns *out; free with shutdown. */
    prod_status (*init)(const prod_init_params *params, prod_ctx **out);
    /* Destroy a context. Every manager and manager registry made from it must
     * have been destroyed first. NULL is accepted. */
    void (*shutdown)(prod_ctx *ctx);
    /* Text of the last failed context-level call (never NULL; "" if none).
     * Owned by the context, valid until the next context-level call. */
    const char *(*last_error)(const prod_ctx *ctx);
    /* Free a buffer the plugin handed to the host (e.g. export_json). NULL ok. */
    void (*free_buffer)(void *buffer);

    /* --- recipes and items (read-only, any thread) ------------------------ */

    uint32_t (*recipe_count)(const prod_ctx *ctx);
    /* Index of the recipe with string id `id`. NOT_FOUND if none. */
    prod_status (*recipe_find)(const prod_ctx *ctx, const char *id, prod_recipe_ix *out);
    /* Fill *out (set out->struct_size first). NOT_FOUND if index is out of range. */
    prod_status (*recipe_get)(const prod_ctx *ctx, prod_recipe_ix index, prod_recipe_info *out);
    /* Recipes in a category / producing an item, in load order. *out points into
     * the registry (valid for the life of the context); *count may be 0. */
    prod_status (*recipes_by_category)(const prod_ctx *ctx, const char *category,
                                       const prod_recipe_ix **out, uint32_t *count);
    prod_status (*recipes_by_output)(const prod_ctx *ctx, prod_item_id item,
                                     const prod_recipe_ix **out, uint32_t *count);
    uint32_t (*item_count)(const prod_ctx *ctx);
    prod_status (*item_find)(const prod_ctx *ctx, const char *name, prod_item_id *out);
    /* The string id of an item, or NULL if out of range. Lives with the context. */
    const char *(*item_name)(const prod_ctx *ctx, prod_item_id item);
    /* The whole registry as recipe JSON (same schema as the input; loading it
     * gives the same registry). *out is NUL-terminated, owned by the caller,
     * freed with free_buffer. */
    prod_status (*export_json)(prod_ctx *ctx, char **out, size_t *len);

    /* --- managers ------------------------------------------------------- */

    /* Create an empty manager. Caller owns it; destroy with manager_destroy.
     * Errors leave text in last_error(ctx). Not concurrent with other
     * context-level calls that can fail (they share the error text). */
    prod_status (*manager_create)(prod_ctx *ctx, const prod_manager_config *config,
                                  prod_manager **out);
    /* Destroy a manager and every job in it (no events, no refunds). A manager
     * still in a registry is removed from it first. NULL ok. */
    void (*manager_destroy)(prod_manager *m);
    /* Text of the last failed call on this manager ("" if none). */
    const char *(*manager_last_error)(const prod_manager *m);

    /* Complete every job whose end time is <= now, in (end time, job id)
     * order, restarting repeating jobs at their previous end time, and retry
     * jobs blocked on full inventories. Emits events. O(1) when nothing is due.
     * A repeating job whose blocked outputs are delivered at this tick starts
     * its next cycle at now. TIME if now is out of range or smaller than the
     * largest now already given to tick/start/cancel (equal is fine). */
    prod_status (*tick)(prod_manager *m, int64_t now);
    /* Start a one-shot job of `recipe` for `owner`, consuming its effective
     * inputs from `inventory` at once (one inventory_consume call). An instant
     * recipe completes inside this call (its id is then already gone unless its
     * outputs were blocked). INSUFFICIENT (nothing changed),
     * NOT_FOUND, NOT_PROVIDED, HOST, TIME, BUSY, NO_MEMORY. *out_job may be
     * NULL. Modifiers are asked from every source and snapshotted. */
    prod_status (*start)(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                         uint64_t inventory, int64_t now, prod_job_id *out_job);
    /* As start, but the job restarts at each end time, consuming inputs again,
     * until they run out (FAILED, reason FAILED_TO_RESTART) or it is cancelled.
     * A recipe whose effective duration is 0 cannot repeat: INVALID_ARGUMENT. */
    prod_status (*start_repeating)(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                                   uint64_t inventory, int64_t now, prod_job_id *out_job);
    /* Cancel a running job, refunding its current cycle's consumed inputs per
     * `refund` (PROD_REFUND_*). If the refund does not fit (INVENTORY_FULL) the
     * job is left as it was. A BLOCKED job cannot be cancelled (STATE). */
    prod_status (*cancel)(prod_manager *m, prod_job_id job, uint32_t refund, int64_t now);
    /* Describe a job, with progress at `now` (no tick needed, nothing changes). */
    prod_status (*job_get)(prod_manager *m, prod_job_id job, int64_t now, prod_job_info *out);
    /* Ids of an owner's jobs / of all jobs, in a deterministic order (not
     * sorted). Writes up to cap ids to out (out may be NULL when cap is 0) and
     * the total to *count. */
    prod_status (*jobs_by_owner)(const prod_manager *m, uint64_t owner, prod_job_id *out,
                                 uint32_t cap, uint32_t *count);
    prod_status (*jobs_all)(const prod_manager *m, prod_job_id *out, uint32_t cap,
                            uint32_t *count);
    /* Jobs in the manager (running and blocked). */
    uint64_t (*job_count)(const prod_manager *m);
    /* The earliest end time among running jobs into *out; NOT_FOUND if none.
     * A host may sleep a chunk until then. */
    prod_status (*next_due)(const prod_manager *m, int64_t *out);

    /* --- optional manager registry -------------------------------------- */
    /* Tracks managers by a host key and finds the manager of a job id in O(1)
     * through the id_space bits of the id. Not internally synchronised: the
     * host serialises calls on one registry. Registering does not transfer
     * ownership of the manager. Errors leave text in last_error(ctx). */
    prod_status (*registry_create)(prod_ctx *ctx, prod_manager_registry **out);
    void (*registry_destroy)(prod_manager_registry *r); /* managers are not destroyed */
    /* EXISTS if the key, or another manager with the same id_space, is there. */
    prod_status (*registry_add)(prod_manager_registry *r, uint64_t key, prod_manager *m);
    prod_status (*registry_remove)(prod_manager_registry *r, uint64_t key);
    prod_status (*registry_get)(const prod_manager_registry *r, uint64_t key, prod_manager **out);
    /* The manager (and its key) whose id space holds `job` and which currently
     * has that job. NOT_FOUND otherwise. key may be NULL. */
    prod_status (*registry_find_job)(const prod_manager_registry *r, prod_job_id job,
                                     prod_manager **out, uint64_t *key);
    uint32_t (*registry_count)(const prod_manager_registry *r);

    /* --- persistence and introspection (ABI 1.1) ------------------------ */
    /* Save everything needed to continue the manager exactly (jobs with their
     * snapshots and held outputs, PRNG state, job-id state, time, settings) as
     * msgpack; the layout is docs/FORMAT.md. Recipes and items are named by
     * string id. The manager is not changed. *out is owned by the caller and
     * freed with free_buffer. The same state always gives the same bytes.
     * INVALID_ARGUMENT, BUSY (from inside a callback), NO_MEMORY; text in
     * manager_last_error(m). */
    prod_status (*serialize)(prod_manager *m, uint8_t **out, size_t *len);
    /* Rebuild a manager from serialize's bytes, against this context's
     * recipes. Every byte is treated as hostile: on any error nothing is
     * created, no callback has been made, and last_error(ctx) gives the
     * byte offset and what was wrong. FORMAT (damaged or not a save),
     * VERSION (format major version not supported), NOT_FOUND (an item that
     * is no longer loaded, or a missing recipe under
     * PROD_MISSING_RECIPE_ERROR), LIMIT, NO_MEMORY, INVALID_ARGUMENT.
     * Jobs whose recipe is gone are handled per options->missing_recipe (NULL
     * options = refund): the refund goes through inventory_add and an event,
     * both made after the manager is complete and before this returns. The new
     * manager has the saved time; tick it to the present (catch-up). The caller
     * owns *out. Context-level: not concurrent with other context-level calls
     * that can fail (they share the error text). */
    prod_status (*deserialize)(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                               const prod_load_options *options, prod_manager **out);
    /* Fill *out (set out->struct_size first) with the manager's own memory
     * accounting. VERSION if struct_size is too small. Any thread that may use
     * the manager. */
    prod_status (*manager_memory)(const prod_manager *m, prod_memory_stats *out);
    /* The manager's settings (as created or as loaded) into *out (set
     * out->struct_size first; only members that fit are written). */
    prod_status (*manager_config)(const prod_manager *m, prod_manager_config *out);
    /* The manager's time: the largest now it has been given (0 when new). */
    int64_t (*manager_time)(const prod_manager *m);
} prod_api;

/* The single exported symbol. `abi_version` is PROD_ABI_VERSION as the host was
 * built. Returns the table when the major versions match and the plugin's minor
 * is >= the requested minor; otherwise NULL and, if reason != NULL, a static
 * text saying why. Thread-safe; the table is static and never freed. */
typedef const prod_api *(*prod_get_api_fn)(uint32_t abi_version, const char **reason);

#if defined(PROD_BUILDING_PLUGIN)
__attribute__((visibility("default"))) const prod_api *prod_get_api(uint32_t abi_version,
                                                                    const char **reason);
#endif

#ifdef __cplusplus
}
#endif

#endif /* PRODUCTION_H */
