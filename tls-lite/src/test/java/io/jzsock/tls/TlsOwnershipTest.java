package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.ZsockConstants;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TLS sockets under socket ownership: a TLS fd, connected or accepted, belongs to the owner that made
 * it, and releasing that owner closes it with close_notify. A TLS 1.2 PSK client of owner A talks to
 * the supervisor's TLS server through a plain TCP relay of the supervisor that records what the client
 * sends, so the close_notify alert record (content type 21, RFC 5246 §7.2.1) is seen on the wire.
 */
class TlsOwnershipTest {
    private static final int PSK_TAG = 3;
    private static final int SERVER_PORT = 7601;
    private static final int RELAY_PORT = 7602;

    private final NetStack stack;
    private final Zsock kernel;
    private final TlsCredentials creds;

    TlsOwnershipTest() {
        NetConfig nc = NetConfig.defaults();
        nc.socketOwnership = true;
        nc.maxFds = 24;
        nc.maxTcpConnections = 12;
        stack = NetStack.start(nc);
        kernel = stack.zsock();
        CredentialConfig cc = CredentialConfig.defaults();
        creds = new TlsCredentials(new RamCredentialStore(cc), cc);
        assertEquals(0, creds.add(PSK_TAG, TlsCredentials.PSK, TlsLab.PSK_BYTES, 0, TlsLab.PSK_BYTES.length));
        assertEquals(0, creds.add(PSK_TAG, TlsCredentials.PSK_ID, TlsLab.PSK_ID, 0, TlsLab.PSK_ID.length));
        TlsSockets.install(stack, creds);
    }

    @AfterEach
    void stop() {
        stack.stop();
        assertNull(stack.netThreadFailure());
    }

    @Test
    void releasingTheOwnerClosesItsTlsSocketWithCloseNotify() throws Exception {
        Object appA = new Object();
        Object appB = new Object();
        Zsock a = stack.zsock(appA);
        Zsock b = stack.zsock(appB);
        int l = tls(kernel);
        assertEquals(0, kernel.bind(l, SockAddr.parse("127.0.0.1", SERVER_PORT)));
        assertEquals(0, kernel.listen(l, 1));
        int rl = kernel.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, kernel.bind(rl, SockAddr.parse("127.0.0.1", RELAY_PORT)));
        assertEquals(0, kernel.listen(rl, 1));
        ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
        CompletableFuture<Integer> relay = TlsLab.async(() -> relay(rl, fromClient));
        CompletableFuture<Integer> accepted = TlsLab.async(() -> kernel.accept(l, null));

        int c = tls(a);
        assertEquals(0, a.connect(c, SockAddr.parse("127.0.0.1", RELAY_PORT)), "handshake through the relay");
        int s = accepted.get(10, TimeUnit.SECONDS);
        assertTrue(s >= 0);
        assertEquals(5, a.send(c, "hello".getBytes(), 0, 5, 0));
        byte[] got = new byte[16];
        assertEquals(5, kernel.recv(s, got, 0, got.length, 0));
        assertEquals(-Errno.EBADF, b.send(c, got, 0, 1, 0), "A's TLS fd is A's");
        assertEquals(-Errno.EBADF, a.recv(s, got, 0, 1, 0), "the accepted TLS fd is the supervisor's");
        int sentBefore = fromClient.size();

        assertEquals(1, stack.release(appA));

