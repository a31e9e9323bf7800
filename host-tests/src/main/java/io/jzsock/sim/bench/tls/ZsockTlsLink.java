package io.jzsock.sim.bench.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.ZsockConstants;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsCredentials;
import io.jzsock.tls.TlsOptions;
import io.jzsock.tls.TlsSockets;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * Two jzsock stacks on the virtual switch, each with TLS sockets installed: TLS stream sockets over jzsock TCP,
 * real threads, the stacks' own net threads. The server stack holds the bench's ECDSA P-256 and RSA 2048 identities
 * and a PSK, the client stack the PSK; clients do not verify the server (TLS_PEER_VERIFY_NONE), so a handshake
 * costs what the key exchange and the server's signature cost, not a chain check.
 */
public final class ZsockTlsLink implements AutoCloseable {
    static final int TAG_ECDSA = 1;
    static final int TAG_RSA = 2;
    static final int TAG_PSK = 3;
    private static final byte[] PSK = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] PSK_ID = "jzsock-bench".getBytes();
    private static final int SERVER_HOST = 2;

    public final NetStack client;
    public final NetStack server;
    public final TlsSockets clientTls;
    public final TlsSockets serverTls;
    private final SimNetwork net;
    private final AtomicInteger nextPort = new AtomicInteger(4433);

    /**
     * @param tls the TLS layer's sizes for both stacks (its maxStreamSockets at least 3: listener, accepted,
     *            client)
     */
    public ZsockTlsLink(long seed, io.jzsock.tls.TlsConfig tls) throws IOException {
        net = new SimNetwork(seed);
        NetConfig nc = NetConfig.defaults();
        nc.maxSockets = 16;
        nc.maxFds = 24;
        nc.maxTcpConnections = 32;
        nc.tcpRxBuffer = 32768;
        nc.tcpTxBuffer = 32768;
        nc.tcpTimeWaitMillis = 10;
        client = net.addHost(1, nc, io.jzsock.bsp.SystemClock.INSTANCE);
        server = net.addHost(SERVER_HOST, nc, io.jzsock.bsp.SystemClock.INSTANCE);
        TlsCredentials cc = credentials(false);
        TlsCredentials sc = credentials(true);
        clientTls = TlsSockets.install(client, cc, tls, TlsSockets.NO_WALL_CLOCK);
        serverTls = TlsSockets.install(server, sc, tls, TlsSockets.NO_WALL_CLOCK);
    }

    /** The TLS layer's defaults with room for the link's sockets. */
    public static io.jzsock.tls.TlsConfig defaults() {
        io.jzsock.tls.TlsConfig t = io.jzsock.tls.TlsConfig.defaults();
        t.maxStreamSockets = 8;
        return t;
    }

    /**
     * Sized for connections that all negotiate max fragment length 2048 (RFC 6066): one record buffer of
     * 2048 + 256 bytes and 2 KB copies to TCP.
     */
    public static io.jzsock.tls.TlsConfig forMaxFragment2048() {
        io.jzsock.tls.TlsConfig t = defaults();
        t.maxRecordCiphertext = 2048 + 256;
        t.ciphertextChunk = 2048;
        t.plaintextChunk = 2048;
        return t;
    }

    private static TlsCredentials credentials(boolean server) {
        CredentialConfig c = CredentialConfig.defaults();
        c.maxCredentials = 8;
        c.maxTotalBytes = 16384;
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(c), c);
        if (server) {
            add(creds, TAG_ECDSA, TlsMemory.credentials(TlsConfig.AUTH_ECDSA));
            add(creds, TAG_RSA, TlsMemory.credentials(TlsConfig.AUTH_RSA));
        }
        check(creds.add(TAG_PSK, TlsCredentials.PSK, PSK, 0, PSK.length), "PSK");
        check(creds.add(TAG_PSK, TlsCredentials.PSK_ID, PSK_ID, 0, PSK_ID.length), "PSK id");
        return creds;
    }

    private static void add(TlsCredentials creds, int tag, TlsBenchCredentials id) {
        byte[] key;
        try {
            key = PrivateKeyInfoFactory.createPrivateKeyInfo(id.privateKey).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the bench key", e);
        }
        check(creds.add(tag, TlsCredentials.SERVER_CERTIFICATE, id.certificateDer, 0, id.certificateDer.length),
                "certificate");
        check(creds.add(tag, TlsCredentials.PRIVATE_KEY, key, 0, key.length), "key");
    }

    public Zsock zc() {
        return client.zsock();
    }

    public Zsock zs() {
        return server.zsock();
    }

    /** A TLS listener on the server stack for cfg (its version, its one suite, its credentials); returns [fd, port]. */
    public int[] listen(TlsConfig cfg) {
        Zsock z = zs();
        int port = nextPort.getAndIncrement();
        int l = check(z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, proto(cfg)), "socket");
        int tag = cfg.auth() == TlsConfig.AUTH_ECDSA ? TAG_ECDSA : cfg.auth() == TlsConfig.AUTH_RSA ? TAG_RSA : TAG_PSK;
        check(z.setsockopt(l, ZsockConstants.SOL_TLS, ZsockConstants.TLS_SEC_TAG_LIST, new int[] {tag}, 1), "tags");
        check(z.setsockopt(l, ZsockConstants.SOL_TLS, ZsockConstants.TLS_CIPHERSUITE_LIST,
                new int[] {cfg.cipherSuite()}, 1), "suites");
        check(z.setsockopt(l, ZsockConstants.SOL_SOCKET, ZsockConstants.SO_REUSEADDR, 1), "reuse");
        check(z.bind(l, SockAddr.parse("0.0.0.0", port)), "bind");
        check(z.listen(l, 4), "listen");
        return new int[] {l, port};
    }

    /** A client TLS socket connected to port with the handshake done (blocking); MFL from cfg (0: none). */
    public int dial(TlsConfig cfg, int port) {
        Zsock z = zc();
        int c = check(z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, proto(cfg)), "socket");
        if (cfg.auth() == TlsConfig.AUTH_PSK) {
            check(z.setsockopt(c, ZsockConstants.SOL_TLS, ZsockConstants.TLS_SEC_TAG_LIST, new int[] {TAG_PSK}, 1),
                    "tags");
        }
        check(z.setsockopt(c, ZsockConstants.SOL_TLS, ZsockConstants.TLS_PEER_VERIFY,
                ZsockConstants.TLS_PEER_VERIFY_NONE), "verify");
        check(z.setsockopt(c, ZsockConstants.SOL_TLS, ZsockConstants.TLS_CIPHERSUITE_LIST,
                new int[] {cfg.cipherSuite()}, 1), "suites");
        if (cfg.maxFragmentLength() != 0) {
            check(z.setsockopt(c, ZsockConstants.SOL_TLS, TlsOptions.TLS_MAX_FRAGMENT_LENGTH,
                    mflCode(cfg.maxFragmentLength())), "max fragment length");
        }
        int r = z.connect(c, SockAddr.parse(SimNetwork.address(SERVER_HOST), port));
        if (r < 0) {
            z.close(c);
            throw new IllegalStateException("TLS connect: " + Errno.name(-r));
        }
        return c;
    }

    /** An established pair [client fd, server fd] for cfg, both blocking, the listener closed. */
    public int[] pair(TlsConfig cfg) throws Exception {
        int[] l = listen(cfg);
        int[] accepted = {Integer.MIN_VALUE};
        Thread t = new Thread(() -> accepted[0] = zs().accept(l[0], null), "zsock-tls-accept");
        t.start();
        int c = dial(cfg, l[1]);
        t.join(30_000);
        zs().close(l[0]);
        if (accepted[0] < 0) {
            zc().close(c);
            throw new IllegalStateException("TLS accept: " + (accepted[0] == Integer.MIN_VALUE ? "timed out"
                    : Errno.name(-accepted[0])));
        }
        return new int[] {c, accepted[0]};
    }

    /** Sends all of b[off, off + len); throws on an error. */
    public static void sendAll(Zsock z, int fd, byte[] b, int off, int len) {
        for (int sent = 0; sent < len; ) {
            int n = z.send(fd, b, off + sent, len - sent, 0);
            if (n < 0) {
                throw new IllegalStateException("send: " + Errno.name(-n));
            }
            sent += n;
        }
    }

    /** Receives exactly len bytes into b[off, off + len); throws on an error or EOF. */
    public static void recvAll(Zsock z, int fd, byte[] b, int off, int len) {
        for (int got = 0; got < len; ) {
            int n = z.recv(fd, b, off + got, len - got, 0);
            if (n <= 0) {
                throw new IllegalStateException("recv: " + (n == 0 ? "EOF" : Errno.name(-n)) + " after " + got);
            }
            got += n;
        }
    }

    static int proto(TlsConfig cfg) {
        return cfg.tls13() ? ZsockConstants.IPPROTO_TLS_1_3 : ZsockConstants.IPPROTO_TLS_1_2;
    }

    /** RFC 6066 §4: 2^9 is code 1 ... 2^12 is code 4. */
    static int mflCode(int bytes) {
        return Integer.numberOfTrailingZeros(bytes) - 8;
    }

    private static int check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + Errno.name(-r));
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        net.close();
    }
}
