package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** jzsock TLS client against jzsock TLS server over loopback: each version, key type and PSK. */
class TlsStreamHandshakeTest {
    @ParameterizedTest(name = "{0} server tag {1}")
    @CsvSource({
        "259, 2, 4865", // TLS 1.3, ECDSA: TLS_AES_128_GCM_SHA256
        "259, 5, 4865", // TLS 1.3, RSA-PSS
        "258, 2, 49195", // TLS 1.2, ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        "258, 5, 49199", // TLS 1.2, ECDHE_RSA_WITH_AES_128_GCM_SHA256
        "259, 3, 4865", // TLS 1.3 external PSK (TLS-27)
        "258, 3, 52396", // TLS 1.2 ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256
    })
    void handshakeThenEchoBothWays(int proto, int serverTag, int expectedSuite) throws Exception {
        try (TlsLab lab = new TlsLab()) {
            int port = 4400 + serverTag;
            int l = lab.listener(proto, port, serverTag);
            CompletableFuture<Integer> server = TlsLab.async(() -> {
                int fd = lab.z.accept(l, new SockAddr());
                if (fd < 0) {
                    return fd;
                }
                byte[] b = new byte[64];
                int n = lab.z.recv(fd, b, 0, b.length, 0);
                if (n <= 0) {
                    return n - 1000;
                }
                lab.z.send(fd, b, 0, n, 0);
                int[] suite = new int[1];
                lab.z.getsockopt(fd, ZsockConstants.SOL_TLS, ZsockConstants.TLS_CIPHERSUITE_USED, suite);
                lab.z.close(fd);
                return suite[0];
            });
            int clientTag = serverTag == TlsLab.PSK ? TlsLab.PSK : TlsLab.CA;
            int c = lab.client(proto, ZsockConstants.TLS_PEER_VERIFY_NONE, clientTag);
            long t0 = System.nanoTime();
            assertEquals(0, lab.z.connect(c, SockAddr.parse("127.0.0.1", port)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("handshake proto " + proto + " tag " + serverTag + ": " + ms + " ms");
            byte[] msg = "hello over tls".getBytes();
            assertEquals(msg.length, lab.z.send(c, msg, 0, msg.length, 0));
            byte[] back = new byte[msg.length];
            assertEquals(msg.length, lab.z.recv(c, back, 0, back.length, ZsockConstants.MSG_WAITALL));
            assertArrayEquals(msg, back);
            int[] suite = new int[1];
            assertEquals(0, lab.z.getsockopt(c, ZsockConstants.SOL_TLS, ZsockConstants.TLS_CIPHERSUITE_USED, suite));
            assertEquals(expectedSuite, suite[0]);
            assertEquals(expectedSuite, server.get(10, TimeUnit.SECONDS));
            assertEquals(0, lab.z.recv(c, back, 0, back.length, 0), "close_notify from the server is EOF");
            lab.z.close(c);
            lab.z.close(l);
        }
    }

    @org.junit.jupiter.api.Test
    void aPskLongerThanTheSocketsBufferIsRejectedWhenTheTagIsSet() throws Exception {
        try (TlsLab lab = new TlsLab()) {
            byte[] id = "long".getBytes();
            for (int len : new int[] {64, 65}) {
                int tag = 100 + len;
                lab.add(tag, TlsCredentials.PSK, new byte[len]);
                lab.add(tag, TlsCredentials.PSK_ID, id);
                int fd = lab.z.socket(ZsockConstants.AF_INET, ZsockConstants.SOCK_STREAM, ZsockConstants.IPPROTO_TLS_1_2);
                assertEquals(len <= TlsConfig.defaults().maxPskBytes ? 0 : -io.jzsock.net.Errno.EINVAL,
                        lab.z.setsockopt(fd, ZsockConstants.SOL_TLS, ZsockConstants.TLS_SEC_TAG_LIST, new int[] {tag}, 1),
                        "PSK of " + len + " bytes");
                lab.z.close(fd);
            }
        }
    }
}
