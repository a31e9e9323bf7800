package io.jzsock.sim.bench.tls;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's own SSLEngine (SunJSSE) over the kernel's 127.0.0.1, for comparison with BC in the same run: one
 * {@link End} per socket, driven by its own thread over a blocking SocketChannel, its network and application
 * buffers sized once from the session's packet and application buffer sizes.
 */
public final class JdkTlsLoopback {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final SSLContext server;
    private final SSLContext client;
    private final String protocol;
    private final String suite;

    public JdkTlsLoopback(TlsBenchCredentials creds, boolean tls13, String suite) throws Exception {
        this.protocol = tls13 ? "TLSv1.3" : "TLSv1.2";
        this.suite = suite;
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(creds.jdkKeyStore(), TlsBenchCredentials.STORE_PASSWORD);
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        MX.setThreadAllocatedMemoryEnabled(true);
    }

    public ServerSocketChannel listen() throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return ss;
    }

    public End accept(ServerSocketChannel ss) throws IOException {
        SocketChannel ch = ss.accept();
        ch.socket().setTcpNoDelay(true);
        SSLEngine e = server.createSSLEngine();
        e.setUseClientMode(false);
        configure(e);
        return new End(e, ch);
    }

    public End connect(ServerSocketChannel ss) throws IOException {
        SocketChannel ch = SocketChannel.open(ss.getLocalAddress());
        ch.socket().setTcpNoDelay(true);
        SSLEngine e = client.createSSLEngine("localhost", ((InetSocketAddress) ss.getLocalAddress()).getPort());
        e.setUseClientMode(true);
        configure(e);
        return new End(e, ch);
    }

    private void configure(SSLEngine e) {
        e.setEnabledProtocols(new String[] {protocol});
        e.setEnabledCipherSuites(new String[] {suite});
    }

    /** Bytes this thread allocated so far. */
    public static long allocated() {
        return MX.getCurrentThreadAllocatedBytes();
    }

    /** One end of a connection. */
    public static final class End {
        public final SSLEngine engine;
        private final SocketChannel channel;
        private final ByteBuffer netIn;
        private final ByteBuffer netOut;
        private final ByteBuffer appIn;
        private final ByteBuffer empty = ByteBuffer.allocate(0);

        End(SSLEngine engine, SocketChannel channel) {
            this.engine = engine;
            this.channel = channel;
            int packet = engine.getSession().getPacketBufferSize();
            netIn = ByteBuffer.allocate(packet);
            netOut = ByteBuffer.allocate(packet);
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            appIn.flip();
        }

        public void handshake() throws IOException {
            engine.beginHandshake();
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            while (hs != SSLEngineResult.HandshakeStatus.FINISHED
                    && hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                switch (hs) {
                    case NEED_WRAP -> {
                        netOut.clear();
                        SSLEngineResult r = engine.wrap(empty, netOut);
                        flush();
                        hs = r.getHandshakeStatus();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        appIn.clear();
                        hs = unwrapOnce(true);
                        appIn.flip();
                        if (hs == null) {
                            throw new SSLException("peer closed during the handshake");
                        }
                    }
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                        hs = engine.getHandshakeStatus();
                    }
                    default -> throw new SSLException("handshake status " + hs);
                }
            }
        }

        /** Writes all of {@code b[off, off + len)}, one record (at most 16 KiB) per wrap. */
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            while (src.hasRemaining()) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(src, netOut);
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("wrap: " + r);
                }
                flush();
            }
        }

        /** Reads up to {@code len} decrypted bytes (at least 1); -1 at the end of the stream. */
        public int read(byte[] b, int off, int len) throws IOException {
            while (!appIn.hasRemaining()) {
                appIn.clear();
                SSLEngineResult.HandshakeStatus hs = unwrapOnce(false);
                appIn.flip();
                if (hs == null) {
                    return -1;
                }
            }
            int n = Math.min(len, appIn.remaining());
            appIn.get(b, off, n);
            return n;
        }

        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a loopback socket: nothing left to report.
            }
        }

        private void flush() throws IOException {
            netOut.flip();
            while (netOut.hasRemaining()) {
                channel.write(netOut);
            }
        }

        /** Unwraps one record into appIn (or a scratch buffer while handshaking); null at end of stream. */
        private SSLEngineResult.HandshakeStatus unwrapOnce(boolean handshaking) throws IOException {
            while (true) {
                netIn.flip();
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                netIn.compact();
                switch (r.getStatus()) {
                    case OK -> {
                        if (!handshaking && r.bytesProduced() == 0
                                && r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                            continue;
                        }
                        return r.getHandshakeStatus();
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (channel.read(netIn) < 0) {
                            return null;
                        }
                    }
                    case CLOSED -> {
                        return null;
                    }
                    default -> throw new SSLException("unwrap: " + r);
                }
            }
        }
    }

    /** A benchmark trusts the certificate it made itself. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
