#ifndef PANET_CRAPTOR2_SHIM_H
#define PANET_CRAPTOR2_SHIM_H
#include <raptor2.h>

/// `raptor_new_world()` is a function-like macro, which Swift cannot import.
static inline raptor_world *craptor_new_world(void) {
    return raptor_new_world_internal(RAPTOR_VERSION);
}

#endif
