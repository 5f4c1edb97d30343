/* abi_struct.h - the versioned-struct rules at the boundary. Input structs
 * (the host fills them) are accepted from the size they had at their first
 * version up: members appended later are read only when struct_size covers
 * them. Output structs (the plugin fills them) are copied out up to the
 * smaller of the caller's struct_size and the plugin's own size, so an older
 * host gets the members it knows and a newer one learns what was written. */
#ifndef PRODI_ABI_STRUCT_H
#define PRODI_ABI_STRUCT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "production.h"

/* Bytes of `type` up to and including `member`. */
#define PRODI_SIZE_THROUGH(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

/* The oldest layouts accepted (ABI 1.0 for the 1.0 structs, 1.2 for chains). */
#define PRODI_HOST_MIN_SIZE PRODI_SIZE_THROUGH(prod_host, log)
#define PRODI_INIT_PARAMS_MIN_SIZE offsetof(prod_init_params, error) /* error is optional */
#define PRODI_MANAGER_CONFIG_MIN_SIZE PRODI_SIZE_THROUGH(prod_manager_config, output_policy)
#define PRODI_LOAD_OPTIONS_MIN_SIZE PRODI_SIZE_THROUGH(prod_load_options, reserved0)
#define PRODI_CHAIN_REQUEST_MIN_SIZE PRODI_SIZE_THROUGH(prod_chain_request, reserved0)
#define PRODI_OPPORTUNITY_REQUEST_MIN_SIZE PRODI_SIZE_THROUGH(prod_opportunity_request, base)
#define PRODI_TRADE_REQUEST_MIN_SIZE PRODI_SIZE_THROUGH(prod_trade_request, credits)

/* Every output struct starts with uint32_t struct_size; the smallest a
 * caller may announce is that header (struct_size and the word after it). */
#define PRODI_OUT_HEADER_SIZE (2 * sizeof(uint32_t))

/* Copy `src` (the plugin's struct of `ours` bytes, struct_size first) to
 * `dst`, whose struct_size the caller set: min(caller's, ours) bytes are
 * written and dst->struct_size says how many. The caller checked that the
 * announced size is at least PRODI_OUT_HEADER_SIZE. */
static inline void prodi_copy_out(void *dst, void *src, size_t ours)
{
    uint32_t caller;
    memcpy(&caller, dst, sizeof caller);
    uint32_t n = caller < ours ? caller : (uint32_t)ours;
    memcpy(src, &n, sizeof n);
    memcpy(dst, src, n);
}

/* Copy the caller's input struct `src` (struct_size first, checked by the
 * caller to be at least the oldest size) into the plugin's `dst` of `ours`
 * bytes: what the caller has, the members it does not know zeroed. */
static inline void prodi_copy_in(void *dst, const void *src, size_t ours)
{
    uint32_t caller;
    memcpy(&caller, src, sizeof caller);
    size_t n = caller < ours ? caller : ours;
    memcpy(dst, src, n);
    memset((char *)dst + n, 0, ours - n);
}

#endif