        assertEquals(0, kernel.recv(s, got, 0, got.length, 0), "the server reads the end of the stream");
        relay.get(10, TimeUnit.SECONDS);
        byte[] tail = fromClient.toByteArray();
        assertTrue(tail.length > sentBefore, "A's socket sent a record on release");
        assertEquals(21, tail[sentBefore], "an alert record: close_notify");
        assertEquals(-Errno.EBADF, a.send(c, got, 0, 1, 0));
        kernel.close(s);
        kernel.close(l);
        kernel.close(rl);
    }

    @Test
    void aTagAddedByOneOwnerIsEaccesToAnotherUntilGranted() {
        Object appA = new Object();
        Object appB = new Object();
        Zsock a = stack.zsock(appA);
        Zsock b = stack.zsock(appB);
        int tag = 10;
        byte[] psk = TlsLab.PSK_BYTES;
        byte[] id = TlsLab.PSK_ID;
        assertEquals(0, creds.addAs(appA, tag, TlsCredentials.PSK, psk, 0, psk.length, 0));
        assertEquals(0, creds.addAs(appA, tag, TlsCredentials.PSK_ID, id, 0, id.length, 0));
        byte[] out = new byte[64];
        int[] len = {out.length};
        assertEquals(-Errno.EACCES, creds.getAs(appB, tag, TlsCredentials.PSK, out, 0, len));
        assertEquals(0, len[0], "nothing written back");
        assertEquals(-Errno.EACCES, creds.deleteAs(appB, tag, TlsCredentials.PSK));
        assertEquals(-Errno.EACCES, creds.addAs(appB, tag, TlsCredentials.CA_CERTIFICATE, psk, 0, 4, 0),
                "nor may B add to A's tag");
        int fb = b.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_2);
        assertEquals(-Errno.EACCES, b.setsockopt(fb, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {PSK_TAG, tag}, 2),
                "access to the TLS credential subsystem was denied");
        assertEquals(0, b.setsockopt(fb, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {PSK_TAG}, 1),
                "the supervisor's tags are everyone's");
        int fa = a.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_2);
        assertEquals(0, a.setsockopt(fa, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        len[0] = out.length;
        assertEquals(0, creds.get(tag, TlsCredentials.PSK, out, 0, len), "the supervisor reads every tag");

        assertEquals(-Errno.EACCES, creds.grant(appB, tag, appB), "B cannot grant itself A's tag");
        assertEquals(0, creds.grant(appA, tag, appB));
        len[0] = out.length;
        assertEquals(0, creds.getAs(appB, tag, TlsCredentials.PSK, out, 0, len));
        assertEquals(psk.length, len[0]);
        assertEquals(0, b.setsockopt(fb, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(0, creds.revoke(appA, tag, appB));
        assertEquals(-Errno.EINVAL, creds.revoke(appA, tag, appA), "the owner's access is not a grant");
        assertEquals(-Errno.EACCES, b.setsockopt(fb, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {tag}, 1));
        assertEquals(-Errno.ENOENT, creds.grant(appA, PSK_TAG, appB), "the supervisor's tags need no grant");

        assertEquals(0, creds.deleteAs(appA, tag, TlsCredentials.PSK));
        assertEquals(0, creds.deleteAs(appA, tag, TlsCredentials.PSK_ID));
        assertEquals(0, creds.addAs(appB, tag, TlsCredentials.PSK, psk, 0, psk.length, 0), "a freed tag is free to claim");
        assertEquals(-Errno.EACCES, creds.getAs(appA, tag, TlsCredentials.PSK, out, 0, new int[] {out.length}));
        kernel.close(fa);
        kernel.close(fb);
    }

    private static int tls(Zsock z) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_2);
        assertTrue(fd >= 0, "tls socket: " + fd);
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {PSK_TAG}, 1));
        assertEquals(0, z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_PEER_VERIFY, ZsockConstants.TLS_PEER_VERIFY_NONE));
        return fd;
    }

    /** Accepts one client on rl, connects to the TLS server and copies both ways; records the client's bytes. */
    private int relay(int rl, ByteArrayOutputStream fromClient) {
        int in = kernel.accept(rl, null);
        int out = kernel.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        if (in < 0 || kernel.connect(out, SockAddr.parse("127.0.0.1", SERVER_PORT)) != 0) {
            return -1;
        }
        TlsLab.run(() -> copy(out, in, null));
        copy(in, out, fromClient);
        kernel.close(in);
        kernel.close(out);
        return 0;
    }

    private void copy(int from, int to, ByteArrayOutputStream record) {
        byte[] buf = new byte[4096];
        while (true) {
            int n = kernel.recv(from, buf, 0, buf.length, 0);
            if (n <= 0) {
                kernel.shutdown(to, Zsock.SHUT_WR);
                return;
            }
            if (record != null) {
                synchronized (record) {
                    record.write(buf, 0, n);
                }
            }
            if (kernel.send(to, buf, 0, n, 0) != n) {
                return;
            }
        }
    }
}
