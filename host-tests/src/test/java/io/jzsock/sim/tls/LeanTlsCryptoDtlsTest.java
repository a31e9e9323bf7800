package io.jzsock.sim.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.sim.bench.tls.TlsConfig;
import io.jzsock.sim.bench.tls.TlsMemory;
import io.jzsock.tls.bc.LeanTlsCrypto;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DTLS 1.2 (RFC 6347 §4.1.2.1: the explicit GCM nonce is the epoch and sequence number BC passes as seqNo) with
 * LeanTlsCrypto on one end and BC's crypto on the other, over an in-memory datagram pair.
 */
class LeanTlsCryptoDtlsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest(name = "{0} lean client {1}")
    @CsvSource({"AES128GCM,true", "AES256GCM,false", "CHACHA20,true", "CHACHA20,false"})
    void dtlsDatagramsArriveIntactBetweenLeanAndStock(String aead, boolean leanClient) throws Exception {
        TlsConfig cfg = TlsConfig.of(ProtocolVersion.DTLSv12, TlsConfig.AUTH_ECDSA, aead);
        TlsCrypto lean = new LeanTlsCrypto(RANDOM);
        TlsCrypto stock = new BcTlsCrypto(RANDOM);
        BlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        CompletableFuture<DTLSTransport> server = CompletableFuture.supplyAsync(() -> {
            try {
                return new DTLSServerProtocol().accept(
                        TlsMemory.serverPeer(cfg, leanClient ? stock : lean), new QueueTransport(toServer, toClient));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        DTLSTransport client = new DTLSClientProtocol().connect(TlsMemory.clientPeer(cfg, leanClient ? lean : stock),
                new QueueTransport(toClient, toServer));
        DTLSTransport srv = server.get(30, TimeUnit.SECONDS);
        byte[] buf = new byte[2000];
        for (int len : new int[] {1, 100, 1000, 1400}) {
            byte[] up = new byte[len];
            RANDOM.nextBytes(up);
            client.send(up, 0, len);
            assertEquals(len, srv.receive(buf, 0, buf.length, 5000));
            assertArrayEquals(up, java.util.Arrays.copyOf(buf, len));
            srv.send(up, 0, len);
            assertEquals(len, client.receive(buf, 0, buf.length, 5000));
            assertArrayEquals(up, java.util.Arrays.copyOf(buf, len));
        }
        client.close();
        srv.close();
    }

    private record QueueTransport(BlockingQueue<byte[]> in, BlockingQueue<byte[]> out) implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1500;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws java.io.IOException {
            try {
                byte[] d = in.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            out.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }
}
