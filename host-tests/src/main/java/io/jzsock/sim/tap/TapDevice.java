package io.jzsock.sim.tap;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TAP device (Documentation/networking/tuntap.rst): a file descriptor on {@code /dev/net/tun}
 * bound by {@code TUNSETIFF} to an Ethernet interface of the kernel. Each {@code read} returns one frame
 * the kernel sent out of the interface; each {@code write} injects one frame as received on it.
 * {@code IFF_NO_PI} drops the 4-byte packet-information prefix, and without {@code IFF_VNET_HDR} the
 * kernel offloads nothing: every frame carries complete checksums and none is larger than the MTU.
 *
 * <p>The interface lives as long as the descriptor (it is not made persistent) and may be moved into a
 * network namespace with {@code ip link set NAME netns NS}; the descriptor keeps working. Needs root
 * (CAP_NET_ADMIN). One reader thread and any number of writers: writes are serialised.
 */
public final class TapDevice implements AutoCloseable {
    /** linux/if_tun.h: {@code _IOW('T', 202, int)}. */
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TAP = 0x0002;
    private static final short IFF_NO_PI = 0x1000;
    /** {@code struct ifreq}: a 16-byte name then a union whose first member here is the short flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;
    /** An Ethernet frame without FCS, with one VLAN tag, at MTU 1500. */
    public static final int MAX_FRAME = 1518;

    private final String name;
    private volatile int fd;
    private final Memory rx = new Memory(65536);
    private final Memory tx = new Memory(65536);
    private final Memory pollFd = new Memory(8);

    private TapDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** Creates the TAP interface {@code name} (at most 15 bytes) in this thread's network namespace. */
    public static TapDevice open(String name) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface names have 1..15 bytes: " + name);
        }
        int fd = LibC.C.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw error("open /dev/net/tun");
        }
        Memory ifr = new Memory(IFREQ_SIZE);
        ifr.clear();
        ifr.write(0, n, 0, n.length);
        ifr.setShort(IFNAMSIZ, (short) (IFF_TAP | IFF_NO_PI));
        if (LibC.C.ioctl(fd, TUNSETIFF, ifr) < 0) {
            IOException e = error("TUNSETIFF " + name);
            LibC.C.close(fd);
            throw e;
        }
        return new TapDevice(fd, name);
    }

    public String name() {
        return name;
    }

    /**
     * Waits up to {@code timeoutMillis} for a frame and copies it to {@code b[off..]}.
     *
     * @return the frame's length, 0 when none came in time (or the wait was interrupted), -1 once closed
     */
    public int read(byte[] b, int off, int maxLen, int timeoutMillis) throws IOException {
        int f = fd;
        if (f < 0) {
            return -1;
        }
        pollFd.setInt(0, f);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        int ready = LibC.C.poll(pollFd, 1, timeoutMillis);
        if (ready <= 0) {
            int err = Native.getLastError();
            if (ready < 0 && err != LibC.EINTR) {
                throw error("poll " + name);
            }
            return fd < 0 ? -1 : 0;
        }
        long n = LibC.C.read(f, rx, rx.size());
        if (n < 0) {
            int err = Native.getLastError();
            if (err == LibC.EAGAIN || err == LibC.EINTR) {
                return 0;
            }
            if (fd < 0) {
                return -1;
            }
            throw error("read " + name);
        }
        int len = (int) Math.min(n, maxLen);
        rx.read(0, b, off, len);
        return len;
    }

    /** Injects one frame; false when the kernel refused it (the interface is down, or the queue is full). */
    public synchronized boolean write(byte[] b, int off, int len) {
        int f = fd;
        if (f < 0 || len > tx.size()) {
            return false;
        }
        tx.write(0, b, off, len);
        return LibC.C.write(f, tx, len) == len;
    }

    @Override
    public synchronized void close() {
        int f = fd;
        if (f >= 0) {
            fd = -1;
            LibC.C.close(f);
        }
    }

    static IOException error(String what) {
        int err = Native.getLastError();
        return new IOException(what + ": " + LibC.C.strerror(err) + " (errno " + err + ")");
    }
}
