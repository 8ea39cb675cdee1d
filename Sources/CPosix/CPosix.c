#define _GNU_SOURCE
#include "CPosix.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <errno.h>
#include <sys/prctl.h>
#include <malloc.h>

int cposix_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static int control(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

int cposix_epoll_add(int epfd, int fd, uint32_t events, uint64_t data) { return control(epfd, EPOLL_CTL_ADD, fd, events, data); }
int cposix_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data) { return control(epfd, EPOLL_CTL_MOD, fd, events, data); }
int cposix_epoll_del(int epfd, int fd) { return control(epfd, EPOLL_CTL_DEL, fd, 0, 0); }

int cposix_epoll_wait(int epfd, uint64_t *data, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event ready[256];
    if (max > 256) max = 256;
    int n;
    do {
        n = epoll_wait(epfd, ready, max, timeout_ms);
    } while (n < 0 && errno == EINTR);
    for (int i = 0; i < n; i++) {
        data[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return n;
}

int cposix_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int cposix_accept(int fd, void *address, uint32_t *length) {
    socklen_t len = *length;
    int client = accept4(fd, (struct sockaddr *)address, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    *length = len;
    return client;
}

int cposix_set_parent_death_signal(int signal) { return prctl(PR_SET_PDEATHSIG, signal); }

int cposix_release_free_heap(void) { return malloc_trim(0); }
