package io.jzsock.net;

/**
 * A socket address ({@code sockaddr_in}/{@code sockaddr_in6}), mutable and caller-owned so that
 * recvfrom/accept/getsockname fill it without allocating. IPv4 addresses are also kept as an int
 * in network order ({@link #ipv4()}) for the data path.
 */
public final class SockAddr {
    private int family;
    private int port;
    private final byte[] addr = new byte[16];
    private int scopeId;

    public SockAddr() {
    }

    /** A fresh IPv4 address; setup-time helper. */
    public static SockAddr ipv4(int address, int port) {
        SockAddr a = new SockAddr();
        a.setIpv4(address, port);
        return a;
    }

    /**
     * Parses a numeric IPv4 or IPv6 address (no brackets). Throws IllegalArgumentException on bad
     * text: this is a setup-time convenience, the data path uses {@link Zsock#inet_pton}.
     */
    public static SockAddr parse(String host, int port) {
        SockAddr a = new SockAddr();
        byte[] b = new byte[16];
        if (InetText.pton(ZsockConstants.AF_INET, host, b) == 1) {
            a.family = ZsockConstants.AF_INET;
        } else if (InetText.pton(ZsockConstants.AF_INET6, host, b) == 1) {
            a.family = ZsockConstants.AF_INET6;
        } else {
            throw new IllegalArgumentException("not a numeric address: " + host);
        }
        System.arraycopy(b, 0, a.addr, 0, 16);
        a.port = port;
        return a;
    }

    public int family() {
        return family;
    }

    public int port() {
        return port;
    }

    public int scopeId() {
        return scopeId;
    }

    /** The address bytes in network order: 4 for AF_INET, 16 for AF_INET6. Do not keep the array. */
    public byte[] addressBytes() {
        return addr;
    }

    /** The IPv4 address as an int, most significant byte first (192.0.2.1 → 0xC0000201). */
    public int ipv4() {
        return ((addr[0] & 0xff) << 24) | ((addr[1] & 0xff) << 16) | ((addr[2] & 0xff) << 8) | (addr[3] & 0xff);
    }

    /**
     * Bytes 0..7 of the address in the two-long form netcore's tables keep (RFC 4291 §2.5.5.2): an
     * AF_INET address reads as its v4-mapped form {@code ::ffff:a.b.c.d}.
     */
    public long addrHi() {
        return family == ZsockConstants.AF_INET ? 0L : longAt(0);
    }

    /** Bytes 8..15 of the two-long form; for AF_INET {@code 0x0000ffff} then the IPv4 address. */
    public long addrLo() {
        return family == ZsockConstants.AF_INET ? 0x0000ffff00000000L | (ipv4() & 0xffffffffL) : longAt(8);
    }

    private long longAt(int at) {
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = (v << 8) | (addr[i] & 0xff);
        }
        return v;
    }

    /**
     * Fills the address from the two-long form: AF_INET takes the IPv4 address in the low 32 bits of
     * {@code lo}; AF_INET6 takes all 16 bytes (a v4-mapped address stays v4-mapped, as a dual-stack
     * socket reports an IPv4 peer). Allocation-free.
     */
    public SockAddr setAddress(int family, long hi, long lo, int port, int scopeId) {
        if (family == ZsockConstants.AF_INET) {
            return setIpv4((int) lo, port);
        }
        this.family = family;
        this.port = port & 0xffff;
        for (int i = 0; i < 8; i++) {
            addr[i] = (byte) (hi >>> (56 - 8 * i));
            addr[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        this.scopeId = scopeId;
        return this;
    }

    public SockAddr setScopeId(int scopeId) {
        this.scopeId = scopeId;
        return this;
    }

    public SockAddr setIpv4(int address, int port) {
        family = ZsockConstants.AF_INET;
        this.port = port & 0xffff;
        addr[0] = (byte) (address >>> 24);
        addr[1] = (byte) (address >>> 16);
        addr[2] = (byte) (address >>> 8);
        addr[3] = (byte) address;
        for (int i = 4; i < 16; i++) {
            addr[i] = 0;
        }
        scopeId = 0;
        return this;
    }

    public SockAddr setIpv6(byte[] address, int off, int port, int scopeId) {
        family = ZsockConstants.AF_INET6;
        this.port = port & 0xffff;
        System.arraycopy(address, off, addr, 0, 16);
        this.scopeId = scopeId;
        return this;
    }

    public SockAddr setFamily(int family) {
        this.family = family;
        return this;
    }

    public SockAddr setPort(int port) {
        this.port = port & 0xffff;
        return this;
    }

    public SockAddr set(SockAddr other) {
        family = other.family;
        port = other.port;
        scopeId = other.scopeId;
        System.arraycopy(other.addr, 0, addr, 0, 16);
        return this;
    }

    public SockAddr clear() {
        family = ZsockConstants.AF_UNSPEC;
        port = 0;
        scopeId = 0;
        for (int i = 0; i < 16; i++) {
            addr[i] = 0;
        }
        return this;
    }

    /** {@code sizeof} of the matching C struct, as addrlen reports it. */
    public int length() {
        return family == ZsockConstants.AF_INET6 ? ZsockConstants.SIZEOF_SOCKADDR_IN6
                : family == ZsockConstants.AF_INET ? ZsockConstants.SIZEOF_SOCKADDR_IN : 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SockAddr)) {
            return false;
        }
        SockAddr s = (SockAddr) o;
        if (s.family != family || s.port != port || s.scopeId != scopeId) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (s.addr[i] != addr[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = family * 31 + port;
        for (int i = 0; i < 16; i++) {
            h = h * 31 + addr[i];
        }
        return h;
    }

    /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}; allocates, for logs and tests. */
    @Override
    public String toString() {
        if (family == ZsockConstants.AF_INET) {
            return InetText.ntop(ZsockConstants.AF_INET, addr) + ":" + port;
        }
        if (family == ZsockConstants.AF_INET6) {
            return "[" + InetText.ntop(ZsockConstants.AF_INET6, addr) + "]:" + port;
        }
        return "AF_UNSPEC";
    }
}
