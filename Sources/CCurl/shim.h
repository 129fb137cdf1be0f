/*
 * libcurl, loaded when the first request needs it (lxcb_curl_load), and typed wrappers for its variadic
 * calls, which Swift cannot call directly, plus the TLS fingerprint pin that runs inside the OpenSSL handshake.
 *
 * Nothing here is linked: the binary does not name libcurl or OpenSSL among the libraries the dynamic loader
 * maps at start, because libcurl brings some 35 libraries whose loading and initialisation cost more than all
 * the rest of a command that sends no request (`--version`, `plan` without a host, `config show`). Every call
 * goes through the function table lxcb_curl_load fills; the OpenSSL functions the pin uses come from the same
 * library handle, so they are those of the OpenSSL libcurl itself uses.
 */
#ifndef LXCBUILD_CCURL_SHIM_H
#define LXCBUILD_CCURL_SHIM_H

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The libcurl and OpenSSL functions lxc-build calls, resolved by lxcb_curl_load. */
typedef struct lxcb_curl_api {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    void (*easy_reset)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
    void (*slist_free_all)(struct curl_slist *list);
    curl_version_info_data *(*version_info)(CURLversion version);
    X509 *(*x509_store_ctx_get0_cert)(const X509_STORE_CTX *store);
    void (*x509_store_ctx_set_error)(X509_STORE_CTX *store, int error);
    int (*x509_digest)(const X509 *certificate, const EVP_MD *type, unsigned char *digest, unsigned int *length);
    const EVP_MD *(*evp_sha256)(void);
    int (*crypto_memcmp)(const void *a, const void *b, size_t length);
    void (*ssl_ctx_set_verify)(SSL_CTX *context, int mode, SSL_verify_cb callback);
    void (*ssl_ctx_set_cert_verify_callback)(SSL_CTX *context, int (*callback)(X509_STORE_CTX *, void *), void *argument);
} lxcb_curl_api;

/*
 * Opens `soname` (libcurl.so.4) and fills `api`. Returns 0, or -1 with a sentence in `error`: the library
 * missing, or a function it lacks (a libcurl older than 7.85, or one not built with OpenSSL).
 */
static inline int lxcb_curl_load(lxcb_curl_api *api, const char *soname, char *error, size_t error_size) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(error, error_size, "%s", reason ? reason : soname);
        return -1;
    }
    /* dlsym through libcurl's handle searches libcurl and then the libraries it depends on: its OpenSSL. */
#define LXCB_RESOLVE(field, symbol)                                                                   \
    do {                                                                                              \
        void *address = dlsym(library, symbol);                                                       \
        if (address == NULL) {                                                                        \
            snprintf(error, error_size, "%s has no %s (lxc-build needs libcurl 7.85 or newer, built with OpenSSL)", \
                     soname, symbol);                                                                 \
            return -1;                                                                                \
        }                                                                                             \
        memcpy(&api->field, &address, sizeof address);                                                \
    } while (0)
    LXCB_RESOLVE(global_init, "curl_global_init");
    LXCB_RESOLVE(easy_init, "curl_easy_init");
    LXCB_RESOLVE(easy_cleanup, "curl_easy_cleanup");
    LXCB_RESOLVE(easy_reset, "curl_easy_reset");
    LXCB_RESOLVE(easy_perform, "curl_easy_perform");
    LXCB_RESOLVE(easy_strerror, "curl_easy_strerror");
    LXCB_RESOLVE(easy_setopt, "curl_easy_setopt");
    LXCB_RESOLVE(easy_getinfo, "curl_easy_getinfo");
    LXCB_RESOLVE(slist_append, "curl_slist_append");
    LXCB_RESOLVE(slist_free_all, "curl_slist_free_all");
    LXCB_RESOLVE(version_info, "curl_version_info");
    LXCB_RESOLVE(x509_store_ctx_get0_cert, "X509_STORE_CTX_get0_cert");
    LXCB_RESOLVE(x509_store_ctx_set_error, "X509_STORE_CTX_set_error");
    LXCB_RESOLVE(x509_digest, "X509_digest");
    LXCB_RESOLVE(evp_sha256, "EVP_sha256");
    LXCB_RESOLVE(crypto_memcmp, "CRYPTO_memcmp");
    LXCB_RESOLVE(ssl_ctx_set_verify, "SSL_CTX_set_verify");
    LXCB_RESOLVE(ssl_ctx_set_cert_verify_callback, "SSL_CTX_set_cert_verify_callback");
#undef LXCB_RESOLVE
    /* CURLOPT_PROTOCOLS_STR is 7.85.0's; an older libcurl would refuse it on every request. */
    curl_version_info_data *info = api->version_info(CURLVERSION_NOW);
    if (info == NULL || info->version_num < 0x075500) {
        snprintf(error, error_size, "%s is libcurl %s; lxc-build needs 7.85 or newer", soname,
                 info && info->version ? info->version : "of an unknown version");
        return -1;
    }
    if (info->ssl_version == NULL || strncmp(info->ssl_version, "OpenSSL/", 8) != 0) {
        snprintf(error, error_size, "%s uses %s for TLS; lxc-build needs libcurl built with OpenSSL (libcurl4)", soname,
                 info->ssl_version ? info->ssl_version : "no TLS library");
        return -1;
    }
    return 0;
}

