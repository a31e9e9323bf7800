package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.nio.charset.StandardCharsets;

/** One stack with the TLS kinds installed, PSK credentials on tag 1, helpers for DTLS sockets over its loopback. */
final class DtlsHarness implements AutoCloseable {
    static final int PSK_TAG = 1;
    static final int ECDSA_TAG = 2;
    static final int RSA_TAG = 3;
    static final byte[] PSK = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PSK_ID = "jzsock-dtls".getBytes(StandardCharsets.US_ASCII);

    final NetStack stack;
    final Zsock z;
    final TlsCredentials creds;
    final TlsSockets tls;

    DtlsHarness() {
        this(TlsConfig.defaults());
    }

    DtlsHarness(TlsConfig cfg) {
        NetConfig nc = NetConfig.defaults();
        nc.maxSockets = 16;
        nc.maxFds = 24;
        stack = NetStack.start(nc);
        z = stack.zsock();
        creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        assertEquals(0, creds.add(PSK_TAG, TlsCredentials.PSK, PSK, 0, PSK.length));
        assertEquals(0, creds.add(PSK_TAG, TlsCredentials.PSK_ID, PSK_ID, 0, PSK_ID.length));
        cfg.dtls.maxSockets = Math.max(cfg.dtls.maxSockets, 6);
        tls = TlsSockets.install(stack, creds, cfg, TlsSockets.NO_WALL_CLOCK);
    }

    void addOwnCertificate(int tag, byte[][] certAndKey) {
        assertEquals(0, creds.add(tag, TlsCredentials.SERVER_CERTIFICATE, certAndKey[0], 0, certAndKey[0].length));
        assertEquals(0, creds.add(tag, TlsCredentials.PRIVATE_KEY, certAndKey[1], 0, certAndKey[1].length));
    }

    void addCa(int tag, byte[] der) {
        assertEquals(0, creds.add(tag, TlsCredentials.CA_CERTIFICATE, der, 0, der.length));
    }

    int dtls() {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_2);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + fd);
        }
        return fd;
    }

    int server(int port, int tag) {
        int fd = dtls();
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_DTLS_ROLE, Zsock.TLS_DTLS_ROLE_SERVER));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, z.bind(fd, SockAddr.parse("127.0.0.1", port)));
        return fd;
    }

    /** A client with tag's credentials and no peer verification (the PSK suites need none). */
    int client(int tag) {
        int fd = dtls();
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_PEER_VERIFY, Zsock.TLS_PEER_VERIFY_NONE));
        return fd;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        stack.stop();
    }
}
