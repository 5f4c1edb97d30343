/* persist_recipes.h - the small recipe set the persistence tests and the
 * deserialize fuzzer load (smelting with a probabilistic by-product, a press,
 * mining with a tool, an instant recipe). */
#ifndef PROD_PERSIST_RECIPES_H
#define PROD_PERSIST_RECIPES_H

#define PERSIST_RECIPES                                                          \
    "{\"recipes\":["                                                             \
    "{\"id\":\"smelt\",\"inputs\":[{\"item\":\"ore\",\"qty\":2}],"               \
    "\"outputs\":[{\"item\":\"ingot\",\"qty\":1},{\"item\":\"slag\",\"qty\":1,"  \
    "\"probability\":0.5}],\"duration_ms\":1000},"                               \
    "{\"id\":\"press\",\"inputs\":[{\"item\":\"ingot\",\"qty\":1}],"             \
    "\"outputs\":[{\"item\":\"plate\",\"qty\":2}],\"duration_ms\":300},"         \
    "{\"id\":\"mine\",\"inputs\":[{\"item\":\"energy\",\"qty\":2},"              \
    "{\"item\":\"pick\",\"qty\":1,\"consume\":false}],"                          \
    "\"outputs\":[{\"item\":\"ore\",\"qty\":3}],\"duration_ms\":700},"           \
    "{\"id\":\"gift\",\"outputs\":[{\"item\":\"energy\",\"qty\":5}],\"duration_ms\":0}" \
    "]}"

#endif