static inline CURLcode lxcb_curl_global_init(const lxcb_curl_api *api, long flags) { return api->global_init(flags); }
static inline CURL *lxcb_curl_easy_init(const lxcb_curl_api *api) { return api->easy_init(); }
static inline void lxcb_curl_easy_cleanup(const lxcb_curl_api *api, CURL *handle) { api->easy_cleanup(handle); }
static inline void lxcb_curl_easy_reset(const lxcb_curl_api *api, CURL *handle) { api->easy_reset(handle); }
static inline CURLcode lxcb_curl_easy_perform(const lxcb_curl_api *api, CURL *handle) { return api->easy_perform(handle); }
static inline const char *lxcb_curl_easy_strerror(const lxcb_curl_api *api, CURLcode code) { return api->easy_strerror(code); }
static inline struct curl_slist *lxcb_curl_slist_append(const lxcb_curl_api *api, struct curl_slist *list, const char *text) {
    return api->slist_append(list, text);
}
static inline void lxcb_curl_slist_free_all(const lxcb_curl_api *api, struct curl_slist *list) { api->slist_free_all(list); }

typedef size_t (*lxcb_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode lxcb_curl_setopt_long(const lxcb_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_string(const lxcb_curl_api *api, CURL *handle, CURLoption option, const char *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_pointer(const lxcb_curl_api *api, CURL *handle, CURLoption option, void *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_slist(const lxcb_curl_api *api, CURL *handle, CURLoption option, struct curl_slist *value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_data_callback(const lxcb_curl_api *api, CURL *handle, CURLoption option, lxcb_curl_data_callback value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_off(const lxcb_curl_api *api, CURL *handle, CURLoption option, curl_off_t value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_getinfo_long(const lxcb_curl_api *api, CURL *handle, CURLINFO info, long *value) {
    return api->easy_getinfo(handle, info, value);
}

static inline CURLcode lxcb_curl_getinfo_double(const lxcb_curl_api *api, CURL *handle, CURLINFO info, double *value) {
    return api->easy_getinfo(handle, info, value);
}

static inline CURLcode lxcb_curl_getinfo_string(const lxcb_curl_api *api, CURL *handle, CURLINFO info, const char **value) {
    return api->easy_getinfo(handle, info, value);
}

typedef int (*lxcb_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                           curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode lxcb_curl_setopt_xferinfo_callback(const lxcb_curl_api *api, CURL *handle, lxcb_curl_xferinfo_callback value) {
    return api->easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

/*
 * Certificate fingerprint pinning, the way Proxmox VE shows it: SHA-256 of the whole DER leaf
 * certificate. The check replaces OpenSSL's chain verification for this handle and runs during
 * the handshake, so a mismatch aborts the connection before any request (and so any credential)
 * is sent. The state must outlive the transfer; `seen` receives the fingerprint the server showed.
 */
typedef struct lxcb_pin_state {
    const lxcb_curl_api *api;
    unsigned char expected[32];
    unsigned char seen[32];
    int seen_set;
} lxcb_pin_state;

static int lxcb_fingerprint_verify(X509_STORE_CTX *store, void *argument) {
    lxcb_pin_state *state = (lxcb_pin_state *)argument;
    const lxcb_curl_api *api = state->api;
    X509 *leaf = api->x509_store_ctx_get0_cert(store);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (leaf == NULL || api->x509_digest(leaf, api->evp_sha256(), digest, &length) != 1 || length != 32) {
        api->x509_store_ctx_set_error(store, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    memcpy(state->seen, digest, 32);
    state->seen_set = 1;
    if (api->crypto_memcmp(digest, state->expected, 32) != 0) {
        api->x509_store_ctx_set_error(store, X509_V_ERR_CERT_REJECTED);
        return 0;
    }
    return 1;
}

static CURLcode lxcb_fingerprint_ssl_ctx(CURL *handle, void *ssl_ctx, void *argument) {
    (void)handle;
    SSL_CTX *context = (SSL_CTX *)ssl_ctx;
    const lxcb_curl_api *api = ((lxcb_pin_state *)argument)->api;
    api->ssl_ctx_set_verify(context, SSL_VERIFY_PEER, NULL);
    api->ssl_ctx_set_cert_verify_callback(context, lxcb_fingerprint_verify, argument);
    return CURLE_OK;
}

/* Installs the pin. libcurl's own peer and host checks are off because the pin replaces them. */
static inline CURLcode lxcb_curl_pin_certificate_sha256(CURL *handle, lxcb_pin_state *state) {
    const lxcb_curl_api *api = state->api;
    CURLcode code = api->easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    if (code == CURLE_OK) code = api->easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    if (code == CURLE_OK) code = api->easy_setopt(handle, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    if (code == CURLE_OK) code = api->easy_setopt(handle, CURLOPT_SSL_CTX_DATA, (void *)state);
    if (code == CURLE_OK) code = api->easy_setopt(handle, CURLOPT_SSL_CTX_FUNCTION, lxcb_fingerprint_ssl_ctx);
    return code;
}

#endif
