package io.jzsock.sim.tap;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls a TAP device and a network namespace need, bound through JNA. Linux on LP64
 * (x86_64, aarch64): {@code size_t} and {@code ssize_t} are Java longs. {@code ioctl} is variadic in C;
 * its third argument here is a pointer, which the LP64 calling conventions pass the same way.
 */
interface LibC extends Library {
    LibC C = Native.load("c", LibC.class);

    int O_RDWR = 2;
    int O_CLOEXEC = 0x80000;
    short POLLIN = 1;
    int EINTR = 4;
    int EAGAIN = 11;
    /** linux/sched.h: the network namespace of {@code setns(2)}. */
    int CLONE_NEWNET = 0x40000000;

    int open(String path, int flags);

    int close(int fd);

    int ioctl(int fd, long request, Pointer arg);

    long read(int fd, Pointer buf, long count);

    long write(int fd, Pointer buf, long count);

    /** {@code struct pollfd { int fd; short events; short revents; }}: 8 bytes each. */
    int poll(Pointer fds, long nfds, int timeoutMillis);

    int setns(int fd, int nstype);

    String strerror(int errnum);
}
