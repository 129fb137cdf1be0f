/*
 * Function forms of jansson's macros and inline helpers, so Swift sees typed calls.
 */
#ifndef LXCBUILD_CJANSSON_SHIM_H
#define LXCBUILD_CJANSSON_SHIM_H

#include <jansson.h>

static inline json_type lxcb_json_typeof(const json_t *value) { return json_typeof(value); }
static inline void lxcb_json_decref(json_t *value) { json_decref(value); }
static inline json_t *lxcb_json_incref(json_t *value) { return json_incref(value); }

/* Steals nothing: the caller keeps its reference to `value`. */
static inline int lxcb_json_object_set(json_t *object, const char *key, json_t *value) {
    return json_object_set(object, key, value);
}
static inline int lxcb_json_array_append(json_t *array, json_t *value) {
    return json_array_append(array, value);
}

/* Decoding flags: reject duplicate keys? No: PVE never sends them; allow NUL in strings. */
static inline size_t lxcb_json_decode_flags(void) { return JSON_DECODE_ANY | JSON_ALLOW_NUL; }
static inline size_t lxcb_json_encode_flags(int sorted) {
    return JSON_ENCODE_ANY | JSON_COMPACT | (sorted ? JSON_SORT_KEYS : 0);
}
static inline const char *lxcb_json_error_text(const json_error_t *error) { return error->text; }
static inline int lxcb_json_error_line(const json_error_t *error) { return error->line; }
static inline int lxcb_json_error_column(const json_error_t *error) { return error->column; }

#endif
