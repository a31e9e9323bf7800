package io.jzsock.net.sock;

/**
 * A kind of socket that {@code socket()} can create, Zephyr's {@code NET_SOCKET_REGISTER} entry:
 * UDP and TCP (the inet kinds), later TLS and DTLS from tls-lite. {@link SocketKinds} asks the
 * registered kinds in priority order; the first that takes the family, the type and the protocol
 * creates the socket. The three questions are separate so the registry can answer a combination
 * no kind takes with the errno Zephyr gives (see {@link SocketKinds#socket}).
 *
 * <p>Every method runs with the stack's monitor held and must not wait: create allocates the
 * kind's object and an fd, nothing else (a TLS handshake starts at connect or accept).
 */
public abstract class SocketKind {
    /** AF_INET, AF_INET6, ... */
    public abstract boolean takesFamily(int family);

    /** SOCK_DGRAM, SOCK_STREAM, ... */
    public abstract boolean takesType(int type);

    /** The protocol argument: 0 for the type's default, or the kind's own numbers (IPPROTO_TLS_1_2). */
    public abstract boolean takesProtocol(int proto);

    /**
     * Creates a socket the kind takes: returns its fd, opened in the stack's fd table
     * ({@link SocketHost#openFd}, or an inner socket's fd taken over with {@link SocketHost#wrap}),
     * or a negative errno (-ENFILE for a full fd table, -ENOENT when the kind's own objects are all
     * in use) with nothing kept.
     */
    public abstract int create(int family, int type, int proto);
}
