/*
 * production.h - the one public header of the production plugin: its stable C ABI.
 *
 * A host (game server) dlopen()s libproduction.so, resolves the single exported
 * symbol PROD_ENTRY_SYMBOL ("prod_get_api") and asks it for the function table of
 * the ABI version this header describes; or it links the library (-lproduction,
 * libproduction.a) and calls prod_get_api directly. Everything else goes through
 * that table.
 *
 * ABI rules (docs/ARCHITECTURE.md, "The boundary", says why):
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
 *    The calls that change a manager (tick, start, start_repeating, cancel,
 *    serialize) hold it while they run: another of them meanwhile, from one
 *    of its callbacks or from another thread, answers PROD_ERR_BUSY and
 *    changes nothing (one compare-and-swap; BUSY sets no error text). The
 *    read-only queries (job_get, jobs_*, job_count, next_due, manager_*)
 *    do not hold it: they may be called from inside the manager's own
 *    callbacks, never from another thread while it runs.
 *  - Host callbacks are invoked on the thread that made the call into the
 *    plugin, synchronously. manager_destroy from inside one of them is
 *    deferred: the running call makes no more callbacks and frees the
 *    manager as it returns. shutdown from inside a callback, or while
 *    managers or registries still exist, is refused (nothing is freed; the
 *    host's log callback says why).
 *
 * Every prod_api member is tagged with the ABI minor version that added it
 * (@since 1.N: check prod_api.struct_size before using a member newer than the
 * version you asked for) and with its threading rule:
 *   [any thread]   may run on any thread, concurrently with every call except
 *                  shutdown of the same context;
 *   [ctx error]    as [any thread]; a failure leaves its text for
 *                  last_error(ctx) on the calling thread (the text is per
 *                  thread, like dlerror's, so concurrent calls never mix it);
 *   [manager]      one thread at a time per manager (the host serialises);
 *                  different managers may run in parallel on different threads;
 *   [registry]     one thread at a time per manager registry;
 *   [coordinator]  one thread at a time per coordinator (the host serialises);
 *                  different coordinators may run in parallel (1.4);
 *   [lifecycle]    init and shutdown: no other call on that context may run
 *                  during them.
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

/* The release of the plugin this header ships with (a loaded plugin says its
 * own in prod_api.plugin_version). A release changes its minor when it adds
 * to the ABI and its patch when it only fixes; the ABI version below is what
 * a host checks. */
#define PROD_VERSION_MAJOR 0
#define PROD_VERSION_MINOR 4
#define PROD_VERSION_PATCH 0
#define PROD_VERSION_STRING "0.4.0"

#define PROD_ABI_MAJOR 1u
#define PROD_ABI_MINOR 4u /* 1.1: persistence, memory stats, manager info;
                              1.2: chains and economics;
                              1.3: hardening (tick work budget, load and init
                                   options, shutdown and destroy rules);
                              1.4: status_str, tick_batch, manager_counters,
                                   manager_dump_json; calculator chains (units,
                                   stacked bonuses, rates and machines, exact
                                   totals, the per-item graph, byproducts, the LP);
                                   supply-chain coordinators; prod_host.allocate,
                                   travel_cost, on_coord_event */
/* The version a host asks for: (major << 16) | minor. */
#define PROD_ABI_VERSION ((PROD_ABI_MAJOR << 16) | PROD_ABI_MINOR)
#define PROD_HOST_VERSION 1u          /* version of prod_host this header describes */
#define PROD_INIT_PARAMS_VERSION 3u   /* version of prod_init_params */
#define PROD_MANAGER_CONFIG_VERSION 2u /* version of prod_manager_config */
#define PROD_LOAD_OPTIONS_VERSION 2u  /* version of prod_load_options */
#define PROD_CHAIN_REQUEST_VERSION 2u /* version of prod_chain_request (1 = ABI 1.2, accepted) */
#define PROD_FLOW_REQUEST_VERSION 1u  /* version of prod_flow_request (ABI 1.4) */
#define PROD_LP_REQUEST_VERSION 1u    /* version of prod_lp_request (ABI 1.4) */
#define PROD_OPPORTUNITY_REQUEST_VERSION 1u /* version of prod_opportunity_request */
#define PROD_TRADE_REQUEST_VERSION 1u /* version of prod_trade_request */
#define PROD_COORD_CONFIG_VERSION 1u  /* version of prod_coord_config (ABI 1.4) */
#define PROD_WORKER_INFO_VERSION 1u   /* version of prod_worker_info */
#define PROD_ARRIVAL_VERSION 1u       /* version of prod_arrival */
#define PROD_TASK_REPORT_VERSION 1u   /* version of prod_task_report */
#define PROD_ENTRY_SYMBOL "prod_get_api"

/* ------------------------------------------------------------------------ */
/* Status codes                                                              */
/* ------------------------------------------------------------------------ */

typedef int32_t prod_status;

#define PROD_OK 0
/* Not an error (ABI 1.3): tick stopped at the manager's max_completions with
 * more due at that now; call tick again (with the same or a later now) and it
 * continues exactly where it stopped. */
#define PROD_MORE 1
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
#define PROD_ERR_CYCLE (-18)           /* the recipe graph loops (A needs B, B needs A): the
                                          error text names the cycle's items in order,
                                          e.g. "A -> B -> A" (ABI 1.2) */

/* ------------------------------------------------------------------------ */
/* Scalar types                                                              */
/* ------------------------------------------------------------------------ */

/* Job id: unique within a manager, never reused by it. Layout:
 * bits 63..40 = the manager's id_space (see prod_manager_config); the low 40
 * bits are opaque (a slot and a generation). Jobs ending at the same time
 * complete in increasing id order. 0 is never a valid job id. A manager holds
 * at most 16,777,215 jobs at once.
 * An id names an id space, a slot and a generation, not a manager, and there
 * are no bits left to name one: managers that share an id_space hand out the
 * same ids, so an id made by one and passed to another is that other's job
 * if it has a live one in that slot and generation. The plugin cannot tell
 * them apart; a host whose ids may cross managers gives each a distinct
 * id_space (a prod_manager_registry refuses two managers with one id space,
 * and registry_find_job finds the right one). */
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
typedef struct prod_coordinator prod_coordinator; /* ABI 1.4 */

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
    uint64_t cycles;          /* cycles completed so far (saturates at 2^32 - 1) */
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
#define PROD_HOST_NO_MORE 3      /* market_quote: no market at this index (ABI 1.2) */

#define PROD_LOG_DEBUG 0
#define PROD_LOG_INFO 1
#define PROD_LOG_WARN 2
#define PROD_LOG_ERROR 3

struct prod_market_quote; /* defined in the "Chains and economics" section */
struct prod_coord_event;  /* defined in the "Supply-chain coordinators" section */
struct prod_coord_config;

/* The host's side of the contract, passed to init and copied by the plugin
 * (the struct itself need not outlive init; `user` and the functions must
 * outlive the context). Set struct_size = sizeof(prod_host) and
 * version = PROD_HOST_VERSION. A NULL callback means "not provided": calls
 * that need it fail with PROD_ERR_NOT_PROVIDED and say which one. */
