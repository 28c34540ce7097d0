#define _GNU_SOURCE
#include "CLinux.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <malloc.h>
#include <pthread.h>
#include <string.h>
#include <signal.h>
#include <stddef.h>
#include <unistd.h>

int riskmap_epoll_wait(int epfd, riskmap_epoll_event *out, int max, int timeout_ms) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, events, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        out[i].events = events[i].events;
        out[i].data = events[i].data.u64;
    }
    return n;
}

int riskmap_accept(int fd, struct sockaddr_storage *address, socklen_t *length) {
    return accept4(fd, (struct sockaddr *)address, length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

static volatile sig_atomic_t shutdown_fd = -1;

static void on_shutdown_signal(int signo) {
    (void)signo;
    int saved = errno;
    uint64_t one = 1;
    if (shutdown_fd >= 0) (void)!write(shutdown_fd, &one, sizeof one);
    errno = saved;
}

int riskmap_shutdown_signals_install(int eventfd) {
    shutdown_fd = eventfd;
    struct sigaction sa = {0};
    sa.sa_handler = on_shutdown_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGTERM, &sa, NULL) != 0) return -1;
    if (sigaction(SIGINT, &sa, NULL) != 0) return -1;
    /* A process may start with these signals blocked (a parent's worker thread spawned it); unblock them
       on the calling thread so that at least one thread takes them and shutdown can start. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

void riskmap_shutdown_signals_remove(void) {
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    shutdown_fd = -1;
}

void riskmap_set_thread_name(const char *name) {
    char short_name[16];
    strncpy(short_name, name, sizeof short_name - 1);
    short_name[sizeof short_name - 1] = 0;
    pthread_setname_np(pthread_self(), short_name);
}

int riskmap_malloc_fix_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

int riskmap_memfd(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int riskmap_punch_hole(int fd, int64_t offset, int64_t length) {
    return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
}

long riskmap_sendfile(int out, int in, int64_t offset, size_t count) {
    off_t at = (off_t)offset;
    return (long)sendfile(out, in, &at, count);
}
