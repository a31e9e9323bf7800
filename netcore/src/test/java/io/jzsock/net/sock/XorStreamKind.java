package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;

/**
 * A stream kind from "another module", shaped as TLS will be: its fds wrap an inner TCP socket,
 * accept wraps the inner listener's new connection, and every call runs outside the monitor,
 * taking it only around inner socket calls. Payload bytes are XORed with a key. Protocol 301.
 */
final class XorStreamKind extends SocketKind {
    static final int PROTO = 301;
    private static final int SLOTS = 4;

    final SocketHost host;
    final InnerSocket[] inner = new InnerSocket[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private final byte[] scratch = new byte[2048];
    final Ops ops = new Ops();

    XorStreamKind(SocketHost host) {
        this.host = host;
        for (int i = 0; i < SLOTS; i++) {
            inner[i] = new InnerSocket();
        }
    }

    @Override
    public boolean takesFamily(int family) {
        return family == ZsockConstants.AF_INET;
    }

    @Override
    public boolean takesType(int type) {
        return type == ZsockConstants.SOCK_STREAM;
    }

    @Override
    public boolean takesProtocol(int proto) {
        return proto == PROTO;
    }

    @Override
    public int create(int family, int type, int proto) {
        int slot = freeSlot();
        if (slot < 0) {
            return -Errno.ENOENT;
        }
        int fd = host.socket(family, type, ZsockConstants.IPPROTO_TCP);
        return fd < 0 ? fd : adopt(fd, slot);
    }

    private int freeSlot() {
        for (int i = 0; i < SLOTS; i++) {
            if (!used[i]) {
                return i;
            }
        }
        return -1;
    }

    private int adopt(int fd, int slot) {
        host.wrap(fd, ops, slot, inner[slot]);
        used[slot] = true;
        return fd;
    }

    final class Ops extends SocketOps {
        Ops() {
            super(OUTSIDE_MONITOR);
        }

        @Override
        public int bind(int obj, SockAddr a) {
            synchronized (host.monitor()) {
                return inner[obj].ops().bind(inner[obj].obj(), a);
            }
        }

        @Override
        public int listen(int obj, int backlog) {
            synchronized (host.monitor()) {
                return inner[obj].ops().listen(inner[obj].obj(), backlog);
            }
        }

        @Override
        public int connect(int obj, SockAddr a) {
            synchronized (host.monitor()) {
                return inner[obj].ops().connect(inner[obj].obj(), a);
            }
        }

        /** The inner listener's accept gives a TCP fd; it becomes this kind's fd before anyone sees it. */
        @Override
        public int accept(int obj, SockAddr peer) {
            synchronized (host.monitor()) {
                int fd = inner[obj].ops().accept(inner[obj].obj(), peer);
                if (fd < 0) {
                    return fd;
                }
                int slot = freeSlot();
                if (slot < 0) {
                    host.closeFd(fd);
                    return -Errno.ENFILE;
                }
                return adopt(fd, slot);
            }
        }

        @Override
        public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr dst) {
            byte[] out = scratch;
            System.arraycopy(b, off, out, 0, len);
            XorDatagramKind.xor(out, 0, len);
            synchronized (host.monitor()) {
                int r = inner[obj].ops().sendto(inner[obj].obj(), out, 0, len, flags, dst);
                host.deliverLoopbackNow();
                return r;
            }
        }

        @Override
        public int recvfrom(int obj, byte[] b, int off, int len, int flags, SockAddr src) {
            int r;
            synchronized (host.monitor()) {
                r = inner[obj].ops().recvfrom(inner[obj].obj(), b, off, len, flags, src);
            }
            if (r > 0) {
                XorDatagramKind.xor(b, off, r);
            }
            return r;
        }

        @Override
        public int getsockopt(int obj, int level, int opt, int[] valueOut) {
            synchronized (host.monitor()) {
                return inner[obj].ops().getsockopt(inner[obj].obj(), level, opt, valueOut);
            }
        }

        @Override
        public int fcntl(int obj, int cmd, int arg) {
            synchronized (host.monitor()) {
                return inner[obj].ops().fcntl(inner[obj].obj(), cmd, arg);
            }
        }

        @Override
        public int ioctl(int obj, int req, int[] argInOut) {
            synchronized (host.monitor()) {
                return inner[obj].ops().ioctl(inner[obj].obj(), req, argInOut);
            }
        }

        @Override
        public int pollEvents(int obj) {
            return inner[obj].ops().pollEvents(inner[obj].obj());
        }

        @Override
        public int close(int obj) {
            synchronized (host.monitor()) {
                used[obj] = false;
                return host.closeInner(inner[obj]);
            }
        }
    }
}
