/* host_store.c - the host's chunk store (host-stub/store/store.c) on its own: WAL
 * mode, one row per chunk written in a transaction, format version read
 * from the bytes' header, checksums verified on read (a damaged blob, host
 * text or column type is refused, never returned), rollback, meta
 * counters, key listing, integrity_check, no database created by a
 * read-only open, one writer at a time, a reader that refuses an empty file
 * and writes nothing, and the header that catches lost rows. With a path
 * argument it also leaves a damaged database
 * there for the prodhost tests: chunk 0,0 with a checksum mismatch, chunk
 * 0,1 with a correct checksum over bytes that are not a save. */
#include <msgpack.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fnv.h"
#include "store.h"
#include "store_checks.h"
#include "testhost.h"

/* ["PRODSAVE", major, minor, "9.9.9", {}] as msgpack, in sb. */
static void fake_save(msgpack_sbuffer *sb, uint32_t major, uint32_t minor)
{
    msgpack_packer pk;
    msgpack_sbuffer_init(sb);
    msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
    msgpack_pack_array(&pk, 5);
    msgpack_pack_str(&pk, 8);
    msgpack_pack_str_body(&pk, "PRODSAVE", 8);
    msgpack_pack_uint32(&pk, major);
    msgpack_pack_uint32(&pk, minor);
    msgpack_pack_str(&pk, 5);
    msgpack_pack_str_body(&pk, "9.9.9", 5);
    msgpack_pack_map(&pk, 0);
}

/* A row whose digest is that of its bytes, as prodhost writes it. */
static int put(chunk_store *s, uint64_t key, const void *blob, size_t len, const char *host)
{
    store_row r = {.key = key, .saved_at = 1234, .plugin_version = "9.9.9",
                   .blob = (uint8_t *)blob, .blob_len = len, .host = (char *)host,
                   .digest = fnv_bytes(FNV_OFFSET, blob, len)};
    return store_put(s, &r);
}

