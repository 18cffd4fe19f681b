#ifndef PANET_CRAPTOR2_SHIM_H
#define PANET_CRAPTOR2_SHIM_H
#include <raptor2/raptor2.h>
#include <dlfcn.h>
#include <stddef.h>

/// The libraptor2 functions panet calls. The library is opened with dlopen on first use rather than
/// linked: it pulls in some thirty shared libraries (curl, gnutls, ICU, ...) whose loading would
/// otherwise slow down the start of every command, including those that never read RDF/XML.
typedef struct craptor_api {
    __typeof__(&raptor_new_world_internal) _Nonnull new_world_internal;
    __typeof__(&raptor_world_open) _Nonnull world_open;
    __typeof__(&raptor_free_world) _Nonnull free_world;
    __typeof__(&raptor_world_set_log_handler) _Nonnull world_set_log_handler;
    __typeof__(&raptor_new_parser) _Nonnull new_parser;
    __typeof__(&raptor_free_parser) _Nonnull free_parser;
    __typeof__(&raptor_parser_set_option) _Nonnull parser_set_option;
    __typeof__(&raptor_parser_set_uri_filter) _Nonnull parser_set_uri_filter;
    __typeof__(&raptor_parser_set_statement_handler) _Nonnull parser_set_statement_handler;
    __typeof__(&raptor_parser_parse_start) _Nonnull parser_parse_start;
    __typeof__(&raptor_parser_parse_chunk) _Nonnull parser_parse_chunk;
    __typeof__(&raptor_parser_parse_abort) _Nonnull parser_parse_abort;
    __typeof__(&raptor_parser_get_locator) _Nonnull parser_get_locator;
    __typeof__(&raptor_new_uri) _Nonnull new_uri;
    __typeof__(&raptor_uri_as_counted_string) _Nonnull uri_as_counted_string;
    __typeof__(&raptor_free_uri) _Nonnull free_uri;
} craptor_api;

/// Opens libraptor2 and resolves every function of `craptor_api`. Returns the table, or NULL with
/// `*error` set to the loader's message. Call it once (the caller serialises the first call).
static inline const craptor_api *_Nullable craptor_load(const char *_Nullable *_Nonnull error) {
    static craptor_api api;
    static int loaded = 0;
    if (loaded) return &api;
    void *library = dlopen("libraptor2.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        *error = dlerror();
        return NULL;
    }
    void **slots = (void **)&api;
    static const char *const names[] = {
        "raptor_new_world_internal", "raptor_world_open", "raptor_free_world", "raptor_world_set_log_handler",
        "raptor_new_parser", "raptor_free_parser", "raptor_parser_set_option",
        "raptor_parser_set_uri_filter", "raptor_parser_set_statement_handler", "raptor_parser_parse_start",
        "raptor_parser_parse_chunk", "raptor_parser_parse_abort", "raptor_parser_get_locator", "raptor_new_uri",
        "raptor_uri_as_counted_string", "raptor_free_uri",
    };
    _Static_assert(sizeof(names) / sizeof(names[0]) == sizeof(craptor_api) / sizeof(void *),
                   "one name per function of craptor_api");
    for (size_t index = 0; index < sizeof(names) / sizeof(names[0]); index++) {
        void *symbol = dlsym(library, names[index]);
        if (symbol == NULL) {
            *error = dlerror();
            return NULL;
        }
        slots[index] = symbol;
    }
    loaded = 1;
    return &api;
}

/// `raptor_new_world()` is a function-like macro, which Swift cannot import.
static inline raptor_world *_Nullable craptor_new_world(const craptor_api *_Nonnull api) {
    return api->new_world_internal(RAPTOR_VERSION);
}

#endif
