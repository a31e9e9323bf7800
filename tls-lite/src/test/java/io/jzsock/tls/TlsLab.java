package io.jzsock.tls;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.ZsockConstants;

/**
 * One stack, TLS installed, credentials made at test time: tag 1 the CA, tag 2 the server's P-256
 * chain and key, tag 3 a PSK and its identity, tag 4 a client certificate (P-256), tag 5 an RSA
 * 2048 server chain and key. Sockets meet over 127.0.0.1.
 */
final class TlsLab implements AutoCloseable {
    static final int CA = 1;
    static final int SERVER_EC = 2;
    static final int PSK = 3;
    static final int CLIENT = 4;
    static final int SERVER_RSA = 5;
    static final byte[] PSK_BYTES = "0123456789abcdef0123456789abcdef".getBytes();
    static final byte[] PSK_ID = "jzsock-psk".getBytes();

    private static StreamPki pki;
    private static byte[][] serverEc;
    private static byte[][] serverRsa;
    private static byte[][] client;

    final NetStack stack;
    final Zsock z;
    final TlsCredentials creds;
    final TlsSockets tls;

    TlsLab() throws Exception {
        this(sized());
    }

    private static TlsConfig sized() {
        TlsConfig c = TlsConfig.defaults();
        c.maxStreamSockets = 10;
        return c;
    }

    TlsLab(TlsConfig cfg) throws Exception {
        synchronized (TlsLab.class) {
            if (pki == null) {
                pki = new StreamPki();
                serverEc = pki.leaf(false, true);
                serverRsa = pki.leaf(true, true);
                client = pki.leaf(false, false);
            }
        }
        NetConfig nc = NetConfig.defaults();
        nc.maxSockets = 16;
        nc.maxFds = 24;
        nc.maxTcpConnections = 16;
        nc.tcpRxBuffer = 32768;
        nc.tcpTxBuffer = 32768;
        nc.tcpConnectTimeoutMillis = 1500;
        stack = NetStack.start(nc);
        z = stack.zsock();
        CredentialConfig cc = CredentialConfig.defaults();
        cc.maxCredentials = 16;
        cc.maxTotalBytes = 32768;
        creds = new TlsCredentials(new RamCredentialStore(cc), cc);
        add(CA, TlsCredentials.CA_CERTIFICATE, pki.caDer);
        add(SERVER_EC, TlsCredentials.SERVER_CERTIFICATE, serverEc[0]);
        add(SERVER_EC, TlsCredentials.PRIVATE_KEY, serverEc[1]);
        add(PSK, TlsCredentials.PSK, PSK_BYTES);
        add(PSK, TlsCredentials.PSK_ID, PSK_ID);
        add(CLIENT, TlsCredentials.SERVER_CERTIFICATE, client[0]);
        add(CLIENT, TlsCredentials.PRIVATE_KEY, client[1]);
        add(SERVER_RSA, TlsCredentials.SERVER_CERTIFICATE, serverRsa[0]);
        add(SERVER_RSA, TlsCredentials.PRIVATE_KEY, serverRsa[1]);
        tls = TlsSockets.install(stack, creds, cfg, TlsSockets.NO_WALL_CLOCK);
    }

    static byte[] caDer() {
        return pki.caDer;
    }

    void add(int tag, int type, byte[] b) {
        int r = creds.add(tag, type, b, 0, b.length);
        if (r != 0) {
            throw new IllegalStateException("credential add " + tag + "/" + type + ": " + r);
        }
    }

    /** A listening TLS socket on 127.0.0.1:port with the given tags. */
    int listener(int proto, int port, int... tags) {
        int fd = z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, proto);
        check(fd, "socket");
        check(z.setsockopt(fd, ZsockConstants.SOL_TLS, ZsockConstants.TLS_SEC_TAG_LIST, tags, tags.length), "tags");
        check(z.setsockopt(fd, ZsockConstants.SOL_SOCKET, ZsockConstants.SO_REUSEADDR, 1), "reuse");
        check(z.bind(fd, SockAddr.parse("127.0.0.1", port)), "bind");
        check(z.listen(fd, 4), "listen");
        return fd;
    }

    /** A client socket (not connected) with the given tags and TLS_PEER_VERIFY. */
    int client(int proto, int verify, int... tags) {
        int fd = z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, proto);
        check(fd, "socket");
        check(z.setsockopt(fd, ZsockConstants.SOL_TLS, ZsockConstants.TLS_SEC_TAG_LIST, tags, tags.length), "tags");
        check(z.setsockopt(fd, ZsockConstants.SOL_TLS, ZsockConstants.TLS_PEER_VERIFY, verify), "verify");
        return fd;
    }

    /** A connected pair: [client fd, accepted server fd], the client verifying the server by name. */
    int[] pair(int proto, int port, int serverTag) throws Exception {
        int l = listener(proto, port, serverTag);
        java.util.concurrent.CompletableFuture<Integer> acc = async(
                () -> z.accept(l, null));
        int c = client(proto, ZsockConstants.TLS_PEER_VERIFY_REQUIRED, CA, PSK);
        check(z.setsockopt(c, ZsockConstants.SOL_TLS, ZsockConstants.TLS_HOSTNAME, "localhost".getBytes(), 0, 9), "hostname");
        check(z.connect(c, SockAddr.parse("127.0.0.1", port)), "connect");
        int s = check(acc.get(10, java.util.concurrent.TimeUnit.SECONDS), "accept");
        z.close(l);
        return new int[] {c, s};
    }

    /** Runs on a thread of its own (the common pool may have a single worker on this 2-CPU machine). */
    static <T> java.util.concurrent.CompletableFuture<T> async(java.util.function.Supplier<T> task) {
        java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "tls-test");
        t.setDaemon(true);
        t.start();
        return f;
    }

    static java.util.concurrent.CompletableFuture<Object> run(Runnable task) {
        return async(() -> {
            task.run();
            return null;
        });
    }

    static int check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + io.jzsock.net.Errno.name(-r));
        }
        return r;
    }

    @Override
    public void close() {
        stack.stop();
    }
}