/* Run SQL with one blob or text parameter on a second connection. */
static void raw(const char *path, const char *sql, const void *param, int len, int is_blob)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    if (param)
        CHECK((is_blob ? sqlite3_bind_blob(st, 1, param, len, SQLITE_TRANSIENT)
                       : sqlite3_bind_text(st, 1, param, len, SQLITE_TRANSIENT)) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_DONE || sqlite3_column_count(st) > 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static char *journal_mode(const char *path)
{
    static char mode[16];
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    mode[0] = '\0';
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        snprintf(mode, sizeof mode, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return mode;
}

static void test_round_trip(chunk_store *s)
{
    msgpack_sbuffer sb;
    fake_save(&sb, 1, 3);
    CHECK(store_begin(s) == 0);
    CHECK(put(s, 7, sb.data, sb.size, "{\"inventories\":[]}") == 0);
    CHECK(put(s, (uint64_t)1 << 63 | 5, "not a save", 10, "{}") == 0);
    CHECK(store_set_meta(s, "round", 42) == 0);
    CHECK(store_commit(s) == 0);
    store_row r;
    CHECK(store_get(s, 7, &r) == 1);
    CHECK(r.key == 7 && r.saved_at == 1234 && r.saved_wall > 0);
    CHECK(strcmp(r.plugin_version, "9.9.9") == 0);
    CHECK(r.format_major == 1 && r.format_minor == 3);
    CHECK(r.blob_len == sb.size && memcmp(r.blob, sb.data, sb.size) == 0);
    CHECK(strcmp(r.host, "{\"inventories\":[]}") == 0);
    CHECK(r.checksum == store_checksum(r.blob, r.blob_len, r.host));
    CHECK(r.digest == fnv_bytes(FNV_OFFSET, sb.data, sb.size));
    store_row_free(&r);
    CHECK(store_get(s, (uint64_t)1 << 63 | 5, &r) == 1); /* keys use all 64 bits */
    CHECK(r.format_major == -1 && r.format_minor == -1); /* no PRODSAVE header */
    store_row_free(&r);
    store_check_two_rows(s);
    msgpack_sbuffer_destroy(&sb);
}

/* Each damage is refused by store_get with -1 and an empty row. */
static void test_damage(chunk_store *s, const char *path)
{
    store_row r;
    msgpack_sbuffer sb;
    fake_save(&sb, 1, 0);
    CHECK(store_begin(s) == 0 && put(s, 11, sb.data, sb.size, "{\"a\":1}") == 0 &&
          store_commit(s) == 0);
    CHECK(store_get(s, 11, &r) == 1);
    store_row_free(&r);
    sb.data[sb.size - 2] ^= 0x01; /* one bit of the blob */
    raw(path, "UPDATE chunks SET blob = ? WHERE key = 11", sb.data, (int)sb.size, 1);
    CHECK(store_get(s, 11, &r) == -1 && r.blob == NULL);
    sb.data[sb.size - 2] ^= 0x01;
    raw(path, "UPDATE chunks SET blob = ? WHERE key = 11", sb.data, (int)sb.size, 1);
    CHECK(store_get(s, 11, &r) == 1);
    store_row_free(&r);
    raw(path, "UPDATE chunks SET host = ? WHERE key = 11", "{\"a\":2}", -1, 0);
    CHECK(store_get(s, 11, &r) == -1);
    raw(path, "UPDATE chunks SET blob = ? WHERE key = 11", "text, not a blob", -1, 0);
    CHECK(store_get(s, 11, &r) == -1);
    raw(path, "UPDATE chunks SET checksum = checksum + 1 WHERE key = 7", NULL, 0, 0);
    CHECK(store_get(s, 7, &r) == -1);
    msgpack_sbuffer_destroy(&sb);
}

/* Chunk 0,0 (tag 0): checksum mismatch. Chunk 0,1 (tag 1): good checksum, bad bytes. */
static int write_fixture(const char *path)
{
    char name[512];
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(name, sizeof name, "%s%s", path, suffixes[i]);
        unlink(name);
    }
    chunk_store *s = NULL;
    msgpack_sbuffer sb;
    fake_save(&sb, 1, 0);
    int ok = store_open(path, 1, &s) == 0 && store_begin(s) == 0 &&
             put(s, 0, sb.data, sb.size, "{\"inventories\":[]}") == 0 &&
             put(s, 1, sb.data, sb.size, "{\"inventories\":[]}") == 0 && store_commit(s) == 0;
    store_close(s);
    raw(path, "UPDATE chunks SET host = ? WHERE key = 0", "{\"inventories\":[1]}", -1, 0);
    msgpack_sbuffer_destroy(&sb);
    CHECK(ok);
    return ok ? 0 : -1;
}

/* A second writer, in this process or another, is refused while the first
 * has the store open; once it closes, the next one may write. */
static void test_one_writer(const char *path)
{
    chunk_store *a = NULL, *b = NULL;
    CHECK(store_open(path, 1, &a) == 0);
    CHECK(store_open(path, 1, &b) == -1 && b == NULL);
    chunk_store *r = NULL;
    CHECK(store_open(path, 0, &r) == 0); /* readers are welcome */
    store_close(r);
    store_close(a);
    CHECK(store_open(path, 1, &b) == 0);
    store_close(b);
}

/* verify's old failure: an emptied file looked like a store with 0 chunks
 * and the open wrote a fresh schema into it. */
static void test_empty_file_is_no_store(const char *dir)
{
    char empty[128];
    snprintf(empty, sizeof empty, "%s/empty.db", dir);
    FILE *f = fopen(empty, "wb");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    chunk_store *s = NULL;
    CHECK(store_open(empty, 0, &s) == -1 && s == NULL);
    FILE *g = fopen(empty, "rb");
    CHECK(g != NULL);
    if (g) {
        CHECK(fgetc(g) == EOF); /* still 0 bytes: the reader wrote nothing */
        fclose(g);
    }
}

/* Rows deleted behind the store's back fail the header check. */
static void test_header_catches_lost_rows(const char *path)
{
    chunk_store *s = NULL;
    msgpack_sbuffer sb;
    fake_save(&sb, 1, 1);
    CHECK(store_open(path, 1, &s) == 0);
    if (s) {
        CHECK(store_begin(s) == 0 && put(s, 40, sb.data, sb.size, "{}") == 0 &&
              put(s, 41, sb.data, sb.size, "{}") == 0 && store_commit(s) == 0);
        CHECK(store_check_header(s) == 0);
        store_close(s);
    }
    raw(path, "DELETE FROM chunks WHERE key = 41", NULL, 0, 0);
    CHECK(store_open(path, 0, &s) == 0);
    if (s) {
        CHECK(store_check_header(s) == -1);
        store_close(s);
    }
    msgpack_sbuffer_destroy(&sb);
}

int main(int argc, char **argv)
{
    char dir[] = "/tmp/host_store-XXXXXX", path[64], absent[80];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/store.db", dir);
    snprintf(absent, sizeof absent, "%s/absent.db", dir);
    chunk_store *s = NULL;
    CHECK(store_open(absent, 0, &s) == -1 && s == NULL);
    CHECK(access(absent, F_OK) != 0); /* a read-only open creates nothing */
    CHECK(store_open(path, 1, &s) == 0);
    if (s) {
        CHECK(strcmp(journal_mode(path), "wal") == 0);
        test_round_trip(s);
        store_check_rollback(s);
        test_damage(s, path);
        CHECK(store_integrity(s) == 0);
        store_close(s);
    }
    test_one_writer(path);
    test_empty_file_is_no_store(dir);
    test_header_catches_lost_rows(path);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    if (argc > 1)
        write_fixture(argv[1]);
    return th_finish("host_store");
}
