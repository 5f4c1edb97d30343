/* it_recipe_input.c - recipe sources that would hang, bloat or quietly
 * change a game, through the real .so: a FIFO or a device as the path, a
 * file over the size cap, JSON nested past cJSON's limit, a NUL inside a
 * string (escaped or raw), and keys the schema does not know ("consumes",
 * "probabilty", "catgory"), which are refused naming the closest known key
 * unless the host allows unknown keys. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testhost.h"

static const char *SO;

/* init with one source and the given version-2 options; the status, with
 * the error text in err. */
static prod_status load(const prod_recipe_source *src, uint64_t max_bytes, uint32_t flags,
                        char *err, size_t cap)
{
    th_host h;
    th_load(&h, SO);
    prod_init_params p = {.struct_size = sizeof p, .version = PROD_INIT_PARAMS_VERSION,
                          .host = &h.host, .sources = src, .source_count = 1, .error = err,
                          .error_cap = (uint32_t)cap, .max_file_bytes = max_bytes,
                          .flags = flags};
    err[0] = '\0';
    prod_status st = h.api->init(&p, &h.ctx);
    th_close(&h);
    return st;
}

static prod_status load_json(const char *json, uint32_t flags, char *err, size_t cap)
{
    prod_recipe_source src = {.json = json, .name = "t.json"};
    return load(&src, 0, flags, err, cap);
}

static int has(const char *text, const char *needle)
{
    if (strstr(text, needle))
        return 1;
    fprintf(stderr, "  \"%s\" lacks \"%s\"\n", text, needle);
    return 0;
}

/* ---- files ---------------------------------------------------------------- */

