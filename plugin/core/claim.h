/* claim.h - the claim a call that changes a handle holds (a manager, a
 * coordinator): one atomic word per handle, IN_CALL while a call runs and
 * DYING once destroy was asked. A second caller, from another thread or
 * from inside the running call's callbacks, fails to claim and answers
 * PROD_ERR_BUSY; a destroy during a call is carried out when it ends. */
#ifndef PRODI_CLAIM_H
#define PRODI_CLAIM_H

#include <stdatomic.h>
#include <stdint.h>

#define PRODI_CLAIM_IN_CALL 1u
#define PRODI_CLAIM_DYING 2u

/* Claim for one call: 0, or -1 when another call holds it. One CAS. */
static inline int prodi_claim_enter(_Atomic uint32_t *s)
{
    uint32_t idle = 0;
    return atomic_compare_exchange_strong_explicit(s, &idle, PRODI_CLAIM_IN_CALL,
                                                   memory_order_acquire, memory_order_relaxed)
               ? 0
               : -1;
}

/* Release the claim: 1 when destroy came meanwhile (the caller frees now). */
static inline int prodi_claim_leave(_Atomic uint32_t *s)
{
    return (atomic_exchange_explicit(s, 0, memory_order_acq_rel) & PRODI_CLAIM_DYING) != 0;
}

/* 1 when destroy was asked during the running call: no more callbacks. */
static inline int prodi_claim_dying(const _Atomic uint32_t *s)
{
    return (atomic_load_explicit(s, memory_order_relaxed) & PRODI_CLAIM_DYING) != 0;
}

/* Destroy asked: 1 when nobody held it (the caller frees now), 0 when the
 * call holding it will, or destroy was already asked. */
static inline int prodi_claim_destroy(_Atomic uint32_t *s)
{
    uint32_t old = atomic_load_explicit(s, memory_order_relaxed);
    do {
        if (old & PRODI_CLAIM_DYING)
            return 0;
    } while (!atomic_compare_exchange_weak_explicit(s, &old,
                                                    PRODI_CLAIM_IN_CALL | PRODI_CLAIM_DYING,
                                                    memory_order_acq_rel, memory_order_relaxed));
    return !(old & PRODI_CLAIM_IN_CALL);
}

#endif
