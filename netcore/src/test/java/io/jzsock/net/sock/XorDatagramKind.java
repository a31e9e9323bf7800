package io.jzsock.net.sock;

import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;

/**
 * A socket kind from "another module" for the SPI tests: its fds wrap an inner UDP socket and XOR
 * every payload byte with a key, as a DTLS fd wraps UDP and transforms records. Protocol 300.
 */
final class XorDatagramKind extends SocketKind {
    static final int PROTO = 300;
    static final int KEY = 0x5a;
    private static final int SLOTS = 4;

    final SocketHost host;
    final InnerSocket[] inner = new InnerSocket[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private final byte[] scratch = new byte[2048];
    final Ops ops;

    /** Runs at the start of every sendto: the test's stand-in for record encryption. */
    volatile Runnable crypto;

    XorDatagramKind(SocketHost host, int lockRule) {
        this.host = host;
        this.ops = new Ops(lockRule);
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
        return type == ZsockConstants.SOCK_DGRAM;
    }

    @Override
    public boolean takesProtocol(int proto) {
        return proto == PROTO;
    }

    @Override
    public int create(int family, int type, int proto) {
        int slot = 0;
        while (slot < SLOTS && used[slot]) {
            slot++;
        }
        if (slot == SLOTS) {
            return -io.jzsock.net.Errno.ENOENT;
        }
        int fd = host.socket(family, type, ZsockConstants.IPPROTO_UDP);
        if (fd < 0) {
            return fd;
        }
        host.wrap(fd, ops, slot, inner[slot]);
        used[slot] = true;
        return fd;
    }

    static void xor(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            b[off + i] ^= KEY;
        }
    }

    final class Ops extends SocketOps {
        Ops(int lockRule) {
            super(lockRule);
        }

        @Override
        public int bind(int obj, SockAddr a) {
            synchronized (host.monitor()) {
                return inner[obj].ops().bind(inner[obj].obj(), a);
            }
        }

        @Override
        public int sendto(int obj, byte[] b, int off, int len, int flags, SockAddr dst) {
            Runnable c = crypto;
            if (c != null) {
                c.run();
            }
            byte[] out = scratch;
            System.arraycopy(b, off, out, 0, len);
            xor(out, 0, len);
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
                xor(b, off, r);
            }
            return r;
        }

        @Override
        public int setsockopt(int obj, int level, int opt, int value) {
            synchronized (host.monitor()) {
                return inner[obj].ops().setsockopt(inner[obj].obj(), level, opt, value);
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
