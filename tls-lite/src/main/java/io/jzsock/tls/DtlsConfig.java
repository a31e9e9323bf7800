package io.jzsock.tls;

/**
 * The sizes of the DTLS kind, part of {@link TlsConfig} ({@code cfg.dtls}); every table and buffer of a
 * DTLS socket is allocated from these at {@link TlsSockets#install}.
 */
public final class DtlsConfig {
    /** DTLS sockets open at once (shares Zephyr's CONFIG_NET_SOCKETS_TLS_MAX_CONTEXTS with TLS). */
    public int maxSockets = 2;
    /** Sessions (peers) one server socket keeps at once; a ClientHello past that is dropped. */
    public int sessionsPerSocket = 4;
    /** Largest datagram received (ciphertext, the inner UDP payload); larger ones are truncated and fail their MAC. */
    public int maxDatagram = 1500;
    /**
     * Largest datagram sent: one DTLS record per datagram, so application data per send is this less
     * the record's header and cipher overhead (EMSGSIZE past it). 1472 = Ethernet MTU - IPv4 - UDP.
     * An AF_INET6 socket sends 20 bytes less (its IP header is 40 bytes, RFC 8200 §3), so that the
     * same setting keeps both families' datagrams within the link MTU.
     */
    public int sendLimit = 1472;
    /**
     * Handshake threads of the stack's DTLS sockets: non-blocking sockets' handshakes (a client's
     * connect, a server admitting a peer) run on them, this many at once; more wait for a free one,
     * covered by the peers' retransmissions. The Thread objects are made at install and each is started
     * the first time a handshake finds the started ones busy (a stack that never handshakes
     * non-blocking starts none); each costs a thread stack of its own on the board.
     */
    public int handshakeThreads = 2;
    /**
     * Datagrams a server socket reads for the application while it runs a peer's handshake (other
     * peers' records and ClientHellos; a datagram of another running handshake is left on the inner
     * socket for its thread); more are dropped (handshake flights are retransmitted, application datagrams are lost as on UDP). Each socket allocates (2 + heldDatagrams) x maxDatagram bytes of buffers at install.
     */
    public int heldDatagrams = 2;
    /**
     * A server session without a datagram either way for this long is closed (close_notify) and the
     * server sees POLLHUP (after Zephyr's CONFIG_NET_SOCKETS_DTLS_TIMEOUT; the 60 s default is
     * jzsock's). 0: never. Clients have no idle timer: they learn of it from the close_notify.
     */
    public int idleTimeoutMillis = 60000;
    /**
     * sendmsg's assembly buffer (CONFIG_NET_SOCKETS_DTLS_SENDMSG_BUF_SIZE): 0 means sendmsg takes one
     * non-empty iovec only and several are -EMSGSIZE; with a buffer they are concatenated into one record.
     */
    public int sendmsgBuffer = 0;

    /** Throws IllegalArgumentException naming the first bad setting. */
    public void validate() {
        require(maxSockets >= 0, "dtls.maxSockets >= 0");
        require(sessionsPerSocket >= 1, "dtls.sessionsPerSocket >= 1");
        require(maxDatagram >= 256 && sendLimit >= 256, "dtls.maxDatagram, dtls.sendLimit >= 256");
        require(heldDatagrams >= 0, "dtls.heldDatagrams >= 0");
        require(handshakeThreads >= 1, "dtls.handshakeThreads >= 1");
        require(idleTimeoutMillis >= 0, "dtls.idleTimeoutMillis >= 0");
        require(sendmsgBuffer >= 0, "dtls.sendmsgBuffer >= 0");
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("TlsConfig: " + rule);
        }
    }
}