typedef struct prod_host {
    uint32_t struct_size;
    uint32_t version;
    void *user; /* passed back as the first argument of every callback */

    /* Count of `item` in `inventory` into *out. Return PROD_HOST_OK; anything
     * else fails the call that asked with PROD_ERR_HOST. Used by build_max and
     * recipes_startable (ABI 1.2); no job ever needs it. */
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

    /* --- ABI 1.2 (a host built against 1.1 has a smaller struct_size; the
     * plugin then sees these as NULL) ---------------------------------- */

    /* Market data for economics and market selection: fill *out (it arrives
     * zeroed with struct_size set) with the quote of the index-th market that
     * trades `item` (index counts from 0, in the host's order) and return
     * PROD_HOST_OK, or return PROD_HOST_NO_MORE when there is no such market.
     * The plugin asks index 0, 1, 2, ... until NO_MORE (at most
     * PROD_MAX_MARKETS). Any other return, a price that is negative, NaN or
     * infinite, or a supply/activity value outside the PROD_SUPPLY_* /
     * PROD_ACTIVITY_* constants fails the call with PROD_ERR_HOST. Called on
     * the calling thread; must not call into the plugin. */
    int32_t (*market_quote)(void *user, prod_item_id item, uint32_t index,
                            struct prod_market_quote *out);

    /* --- ABI 1.4 (NULL, or a smaller struct_size: the C library's malloc) -- */

    /* Where the plugin's memory comes from, like lua_Alloc: ptr NULL: a new
     * block of new_size bytes (old_size is 0); new_size 0: free ptr, a block
     * of old_size bytes, and return NULL; otherwise resize ptr from old_size
     * to new_size bytes keeping its contents, or return NULL and leave ptr as
     * it was. Blocks must be aligned for any type (alignof(max_align_t)).
     * old_size is always the size the block was last given. Called on the
     * thread that calls into the plugin, for several managers and queries at
     * once when the host uses threads: it must be thread-safe. Everything the
     * plugin keeps (the context, the registry, managers, queries' working
     * memory) and every buffer it hands out (freed with free_buffer) comes
     * from it; not from it: cJSON's passing parse trees (init, recipe export,
     * manager_dump_json) and COIN-OR's solver internals (chain_optimize),
     * whose allocators are process-wide. Must not call into the plugin. */
    void *(*allocate)(void *user, void *ptr, size_t old_size, size_t new_size);

    /* --- ABI 1.4, coordinators (a smaller struct_size: the plugin sees these
     * as NULL and everything else works as before) ---------------------- */

    /* The cost of travelling from host location `from` to `to` (a market id
     * is a location) into *out: finite and >= 0, any unit the host likes
     * (distance, fuel, seconds). A coordinator asks it to hand a task to the
     * closest idle worker. Return PROD_HOST_OK; anything else, or a value
     * that is negative, NaN or infinite, is a host error (the step that
     * asked is deferred and logged). NULL: every trip costs the same, and
     * the worker idle longest is taken. Must not call into the plugin. */
    int32_t (*travel_cost)(void *user, uint64_t from, uint64_t to, double *out);
    /* Receives every coordinator event (orders included), synchronously, in
     * a deterministic order; the pointer is valid during the call only. A
     * call that changes the coordinator from inside it answers
     * PROD_ERR_BUSY: queue it and make it after the call returns. NULL: no
     * events (the host reads orders with coord_worker_get). */
    void (*on_coord_event)(void *user, const struct prod_coord_event *event);
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

/* prod_init_params.flags (ABI 1.3) */
#define PROD_INIT_ALLOW_UNKNOWN_KEYS 1u /* accept (ignore) keys the recipe schema does not
                                           know, e.g. from a newer schema; by default an
                                           unknown key fails init naming the closest known
                                           one, so "consumes" or "probabilty" never pass */
#define PROD_DEFAULT_MAX_FILE_BYTES ((uint64_t)256 << 20) /* 256 MiB */

typedef struct prod_init_params {
    uint32_t struct_size;
    uint32_t version;                    /* PROD_INIT_PARAMS_VERSION (1 is accepted) */
    const prod_host *host;               /* required */
    const prod_recipe_source *sources;   /* source_count entries */
    uint32_t source_count;
    /* Optional: where init writes its error text when it fails (there is no
     * context yet to hold it). Always NUL-terminated when error_cap > 0. */
    char *error;
    uint32_t error_cap;
    /* --- version 2 (ABI 1.3); a version-1 struct gets the defaults --- */
    /* A recipe file is read only if it is a regular file of at most this
     * many bytes (0 = PROD_DEFAULT_MAX_FILE_BYTES); FIFOs and devices are
     * refused before anything is read. */
    uint64_t max_file_bytes;
    uint32_t flags;                      /* PROD_INIT_* */
    uint32_t reserved0;                  /* 0 */
    /* --- version 3 (ABI 1.4); older versions get the design's defaults --- */
    /* Context-wide coordinator defaults: the members whose PROD_COORD_F_*
     * bit is set in coord_defaults->fields replace the design's defaults for
     * every coordinator of this context (a coordinator's own config wins in
     * turn). NULL = the design's defaults. Read during init only; a bad
     * value fails init with INVALID_ARGUMENT naming the field. */
    const struct prod_coord_config *coord_defaults;
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
    uint32_t version;       /* PROD_MANAGER_CONFIG_VERSION (1 is accepted) */
    uint64_t tag;           /* host's key (chunk, building); echoed in events and modifier calls */
    uint64_t seed;          /* seeds the manager's own PRNG (probabilistic outputs) */
    uint32_t id_space;      /* 0..PROD_ID_SPACE_MAX: high bits of this manager's job ids */
    uint32_t output_policy; /* PROD_OUTPUT_* */
    /* --- version 2 (ABI 1.3) --- */
    /* The most cycles one tick completes: the bound on its work. 0 means
     * PROD_DEFAULT_MAX_COMPLETIONS; a 1.2 host's smaller struct gets that too.
     * A tick that reaches it answers PROD_MORE; held outputs retried at the
     * start of a tick count towards it but are always retried in one pass. */
    uint32_t max_completions;
    uint32_t reserved0;     /* 0 */
} prod_manager_config;

#define PROD_DEFAULT_MAX_COMPLETIONS 100000u

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
    uint64_t cycles;        /* cycles completed (saturates at 2^32 - 1) */
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

/* What deserialize does with a saved job whose effective inputs, outputs or
 * duration are not what its (loaded) recipe gives under the job's saved
 * modifiers: a recipe changed by a content update, or a damaged or forged
 * save (ABI 1.3). Either way the save's numbers are never used. */
#define PROD_CHANGED_RECIPE_ERROR 0   /* default: fail the load with PROD_ERR_FORMAT naming the
                                         job and the first value that differs */
#define PROD_CHANGED_RECIPE_CURRENT 1 /* the job goes on with what the recipe gives now; held
                                         outputs keep only stacks of the recipe's outputs, at
                                         most its quantities (what is cut is logged) */

/* Options for deserialize; NULL means all defaults. */
typedef struct prod_load_options {
    uint32_t struct_size;
    uint32_t version;        /* PROD_LOAD_OPTIONS_VERSION (1 is accepted) */
    uint32_t missing_recipe; /* PROD_MISSING_RECIPE_* */
    uint32_t reserved0;      /* 0 */
    /* --- version 2 (ABI 1.3) --- */
    uint32_t changed_recipe; /* PROD_CHANGED_RECIPE_*; a version-1 struct means ERROR */
    uint32_t reserved1;      /* 0 */
} prod_load_options;

/* One manager's memory as it accounts it itself. */
typedef struct prod_memory_stats {
    uint32_t struct_size;    /* set by the caller to sizeof(prod_memory_stats) */
    uint32_t reserved0;
    uint64_t bytes_reserved; /* obtained from the allocator: the manager itself, its blocks,
                                arrays and indexes (1.4: the manager's own struct counts) */
    uint64_t bytes_used;     /* of those, holding live data (records, queue entries, indexes) */
    uint64_t job_count;      /* running + blocked jobs */
    uint64_t snapshot_count; /* snapshots shared by jobs under non-identity modifiers (jobs
                                under identity modifiers use their recipe's values: none) */
} prod_memory_stats;

/* What a manager has done since it was created or loaded (counters are not
 * saved: a loaded manager starts from 0), and what it holds now (ABI 1.4).
 * Each counter counts the events of its kind the manager emitted, whether or
 * not the host has an on_event sink. */
typedef struct prod_manager_counters {
    uint32_t struct_size;        /* set by the caller to sizeof(prod_manager_counters) */
    uint32_t reserved0;
    uint64_t starts;             /* STARTED: jobs started */
    uint64_t restarts;           /* RESTARTED: repeating jobs' further cycles begun */
    uint64_t completions;        /* COMPLETED: cycles finished, outputs delivered */
    uint64_t cancels;            /* CANCELLED by cancel */
    uint64_t blocked_outputs;    /* OUTPUT_BLOCKED: cycles whose outputs did not fit */
    uint64_t failed_to_restart;  /* FAILED, reason FAILED_TO_RESTART */
    uint64_t failed_output_full; /* FAILED, reason OUTPUT_FULL (the FAIL policy) */
    uint64_t recipe_removed;     /* CANCELLED or FAILED at load, reason RECIPE_REMOVED */
    uint64_t events;             /* every event above */
    uint64_t jobs;               /* now: running and blocked jobs */
    uint64_t jobs_blocked;       /* now: of those, blocked */
    uint64_t bytes_reserved;     /* now: as manager_memory */
    uint64_t bytes_used;         /* now: as manager_memory */
} prod_manager_counters;

/* ------------------------------------------------------------------------ */
/* Chains and economics (ABI 1.2)                                            */
/* ------------------------------------------------------------------------ */

/* Limits. A chain deeper than PROD_CHAIN_MAX_DEPTH (root = depth 0) or with
 * more than PROD_CHAIN_MAX_NODES nodes fails with PROD_ERR_LIMIT, and so does
 * a query that creates more than 4 x PROD_CHAIN_MAX_NODES nodes in all
 * (subtrees a MIN_COST fallback replaced by purchases count). */
#define PROD_CHAIN_MAX_DEPTH 64u
#define PROD_CHAIN_MAX_NODES 1000000u
#define PROD_MAX_MARKETS 4096u    /* markets asked per item through market_quote */
#define PROD_NODE_NONE UINT32_MAX /* "no node": the root's parent */

/* Market supply levels, scarcest first. 0 = the host does not know. */
#define PROD_SUPPLY_UNKNOWN 0u
#define PROD_SUPPLY_SCARCE 1u
#define PROD_SUPPLY_LIMITED 2u
#define PROD_SUPPLY_MODERATE 3u
#define PROD_SUPPLY_HIGH 4u
#define PROD_SUPPLY_ABUNDANT 5u

/* Market activity. 0 = the host does not know. */
#define PROD_ACTIVITY_UNKNOWN 0u
#define PROD_ACTIVITY_WEAK 1u
#define PROD_ACTIVITY_GROWING 2u
#define PROD_ACTIVITY_STRONG 3u
#define PROD_ACTIVITY_RESTRICTED 4u

/* prod_market_quote.flags: which prices the market has. A price whose flag
 * is clear is missing data and is never used. */
#define PROD_QUOTE_SELLS 1u /* the market sells the item: buy_price is valid */
#define PROD_QUOTE_BUYS 2u  /* the market buys the item: sell_price is valid */

/* One market's answer for one item (host callback market_quote). */
typedef struct prod_market_quote {
    uint32_t struct_size;   /* set by the plugin; the host writes members that fit */
    uint32_t flags;         /* PROD_QUOTE_* */
    uint64_t market;        /* the host's market id, echoed back in results */
    double buy_price;       /* per unit the host PAYS buying here (finite, >= 0) */
    double sell_price;      /* per unit the host GETS selling here (finite, >= 0) */
    uint32_t supply;        /* PROD_SUPPLY_* */
    uint32_t activity;      /* PROD_ACTIVITY_* */
    uint32_t trade_volume;  /* units per transaction; 0 = unknown */
    uint32_t reserved0;
} prod_market_quote;

/* How a chain picks a recipe when several produce an item. */
#define PROD_CHOOSE_FIRST 0u     /* default: the first in registry (load) order */
#define PROD_CHOOSE_PREFERRED 1u /* the first of request->preferred that produces the
                                    item, otherwise the first in registry order */
#define PROD_CHOOSE_CHEAPEST 2u  /* the lowest make cost per unit under the request's
                                    economics (ties: registry order); per-unit costs
                                    as in econ_opportunities, once per item per query */

/* Make-or-buy strategy of a chain request. Raw materials are always bought;
 * per-item overrides win over the strategy. Every strategy but MAKE_ALL asks
 * the host's market_quote (NOT_PROVIDED when it is NULL). */
#define PROD_STRATEGY_MAKE_ALL 0u    /* make everything a recipe produces (plain chain) */
#define PROD_STRATEGY_BUY_IF_SOLD 1u /* buy whenever any market sells the item */
#define PROD_STRATEGY_ADAPTIVE 2u    /* buy only where a market sells it at supply >=
                                        request->supply_threshold, otherwise make */
#define PROD_STRATEGY_MIN_COST 3u    /* whichever of buying and making costs less per
                                        unit (per-unit costs as in econ_opportunities,
                                        computed once per item per query; ties: buy; a
                                        make cost counting an unpriced item never beats
                                        a price); an item no market sells is made. A
                                        subtree that loops or outgrows the limits is
                                        bought at the nearest step a market sells
                                        instead of failing */

/* prod_chain_node.decision */
#define PROD_DECISION_MAKE 1u /* produced by node.recipe */
#define PROD_DECISION_BUY 2u  /* bought although a recipe produces it */
#define PROD_DECISION_RAW 3u  /* no recipe produces it, or the request marks it raw */

/* prod_chain_node.flags (and, OR-ed over all nodes, prod_chain_result.flags) */
#define PROD_NODE_EXPECTED 1u   /* runs/produced use the expected yield of outputs
                                   with probability < 1 */
#define PROD_NODE_TOOL 2u       /* a tool (consume 0): needed once per producing
                                   step, not multiplied by runs */
#define PROD_NODE_NO_PRICE 4u   /* bought or raw but no market sells it: its cost is
                                   missing (counted as 0), not guessed */
#define PROD_NODE_OVERRIDDEN 8u /* the decision came from request->overrides */

/* A caller's decision for one item, anywhere in the tree. decision is
 * PROD_DECISION_MAKE or PROD_DECISION_BUY; MAKE on an item no recipe produces
 * (or marked raw) is ignored: raw materials are always bought. */
typedef struct prod_decision_override {
    prod_item_id item;
    uint32_t decision;
} prod_decision_override;

/* Material efficiency for the recipes of one category: replaces the
 * request's me for the steps made by such a recipe. */
typedef struct prod_category_me {
    const char *category;
    int32_t me;             /* 0..100 */
    uint32_t reserved0;     /* 0 */
} prod_category_me;

/* A chain / economics query. Zero-initialise, then set struct_size =
 * sizeof(prod_chain_request), version = PROD_CHAIN_REQUEST_VERSION, item and
 * runs. Arrays are read during the call only.
 *
 * Quantities: a made node needing q units of an item its recipe yields y per
 * run (y = qty x probability summed over the recipe's outputs of that item)
 * runs ceil(q / y) times and produces floor(runs x y) >= q (the surplus is
 * visible). Per consumed input of base quantity b, a step of r runs needs
 * max(r, ceil(r x b x (1 - me/100))) units; a tool needs its base quantity
 * once per step. A step lasts ceil(r x duration x (1 - te/100)) ms. */
typedef struct prod_chain_request {
    uint32_t struct_size;
    uint32_t version;       /* PROD_CHAIN_REQUEST_VERSION */
    prod_item_id item;      /* the product */
    int32_t runs;           /* runs of the product's recipe, >= 1 */
    int32_t me;             /* material efficiency percent, 0..100 (see category_me) */
    int32_t te;             /* time efficiency percent, 0..100 */
    uint32_t choice;        /* PROD_CHOOSE_* */
    uint32_t strategy;      /* PROD_STRATEGY_*; the root is subject to it too (a
                               root bought has no children) */
    uint32_t supply_threshold; /* ADAPTIVE: PROD_SUPPLY_*; 0 means HIGH */
    uint32_t raw_count;
    const prod_item_id *raw_items;       /* items the host treats as raw */
    const prod_recipe_ix *preferred;     /* PROD_CHOOSE_PREFERRED list */
    uint32_t preferred_count;
    uint32_t override_count;
    const prod_decision_override *overrides;
    /* Job cost of a made step = runs x base x job_cost_index, where base is the
     * recipe's metadata number "job_cost" when present, else default_job_cost.
     * Both finite and >= 0 (0 = no job costs). */
    double job_cost_index;
    double default_job_cost;
    /* Per-category ME (the first entry naming a step's recipe category wins). */
    const prod_category_me *category_me;
    uint32_t category_me_count;
    uint32_t reserved0;     /* 0 */
    /* --- version 2 (ABI 1.4); a version-1 struct gets units 0, no bonuses --- */
    /* > 0: make at least this many units of item; the root's runs are then
     * ceil(units / yield) and `runs` is not read. */
    uint64_t units;
    /* Fractional bonuses stacked on ME/TE (see prod_bonus); read during the call. */
    const struct prod_bonus *bonuses;
    uint32_t bonus_count;
    uint32_t reserved1;     /* 0 */
} prod_chain_request;

/* A material or time reduction of num/den (0 <= num <= den), e.g. a
 * structure's 1% (1/100) or a rig's 4.2% (42/1000), for the recipes of one
 * category (NULL or "" = every recipe) or of one recipe id (wins over
 * category when set). Reductions multiply with each other and with the
 * request's (or category's) whole-percent ME/TE, as EVE's industry does: a
 * consumed input of base b in a step of r runs needs
 *   max(r, ceil(round2(r x b x (1 - ME/100) x (1 - b1) x (1 - b2) ...)))
 * units, round2 rounding to two decimals (half up) as the game does before
 * the ceiling (exact fractions, no floating point); a step lasts
 *   ceil(r x duration x (1 - TE/100) x (1 - t1) ...) ms.
 * Without bonuses the 1.2 rules apply unchanged. */
#define PROD_BONUS_MATERIAL 1u
#define PROD_BONUS_TIME 2u
typedef struct prod_bonus {
    const char *category;   /* NULL or "" = any */
    const char *recipe;     /* NULL = any; a recipe id */
    uint32_t kind;          /* PROD_BONUS_* */
    uint32_t reserved0;     /* 0 */
    uint64_t num, den;      /* the reduction num/den, den >= 1, num <= den */
} prod_bonus;

/* One node of a chain tree. Nodes are in pre-order: nodes[0] is the root and
 * every node's children follow it, in the recipe's input order. */
typedef struct prod_chain_node {
    prod_item_id item;
    prod_recipe_ix recipe;  /* the recipe used, PROD_RECIPE_NONE when bought/raw */
    uint32_t parent;        /* index of the parent node, PROD_NODE_NONE for the root */
    uint32_t depth;         /* root 0 */
    uint32_t decision;      /* PROD_DECISION_* */
    uint32_t flags;         /* PROD_NODE_* */
    uint64_t runs;          /* runs of recipe (0 when bought/raw) */
    uint64_t qty_needed;    /* units the parent needs (root made: what `runs` produce;
                               root bought/raw: `runs` units) */
    uint64_t qty_produced;  /* units the runs produce (>= needed); 0 when bought/raw */
    int64_t duration_ms;    /* this step's time after TE; 0 when bought/raw */
    double unit_price;      /* bought/raw: the lowest buy price among the markets
                               selling it (ADAPTIVE purchases: among those at the
                               supply threshold); 0 otherwise */
    double cost;            /* bought/raw: qty_needed x unit_price; made: its
                               inputs' costs + its job cost */
    uint64_t market;        /* bought/raw and priced: the market id of unit_price
                               (the first at that price); 0 otherwise */
} prod_chain_node;

/* An item with a total: shopping list and direct inputs. */
typedef struct prod_item_total {
    prod_item_id item;
    uint32_t flags;         /* PROD_NODE_* OR-ed over the nodes summed */
    uint64_t qty;
    double cost;            /* summed node costs (0 when unpriced) */
} prod_item_total;

/* A chain answer: one plugin-allocated block, freed with free_buffer (every
 * pointer inside points into the same block). */
typedef struct prod_chain_result {
    uint32_t struct_size;   /* sizeof(prod_chain_result) of the plugin */
    uint32_t flags;         /* PROD_NODE_* OR-ed over all nodes */
    uint32_t node_count;
    uint32_t max_depth;
    const prod_chain_node *nodes;
    /* Shopping list: every bought/raw node summed per item (tools once per
     * step), in order of first appearance in the tree. */
    const prod_item_total *raw;
    uint32_t raw_count;
    /* Direct inputs of the root's recipe after ME (0 when the root is bought). */
    uint32_t direct_count;
    const prod_item_total *direct;
    double material_cost;   /* every bought/raw node's cost (total_cost - job_cost) */
    double job_cost;        /* sum of every made step's job cost */
    double total_cost;      /* nodes[0].cost */
    int64_t duration_ms;    /* sum of every made step's duration (one factory) */
} prod_chain_result;

/* Economics of one item (econ_item, econ_opportunities). Prices are per unit;
 * costs and profits are for the request's runs (qty units). */
#define PROD_ECON_NO_BUY_PRICE 1u   /* no market sells the item: buy price missing */
#define PROD_ECON_NO_SELL_PRICE 2u  /* no market buys the item: sell price missing */
#define PROD_ECON_PARTIAL_COST 4u   /* some input has no price: its cost counted as 0 */
#define PROD_ECON_EXPECTED 8u       /* quantities use expected yields */
typedef struct prod_econ_info {
    uint32_t struct_size;   /* set by the caller for econ_item */
    uint32_t flags;         /* PROD_ECON_* */
    prod_item_id item;
    prod_recipe_ix recipe;  /* the recipe chosen for the item */
    uint64_t qty;           /* units the runs produce */
    double material_cost;   /* inputs at the cheaper of buying and making, recursively */
    double job_cost;
    double total_cost;      /* material_cost + job_cost */
    double buy_price;       /* lowest buy price over markets (0 when missing) */
    double sell_price;      /* highest sell price over markets (0 when missing) */
    double profit_sell;     /* qty x sell_price - total_cost (0 when sell price missing) */
    double profit_buy;      /* qty x buy_price - total_cost: saving against buying */
    double roi_sell;        /* profit_sell / total_cost x 100; 0 when total_cost is 0 */
    double roi_buy;         /* profit_buy / total_cost x 100 */
    int64_t duration_ms;    /* the product's own step after TE */
    int64_t chain_duration_ms; /* every made step of the chain after TE */
} prod_econ_info;

#define PROD_RANK_PROFIT 0u /* by profit_sell, highest first (ties: item id) */
#define PROD_RANK_ROI 1u    /* by roi_sell, highest first (ties: item id) */

/* Every item a recipe produces, at base->runs (1 when base is NULL), ranked.
 * Items without a sell price are left out. */
typedef struct prod_opportunity_request {
    uint32_t struct_size;
    uint32_t version;       /* PROD_OPPORTUNITY_REQUEST_VERSION */
    uint32_t rank;          /* PROD_RANK_* */
    uint32_t limit;         /* at most this many results; 0 = all */
    double min_roi;         /* keep roi_sell >= min_roi (percent) */
    double min_profit;      /* keep profit_sell >= min_profit */
    /* me, te, runs, choice, raw list, job costs (item, strategy and overrides
     * are ignored); NULL = defaults (runs 1, ME/TE 0, no job cost). */
    const prod_chain_request *base;
} prod_opportunity_request;

/* Trade size: min(cargo, trade_volume, supply-aware limit, affordable units,
 * target). Supply-aware limit = floor(trade_volume x pct), pct = ABUNDANT 80%,
 * HIGH 60%, MODERATE 40%, LIMITED 20%, SCARCE 10%. Affordable =
 * floor(credits / price) (no cap when price is 0). target 0 = no target;
 * trade_volume 0 = unknown (neither it nor the supply limit caps). */
typedef struct prod_trade_request {
    uint32_t struct_size;
    uint32_t version;       /* PROD_TRADE_REQUEST_VERSION */
    uint32_t cargo;
    uint32_t trade_volume;
    uint32_t supply;        /* PROD_SUPPLY_SCARCE..ABUNDANT */
    uint32_t target;
    double price;           /* finite, >= 0 */
    double credits;         /* finite, >= 0 */
} prod_trade_request;

/* ------------------------------------------------------------------------ */
/* Flows: the per-item graph with rates, machines and exact totals (ABI 1.4) */
/* ------------------------------------------------------------------------ */

/* An exact non-negative fraction num/den in lowest terms, each a 128-bit
 * unsigned number as two 64-bit halves (value = hi x 2^64 + lo); den >= 1.
 * exact_format prints one; every exact figure has a double beside it. */
typedef struct prod_exact {
    uint64_t num_hi, num_lo;
    uint64_t den_hi, den_lo;
} prod_exact;

/* How the amounts of a flow request are meant. */
#define PROD_AMOUNT_UNITS 0u      /* units to make (a batch); steps get whole runs too */
#define PROD_AMOUNT_PER_SECOND 1u /* a rate: units per second of game time */
#define PROD_AMOUNT_PER_MINUTE 2u /* a rate: units per minute */

/* One thing to make: amount = num/den (den >= 1) in the request's unit. */
typedef struct prod_flow_target {
    prod_item_id item;
    uint32_t reserved0;     /* 0 */
    uint64_t num, den;
} prod_flow_target;

/* A machine that runs recipes of a category (or one recipe, which wins) at
 * crafting speed speed_num/speed_den (e.g. assembling machine 3: 5/4): a
 * step of duration d needs d / speed of game time per run. power_kw is per
 * machine (0 = not given). Unlisted recipes run at speed 1. */
typedef struct prod_machine {
    const char *category;   /* NULL or "" = any category */
    const char *recipe;     /* NULL = any; a recipe id (wins over category) */
    const char *name;       /* shown by hosts; NULL ok */
    uint64_t speed_num, speed_den;
    double power_kw;        /* finite, >= 0 */
} prod_machine;

/* A flow query. Zero-initialise, set struct_size, version and the targets.
 * `base` gives recipe choice (FIRST, PREFERRED, CHEAPEST), the raw list,
 * overrides (MAKE/BUY per item), the make-or-buy strategy, ME/TE, bonuses
 * and job costs exactly as for chain_build (its item, runs and units are not
 * read); NULL = defaults (first recipe, make everything, no ME). */
typedef struct prod_flow_request {
    uint32_t struct_size;
    uint32_t version;       /* PROD_FLOW_REQUEST_VERSION */
    const prod_chain_request *base;
    const prod_flow_target *targets;
    uint32_t target_count;  /* 1..PROD_FLOW_MAX_TARGETS */
    uint32_t unit;          /* PROD_AMOUNT_* */
    const prod_machine *machines;
    uint32_t machine_count;
    uint32_t reserved0;     /* 0 */
} prod_flow_request;

#define PROD_FLOW_MAX_TARGETS 4096u
#define PROD_FLOW_MAX_ITEMS 100000u /* items one flow may touch (LIMIT past it) */

/* prod_flow_item.flags / prod_flow_result.flags */
#define PROD_FLOW_TARGET 1u      /* the item is one of the request's targets */
#define PROD_FLOW_SURPLUS 2u     /* more is produced than consumed (surplus > 0) */
#define PROD_FLOW_BYPRODUCT 4u   /* some of it comes from another item's step */
#define PROD_FLOW_TOOL 8u        /* needed as a tool (stock, not flow) */
#define PROD_FLOW_EXPECTED 16u   /* expected yields of outputs with probability < 1 */
#define PROD_FLOW_NO_PRICE 32u   /* bought or raw, and no market sells it */
#define PROD_FLOW_FLOATING 64u   /* figures are the LP solver's doubles: the exact
                                    members are 0 and batch members are rounded up */

/* One item, once, with its totals. Exact members are per unit of the
 * request's amounts (units, or units per second for both rate units);
 * batch members are whole units from whole runs (units requests) or are 0
 * (rates, where machines are rounded up instead). */
typedef struct prod_flow_item {
    prod_item_id item;
    uint32_t decision;      /* PROD_DECISION_MAKE / BUY / RAW */
    uint32_t flags;         /* PROD_FLOW_* */
    uint32_t step;          /* index in steps of the recipe that makes it, PROD_NODE_NONE */
    prod_exact produced;    /* by its own step and as a byproduct of others */
    prod_exact consumed;    /* by the steps that use it, plus its target */
    prod_exact surplus;     /* produced - consumed (0 for bought/raw items) */
    double produced_f, consumed_f, surplus_f; /* the same as doubles */
    uint64_t batch_produced, batch_consumed, batch_surplus; /* whole-run view */
    uint64_t tool_qty;      /* tools: units held once per step that uses it */
    double unit_price;      /* bought/raw: lowest buy price; 0 when unpriced */
    double cost;            /* bought/raw: consumed (batch units, or per second) x unit_price */
    uint64_t market;        /* bought/raw and priced: the market of unit_price */
} prod_flow_item;

/* One recipe used, once. */
typedef struct prod_flow_step {
    prod_recipe_ix recipe;
    uint32_t item;          /* index in items of the first item it makes for the chain */
    uint32_t machine;       /* index in request->machines, PROD_NODE_NONE = speed 1 */
    uint32_t flags;         /* PROD_FLOW_EXPECTED */
    prod_exact runs;        /* exact runs (units) or runs per second (rates) */
    prod_exact machines;    /* rates: exact machines running it all the time; units: 0 */
    double runs_f, machines_f;
    uint64_t batch_runs;    /* units: whole runs; rates: 0 */
    uint64_t machines_ceil; /* rates: machines to build (machines rounded up); units: 0 */
    int64_t duration_ms;    /* units: batch runs' time on one machine (after TE, bonuses and
                               speed); rates: one run's time on its machine */
    double power_kw;        /* machines (exact, as a double) x the machine's power_kw */
    double job_cost;        /* units: batch runs x job cost base x index; rates: per second */
} prod_flow_step;

#define PROD_FLOW_EDGE_INPUT 1u     /* `from` is consumed by the step of `to` */
#define PROD_FLOW_EDGE_BYPRODUCT 2u /* the step of `from` also yields `to` */
/* An edge between two items, weighted by the flow along it. */
typedef struct prod_flow_edge {
    uint32_t from, to;      /* indexes in items */
    uint32_t kind;          /* PROD_FLOW_EDGE_* */
    uint32_t flags;         /* PROD_FLOW_TOOL for a tool's edge (qty = tool_qty) */
    prod_exact flow;        /* exact units (or units per second) along it */
    double flow_f;
    uint64_t batch_qty;     /* whole-run view (units requests) */
} prod_flow_edge;

/* A flow answer: one plugin-allocated block, freed with free_buffer. Items
 * are in order of first reach from the targets (targets first); steps in
 * the order they were sized. */
typedef struct prod_flow_result {
    uint32_t struct_size;   /* sizeof(prod_flow_result) of the plugin */
    uint32_t flags;         /* PROD_FLOW_* OR-ed over items */
    uint32_t unit;          /* the request's unit */
    uint32_t item_count;
    const prod_flow_item *items;
    const prod_flow_step *steps;
    uint32_t step_count;
    uint32_t edge_count;
    const prod_flow_edge *edges;
    double material_cost;   /* every bought/raw item's cost */
    double job_cost;        /* every step's job cost */
    double total_cost;
    double power_kw;        /* every step's power */
    int64_t duration_ms;    /* units: every step's duration (one machine each, in series) */
} prod_flow_result;

/* The optimal recipe mix: a linear program over every recipe that can make
 * what the targets need (not only the first per item), through COIN-OR
 * CLP. Variables are runs (per second for rates) of each recipe and the
 * supply of each raw item; each made item's production must cover its
 * consumption and target (surplus allowed); the objective is minimised. */
#define PROD_LP_MIN_RAW 0u  /* minimise the sum of raw inputs, each x its weight (1 unless
                               listed in weights) */