static void fifo_as_a_recipe_path_is_refused_without_waiting(void)
{
    char dir[] = "/tmp/it_recipe_input_XXXXXX", path[64], err[512];
    REQUIRE(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/recipes.json", dir);
    REQUIRE(mkfifo(path, 0600) == 0); /* no writer will ever come */
    prod_recipe_source src = {.path = path};
    CHECK(load(&src, 0, 0, err, sizeof err) == PROD_ERR_IO);
    CHECK(has(err, "not a regular file"));
    unlink(path);
    rmdir(dir);
}

static void device_as_a_recipe_path_is_refused_before_reading(void)
{
    char err[512];
    prod_recipe_source src = {.path = "/dev/zero"}; /* would read until memory ran out */
    CHECK(load(&src, 0, 0, err, sizeof err) == PROD_ERR_IO);
    CHECK(has(err, "/dev/zero: not a regular file"));
}

static void file_over_the_size_cap_is_a_limit_error(void)
{
    char path[] = "/tmp/it_recipe_input_XXXXXX", err[512];
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    const char *json = "{\"recipes\":[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]}";
    size_t n = strlen(json);
    CHECK(write(fd, json, n) == (ssize_t)n);
    close(fd);
    prod_recipe_source src = {.path = path};
    CHECK(load(&src, n - 1, 0, err, sizeof err) == PROD_ERR_LIMIT);
    CHECK(has(err, "over the limit of") && has(err, "max_file_bytes"));
    CHECK_OK(load(&src, n, 0, err, sizeof err)); /* exactly the cap is fine */
    CHECK_OK(load(&src, 0, 0, err, sizeof err)); /* 0: the default, 256 MiB */
    unlink(path);
}

static void version_1_init_params_get_the_defaults(void)
{
    th_host h;
    char err[256] = "";
    th_load(&h, SO);
    prod_recipe_source src = {.json = "[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]"};
    prod_init_params p = {.struct_size = (uint32_t)offsetof(prod_init_params, max_file_bytes),
                          .version = 1, .host = &h.host, .sources = &src, .source_count = 1,
                          .error = err, .error_cap = sizeof err};
    CHECK_OK(h.api->init(&p, &h.ctx));
    CHECK(h.ctx && h.api->recipe_count(h.ctx) == 1);
    th_close(&h);
}

/* ---- text ----------------------------------------------------------------- */

/* A recipe whose metadata nests `depth` arrays. */
static char *nested(int depth)
{
    size_t n = 0, cap = (size_t)depth * 2 + 128;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    n += (size_t)snprintf(s, cap, "[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],"
                                  "\"duration_ms\":1,\"metadata\":");
    for (int i = 0; i < depth; i++)
        s[n++] = '[';
    for (int i = 0; i < depth; i++)
        s[n++] = ']';
    snprintf(s + n, cap - n, "}]");
    return s;
}

static void nesting_past_the_limit_says_so_instead_of_a_syntax_error(void)
{
    char err[512], *json = nested(1200);
    REQUIRE(json);
    CHECK(load_json(json, 0, err, sizeof err) == PROD_ERR_LIMIT);
    CHECK(has(err, "nesting deeper than 1000 levels") && has(err, "line 1"));
    free(json);
}

static void nul_escape_in_any_string_is_refused(void)
{
    char err[512];
    CHECK(load_json("[{\"id\":\"gold\\u0000bar\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]", 0,
                    err, sizeof err) == PROD_ERR_VALIDATION);
    CHECK(has(err, "\\u0000"));
    CHECK(load_json("[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\\u0000y\",\"qty\":1}],\"duration_ms\":1}]", 0, err,
                    sizeof err) == PROD_ERR_VALIDATION);
    CHECK(load_json("[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],"
                    "\"metadata\":{\"note\":\"\\u0000\"}}]",
                    0, err, sizeof err) == PROD_ERR_VALIDATION);
    /* An escaped backslash followed by u0000 is six plain characters. */
    CHECK_OK(load_json("[{\"id\":\"a\\\\u0000\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]", 0,
                       err, sizeof err));
}

static void raw_nul_byte_is_refused_but_a_counted_terminator_is_not(void)
{
    char err[512];
    static const char with_nul[] = "[{\"id\":\"go\0ld\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]";
    prod_recipe_source src = {.json = with_nul, .json_len = sizeof with_nul - 1, .name = "t"};
    CHECK(load(&src, 0, 0, err, sizeof err) == PROD_ERR_PARSE);
    CHECK(has(err, "a NUL byte at byte offset 10"));
    static const char ends[] = "[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]";
    src = (prod_recipe_source){.json = ends, .json_len = sizeof ends, .name = "t"};
    CHECK_OK(load(&src, 0, 0, err, sizeof err)); /* json_len counts the terminator */
}

/* ---- keys ----------------------------------------------------------------- */

static void typo_in_a_key_is_refused_naming_the_key_it_resembles(void)
{
    char err[512];
    CHECK(load_json("[{\"id\":\"a\",\"inputs\":[{\"item\":\"h\",\"qty\":1,\"consumes\":false}],"
                    "\"outputs\":[{\"item\":\"x\",\"qty\":1}],\"duration_ms\":1}]",
                    0, err, sizeof err) == PROD_ERR_VALIDATION);
    CHECK(has(err, "recipe \"a\": inputs[0] unknown key \"consumes\" (did you mean \"consume\"?)"));
    CHECK(load_json("[{\"id\":\"a\",\"outputs\":[{\"item\":\"x\",\"qty\":1,\"probabilty\":0.1}],\"duration_ms\":1}]",
                    0, err, sizeof err) == PROD_ERR_VALIDATION);
    CHECK(has(err, "\"probabilty\" (did you mean \"probability\"?)"));
    CHECK(load_json("[{\"id\":\"a\",\"catgory\":\"smithing\",\"outputs\":[{\"item\":\"x\","
                    "\"qty\":1}],\"duration_ms\":1}]",
                    0, err, sizeof err) == PROD_ERR_VALIDATION);
    CHECK(has(err, "\"catgory\" (did you mean \"category\"?)"));
}

static void unknown_keys_pass_when_the_host_allows_them(void)
{
    char err[512];
    const char *json = "[{\"id\":\"a\",\"catgory\":\"x\",\"outputs\":[{\"item\":\"x\",\"qty\":1,"
                       "\"colour\":\"red\"}],\"duration_ms\":1,\"metadata\":{\"anything\":1}}]";
    CHECK_OK(load_json(json, PROD_INIT_ALLOW_UNKNOWN_KEYS, err, sizeof err));
    CHECK(load_json(json, 0, err, sizeof err) == PROD_ERR_VALIDATION);
    CHECK(load_json(json, 0x80, err, sizeof err) == PROD_ERR_INVALID_ARGUMENT);
    CHECK(has(err, "flags 0x80"));
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    SO = argv[1];
    RUN(fifo_as_a_recipe_path_is_refused_without_waiting);
    RUN(device_as_a_recipe_path_is_refused_before_reading);
    RUN(file_over_the_size_cap_is_a_limit_error);
    RUN(version_1_init_params_get_the_defaults);
    RUN(nesting_past_the_limit_says_so_instead_of_a_syntax_error);
    RUN(nul_escape_in_any_string_is_refused);
    RUN(raw_nul_byte_is_refused_but_a_counted_terminator_is_not);
    RUN(typo_in_a_key_is_refused_naming_the_key_it_resembles);
    RUN(unknown_keys_pass_when_the_host_allows_them);
    return check_finish("it_recipe_input");
}
