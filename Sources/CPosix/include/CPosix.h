#ifndef CPOSIX_H
#define CPOSIX_H

#include <stdint.h>

/* Linux calls that Swift's Glibc module does not export, wrapped so that no
   packed struct (epoll_event) crosses into Swift. */

enum {
    CPOSIX_EPOLLIN = 0x001,
    CPOSIX_EPOLLOUT = 0x004,
    CPOSIX_EPOLLERR = 0x008,
    CPOSIX_EPOLLHUP = 0x010,
    CPOSIX_EPOLLRDHUP = 0x2000,
    CPOSIX_EPOLLEXCLUSIVE = 1u << 28
};

int cposix_epoll_create(void);
int cposix_epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
int cposix_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data);
int cposix_epoll_del(int epfd, int fd);
/* Waits for events; fills data[i] and events[i] for each ready descriptor. */
int cposix_epoll_wait(int epfd, uint64_t *data, uint32_t *events, int max, int timeout_ms);

int cposix_eventfd(void);
/* Asks the kernel to send `signal` to this process when its parent dies (Linux). */
int cposix_set_parent_death_signal(int signal);
int cposix_accept(int fd, void *address, uint32_t *length);
/* Gives the heap's free pages back to the kernel (glibc's malloc_trim), after a large read at start-up. */
int cposix_release_free_heap(void);

#endif