#define PROD_LP_MIN_COST 1u /* minimise raw inputs at their lowest market buy price
                               (unpriced raw items weigh as `weights` say, else 0) and
                               job costs */
typedef struct prod_item_weight {
    prod_item_id item;
    uint32_t reserved0;     /* 0 */
    double weight;          /* finite, >= 0 */
} prod_item_weight;

typedef struct prod_lp_request {
    uint32_t struct_size;
    uint32_t version;       /* PROD_LP_REQUEST_VERSION */
    const prod_flow_request *flow; /* targets, unit, machines; base: raw list, overrides
                                      (BUY makes an item raw), ME/TE, bonuses, job costs */
    uint32_t objective;     /* PROD_LP_* */
    uint32_t weight_count;
    const prod_item_weight *weights;
    uint32_t max_iterations; /* 0 = PROD_LP_DEFAULT_ITERATIONS */
    uint32_t reserved0;     /* 0 */
} prod_lp_request;

#define PROD_LP_DEFAULT_ITERATIONS 100000u
#define PROD_LP_MAX_RECIPES 20000u /* recipes in one program (LIMIT past it) */
/* Supply-chain coordinators (ABI 1.4)                                       */
/* ------------------------------------------------------------------------ */

/* A coordinator turns make-or-buy trees into work for the host's workers
 * (haulers, ships, caravans): one per owner and region, as the host decides.
 * The host owns the workers and the world; the coordinator never moves,
 * buys or assumes anything: every quantity, price and credit it records
 * comes from a host report. The protocol, one worker's view:
 *   1. coord_worker_add(id, location, capacity) (coord_worker_remove any time,
 *      coord_worker_move when it moves other than to a task's market);
 *   2. coord_tick(now) assigns a READY task: event TASK_ASSIGNED names the
 *      worker, the task, its type, the item and the market to go to;
 *   3. the worker travels; on arrival coord_arrive gives the order
 *      (PROD_ORDER_BUY at most n, PROD_ORDER_SELL n, or PROD_ORDER_NONE);
 *   4. the host trades and calls coord_report (DONE with the units and
 *      credits, or FAILED with a PROD_COORD_FAIL_* reason);
 *   5. the report may hand the same worker its next order (TASK_ASSIGNED:
 *      the cargo it just bought goes on to a factory or a buyer) or free it.
 * After coord_deserialize the host reports each worker's cargo
 * (coord_worker_cargo): matching cargo resumes its task, anything else is
 * liquidated. Quantities are in the host's units; credits are doubles. */

