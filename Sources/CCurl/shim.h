/*
 * Typed wrappers for libcurl's variadic calls, which Swift cannot call directly,
 * plus the TLS fingerprint pin that runs inside the OpenSSL handshake.
 */
#ifndef LXCBUILD_CCURL_SHIM_H
#define LXCBUILD_CCURL_SHIM_H

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#include <string.h>

typedef size_t (*lxcb_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode lxcb_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_data_callback(CURL *handle, CURLoption option, lxcb_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode lxcb_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode lxcb_curl_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode lxcb_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* The name of the TLS library libcurl was built with ("OpenSSL/3.0.x", "GnuTLS/..."). */
static inline const char *lxcb_curl_ssl_version(void) {
    curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return info && info->ssl_version ? info->ssl_version : "";
}

typedef int (*lxcb_curl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                           curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode lxcb_curl_setopt_xferinfo_callback(CURL *handle, lxcb_curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

/*
 * Certificate fingerprint pinning, the way Proxmox VE shows it: SHA-256 of the whole DER leaf
 * certificate. The check replaces OpenSSL's chain verification for this handle and runs during
 * the handshake, so a mismatch aborts the connection before any request (and so any credential)
 * is sent. The state must outlive the transfer; `seen` receives the fingerprint the server showed.
 */
typedef struct lxcb_pin_state {
    unsigned char expected[32];
    unsigned char seen[32];
    int seen_set;
} lxcb_pin_state;

static int lxcb_fingerprint_verify(X509_STORE_CTX *store, void *argument) {
    lxcb_pin_state *state = (lxcb_pin_state *)argument;
    X509 *leaf = X509_STORE_CTX_get0_cert(store);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (leaf == NULL || X509_digest(leaf, EVP_sha256(), digest, &length) != 1 || length != 32) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    memcpy(state->seen, digest, 32);
    state->seen_set = 1;
    if (CRYPTO_memcmp(digest, state->expected, 32) != 0) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
        return 0;
    }
    return 1;
}

static CURLcode lxcb_fingerprint_ssl_ctx(CURL *handle, void *ssl_ctx, void *argument) {
    (void)handle;
    SSL_CTX *context = (SSL_CTX *)ssl_ctx;
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_cert_verify_callback(context, lxcb_fingerprint_verify, argument);
    return CURLE_OK;
}

/* Installs the pin. libcurl's own peer and host checks are off because the pin replaces them. */
static inline CURLcode lxcb_curl_pin_certificate_sha256(CURL *handle, lxcb_pin_state *state) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_SSL_CTX_DATA, (void *)state);
    if (code == CURLE_OK) code = curl_easy_setopt(handle, CURLOPT_SSL_CTX_FUNCTION, lxcb_fingerprint_ssl_ctx);
    return code;
}

#endif
