#ifndef PANET_CSERD_SHIM_H
#define PANET_CSERD_SHIM_H
#include <stdio.h>
#include <stdarg.h>
#include <serd/serd.h>

/// Formats a `SerdError` message (a printf format plus a `va_list*`) into `buffer`.
/// Swift cannot call `vsnprintf` with serd's `va_list*`, so the formatting happens here.
static inline int cserd_format_error(const SerdError *error, char *buffer, size_t size) {
    va_list copy;
    va_copy(copy, *error->args);
    int written = vsnprintf(buffer, size, error->fmt, copy);
    va_end(copy);
    return written;
}

#endif