/* Task types (seed 002). A worker's purchase and the delivery or sale of
 * what it bought are two tasks made in one trip: the DELIVER or SELL goes to
 * the worker that holds the cargo as soon as the ACQUIRE or COLLECT is done. */
#define PROD_TASK_ACQUIRE 1u   /* buy a bought node's item at a market that sells it */
#define PROD_TASK_DELIVER 2u   /* sell what was bought or collected to the parent's factory */
#define PROD_TASK_COLLECT 3u   /* buy a made node's item at its factory, once supply is up */
#define PROD_TASK_SELL 4u      /* sell the product at the pipeline's sell market */
#define PROD_TASK_LIQUIDATE 5u /* sell cargo nothing needs (priority 100) */

/* Task states. PENDING -> READY (dependencies done, factory ready, backoff
 * over) -> ASSIGNED (a worker has the order) -> EXECUTING (it arrived) ->
 * COMPLETED, or FAILED (then back to PENDING while retries are left).
 * ASSIGNED or EXECUTING go back to PENDING without a retry when their worker
 * is removed or the market no longer meets the execute threshold; a task of
 * a cancelled or failed pipeline that had not started ends FAILED. Anything
 * else a host asks for is refused with PROD_ERR_STATE. */
#define PROD_TASK_PENDING 1u
#define PROD_TASK_READY 2u
#define PROD_TASK_ASSIGNED 3u
#define PROD_TASK_EXECUTING 4u
#define PROD_TASK_COMPLETED 5u
#define PROD_TASK_FAILED 6u

/* Pipeline states: PLANNING until its first task is assigned, EXECUTING,
 * then COMPLETED (its SELL is done), FAILED (a task failed for good, or the
 * failure table aborted it) or CANCELLED (coord_cancel). A failed or
 * cancelled pipeline still liquidates the cargo its workers hold. */
#define PROD_PIPELINE_PLANNING 1u
#define PROD_PIPELINE_EXECUTING 2u
#define PROD_PIPELINE_COMPLETED 3u
#define PROD_PIPELINE_FAILED 4u
#define PROD_PIPELINE_CANCELLED 5u

#define PROD_PIPELINE_PRODUCE 1u  /* planned from an item: its tree, its tasks, a final SELL */
#define PROD_PIPELINE_RECOVERY 2u /* the liquidations of cargo a reconciliation found orphaned */

/* Factory state per (pipeline, factory market, output item) (seed 002). */
#define PROD_FACTORY_AWAITING_INPUTS 1u
#define PROD_FACTORY_INPUTS_PARTIAL 2u
#define PROD_FACTORY_INPUTS_COMPLETE 3u      /* every input delivered; first poll pending */
#define PROD_FACTORY_PRODUCTION_IN_PROGRESS 4u /* polled, supply below the collect threshold */
#define PROD_FACTORY_READY_FOR_COLLECTION 5u /* supply meets collect_execute_supply */

/* prod_order.action */
#define PROD_ORDER_NONE 0u /* nothing to trade: reason says why (the task was released,
                              or the failure table aborted its pipeline; watch for
                              TASK_ASSIGNED: the worker may have a new order) */
#define PROD_ORDER_BUY 1u  /* buy at most quantity units of item at market */
#define PROD_ORDER_SELL 2u /* sell quantity units of item (the worker's cargo of it) */

/* prod_task_report.outcome */
#define PROD_REPORT_DONE 1u
#define PROD_REPORT_FAILED 2u

/* prod_task_report.failure: what went wrong, as the host saw it. */
#define PROD_COORD_FAIL_TRAVEL 1u   /* the worker could not get there: retry, another worker */
#define PROD_COORD_FAIL_DEPLETED 2u /* nothing to buy: wait (and, for an ACQUIRE, re-route) */
#define PROD_COORD_FAIL_REFUSED 3u  /* the market no longer trades the item (failure table) */
#define PROD_COORD_FAIL_OTHER 4u    /* anything else: retry */

/* Event and task reasons (prod_coord_event.reason, prod_coord_task.reason,
 * prod_order.reason). 1..4 are the host's PROD_COORD_FAIL_* codes. */
#define PROD_COORD_REASON_NONE 0u
#define PROD_COORD_REASON_SUPPLY_LOW 5u      /* below the execute threshold on arrival */
#define PROD_COORD_REASON_NOT_TRADED 6u      /* the market no longer sells / buys the item */
#define PROD_COORD_REASON_PRICE_MOVED 7u     /* the product's price fell past margin_drop_pct */
#define PROD_COORD_REASON_FACTORY_GONE 8u    /* the factory no longer exports its output */
#define PROD_COORD_REASON_WORKER_REMOVED 9u
#define PROD_COORD_REASON_CANCELLED 10u      /* coord_cancel */
#define PROD_COORD_REASON_PIPELINE_FAILED 11u /* its pipeline failed */
#define PROD_COORD_REASON_RETRIES_EXHAUSTED 12u
#define PROD_COORD_REASON_CARGO_MISMATCH 13u /* reconciliation: cargo is not its task's */
#define PROD_COORD_REASON_ORPHAN_CARGO 14u   /* reconciliation: cargo no task needs */
#define PROD_COORD_REASON_CARGO_LOST 15u     /* cargo vanished (worker removed, reconciliation) */
#define PROD_COORD_REASON_NO_TRADE 16u       /* the trade size came to 0 units (credits, volume) */
#define PROD_COORD_REASON_ALREADY_DONE 17u   /* idempotent retry: the cargo says it was done */
#define PROD_COORD_REASON_NO_MARKET 18u      /* no market meets the start threshold / buys it */

/* Coordinator events (prod_host.on_coord_event). */
#define PROD_COORD_EVENT_PIPELINE_CREATED 1u /* item, market = sell market, quantity = tasks */
#define PROD_COORD_EVENT_PIPELINE_STATE 2u   /* state = the pipeline's new state, reason */
#define PROD_COORD_EVENT_PIPELINE_DONE 3u    /* no task left open; state final, credits = net profit */
#define PROD_COORD_EVENT_TASK_CREATED 4u     /* a task added after planning (a lost cargo re-bought) */
#define PROD_COORD_EVENT_LIQUIDATION 5u      /* a LIQUIDATE task: worker, item, quantity, reason */
#define PROD_COORD_EVENT_TASK_READY 6u
#define PROD_COORD_EVENT_TASK_ASSIGNED 7u    /* the order: worker goes to market for task (type,
                                                item); quantity = room it has (BUY) or its cargo */
#define PROD_COORD_EVENT_TASK_STARTED 8u     /* coord_arrive accepted: quantity = the trade size */
#define PROD_COORD_EVENT_TASK_COMPLETED 9u   /* quantity and credits as reported */
#define PROD_COORD_EVENT_TASK_RETRY 10u      /* failed, PENDING again; retries, due = ready again */
#define PROD_COORD_EVENT_TASK_FAILED 11u     /* failed for good, or ended (cancel, abort); reason */
#define PROD_COORD_EVENT_TASK_RELEASED 12u   /* back to PENDING without a retry; reason */
/* RETRY, FAILED and RELEASED name the worker the task had: when its order
 * was this task, that order is void (the worker may get another at once). */
#define PROD_COORD_EVENT_FACTORY_STATE 13u   /* state = the factory's new PROD_FACTORY_* */
#define PROD_COORD_EVENT_POLL 14u            /* a supply poll: supply, polls, due = next poll */
#define PROD_COORD_EVENT_LONG_WAIT 15u       /* production taking unusually long (once per factory
                                                round, after long_wait_polls polls); polling goes on */
#define PROD_COORD_EVENT_CONFIG_CHANGED 16u  /* field, old_value, new_value (at the tick applying it) */
#define PROD_COORD_EVENT_PLAN_FAILED 17u     /* the opportunity scan could not plan item: status */
#define PROD_COORD_EVENT_RESUMED 18u         /* reconciliation: the worker's cargo matches its task */

typedef struct prod_coord_event {
    uint32_t struct_size;
    uint32_t type;          /* PROD_COORD_EVENT_* */
    uint64_t coordinator;   /* the coordinator's tag */
    int64_t time;           /* the now of the call that made it */
    uint64_t pipeline;      /* 0 when none */
    uint64_t task;          /* 0 when none */
    uint64_t worker;        /* 0 when none */
    uint64_t market;        /* 0 when none */
    prod_item_id item;      /* 0 when none */
    uint32_t task_type;     /* PROD_TASK_* of task, 0 when none */
    uint32_t state;         /* new PROD_TASK_* / PROD_PIPELINE_* / PROD_FACTORY_* state */
    uint32_t reason;        /* PROD_COORD_REASON_* */
    uint64_t quantity;
    double credits;
    uint32_t retries;       /* the task's failures so far */
    uint32_t polls;         /* the factory's polls this round */
    uint32_t supply;        /* PROD_SUPPLY_* seen (POLL, FACTORY_STATE) */
    uint32_t field;         /* CONFIG_CHANGED: PROD_COORD_FIELD_* */
    double old_value;       /* CONFIG_CHANGED */
    double new_value;
    int64_t due;            /* TASK_RETRY, POLL: when the next attempt is due */
    int32_t status;         /* PLAN_FAILED: the prod_status planning gave */
    uint32_t reserved0;
} prod_coord_event;

/* Runtime configuration (seed 004). Members are given by the bit of their
 * field (PROD_COORD_F_x = 1 << PROD_COORD_FIELD_x) in `fields`: for
 * coord_create the given members replace the context's defaults, for
 * coord_config_set they are the partial update, and coord_config_get sets
 * every bit. The design's defaults are in brackets. */
