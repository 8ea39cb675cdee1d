#ifndef LAZY_CURL_H
#define LAZY_CURL_H

#include <stddef.h>
#include <stdint.h>

/* An https POST through libcurl, which is loaded (dlopen) the first time one is made rather than
   linked: the process does not carry libcurl and the ~40 libraries it needs (TLS, Kerberos, LDAP;
   about 9 MB resident) unless a webhook is delivered over https. */

enum {
    /* libcurl (libcurl.so.4) could not be loaded or lacks a function. */
    LAZY_CURL_UNAVAILABLE = -1,
    /* CURLcode values the caller tells apart (curl.h; stable across libcurl versions). */
    LAZY_CURL_OK = 0,
    LAZY_CURL_COULDNT_RESOLVE_HOST = 6,
    LAZY_CURL_COULDNT_CONNECT = 7,
    LAZY_CURL_OPERATION_TIMEDOUT = 28,
    LAZY_CURL_SSL_CONNECT_ERROR = 35,
    LAZY_CURL_PEER_FAILED_VERIFICATION = 60,
    LAZY_CURL_SSL_CACERT_BADFILE = 77
};

/* Whether libcurl can be loaded (it is loaded at most once). */
int lazy_curl_available(void);

/* POSTs `body` to `url` (https only) and stores the answer's status in `*status`.
   `resolve`, when not NULL, is libcurl's "host:port:address[,address...]": the connection goes only
   to those addresses, and libcurl resolves nothing itself. `headers` is a NULL-terminated list of
   "Name: value". No redirect is followed, no proxy is used, the certificate and name are verified
   (against `ca_file` when not NULL, else the system's store), and the whole exchange ends after
   `timeout_ms`. The answer's body is read and dropped. Returns LAZY_CURL_OK, a CURLcode, or
   LAZY_CURL_UNAVAILABLE. */
int lazy_curl_post(const char *url, const char *resolve, const char *const *headers, const uint8_t *body, size_t body_length,
                   long timeout_ms, const char *ca_file, long *status);

#endif
