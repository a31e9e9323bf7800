package io.jzsock.net.sock;

/**
 * The socket under another kind's fd, as Zephyr's sockets_tls keeps {@code ctx->sock}: a TLS fd's
 * TCP socket, a DTLS fd's UDP socket. {@link SocketHost#wrap} moves an fd's (ops, obj) here and
 * gives the fd to the wrapping kind, so applications never see the inner socket in the fd table;
 * the wrapping kind calls it as {@code inner.ops().recvfrom(inner.obj(), ...)} with the stack's
 * monitor held and closes it with {@link SocketHost#closeInner}. The kind allocates one per
 * socket slot at setup and reuses it.
 */
public final class InnerSocket {
    private SocketOps ops;
    private int obj;

    public boolean isOpen() {
        return ops != null;
    }

    /** The inner socket's ops; null once closed (or before a wrap). */
    public SocketOps ops() {
        return ops;
    }

    public int obj() {
        return obj;
    }

    void set(SocketOps o, int object) {
        ops = o;
        obj = object;
    }
}