#define PROD_COORD_FIELD_TAG 0u            /* tag: coord_create only */
#define PROD_COORD_FIELD_PRESET 1u         /* preset: sets the four supply thresholds; the
                                              thresholds given beside it win */
#define PROD_COORD_FIELD_MAX_PIPELINES 2u  /* [3] 0..100000 PRODUCE pipelines planned or running */
#define PROD_COORD_FIELD_MAX_WORKERS 3u    /* [5] 1..1000000 workers busy at once */
#define PROD_COORD_FIELD_COLLECT_START 4u  /* [ABUNDANT] supply to assign a COLLECT */
#define PROD_COORD_FIELD_COLLECT_EXECUTE 5u /* [HIGH] supply to collect on arrival; the factory
                                               is READY_FOR_COLLECTION at it */
#define PROD_COORD_FIELD_ACQUIRE_START 6u  /* [MODERATE] supply to assign an ACQUIRE */
#define PROD_COORD_FIELD_ACQUIRE_EXECUTE 7u /* [LIMITED] supply to buy on arrival */
#define PROD_COORD_FIELD_MIN_PURCHASE_PRICE 8u /* [0] the scan plans items whose sell market
                                                  pays at least this per unit */
#define PROD_COORD_FIELD_STRATEGY 9u       /* [ADAPTIVE] PROD_STRATEGY_BUY_IF_SOLD (seed 001) or
                                              PROD_STRATEGY_ADAPTIVE (seed 002, HIGH supply) */
#define PROD_COORD_FIELD_MAX_RETRIES 10u   /* [3] 0..100 failures before a task fails for good */
#define PROD_COORD_FIELD_LONG_WAIT_POLLS 11u /* [20] 1..1000000 */
#define PROD_COORD_FIELD_RETRY_BACKOFF 12u /* [5000] ms, 0..86400000: the first retry waits this,
                                              each next one twice as long (at most a day) */
#define PROD_COORD_FIELD_POLL_FIRST 13u    /* [30000] ms, 1..86400000 after the inputs are in */
#define PROD_COORD_FIELD_POLL_EVERY 14u    /* [60000] ms, 1..86400000 between polls */
#define PROD_COORD_FIELD_SCAN_EVERY 15u    /* [120000] ms, 0..86400000 between opportunity scans
                                              (0 = no scan: only coord_plan makes pipelines) */
#define PROD_COORD_FIELD_TICK_BUDGET 16u   /* [10000] 1..2^32-1 steps a tick takes at most */
#define PROD_COORD_FIELD_MARGIN_DROP 17u   /* [20] 0..100 percent the product's price may fall
                                              below its planned price before the pipeline aborts
                                              (100 = never) */
#define PROD_COORD_FIELD_KEEP_FINISHED 18u /* [16] 0..10000 finished pipelines kept for status */
#define PROD_COORD_FIELD_COUNT 19u
#define PROD_COORD_F(field) ((uint64_t)1 << (field))
#define PROD_COORD_F_ALL (PROD_COORD_F(PROD_COORD_FIELD_COUNT) - 1u)

/* Presets (seed 004's table): collect start / execute, acquire start / execute. */
#define PROD_COORD_PRESET_CONSERVATIVE 1u /* ABUNDANT HIGH     MODERATE MODERATE */
#define PROD_COORD_PRESET_BALANCED 2u     /* ABUNDANT HIGH     MODERATE LIMITED (the defaults) */
#define PROD_COORD_PRESET_AGGRESSIVE 3u   /* HIGH     MODERATE LIMITED  LIMITED */

typedef struct prod_coord_config {
    uint32_t struct_size;
    uint32_t version;            /* PROD_COORD_CONFIG_VERSION */
    uint64_t fields;             /* PROD_COORD_F_* of the members given */
    uint64_t tag;                /* echoed in events (coord_create only) */
    uint32_t preset;             /* PROD_COORD_PRESET_* */
    uint32_t max_pipelines;
    uint32_t max_workers;
    uint32_t collect_start_supply;   /* PROD_SUPPLY_SCARCE..ABUNDANT; start >= execute */
    uint32_t collect_execute_supply;
    uint32_t acquire_start_supply;
    uint32_t acquire_execute_supply;
    uint32_t strategy;
    double min_purchase_price;   /* finite, >= 0 */
    uint32_t max_retries;
    uint32_t long_wait_polls;
    int64_t retry_backoff_ms;
    int64_t poll_first_ms;
    int64_t poll_every_ms;
    int64_t scan_every_ms;
    uint32_t tick_budget;
    uint32_t margin_drop_pct;
    uint32_t keep_finished;
    uint32_t reserved0;          /* 0 */
} prod_coord_config;

/* coord_config_get: which configuration. */
#define PROD_COORD_CONFIG_EFFECTIVE 0u /* the one in effect */
#define PROD_COORD_CONFIG_PENDING 1u   /* the one the next tick applies (the effective one
                                          when no update waits) */

/* One change of the configuration, as applied by a tick. */
typedef struct prod_coord_config_change {
    int64_t time;           /* the tick that applied it */
    uint32_t field;         /* PROD_COORD_FIELD_* */
    uint32_t reserved0;
    double old_value;
    double new_value;
} prod_coord_config_change;
#define PROD_COORD_HISTORY 32u /* changes kept (oldest dropped first) */

/* Workers. coord_worker_add reads id, location and capacity; coord_worker_get
 * writes every member that fits. */
#define PROD_COORD_MAX_CARGO 8u      /* stacks of different items one worker holds */
#define PROD_COORD_MAX_WORKERS 1000000u /* workers registered in one coordinator */
#define PROD_WORKER_IDLE 1u    /* free: no task, no cargo */
#define PROD_WORKER_BUSY 2u    /* on a task */
#define PROD_WORKER_HOLDING 3u /* holds cargo whose task waits (no market buys it yet) */
typedef struct prod_worker_info {
    uint32_t struct_size;
    uint32_t version;       /* PROD_WORKER_INFO_VERSION */
    uint64_t id;            /* the host's id: not 0, unique in the coordinator */
    uint64_t location;      /* the host location it is at (a market id is a location) */
    uint32_t capacity;      /* cargo units it can carry, >= 1 */
    uint32_t state;         /* get: PROD_WORKER_* */
    uint64_t task;          /* get: the task it is on (0 when none) */
    uint64_t market;        /* get: that task's destination */
    uint32_t task_type;     /* get: PROD_TASK_* of that task */
    uint32_t task_state;    /* get: PROD_TASK_* state of that task */
    int64_t busy_ms;        /* get: game time it has been busy in all */
    uint32_t cargo_count;   /* get */
    uint32_t reserved0;
    prod_item_qty cargo[PROD_COORD_MAX_CARGO]; /* get: what it holds, as the coordinator knows */
} prod_worker_info;

/* coord_arrive: the worker reached its task's market. */
#define PROD_ARRIVAL_NO_BUDGET 1u /* credits do not limit a purchase */
typedef struct prod_arrival {
    uint32_t struct_size;
    uint32_t version;       /* PROD_ARRIVAL_VERSION */
    uint64_t worker;
    int64_t now;
    double credits;         /* what the host may spend on this purchase: finite, >= 0 */
    uint32_t flags;         /* PROD_ARRIVAL_* */
    uint32_t reserved0;     /* 0 */
} prod_arrival;

/* What the worker does now (coord_arrive). */
typedef struct prod_order {
    uint32_t struct_size;   /* set by the caller */
    uint32_t action;        /* PROD_ORDER_* */
    uint64_t task;
    uint64_t worker;
    uint64_t market;
    prod_item_id item;
    uint32_t quantity;      /* BUY: at most this many; SELL: this many */
    double price;           /* the market's price per unit that sized the order */
    uint32_t task_type;     /* PROD_TASK_* */
    uint32_t reason;        /* NONE: PROD_COORD_REASON_* */
} prod_order;

/* coord_report: what the worker did with its order. */
typedef struct prod_task_report {
    uint32_t struct_size;
    uint32_t version;       /* PROD_TASK_REPORT_VERSION */
    uint64_t worker;
    uint64_t task;
    int64_t now;
    uint32_t outcome;       /* PROD_REPORT_DONE / PROD_REPORT_FAILED */
    uint32_t failure;       /* FAILED: PROD_COORD_FAIL_* */
    uint32_t quantity;      /* DONE: units bought (1..the order's quantity) or sold (at
                               most the order's quantity; what is not sold is liquidated) */
    uint32_t reserved0;     /* 0 */
    double credits;         /* DONE: credits paid (BUY) or received (SELL): finite, >= 0 */
} prod_task_report;

/* A pipeline's status (coord_status): one plugin-allocated block, freed with
 * free_buffer; every pointer points into it. Seed 001's status tree: each
 * node's decision and its task, worker, quantities, polls and progress. */
typedef struct prod_coord_node {
    prod_item_id item;
    uint32_t decision;      /* PROD_DECISION_MAKE / BUY / RAW */
    uint32_t parent;        /* index of the parent node, PROD_NODE_NONE for the root */
    uint32_t depth;         /* root 0 */
    uint64_t market;        /* made: its factory; bought: the source seen at planning */
    uint64_t task;          /* the task that makes its output available (ACQUIRE / COLLECT) */
    uint32_t activity;      /* PROD_ACTIVITY_* at planning */
    uint32_t supply;        /* bought: supply at planning; made: the factory's last poll */
    uint32_t factory;       /* made: index into factories; PROD_NODE_NONE when bought */
    uint32_t reserved0;
} prod_coord_node;

typedef struct prod_coord_task {
    uint64_t id;            /* unique in the coordinator, never reused */
    uint32_t type;          /* PROD_TASK_* */
    uint32_t state;         /* PROD_TASK_* */
    prod_item_id item;
    uint32_t node;          /* index into nodes, PROD_NODE_NONE for a liquidation */
    uint64_t market;        /* where it is done */
    uint64_t worker;        /* assigned, or the last that did it; 0 when none */
    uint32_t priority;      /* higher first: ACQUIRE 10, DELIVER 20, COLLECT 30, SELL 40,
                               LIQUIDATE 100 */
    uint32_t retries;       /* failures so far */
    uint32_t reason;        /* its last failure or release (PROD_COORD_REASON_*) */
    uint32_t dep_first;     /* its dependencies: deps[dep_first .. dep_first + dep_count) */
    uint32_t dep_count;
    uint32_t reserved0;
    uint64_t quantity;      /* units bought or sold, as reported */
    double cost;            /* credits paid */
    double revenue;         /* credits received */
    int64_t created_at;
    int64_t ready_at;       /* when it last became READY (-1 never) */
    int64_t started_at;     /* when its worker last arrived (-1 never) */
    int64_t completed_at;   /* when it completed or failed for good (-1 not yet) */
} prod_coord_task;

typedef struct prod_coord_delivery {
    prod_item_id item;
    uint32_t reserved0;
    uint64_t worker;
    uint64_t quantity;
    int64_t time;
} prod_coord_delivery;

typedef struct prod_coord_factory {
    uint64_t market;
    prod_item_id item;      /* its output */
    uint32_t state;         /* PROD_FACTORY_* */
    uint32_t previous_supply; /* PROD_SUPPLY_* at the poll before the last */
    uint32_t supply;        /* at the last poll (0 before the first, or not exported) */
    uint32_t polls;         /* polls this round */
    uint32_t input_count;   /* required inputs: inputs[input_first ..] */
    uint32_t input_first;
    uint32_t delivery_first; /* deliveries[delivery_first .. + delivery_count) */
    uint32_t delivery_count;
    uint32_t reserved0;
    int64_t inputs_complete_at; /* -1 not yet */
    int64_t ready_at;       /* -1 not ready */
    int64_t next_poll;      /* -1 none scheduled */
} prod_coord_factory;

typedef struct prod_pipeline_status {
    uint32_t struct_size;   /* sizeof(prod_pipeline_status) of the plugin */
    uint32_t state;         /* PROD_PIPELINE_* */
    uint64_t id;
    uint32_t kind;          /* PROD_PIPELINE_* kind */
    prod_item_id item;      /* the product (0 for RECOVERY) */
    uint64_t sell_market;   /* 0 for RECOVERY */
    double expected_price;  /* the sell market's price per unit at planning */
    double cost;            /* credits paid for purchases */
    double revenue;         /* credits from deliveries, the sale and liquidations */
    double net_profit;      /* revenue - cost */
    uint32_t reason;        /* why it failed or was cancelled */
    uint32_t node_count;
    uint32_t task_count;
    uint32_t tasks_done;    /* COMPLETED tasks: progress is tasks_done / task_count */
    uint32_t factory_count;
    uint32_t input_count;
    uint32_t delivery_count;
    uint32_t dep_count;
    int64_t created_at;
    int64_t finished_at;    /* when it left PLANNING/EXECUTING (-1 not yet) */
    /* Cargo accounts: bought = delivered + sold + liquidated + lost + held, and
     * found counts cargo reconciliation reported beyond what was known. */
    uint64_t units_bought;
    uint64_t units_delivered;
    uint64_t units_sold;
    uint64_t units_liquidated;
    uint64_t units_lost;
    uint64_t units_found;
    uint64_t units_held;    /* in workers' holds now */
    const prod_coord_node *nodes;     /* pre-order, as chain_build's */
    const prod_coord_task *tasks;     /* in id order */
    const uint64_t *deps;             /* task ids */
    const prod_coord_factory *factories;
    const prod_item_id *inputs;       /* the factories' required inputs */
    const prod_coord_delivery *deliveries;
} prod_pipeline_status;

