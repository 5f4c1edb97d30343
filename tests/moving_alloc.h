/* moving_alloc.h - the test and fuzz hosts' allocator (prod_host.allocate):
 * every resize moves the block and scribbles the old one, so a pointer the
 * plugin keeps across a resize reads garbage at once, in any build (and
 * under ASan, a use after free). */
#ifndef PROD_MOVING_ALLOC_H
#define PROD_MOVING_ALLOC_H

#include <stddef.h>

void *moving_allocate(void *user, void *ptr, size_t old_size, size_t new_size);

#endif
