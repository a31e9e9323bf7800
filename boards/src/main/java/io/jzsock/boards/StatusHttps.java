package io.jzsock.boards;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.bc.SelfSignedIdentity;

import java.io.IOException;

/**
 * The status page over TLS on port 443: the board's identity is a P-256 key and a self-signed
 * certificate made on first boot and kept in the credential store under {@link #SEC_TAG} (the key
 * non-exportable), so a reboot serves the same certificate; the listener is a TLS 1.3 socket (1.2
 * accepted) with that tag, served by the same poll-driven {@link StatusHttp} as port 80.
 */
public final class StatusHttps {
    public static final int HTTPS_PORT = 443;
    /** The credential tag of the board's HTTPS certificate and key. */
    public static final int SEC_TAG = 443;
    /** Connection slots and backlog of the HTTPS server: TLS sockets cost a handshake each, keep it small. */
    public static final int SLOTS = 2;
    public static final int BACKLOG = 2;
    /** The first boot's certificate is valid from then for ten years. */
    private static final long VALIDITY_MS = 3650L * 24 * 3600 * 1000;

    private StatusHttps() {
    }

    /**
     * Makes the identity unless the store holds one: 1 when it made it, 0 when one was there, a
     * negative errno when the store refused it (-ENOMEM when full).
     */
    public static int ensureIdentity(TlsCredentials creds, Entropy entropy, String host, int address, long nowMillis) {
        int[] len = {0};
        int r = creds.get(SEC_TAG, TlsCredentials.SERVER_CERTIFICATE, new byte[1], 0, len);
        if (r != -Errno.ENOENT) {
            return 0;
        }
        SelfSignedIdentity id;
        try {
            id = SelfSignedIdentity.create(entropy, host, new int[] {address}, nowMillis - 3600000L, nowMillis + VALIDITY_MS);
        } catch (IOException e) {
            return -Errno.EINVAL;
        }
        r = creds.add(SEC_TAG, TlsCredentials.PRIVATE_KEY, id.privateKey, 0, id.privateKey.length,
                TlsCredentials.FLAG_NON_EXPORTABLE);
        if (r < 0) {
            return r;
        }
        r = creds.add(SEC_TAG, TlsCredentials.SERVER_CERTIFICATE, id.certificate, 0, id.certificate.length);
        if (r < 0) {
            creds.delete(SEC_TAG, TlsCredentials.PRIVATE_KEY);
            return r;
        }
        return 1;
    }

    /** A non-blocking TLS listener on 443 with the board's identity; throws IllegalStateException when it cannot. */
    static int listen(Zsock z, int backlog, int pollMs) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_3);
        if (fd < 0) {
            throw new IllegalStateException("TLS socket: " + Errno.name(fd) + " (TlsSockets.install first)");
        }
        int r = z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {SEC_TAG}, 1);
        if (r == 0) {
            z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, pollMs);
            r = z.bind(fd, SockAddr.parse("0.0.0.0", HTTPS_PORT));
        }
        if (r == 0) {
            r = z.listen(fd, backlog);
        }
        if (r == 0) {
            r = z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK);
        }
        if (r < 0) {
            z.close(fd);
            throw new IllegalStateException("HTTPS listener on port 443: " + Errno.name(r));
        }
        return fd;
    }
}