/* Coordinator statistics (coord_stats). */
typedef struct prod_coord_stats {
    uint32_t struct_size;   /* set by the caller */
    uint32_t config_pending; /* 1 when a config_set waits for the next tick */
    int64_t time;           /* the coordinator's time: the largest now it was given */
    uint64_t pipelines;     /* pipelines held (active and kept finished) */
    uint64_t pipelines_active; /* PRODUCE pipelines PLANNING or EXECUTING */
    uint64_t pipelines_completed;
    uint64_t pipelines_failed;
    uint64_t pipelines_cancelled;
    uint64_t tasks_completed;
    uint64_t tasks_retried;
    uint64_t tasks_failed;  /* failed for good */
    uint64_t tasks_released;
    uint64_t liquidations;
    uint64_t polls;
    uint64_t host_errors;   /* tick steps deferred because a callback answered nonsense */
    double credits_spent;
    double credits_earned;
    int64_t worker_busy_ms; /* game time workers spent busy, all workers */
    uint32_t workers;
    uint32_t workers_busy;
    uint64_t units_bought;
    uint64_t units_delivered;
    uint64_t units_sold;
    uint64_t units_liquidated;
    uint64_t units_lost;
    uint64_t units_found;
} prod_coord_stats;

/* Limits of one coordinator (a plan past them fails with PROD_ERR_LIMIT). */
#define PROD_COORD_MAX_NODES 4096u     /* nodes in one pipeline's tree */
#define PROD_COORD_MAX_TASKS 65536u    /* tasks in one pipeline, replacements included */
#define PROD_COORD_MAX_PIPELINES 100000u

/* ------------------------------------------------------------------------ */
/* The function table                                                        */
/* ------------------------------------------------------------------------ */

