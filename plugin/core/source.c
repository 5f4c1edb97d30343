/* source.c - one recipe source from text to a cJSON tree. A file is read
 * only when it is a regular file no larger than the cap (a FIFO, a device or
 * /dev/zero is refused before a byte is read, so nothing hangs or fills
 * memory). The text is scanned before cJSON sees it: nesting past cJSON's
 * limit is reported as such (cJSON would call it a syntax error), and a NUL
 * in a string, escaped or raw, is refused (cJSON would cut the string
 * there, so "gold\u0000bar" would load as "gold"). */
#include "core/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/vec.h"

/* Line and column of byte off, for messages. */
static void where(const char *text, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        *line += text[i] == '\n';
        *col = text[i] == '\n' ? 1 : *col + 1;
    }
}

/* "<source>: <what> at byte offset N (line L, column C)<tail>". */
static prod_status text_error(prod_status st, const char *source, const char *text, size_t off,
                              const char *what, const char *tail, prodi_errbuf *err)
{
    size_t line, col;
    where(text, off, &line, &col);
    return prodi_err_set(err, st, "%s: %s at byte offset %zu (line %zu, column %zu)%s", source,
                         what, off, line, col, tail);
}

/* ---- files ---------------------------------------------------------------- */

static prod_status read_fd(const prodi_mem *mem, int fd, const char *path, uint64_t cap,
                           char **out, size_t *len, prodi_errbuf *err)
{
    char *buf = NULL;
    size_t room = 0, n = 0;
    for (;;) {
        if (PRODI_VEC_HEAP(mem, buf, room, n + 1, (size_t)1 << 16) != 0) {
            prodi_free(mem, buf);
            return prodi_err_set(err, PROD_ERR_NO_MEMORY, "%s: out of memory reading the file",
                                 path);
        }
        ssize_t got = read(fd, buf + n, room - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            prodi_free(mem, buf);
            return prodi_err_set(err, PROD_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > cap) { /* it grew while being read */
            prodi_free(mem, buf);
            return prodi_err_set(err, PROD_ERR_LIMIT,
                                 "%s: larger than the limit of %llu bytes "
                                 "(prod_init_params.max_file_bytes)",
                                 path, (unsigned long long)cap);
        }
    }
    *out = buf;
    *len = n;
    return PROD_OK;
}

/* The whole of a regular file of at most cap bytes. O_NONBLOCK: a FIFO put
 * there between a check and the open must not make open wait for a writer. */
static prod_status read_file(const prodi_mem *mem, const char *path, uint64_t cap, char **out,
                             size_t *len,
                             prodi_errbuf *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return prodi_err_set(err, PROD_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    struct stat st;
    prod_status rc = PROD_OK;
    if (fstat(fd, &st) != 0)
        rc = prodi_err_set(err, PROD_ERR_IO, "%s: cannot stat: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = prodi_err_set(err, PROD_ERR_IO,
                           "%s: not a regular file (a FIFO, device or directory is refused)", path);
    else if ((uint64_t)st.st_size > cap)
        rc = prodi_err_set(err, PROD_ERR_LIMIT,
                           "%s: %llu bytes, over the limit of %llu "
                           "(prod_init_params.max_file_bytes)",
                           path, (unsigned long long)st.st_size, (unsigned long long)cap);
    else
        rc = read_fd(mem, fd, path, cap, out, len, err);
    close(fd);
    return rc;
}

/* ---- the scan ------------------------------------------------------------- */

/* Whitespace, or a NUL (json_len may count the terminator). */
static int blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; }

static int is_u0000(const char *p, size_t left)
{
    return left >= 5 && p[0] == 'u' && p[1] == '0' && p[2] == '0' && p[3] == '0' && p[4] == '0';
}

/* Nesting and NULs, in one pass that knows strings and escapes. */
static prod_status scan(const char *source, const char *text, size_t len, prodi_errbuf *err)
{
    size_t depth = 0, end = len;
    while (end > 0 && text[end - 1] == '\0') /* a counted terminator is not content */
        end--;
    int in_string = 0;
    for (size_t i = 0; i < end; i++) {
        char c = text[i];
        if (c == '\0')
            return text_error(PROD_ERR_PARSE, source, text, i, "a NUL byte", "", err);
        if (in_string) {
            if (c == '"') {
                in_string = 0;
            } else if (c == '\\' && i + 1 < end) {
                if (is_u0000(text + i + 1, end - i - 1))
                    return text_error(PROD_ERR_VALIDATION, source, text, i,
                                      "a string holds \\u0000", " (NUL is refused in every string)",
                                      err);
                i++; /* the escaped character */
            }
            continue;
        }
        if (c == '"') {
            in_string = 1;
        } else if (c == '[' || c == '{') {
            if (++depth > PRODI_JSON_DEPTH_MAX) {
                char what[64];
                snprintf(what, sizeof what, "nesting deeper than %d levels", PRODI_JSON_DEPTH_MAX);
                return text_error(PROD_ERR_LIMIT, source, text, i, what, "", err);
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return PROD_OK;
}

/* ---- parse ---------------------------------------------------------------- */

/* Exactly one JSON value from text[0..len). */
static prod_status parse(const char *source, const char *text, size_t len, cJSON **out,
                         prodi_errbuf *err)
{
    const char *end = text;
    *out = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
    if (!*out)
        return text_error(PROD_ERR_PARSE, source, text, off, "JSON syntax error", "", err);
    while (off < len && blank(text[off]))
        off++;
    if (off < len) {
        cJSON_Delete(*out);
        *out = NULL;
        return text_error(PROD_ERR_PARSE, source, text, off, "JSON syntax error",
                          ": unexpected text after the JSON value", err);
    }
    return PROD_OK;
}

prod_status prodi_source_parse(const prodi_mem *mem, const prod_recipe_source *src,
                               uint64_t max_file_bytes,
                               const char *label, cJSON **root, prodi_errbuf *err)
{
    char *file = NULL;
    const char *text = src->json;
    size_t len = src->json_len;
    *root = NULL;
    if (text && len == 0)
        len = strlen(text);
    if (!text && !src->path)
        return prodi_err_set(err, PROD_ERR_INVALID_ARGUMENT,
                             "%s: recipe source has neither json nor path", label);
    if (!text) {
        prod_status st = read_file(mem, src->path, max_file_bytes, &file, &len, err);
        if (st != PROD_OK)
            return st;
        text = file;
    }
    prod_status st = scan(label, text, len, err);
    if (st == PROD_OK)
        st = parse(label, text, len, root, err);
    prodi_free(mem, file);
    return st;
}
