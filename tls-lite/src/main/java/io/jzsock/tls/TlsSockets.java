package io.jzsock.tls;

import io.jzsock.net.NetStack;
import io.jzsock.net.sock.SocketKinds;

/**
 * Makes {@code socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2 | IPPROTO_TLS_1_3)} and
 * {@code socket(AF_INET, SOCK_DGRAM, IPPROTO_DTLS_1_2)} ({@link DtlsSocket}) work on a stack
 * (DESIGN §6): registers the TLS stream kind at {@link SocketKinds#PRIORITY_SECURE}, ahead of TCP,
 * with credentials from {@code creds} by sec_tag. Call once per stack, before application threads
 * open sockets; everything the kind needs is allocated here, from {@link TlsConfig}.
 */
public final class TlsSockets {
    /** A board with no wall clock: certificate validity cannot be checked (PeerVerifier decides how). */
    public static final WallClock NO_WALL_CLOCK = new WallClock() {
        @Override
        public long currentTimeMillis() {
            return WallClock.UNKNOWN;
        }
    };

    private final TlsStreamKind stream;
    private final DtlsKind dtls;

    private TlsSockets(TlsStreamKind stream, DtlsKind dtls) {
        this.stream = stream;
        this.dtls = dtls;
    }

    /** Default sizes, no wall clock. */
    public static TlsSockets install(NetStack stack, TlsCredentials creds) {
        return install(stack, creds, TlsConfig.defaults(), NO_WALL_CLOCK);
    }

    public static TlsSockets install(NetStack stack, TlsCredentials creds, TlsConfig cfg, WallClock clock) {
        if (stack == null || creds == null || cfg == null || clock == null) {
            throw new IllegalArgumentException("TlsSockets.install: null argument");
        }
        cfg.validate();
        TlsContext ctx = new TlsContext(stack, creds, cfg, clock);
        TlsStreamKind stream = new TlsStreamKind(ctx);
        stack.socketKinds().register(stream, SocketKinds.PRIORITY_SECURE);
        stream.startPump(stack);
        DtlsKind dtls = new DtlsKind(ctx, stack);
        stack.socketKinds().register(dtls, SocketKinds.PRIORITY_SECURE);
        stack.addService(dtls);
        stack.setTagAccess(new CredentialTagAccess(creds));
        return new TlsSockets(stream, dtls);
    }

    /** DTLS sessions the server sockets hold (open or handshaking), over all of them. */
    public int dtlsSessions() {
        return dtls.sessionCount();
    }

    /** Handshakes on this stack (client or server end) that resumed a cached TLS 1.2 session. */
    public int resumedHandshakes() {
        return stream.context().engine.resumedHandshakes();
    }

    /** TLS 1.2 sessions cached for TLS_SESSION_CACHE (for tests and the status line). */
    public int cachedSessions() {
        return stream.context().engine.sessions().count();
    }
}