typedef struct prod_api {
    uint32_t struct_size;   /* sizeof(prod_api) of the plugin; check before using later members */
    uint32_t abi_version;   /* (major << 16) | minor actually served */
    const char *plugin_version; /* "MAJOR.MINOR.PATCH", static */

    /* --- context ------------------------------------------------------- */

    /* @since 1.0 [lifecycle] Create a context: copy the host table, load and validate every recipe
     * source, build the read-only registry. On failure *out = NULL, nothing is kept, and
     * params->error gets text naming the source, recipe id and field (or byte offset). Statuses:
     * INVALID_ARGUMENT, VERSION, IO (cannot read, or not a regular file), PARSE (syntax, a NUL
     * byte), VALIDATION (the schema; an unknown key unless PROD_INIT_ALLOW_UNKNOWN_KEYS; \u0000 in
     * a string), LIMIT (a file over max_file_bytes, nesting past 1000 levels, a count or size
     * limit), NO_MEMORY. The caller owns *out; free with shutdown. */
    prod_status (*init)(const prod_init_params *params, prod_ctx **out);
    /* @since 1.0 [lifecycle] Destroy a context. Every manager and manager registry made from it
     * must have been destroyed first. NULL is accepted. While any still exists, or when called
     * from inside a callback of a running call (1.3), it is refused: nothing is freed, the host's
     * log callback (PROD_LOG_ERROR) says why, and the context stays usable; call it again once
     * they are gone. */
    void (*shutdown)(prod_ctx *ctx);
    /* @since 1.0 [any thread] Text of the last failed context-level call (never NULL; "" if none).
     * Owned by the context, valid until the next context-level call that fails. */
    const char *(*last_error)(const prod_ctx *ctx);
    /* @since 1.0 [any thread] Free a buffer the plugin handed to the host (e.g. export_json). NULL
     * ok. */
    void (*free_buffer)(void *buffer);

    /* --- recipes and items (read-only, any thread) ------------------------ */

    /* @since 1.0 [any thread] Recipes loaded. */
    uint32_t (*recipe_count)(const prod_ctx *ctx);
    /* @since 1.0 [any thread] Index of the recipe with string id `id`. NOT_FOUND if none. */
    prod_status (*recipe_find)(const prod_ctx *ctx, const char *id, prod_recipe_ix *out);
    /* @since 1.0 [any thread] Fill *out (set out->struct_size first). NOT_FOUND if index is out of
     * range. */
    prod_status (*recipe_get)(const prod_ctx *ctx, prod_recipe_ix index, prod_recipe_info *out);
    /* @since 1.0 [any thread] Recipes in a category / producing an item, in load order. *out points
     * into the registry (valid for the life of the context); *count may be 0. */
    prod_status (*recipes_by_category)(const prod_ctx *ctx, const char *category,
                                       const prod_recipe_ix **out, uint32_t *count);
    /* @since 1.0 [any thread] See recipes_by_category. */
    prod_status (*recipes_by_output)(const prod_ctx *ctx, prod_item_id item,
                                     const prod_recipe_ix **out, uint32_t *count);
    /* @since 1.0 [any thread] Items interned (ids are 1..item_count). */
    uint32_t (*item_count)(const prod_ctx *ctx);
    /* @since 1.0 [any thread] The id of the item named `name`; NOT_FOUND if none. */
    prod_status (*item_find)(const prod_ctx *ctx, const char *name, prod_item_id *out);
    /* @since 1.0 [any thread] The string id of an item, or NULL if out of range. Lives with the
     * context. */
    const char *(*item_name)(const prod_ctx *ctx, prod_item_id item);
    /* @since 1.0 [ctx error] The whole registry as recipe JSON (same schema as the input; loading
     * it gives the same registry). *out is NUL-terminated, owned by the caller, freed with
     * free_buffer. */
    prod_status (*export_json)(prod_ctx *ctx, char **out, size_t *len);

    /* --- managers ------------------------------------------------------- */

    /* @since 1.0 [ctx error] Create an empty manager. Caller owns it; destroy with manager_destroy.
     * Errors leave text in last_error(ctx). Not concurrent with other context-level calls that can
     * fail (they share the error text). */
    prod_status (*manager_create)(prod_ctx *ctx, const prod_manager_config *config,
                                  prod_manager **out);
    /* @since 1.0 [manager] Destroy a manager and every job in it (no events, no refunds). A manager
     * still in a registry is removed from it first. NULL ok. Called while a call holds the manager
     * (from inside one of its callbacks, or from another thread) it is deferred (1.3): that call
     * makes no more callbacks and frees the manager when it returns; the host must not use the
     * pointer after calling this either way. */
    void (*manager_destroy)(prod_manager *m);
    /* @since 1.0 [manager] Text of the last failed call on this manager ("" if none). */
    const char *(*manager_last_error)(const prod_manager *m);

    /* @since 1.0 [manager] Complete every job whose end time is <= now, in (end time, job id)
     * order, restarting repeating jobs at their previous end time, and retry jobs blocked on full
     * inventories. Emits events. O(1) when nothing is due. A repeating job whose blocked outputs
     * are delivered at this tick starts its next cycle at now. TIME if now is out of range or
     * smaller than the largest now already given to tick/start/cancel (equal is fine). At most
     * the manager's max_completions cycles complete in one call (1.3): when more are due it
     * answers PROD_MORE, and the next tick (same or later now) goes on exactly where this one
     * stopped, so any number of calls gives the same events as one unbounded call. BUSY. */
    prod_status (*tick)(prod_manager *m, int64_t now);
    /* @since 1.0 [manager] Start a one-shot job of `recipe` for `owner`, consuming its effective
     * inputs from `inventory` at once (one inventory_consume call). An instant recipe completes
     * inside this call (its id is then already gone unless its outputs were blocked). INSUFFICIENT
     * (nothing changed), NOT_FOUND, NOT_PROVIDED, HOST, TIME (now out of range or before the
     * manager's time, or an end past PROD_TIME_MAX: such a job could never complete), BUSY,
     * NO_MEMORY, LIMIT (1.4: modifiers would make an input or output more than 10^9 units per
     * cycle, the most a job holds; recipes load up to 10^9 per entry). *out_job may be NULL. Modifiers are asked from every source and snapshotted. */
    prod_status (*start)(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                         uint64_t inventory, int64_t now, prod_job_id *out_job);
    /* @since 1.0 [manager] As start, but the job restarts at each end time, consuming inputs again,
     * until they run out (FAILED, reason FAILED_TO_RESTART) or it is cancelled. A recipe whose
     * effective duration is 0 cannot repeat: INVALID_ARGUMENT. */
    prod_status (*start_repeating)(prod_manager *m, prod_recipe_ix recipe, uint64_t owner,
                                   uint64_t inventory, int64_t now, prod_job_id *out_job);
    /* @since 1.0 [manager] Cancel a running job, refunding its current cycle's consumed inputs per
     * `refund` (PROD_REFUND_*). If the refund does not fit (INVENTORY_FULL) the job is left as it
     * was. A BLOCKED job cannot be cancelled (STATE). */
    prod_status (*cancel)(prod_manager *m, prod_job_id job, uint32_t refund, int64_t now);
    /* @since 1.0 [manager] Describe a job, with progress at `now` (no tick needed, nothing
     * changes). */
    prod_status (*job_get)(prod_manager *m, prod_job_id job, int64_t now, prod_job_info *out);
    /* @since 1.0 [manager] Ids of an owner's jobs / of all jobs, in increasing id order (the same
     * after a save and load). Writes up to cap ids to out (out may be NULL when cap is 0) and the
     * total to *count. Both walk the manager's job records: O(jobs in the manager); there is no
     * per-owner index, so starts and completions never pay for one. */
    prod_status (*jobs_by_owner)(const prod_manager *m, uint64_t owner, prod_job_id *out,
                                 uint32_t cap, uint32_t *count);
    /* @since 1.0 [manager] See jobs_by_owner. */
    prod_status (*jobs_all)(const prod_manager *m, prod_job_id *out, uint32_t cap,
                            uint32_t *count);
    /* @since 1.0 [manager] Jobs in the manager (running and blocked). */
    uint64_t (*job_count)(const prod_manager *m);
    /* @since 1.0 [manager] The earliest end time among running jobs into *out; NOT_FOUND if none. A
     * host may sleep a chunk until then. O(1) when it was asked since the last change; after a
     * change it may read the jobs of one timer bucket once. */
    prod_status (*next_due)(const prod_manager *m, int64_t *out);

    /* --- optional manager registry -------------------------------------- */
    /* Tracks managers by a host key and finds the manager of a job id in O(1)
     * through the id_space bits of the id. Not internally synchronised: the
     * host serialises calls on one registry. Registering does not transfer
     * ownership of the manager. Errors leave text in last_error(ctx). */

    /* @since 1.0 [ctx error] An empty registry, owned by the caller (free with registry_destroy
     * before shutdown). NO_MEMORY. */
    prod_status (*registry_create)(prod_ctx *ctx, prod_manager_registry **out);
    /* @since 1.0 [registry] Managers are not destroyed. */
    void (*registry_destroy)(prod_manager_registry *r);
    /* @since 1.0 [registry] EXISTS if the key, or another manager with the same id_space, is there.
     */
    prod_status (*registry_add)(prod_manager_registry *r, uint64_t key, prod_manager *m);
    /* @since 1.0 [registry] NOT_FOUND if the key is not there. */
    prod_status (*registry_remove)(prod_manager_registry *r, uint64_t key);
    /* @since 1.0 [registry] The manager registered under key; NOT_FOUND if none. */
    prod_status (*registry_get)(const prod_manager_registry *r, uint64_t key, prod_manager **out);
    /* @since 1.0 [registry] The manager (and its key) whose id space holds `job` and which
     * currently has that job. NOT_FOUND otherwise. key may be NULL. */
    prod_status (*registry_find_job)(const prod_manager_registry *r, prod_job_id job,
                                     prod_manager **out, uint64_t *key);
    /* @since 1.0 [registry] Managers registered. */
    uint32_t (*registry_count)(const prod_manager_registry *r);

    /* --- persistence and introspection (ABI 1.1) ------------------------ */
    /* @since 1.1 [manager] Save everything needed to continue the manager exactly (jobs with their
     * snapshots and held outputs, PRNG state, job-id state, time, settings) as msgpack; the layout
     * is docs/FORMAT.md. Recipes and items are named by string id. The manager is not changed. *out
     * is owned by the caller and freed with free_buffer. The same state always gives the same
     * bytes. INVALID_ARGUMENT, BUSY (from inside a callback), NO_MEMORY; text in
     * manager_last_error(m). */
    prod_status (*serialize)(prod_manager *m, uint8_t **out, size_t *len);
    /* @since 1.1 [ctx error] Rebuild a manager from serialize's bytes, against this context's
     * recipes. Every byte is treated as hostile: on any error nothing is created, no callback has
     * been made, and last_error(ctx) gives the byte offset and what was wrong. FORMAT (damaged or
     * not a save), VERSION (format major version not supported), NOT_FOUND (an item that is no
     * longer loaded, or a missing recipe under PROD_MISSING_RECIPE_ERROR), LIMIT, NO_MEMORY,
     * INVALID_ARGUMENT. Jobs whose recipe is gone are handled per options->missing_recipe (NULL
     * options = refund): the refund goes through inventory_add and an event, both made after the
     * manager is complete and before this returns. The new manager has the saved time; tick it to
     * the present (catch-up). The caller owns *out. What can be derived is never taken from the
     * bytes (1.3): a job's effective inputs, outputs and duration are rebuilt from its recipe and
     * saved modifiers, and held outputs must be what one roll of those outputs gives; a save
     * that disagrees fails with FORMAT naming the job, unless options->changed_recipe is
     * PROD_CHANGED_RECIPE_CURRENT. Refunds of jobs whose recipe is gone do come from the save
     * (there is nothing to rebuild them from): a host that cannot trust its store uses
     * PROD_MISSING_RECIPE_ERROR. */
    prod_status (*deserialize)(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                               const prod_load_options *options, prod_manager **out);
    /* @since 1.1 [manager] Fill *out with the manager's own memory accounting. Set out->struct_size
     * first: the plugin writes the members that fit in it (at most its own prod_memory_stats) and
     * sets struct_size to the bytes written, as for every struct it fills. VERSION if struct_size
     * is smaller than the 8-byte header. */
    prod_status (*manager_memory)(const prod_manager *m, prod_memory_stats *out);
    /* @since 1.1 [manager] The manager's settings (as created or as loaded) into *out (set
     * out->struct_size first; only members that fit are written). */
    prod_status (*manager_config)(const prod_manager *m, prod_manager_config *out);
    /* @since 1.1 [manager] The manager's time: the largest now it has been given (0 when new). */
    int64_t (*manager_time)(const prod_manager *m);

    /* --- chains and economics (ABI 1.2) --------------------------------- */
    /* All of these read the registry and the graph precomputed at init (any
     * thread, concurrently), ask the host's callbacks on the calling thread,
     * and change nothing. Failures leave text in last_error(ctx): like the
     * other context-level calls, two threads that may fail at once see each
     * other's text. Common statuses: INVALID_ARGUMENT (NULL, runs < 1, ME/TE
     * outside 0..100, an unknown constant, a bad double), VERSION (struct_size
     * or version too small), NOT_FOUND (unknown item or recipe index),
     * NOT_PROVIDED (a callback the call needs is NULL), HOST (a callback
     * answered nonsense: the text says which item and what), CYCLE (the text
     * names the cycle's items in order), LIMIT (costs past the range of a double, a chain beyond
     * PROD_CHAIN_MAX_DEPTH / PROD_CHAIN_MAX_NODES), NO_MEMORY. */

    /* @since 1.2 [ctx error] The dependency tree of request->item for request->runs under the
     * request's ME/TE, recipe choice and make-or-buy strategy, with its shopping list and direct
     * inputs. *out is one block owned by the caller, freed with free_buffer; NULL on failure. */
    prod_status (*chain_build)(prod_ctx *ctx, const prod_chain_request *request,
                               prod_chain_result **out);
    /* @since 1.2 [ctx error] Economics of request->item: the product is made by its chosen recipe
     * (request->runs), every input below it bought or made as PROD_STRATEGY_MIN_COST decides
     * (strategy is ignored, overrides apply), with the exact tree's whole runs. Fill *out (set
     * out->struct_size first; members that fit are written). NOT_FOUND when no recipe produces the
     * item; needs market_quote. */
    prod_status (*econ_item)(prod_ctx *ctx, const prod_chain_request *request,
                             prod_econ_info *out);
    /* @since 1.2 [ctx error] Every producible item's economics, filtered and ranked. Costs are
     * memoized per item in topological order, one market look-up per item: each input at the
     * cheaper of buying and making per unit, with fractional runs below the product (a consumed
     * input counts max(1, qty x (1 - me/100)) per run; no rounding up of intermediate runs), so
     * figures can be lower than econ_item's exact tree; the product's own step uses base->runs
     * exactly. *out is an array of *count entries owned by the caller, freed with free_buffer (NULL
     * when *count is 0). Items on or above a cycle are left out; host errors fail the call. */
    prod_status (*econ_opportunities)(prod_ctx *ctx, const prod_opportunity_request *request,
                                      prod_econ_info **out, uint32_t *count);
    /* @since 1.2 [ctx error] The best market to buy `item` from, among markets that sell it: first
     * STRONG activity with ABUNDANT or HIGH supply, then GROWING with MODERATE or HIGH, then any
     * MODERATE, then the rest; within a tier the lowest buy price, then the host's order. Fills
     * *out. NOT_FOUND when none sells it. */
    prod_status (*market_best_buy)(prod_ctx *ctx, prod_item_id item, prod_market_quote *out);
    /* @since 1.2 [ctx error] The best market to sell `item` to, among markets that buy it with WEAK
     * or RESTRICTED activity: highest score = 0.40 x min(100, sell_price/500) + 0.30 x activity
     * (WEAK 100, RESTRICTED 75) + 0.20 x supply (SCARCE 100, LIMITED 80, MODERATE 60, HIGH 40,
     * ABUNDANT 20, unknown 0) + 0.10 x depth_bonus (the caller's 0..100, e.g. from the chain
     * depth); ties: the host's order. Fills *out and *score (score may be NULL). NOT_FOUND when no
     * market qualifies. */
    prod_status (*market_best_sell)(prod_ctx *ctx, prod_item_id item, double depth_bonus,
                                    prod_market_quote *out, double *score);
    /* @since 1.2 [any thread] The units to trade (see prod_trade_request). Pure: no context, any
     * thread, no error text. INVALID_ARGUMENT for a bad request. */
    prod_status (*trade_size)(const prod_trade_request *request, uint32_t *out);
    /* @since 1.2 [ctx error] "What can I build": the largest n such that n units of request->item
     * can be made from what `inventory` holds (inventory_count), taking intermediates in stock
     * before making them and never buying (raw materials must be in stock; surplus of a step is
     * reused). The root is always made. Uses item, me, choice, preferred, raw list; runs and the
     * strategy are ignored (CHEAPEST counts as FIRST: no prices are asked). *out = 0 when not even
     * one can be made. n is capped at 2^32 - 1. LIMIT when the probes weigh more than 4 x
     * PROD_CHAIN_MAX_NODES demands in all (a graph that shares sub-graphs heavily). */
    prod_status (*build_max)(prod_ctx *ctx, const prod_chain_request *request,
                             uint64_t inventory, uint64_t *out);
    /* @since 1.2 [ctx error] Recipes whose inputs and tools (at base quantities) `inventory` holds
     * right now, in registry order. *out is owned by the caller, freed with free_buffer (NULL when
     * *count is 0). Needs inventory_count. */
    prod_status (*recipes_startable)(prod_ctx *ctx, uint64_t inventory, prod_recipe_ix **out,
                                     uint32_t *count);

    /* --- messages (ABI 1.4) ---------------------------------------------- */
    /* @since 1.4 [any thread] What a status code means, as a short English phrase for a
     * user-facing message ("not enough inputs in the inventory"), like sqlite3_errstr. The text
     * is static: never NULL, never freed, the same for the life of the process. A code this
     * plugin does not know (a newer plugin's, or a host's own) gives "unknown status". It
     * describes the code only; what failed, and where, is in last_error / manager_last_error. */
    const char *(*status_str)(prod_status status);

    /* --- many managers at once (ABI 1.4) ---------------------------------- */
    /* @since 1.4 [manager] tick(ms[i], now) for i = 0 .. n-1, in order: one call for a sweep over
     * many chunks. Each manager is ticked exactly as by tick (budget, MORE, errors in its
     * manager_last_error); while one is ticked the plugin already fetches the next ones, so a
     * sweep over many cold, idle managers costs far less than n separate calls. statuses (n
     * entries, or NULL) receives each tick's status. Returns PROD_OK when every tick did, else
     * the first error among them, else PROD_MORE when one of them has more due work.
     * INVALID_ARGUMENT (nothing ticked) when ms is NULL and n > 0; a NULL entry gets
     * INVALID_ARGUMENT and the others are ticked. Each manager follows [manager]: the host
     * serialises calls on it (a manager listed twice is ticked twice). */
    prod_status (*tick_batch)(prod_manager *const *ms, uint32_t n, int64_t now,
                              prod_status *statuses);

    /* --- operations (ABI 1.4) --------------------------------------------- */
    /* @since 1.4 [manager] The manager's counters and current size into *out (set
     * out->struct_size first; the members that fit are written and struct_size set to the bytes
     * written). O(1). VERSION if struct_size is smaller than the 8-byte header. A read-only
     * query: it may be called from the manager's own callbacks. */
    prod_status (*manager_counters)(const prod_manager *m, prod_manager_counters *out);
    /* @since 1.4 [manager] The live manager as JSON text, what prodhost inspect shows for a
     * stored chunk, without saving it: {"manager": {tag, seed, id_space, output_policy,
     * time_ms, max_completions, catch_up_ms, job_count, snapshot_count, bytes_reserved,
     * bytes_used}, "counters": {the prod_manager_counters members}, "jobs": [{id, recipe,
     * recipe_index, owner, inventory, state, start_ms, end_ms, duration_ms, cycles, repeat,
     * progress, modifiers, inputs, outputs, held}, ... in job-id order]}. Job ids and the seed
     * are "0x%016x" strings; other integers are JSON numbers (a reader using doubles loses the
     * low bits of values past 2^53). Items and recipes by their string ids. *out (NUL-
     * terminated, *len bytes without the NUL) is owned by the caller and freed with
     * free_buffer. NO_MEMORY. Work is O(jobs). A read-only query. */
    prod_status (*manager_dump_json)(const prod_manager *m, char **out, size_t *len);

    /* --- calculator chains (ABI 1.4) ---------------------------------------- */
    /* Read-only like the 1.2 chain calls, with the same common statuses.
     * chain_build, econ_item and build_max also read prod_chain_request
     * version 2 (units and bonuses) from 1.4 on. */

    /* @since 1.4 [ctx error] The per-item graph that makes request->targets: each item once with
     * its total (exact fraction and double; whole runs for a units request), the recipe (step)
     * that makes it with its runs or machines at the request's crafting speeds, power and cost,
     * and edges weighted by flow. Byproducts are credited against other needs (an item's own
     * step makes only what the byproducts of the steps sized before it do not cover; a
     * byproduct that would only feed a step sized earlier is surplus); an item on both sides of
     * a recipe (a catalyst, e.g. kovarex) counts by its net change, and what is left over is
     * reported as surplus. Tools are stock, listed with their quantity, never flow. CYCLE when
     * items consume each other round a loop (the text names it), LIMIT when an exact total
     * passes 128 bits or the graph passes PROD_FLOW_MAX_ITEMS / PROD_CHAIN_MAX_DEPTH. *out is one
     * block owned by the caller, freed with free_buffer. */
    prod_status (*chain_flow)(prod_ctx *ctx, const prod_flow_request *request,
                              prod_flow_result **out);
    /* @since 1.4 [ctx error] The optimal recipe mix (see prod_lp_request), as a flow answer whose
     * figures are the solver's doubles (flag PROD_FLOW_FLOATING). NOT_PROVIDED when the plugin was
     * built without an LP solver; LIMIT past PROD_LP_MAX_RECIPES recipes or max_iterations; STATE
     * when the program is infeasible or unbounded (the text says which). Each call builds and frees
     * its own solver model: calls may run on several threads at once. */
    prod_status (*chain_optimize)(prod_ctx *ctx, const prod_lp_request *request,
                                  prod_flow_result **out);
    /* @since 1.4 [any thread] Print x as "num/den" ("num" when den is 1) in decimal into buf (cap
     * bytes, NUL-terminated). INVALID_ARGUMENT for NULL or a zero denominator, LIMIT when cap is
     * too small (80 bytes always suffice). No error text. */
    prod_status (*exact_format)(const prod_exact *x, char *buf, uint32_t cap);
    /* --- supply-chain coordinators (ABI 1.4) ------------------------------ */
    /* See "Supply-chain coordinators" above for the protocol. The calls that
     * change a coordinator (tick, plan, cancel, worker_*, arrive, report,
     * config_set, serialize) hold it while they run: another of them
     * meanwhile (from one of its callbacks, or another thread) answers BUSY
     * and changes nothing. The queries (config_get, config_history,
     * pipelines, status, stats, worker_get, next_due) do not hold it: they
     * may be called from its callbacks, never from another thread while it
     * runs. Every call that takes `now` answers TIME when it is out of range
     * or smaller than the coordinator's time (equal is fine). A call that
     * fails changes nothing and leaves its text in coord_last_error (BUSY
     * sets none). Host answers (market_quote, travel_cost) are validated: a
     * nonsense answer fails a call with HOST, and inside a tick defers that
     * step (logged, counted in prod_coord_stats.host_errors). */

    /* @since 1.4 [ctx error] Create a coordinator: the members of *config whose bit is set in
     * config->fields replace the context's defaults (prod_init_params.coord_defaults, else the
     * design's); config may be NULL. It counts as a user of ctx (shutdown is refused while it
     * exists). The caller owns *out; destroy with coord_destroy. VERSION, INVALID_ARGUMENT (a bad
     * value: the text names the field), NO_MEMORY. */
    prod_status (*coord_create)(prod_ctx *ctx, const prod_coord_config *config,
                                prod_coordinator **out);
    /* @since 1.4 [coordinator] Destroy a coordinator and everything it holds (no events). NULL ok.
     * From inside one of its callbacks (or while another thread's call holds it) it is deferred:
     * that call makes no more callbacks and frees it when it returns. */
    void (*coord_destroy)(prod_coordinator *c);
    /* @since 1.4 [coordinator] Text of the last failed call on this coordinator ("" if none). */
    const char *(*coord_last_error)(const prod_coordinator *c);
    /* @since 1.4 [coordinator] Run the coordinator at `now`: apply a pending configuration
     * (CONFIG_CHANGED events), poll the factories due (first poll_first_ms after their inputs
     * are in, then every poll_every_ms; POLL, FACTORY_STATE, LONG_WAIT), wake tasks whose backoff
     * or re-check is due, run the opportunity scan when due (every scan_every_ms: it ranks
     * econ_opportunities by the sell-market score and plans until max_pipelines are active,
     * one per item), then assign READY tasks by priority (then id) to the closest idle worker
     * (travel_cost; ties: the worker idle longest), at most max_workers busy, only where the
     * market meets the task's start threshold (a task that does not is checked again after
     * poll_every_ms). At most tick_budget steps (a poll, a wake, a scan, an assignment attempt,
     * a worker compared) are taken: PROD_MORE when work is left (tick again, same or later
     * now). Nothing due is O(1). TIME, BUSY. */
    prod_status (*coord_tick)(prod_coordinator *c, int64_t now);
    /* @since 1.4 [coordinator] Plan a pipeline for `item`: its make-or-buy tree under the
     * configured strategy (chain_build's walk, one run), then seed 002's task graph: an ACQUIRE
     * per bought node, a DELIVER of each node's output to its parent's factory, a COLLECT per
     * made node after all its deliveries, a SELL at the best sell market (market_best_sell with
     * a depth bonus of 20 per level of the tree, at most 100). A made node's factory is a market
     * importing all its inputs, those exporting the item first, then STRONG, GROWING, WEAK
     * activity, then the host's order. *pipeline (may be NULL) gets the new id. NOT_FOUND (the
     * item, no factory, no seller of a bought node, no sell market: the text names the item),
     * CYCLE, LIMIT (max_pipelines active, or a tree past PROD_COORD_MAX_NODES), NOT_PROVIDED
     * (market_quote), HOST, TIME, BUSY, NO_MEMORY. */
    prod_status (*coord_plan)(prod_coordinator *c, prod_item_id item, int64_t now,
                              uint64_t *pipeline);
    /* @since 1.4 [coordinator] Cancel a pipeline: tasks not started end FAILED (reason
     * CANCELLED) and free their workers; cargo its workers hold is liquidated; a trade in progress
     * (EXECUTING) is still reported and accounted. NOT_FOUND, STATE (already finished), TIME,
     * BUSY. */
    prod_status (*coord_cancel)(prod_coordinator *c, uint64_t pipeline, int64_t now);
    /* @since 1.4 [coordinator] Register an idle, empty worker (id, location, capacity of *w).
     * EXISTS (id registered), INVALID_ARGUMENT (id 0, capacity 0), LIMIT
     * (PROD_COORD_MAX_WORKERS), VERSION, TIME, BUSY. */
    prod_status (*coord_worker_add)(prod_coordinator *c, const prod_worker_info *w, int64_t now);
    /* @since 1.4 [coordinator] Remove a worker (destroyed, sold, needed elsewhere): its task goes
     * back to PENDING (TASK_RELEASED, reason WORKER_REMOVED); cargo it held is written off as
     * lost and what it was for is bought again (TASK_CREATED). NOT_FOUND, TIME, BUSY. */
    prod_status (*coord_worker_remove)(prod_coordinator *c, uint64_t worker, int64_t now);
    /* @since 1.4 [coordinator] The worker is now at `location`. NOT_FOUND, TIME, BUSY. */
    prod_status (*coord_worker_move)(prod_coordinator *c, uint64_t worker, uint64_t location,
                                     int64_t now);
    /* @since 1.4 [coordinator] Reconcile: the worker actually holds cargo[0..n) (n 0 = empty,
     * at most PROD_COORD_MAX_CARGO stacks of distinct items, in all at most its capacity).
     * Cargo matching its task resumes it (RESUMED); the item of an unassigned ACQUIRE or
     * COLLECT whose work is due re-assigns that task to it (seed 002 scenario 3); anything else
     * becomes a LIQUIDATE task (priority 100, seed 002 scenario 4). Less than it was known to
     * hold is written off as lost, more is counted as found. NOT_FOUND, INVALID_ARGUMENT
     * (unknown item, duplicate items, too much), TIME, BUSY. */
    prod_status (*coord_worker_cargo)(prod_coordinator *c, uint64_t worker,
                                      const prod_item_qty *cargo, uint32_t n, int64_t now);
    /* @since 1.4 [coordinator] The worker arrived at its task's market (its location is that
     * market from now on, as if coord_worker_move had said so): the task's execute
     * threshold and margin are checked against a fresh market_quote and *out gets the order:
     * BUY at most the trade size (room, trade volume, supply-aware limit, credits; the rule of
     * trade_size), SELL its cargo of the item, or NONE with the reason (supply below the
     * execute threshold, the market no longer trading the item, the trade size 0: released,
     * waits; the failure table: the pipeline aborts and the cargo is liquidated). The task is
     * then EXECUTING (BUY, SELL) or not the worker's any more. NOT_FOUND (worker),
     * STATE (no task, or its task is not ASSIGNED), VERSION, INVALID_ARGUMENT (credits), HOST,
     * NOT_PROVIDED, TIME, BUSY. */
    prod_status (*coord_arrive)(prod_coordinator *c, const prod_arrival *arrival, prod_order *out);
    /* @since 1.4 [coordinator] What the worker did with its order. DONE: the task completes
     * with the units and credits (cargo is updated; a DELIVER records the delivery at the
     * factory; the next task of the cargo is assigned to the same worker). FAILED: the failure
     * table (TRAVEL, OTHER: retry after backoff with another worker where the task carries no
     * cargo, FAILED for good past max_retries and the pipeline fails; DEPLETED: waits and
     * re-routes; REFUSED: the pipeline aborts, the cargo is liquidated). NOT_FOUND (worker,
     * task), STATE (the task is not EXECUTING by this worker), INVALID_ARGUMENT (outcome,
     * failure, credits negative or not finite, 0 units bought, more than the order), VERSION,
     * TIME, BUSY. */
    prod_status (*coord_report)(prod_coordinator *c, const prod_task_report *report);
    /* @since 1.4 [coordinator] Partial update of the configuration: the members whose bit is
     * set in update->fields, over the configuration already pending (else the effective one).
     * Validated whole (a supply level outside SCARCE..ABUNDANT, a start threshold below its
     * execute threshold, a count or time out of range, an unknown preset or strategy, the tag:
     * INVALID_ARGUMENT naming the field, nothing changed). It takes effect at the next
     * coord_tick, which records each change in the history and emits CONFIG_CHANGED; it is
     * saved with the coordinator either way. VERSION, TIME, BUSY. */
    prod_status (*coord_config_set)(prod_coordinator *c, const prod_coord_config *update,
                                    int64_t now);
    /* @since 1.4 [coordinator] The configuration (which: PROD_COORD_CONFIG_*) into *out, every
     * field bit set (set out->struct_size first; members that fit are written).
     * INVALID_ARGUMENT. */
    prod_status (*coord_config_get)(const prod_coordinator *c, uint32_t which,
                                    prod_coord_config *out);
    /* @since 1.4 [coordinator] The configuration changes kept (at most PROD_COORD_HISTORY), oldest
     * first: up to cap into out, the number kept into *count. */
    prod_status (*coord_config_history)(const prod_coordinator *c, prod_coord_config_change *out,
                                        uint32_t cap, uint32_t *count);
    /* @since 1.4 [coordinator] Ids of the pipelines held (active and the finished kept), in
     * increasing id order: up to cap into out, the total into *count. */
    prod_status (*coord_pipelines)(const prod_coordinator *c, uint64_t *out, uint32_t cap,
                                   uint32_t *count);
    /* @since 1.4 [coordinator] The status of one pipeline: its tree with each node's decision,
     * its tasks (state, worker, quantities, credits, times, dependencies), its factories (state,
     * supply, polls, required inputs, deliveries) and its accounts. *out is one block owned by
     * the caller, freed with free_buffer. NOT_FOUND (text in coord_last_error), NO_MEMORY. */
    prod_status (*coord_status)(prod_coordinator *c, uint64_t pipeline,
                                prod_pipeline_status **out);
    /* @since 1.4 [coordinator] Statistics into *out (set out->struct_size first). */
    prod_status (*coord_stats)(const prod_coordinator *c, prod_coord_stats *out);
    /* @since 1.4 [coordinator] One worker as the coordinator knows it (set out->struct_size
     * first). NOT_FOUND. */
    prod_status (*coord_worker_get)(const prod_coordinator *c, uint64_t worker,
                                    prod_worker_info *out);
    /* @since 1.4 [coordinator] The earliest game time at which coord_tick has work (a poll, a
     * wake-up, a scan; `now` itself when tasks wait for idle workers that exist) into *out;
     * NOT_FOUND when nothing is scheduled. A host may skip ticks until then. */
    prod_status (*coord_next_due)(const prod_coordinator *c, int64_t *out);
    /* @since 1.4 [coordinator] Save everything the coordinator knows (configuration, pending
     * update and history, workers and their cargo, pipelines with their trees, tasks and
     * factories, statistics, time) as msgpack; the layout is docs/FORMAT.md. Items are named by
     * string id. The same state always gives the same bytes. *out is freed with free_buffer.
     * BUSY, NO_MEMORY. */
    prod_status (*coord_serialize)(prod_coordinator *c, uint8_t **out, size_t *len);
    /* @since 1.4 [ctx error] Rebuild a coordinator from coord_serialize's bytes. Every byte is
     * hostile: on any error nothing is created, no callback is made and last_error(ctx) gives
     * the byte offset and what was wrong. FORMAT, VERSION (format major), NOT_FOUND (an item no
     * longer loaded), LIMIT, NO_MEMORY, INVALID_ARGUMENT. The coordinator has its saved time;
     * the host then reports each worker's cargo (coord_worker_cargo) to reconcile. */
    prod_status (*coord_deserialize)(prod_ctx *ctx, const uint8_t *bytes, size_t len,
                                     prod_coordinator **out);
} prod_api;

/* The single exported symbol. `abi_version` is PROD_ABI_VERSION as the host was
 * built. Returns the table when the major versions match and the plugin's minor
 * is >= the requested minor; otherwise NULL and, if reason != NULL, a static
 * text saying why. Thread-safe; the table is static and never freed. */
typedef const prod_api *(*prod_get_api_fn)(uint32_t abi_version, const char **reason);

/* The entry point itself, for a host that links the library (libproduction.a, or
 * -lproduction) instead of dlopen()ing it: call prod_get_api(PROD_ABI_VERSION, &reason)
 * directly; everything else is as above. A host that dlopen()s the plugin resolves
 * PROD_ENTRY_SYMBOL into a prod_get_api_fn instead and needs no symbol at link time. */
#if defined(PROD_BUILDING_PLUGIN) && defined(__GNUC__)
#define PROD_ENTRY_EXPORT __attribute__((visibility("default")))
#else
#define PROD_ENTRY_EXPORT
#endif
PROD_ENTRY_EXPORT const prod_api *prod_get_api(uint32_t abi_version, const char **reason);

#ifdef __cplusplus
}
#endif

#endif /* PRODUCTION_H */
