#include "LazyCurl.h"

#include <dlfcn.h>
#include <pthread.h>

/* The option and info numbers from curl.h (its ABI keeps them), so that building needs no
   libcurl headers. */
enum {
    OPT_LONG = 0, OPT_OBJECT = 10000, OPT_FUNCTION = 20000, OPT_OFF_T = 30000,
    CURLOPT_URL = OPT_OBJECT + 2,
    CURLOPT_PROXY = OPT_OBJECT + 4,
    CURLOPT_WRITEFUNCTION = OPT_FUNCTION + 11,
    CURLOPT_POSTFIELDS = OPT_OBJECT + 15,
    CURLOPT_HTTPHEADER = OPT_OBJECT + 23,
    CURLOPT_POST = OPT_LONG + 47,
    CURLOPT_FOLLOWLOCATION = OPT_LONG + 52,
    CURLOPT_SSL_VERIFYPEER = OPT_LONG + 64,
    CURLOPT_CAINFO = OPT_OBJECT + 65,
    CURLOPT_SSL_VERIFYHOST = OPT_LONG + 81,
    CURLOPT_NOSIGNAL = OPT_LONG + 99,
    CURLOPT_POSTFIELDSIZE_LARGE = OPT_OFF_T + 120,
    CURLOPT_TIMEOUT_MS = OPT_LONG + 155,
    CURLOPT_CONNECTTIMEOUT_MS = OPT_LONG + 156,
    CURLOPT_PROTOCOLS = OPT_LONG + 181,
    CURLOPT_REDIR_PROTOCOLS = OPT_LONG + 182,
    CURLOPT_RESOLVE = OPT_OBJECT + 203,
    CURLPROTO_HTTPS = 1 << 1,
    CURLINFO_RESPONSE_CODE = 0x200000 + 2,
    CURL_GLOBAL_DEFAULT = 3
};

struct slist;

static struct {
    int (*global_init)(long flags);
    void *(*easy_init)(void);
    int (*easy_setopt)(void *curl, int option, ...);
    int (*easy_perform)(void *curl);
    int (*easy_getinfo)(void *curl, int info, ...);
    void (*easy_cleanup)(void *curl);
    struct slist *(*slist_append)(struct slist *list, const char *text);
    void (*slist_free_all)(struct slist *list);
    int loaded;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    curl.global_init = (int (*)(long))dlsym(library, "curl_global_init");
    curl.easy_init = (void *(*)(void))dlsym(library, "curl_easy_init");
    curl.easy_setopt = (int (*)(void *, int, ...))dlsym(library, "curl_easy_setopt");
    curl.easy_perform = (int (*)(void *))dlsym(library, "curl_easy_perform");
    curl.easy_getinfo = (int (*)(void *, int, ...))dlsym(library, "curl_easy_getinfo");
    curl.easy_cleanup = (void (*)(void *))dlsym(library, "curl_easy_cleanup");
    curl.slist_append = (struct slist * (*)(struct slist *, const char *)) dlsym(library, "curl_slist_append");
    curl.slist_free_all = (void (*)(struct slist *))dlsym(library, "curl_slist_free_all");
    if (!curl.global_init || !curl.easy_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo || !curl.easy_cleanup
        || !curl.slist_append || !curl.slist_free_all) {
        dlclose(library);
        return;
    }
    /* Global initialisation is not thread-safe in older libcurl: done once, here. */
    curl.loaded = curl.global_init(CURL_GLOBAL_DEFAULT) == 0;
}

int lazy_curl_available(void) {
    pthread_once(&load_once, load);
    return curl.loaded;
}

/* The answer's body is never needed. */
static size_t drop(char *data, size_t size, size_t count, void *context) {
    (void)data;
    (void)context;
    return size * count;
}

int lazy_curl_post(const char *url, const char *resolve, const char *const *headers, const uint8_t *body, size_t body_length,
                   long timeout_ms, const char *ca_file, long *status) {
    *status = 0;
    if (!lazy_curl_available()) return LAZY_CURL_UNAVAILABLE;
    void *handle = curl.easy_init();
    if (handle == NULL) return LAZY_CURL_UNAVAILABLE;
    struct slist *header_list = NULL, *resolve_list = NULL;
    for (const char *const *header = headers; header != NULL && *header != NULL; header++) {
        header_list = curl.slist_append(header_list, *header);
    }
    /* libcurl would otherwise add "Expect: 100-continue" to large bodies and wait for it. */
    header_list = curl.slist_append(header_list, "Expect:");
    if (resolve != NULL) resolve_list = curl.slist_append(resolve_list, resolve);

    int code = curl.easy_setopt(handle, CURLOPT_URL, url);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTPS);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_PROXY, "");
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L);
    if (code == 0 && ca_file != NULL) code = curl.easy_setopt(handle, CURLOPT_CAINFO, ca_file);
    if (code == 0 && resolve_list != NULL) code = curl.easy_setopt(handle, CURLOPT_RESOLVE, resolve_list);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeout_ms);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_HTTPHEADER, header_list);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_POST, 1L);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (int64_t)body_length);
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_POSTFIELDS, body_length > 0 ? (const char *)body : "");
    if (code == 0) code = curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, drop);
    if (code == 0) code = curl.easy_perform(handle);
    if (code == 0) curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, status);

    curl.easy_cleanup(handle);
    curl.slist_free_all(header_list);
    if (resolve_list != NULL) curl.slist_free_all(resolve_list);
    return code;
}
