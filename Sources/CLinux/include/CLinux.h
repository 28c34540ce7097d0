#ifndef RISKMAP_CLINUX_H
#define RISKMAP_CLINUX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

// epoll_event is packed on x86_64; Swift reads this plain copy instead (filled by riskmap_epoll_wait).
typedef struct {
    uint32_t events;
    uint64_t data;
} riskmap_epoll_event;

// The constants below are enums or macros in glibc that Swift imports with awkward types.
static const uint32_t RISKMAP_EPOLLIN = EPOLLIN;
static const uint32_t RISKMAP_EPOLLOUT = EPOLLOUT;
static const uint32_t RISKMAP_EPOLLERR = EPOLLERR;
static const uint32_t RISKMAP_EPOLLHUP = EPOLLHUP;
static const uint32_t RISKMAP_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t RISKMAP_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;
static const int RISKMAP_SO_REUSEADDR = SO_REUSEADDR;
static const int RISKMAP_SO_REUSEPORT = SO_REUSEPORT;
static const int RISKMAP_TCP_NODELAY = TCP_NODELAY;
static const int RISKMAP_MSG_NOSIGNAL = MSG_NOSIGNAL;
static const int RISKMAP_SOCK_STREAM = SOCK_STREAM;

static const int RISKMAP_MSG_MORE = MSG_MORE;

/// A memory file (memfd_create, close-on-exec): pages the kernel can hand to a socket without copying them.
int riskmap_memfd(const char *name);

/// Frees the pages of [offset, offset + length) of `fd` (fallocate PUNCH_HOLE | KEEP_SIZE).
int riskmap_punch_hole(int fd, int64_t offset, int64_t length);

/// sendfile from `in` at `offset` (not the file's position, which is left alone); returns what was sent.
long riskmap_sendfile(int out, int in, int64_t offset, size_t count);

static inline int riskmap_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int riskmap_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev = { .events = events, .data = { .u64 = data } };
    return epoll_ctl(epfd, op, fd, &ev);
}
static inline int riskmap_epoll_add(int epfd, int fd, uint32_t events, uint64_t data) {
    return riskmap_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data);
}
static inline int riskmap_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data) {
    return riskmap_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events, data);
}
static inline int riskmap_epoll_del(int epfd, int fd) {
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
}

/// Waits like epoll_wait and copies up to `max` (at most 256) events into `out`.
int riskmap_epoll_wait(int epfd, riskmap_epoll_event *out, int max, int timeout_ms);

static inline int riskmap_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

static inline int riskmap_socket_tcp(int family) { return socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0); }

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC, so accepted sockets never block an I/O thread.
int riskmap_accept(int fd, struct sockaddr_storage *address, socklen_t *length);

/// Makes SIGTERM and SIGINT write to `eventfd` (an async-signal-safe self-wakeup) instead of killing the process.
int riskmap_shutdown_signals_install(int eventfd);

/// Fixes glibc's mmap threshold (no longer raised after a large free); returns mallopt's result (1 = done).
int riskmap_malloc_fix_mmap_threshold(int bytes);
/// Restores the default SIGTERM/SIGINT dispositions.
void riskmap_shutdown_signals_remove(void);

/// Names the calling thread for debuggers and top; Linux keeps the first 15 bytes.
void riskmap_set_thread_name(const char *name);

#endif
