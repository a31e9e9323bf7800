package io.jzsock.net;

/**
 * {@code struct zsock_addrinfo} without the {@code ai_next} chain: getaddrinfo fills an array the
 * caller passes in and returns how many entries it used, so a resolver call allocates nothing when
 * the caller reuses its array.
 */
public final class AddrInfo {
    public int flags;
    public int family;
    public int socktype;
    public int protocol;
    public final SockAddr addr = new SockAddr();
    public String canonname;

    public AddrInfo clear() {
        flags = 0;
        family = 0;
        socktype = 0;
        protocol = 0;
        addr.clear();
        canonname = null;
        return this;
    }

    /** Hints helper: {@code new AddrInfo().hints(AF_INET, SOCK_DGRAM, 0, 0)}. */
    public AddrInfo hints(int family, int socktype, int protocol, int flags) {
        this.family = family;
        this.socktype = socktype;
        this.protocol = protocol;
        this.flags = flags;
        return this;
    }
}
