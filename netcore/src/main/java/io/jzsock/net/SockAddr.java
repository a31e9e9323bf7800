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
