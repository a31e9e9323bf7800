package io.jzsock.net.posix;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.FdSet;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * The POSIX names for code ported from C: the same calls as {@link Zsock}, returning -1 and
 * setting a per-thread {@link #errno()} on failure, as Zephyr's {@code SET_ERRNO} edge does.
 * EDC has no ThreadLocal, so errno lives in a small table keyed by thread, recycled when a thread
 * dies; no call allocates.
 */
public final class PosixSockets {
    private final Zsock z;
    private final ThreadErrno errno;

    public PosixSockets(Zsock z) {
        this(z, 32);
    }

    /** maxThreads: distinct live threads that keep an errno (MicroEJ allows 63). */
    public PosixSockets(Zsock z, int maxThreads) {
        this.z = z;
        this.errno = new ThreadErrno(maxThreads);
    }

    /** errno of the calling thread after its last failed call. */
    public int errno() {
        return errno.get();
    }

    private int ret(int r) {
        if (r < 0) {
            errno.set(-r);
            return -1;
        }
        return r;
    }

    public int socket(int family, int type, int proto) {
        return ret(z.socket(family, type, proto));
    }

    public int socketpair(int family, int type, int proto, int[] sv) {
        return ret(z.socketpair(family, type, proto, sv));
    }

    public int close(int fd) {
        return ret(z.close(fd));
    }

    public int bind(int fd, SockAddr a) {
        return ret(z.bind(fd, a));
    }

    public int connect(int fd, SockAddr a) {
        return ret(z.connect(fd, a));
    }

    public int listen(int fd, int backlog) {
        return ret(z.listen(fd, backlog));
    }

    public int accept(int fd, SockAddr peer) {
        return ret(z.accept(fd, peer));
    }

    public int send(int fd, byte[] b, int off, int len, int flags) {
        return ret(z.send(fd, b, off, len, flags));
    }

    public int sendto(int fd, byte[] b, int off, int len, int flags, SockAddr dst) {
        return ret(z.sendto(fd, b, off, len, flags, dst));
    }

    public int sendmsg(int fd, MsgHdr msg, int flags) {
        return ret(z.sendmsg(fd, msg, flags));
    }

    public int recv(int fd, byte[] b, int off, int len, int flags) {
        return ret(z.recv(fd, b, off, len, flags));
    }

    public int recvfrom(int fd, byte[] b, int off, int len, int flags, SockAddr src) {
        return ret(z.recvfrom(fd, b, off, len, flags, src));
    }

    public int recvmsg(int fd, MsgHdr msg, int flags) {
        return ret(z.recvmsg(fd, msg, flags));
    }

    /** POSIX read(): recv without flags. */
    public int read(int fd, byte[] b, int off, int len) {
        return ret(z.recv(fd, b, off, len, 0));
    }

    /** POSIX write(): send without flags. */
    public int write(int fd, byte[] b, int off, int len) {
        return ret(z.send(fd, b, off, len, 0));
    }

    public int shutdown(int fd, int how) {
        return ret(z.shutdown(fd, how));
    }

    public int fcntl(int fd, int cmd, int arg) {
        return ret(z.fcntl(fd, cmd, arg));
    }

    public int ioctl(int fd, int req, int[] arg) {
        return ret(z.ioctl(fd, req, arg));
    }

    public int setsockopt(int fd, int level, int opt, int value) {
        return ret(z.setsockopt(fd, level, opt, value));
    }

    public int getsockopt(int fd, int level, int opt, int[] out) {
        return ret(z.getsockopt(fd, level, opt, out));
    }

    public int setsockopt(int fd, int level, int opt, byte[] v, int off, int len) {
        return ret(z.setsockopt(fd, level, opt, v, off, len));
    }

    public int getsockopt(int fd, int level, int opt, byte[] v, int off, int[] lenInOut) {
        return ret(z.getsockopt(fd, level, opt, v, off, lenInOut));
    }

    public int poll(PollFd[] fds, int nfds, int timeoutMs) {
        return ret(z.poll(fds, nfds, timeoutMs));
    }

    public int select(int nfds, FdSet r, FdSet w, FdSet e, int timeoutMs) {
        return ret(z.select(nfds, r, w, e, timeoutMs));
    }

    public int getsockname(int fd, SockAddr out) {
        return ret(z.getsockname(fd, out));
    }

    public int getpeername(int fd, SockAddr out) {
        return ret(z.getpeername(fd, out));
    }

    public int gethostname(byte[] b, int off, int len) {
        return ret(z.gethostname(b, off, len));
    }

    /** 1, 0, or -1 with errno EAFNOSUPPORT (POSIX inet_pton). */
    public int inet_pton(int family, String src, byte[] dst) {
        return ret(z.inet_pton(family, src, dst));
    }

    /** getaddrinfo keeps its EAI_* return: POSIX does not use errno for it. */
    public int getaddrinfo(String host, String service, AddrInfo hints, AddrInfo[] out) {
        return z.getaddrinfo(host, service, hints, out);
    }
}
