package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Socks5ClientTest {
    /** struct sockaddr_in for 198.18.0.2:1080: family 1 little-endian, port and address in network order. */
    private static final byte[] PROXY = {1, 0, 0x04, 0x38, (byte) 198, 18, 0, 2};
    private static final int DST_IP = 0xC6120003;
    private static final int DST_PORT = 7;
    private static final byte[] CONNECT = {5, 1, 0, 1, (byte) 198, 18, 0, 3, 0, 7};
    private static final byte[] SUCCESS_V4 = {5, 0, 0, 1, 10, 0, 0, 1, 0x1f, (byte) 0x90};

    private static byte[] withCredentials(String user, String pass) {
        byte[] v = new byte[24 + 2 + user.length() + pass.length()];
        System.arraycopy(PROXY, 0, v, 0, 8);
        v[24] = (byte) user.length();
        System.arraycopy(user.getBytes(), 0, v, 25, user.length());
        v[25 + user.length()] = (byte) pass.length();
        System.arraycopy(pass.getBytes(), 0, v, 26 + user.length(), pass.length());
        return v;
    }

    private static Socks5Client started(byte[] option) {
        Socks5Client s = new Socks5Client();
        assertEquals(0, s.configure(option, 0, option.length));
        s.target(DST_IP, DST_PORT);
        s.start();
        return s;
    }

    private static byte[] drain(Socks5Client s) {
        byte[] b = Arrays.copyOfRange(s.out(), s.outOff(), s.outOff() + s.outLen());
        s.sent(s.outLen());
        return b;
    }

    private static int feed(Socks5Client s, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return s.input(b, 0, b.length);
    }

    private static Socks5Client awaitingReply() {
        Socks5Client s = started(PROXY);
        drain(s);
        feed(s, 5, 0);
        assertArrayEquals(CONNECT, drain(s));
        return s;
    }

    @Test
    void configureReadsZephyrSockaddrIn() {
        Socks5Client s = new Socks5Client();
        assertEquals(0, s.configure(PROXY, 0, 8));
        assertTrue(s.enabled());
        assertFalse(s.hasCredentials());
        assertEquals(0xC6120002, s.proxyIp());
        assertEquals(1080, s.proxyPort());
    }

    @Test
    void configureAcceptsAFullSizeSockaddrWithoutCredentials() {
        byte[] v = Arrays.copyOf(PROXY, 24);
        Socks5Client s = new Socks5Client();
        assertEquals(0, s.configure(v, 0, 24));
        assertFalse(s.hasCredentials());
    }

    @Test
    void configureRejectsShortValueAndOtherFamilies() {
        Socks5Client s = new Socks5Client();
        assertEquals(-Errno.EINVAL, s.configure(PROXY, 0, 7));
        byte[] v6 = PROXY.clone();
        v6[0] = 2;
        assertEquals(-Errno.EINVAL, s.configure(v6, 0, 8));
        byte[] bigEndianFamily = PROXY.clone();
        bigEndianFamily[0] = 0;
        bigEndianFamily[1] = 1;
        assertEquals(-Errno.EINVAL, s.configure(bigEndianFamily, 0, 8));
        assertFalse(s.enabled());
    }

    @Test
    void configureRejectsMalformedCredentials() {
        Socks5Client s = new Socks5Client();
        byte[] ok = withCredentials("u", "p");
        assertEquals(-Errno.EINVAL, s.configure(ok, 0, ok.length - 1));
        byte[] emptyUser = withCredentials("", "pw");
        assertEquals(-Errno.EINVAL, s.configure(emptyUser, 0, emptyUser.length));
        byte[] emptyPass = withCredentials("user", "");
        assertEquals(-Errno.EINVAL, s.configure(emptyPass, 0, emptyPass.length));
        byte[] trailing = Arrays.copyOf(ok, ok.length + 1);
        assertEquals(-Errno.EINVAL, s.configure(trailing, 0, trailing.length));
        assertFalse(s.enabled());
        assertEquals(0, s.configure(ok, 0, ok.length));
        assertTrue(s.hasCredentials());
    }

    @Test
    void greetingOffersNoAuthOnlyWithoutCredentials() {
        Socks5Client s = started(PROXY);
        assertEquals(Socks5Client.AWAIT_METHOD, s.state());
        assertArrayEquals(new byte[] {5, 1, 0}, drain(s));
        assertEquals(2, s.wanted());
    }

    @Test
    void noAuthHandshakeSendsConnectAndTakesExactlyTheReply() {
        Socks5Client s = awaitingReply();
        assertEquals(Socks5Client.AWAIT_REPLY, s.state());
        byte[] replyThenData = Arrays.copyOf(SUCCESS_V4, 13);
        replyThenData[10] = 'h';
        replyThenData[11] = 'i';
        replyThenData[12] = '!';
        assertEquals(10, s.input(replyThenData, 0, replyThenData.length));
        assertEquals(Socks5Client.DONE, s.state());
        assertEquals(0, s.wanted());
        assertEquals(0, s.error());
    }

    @Test
    void replyArrivingOneByteAtATimeCompletes() {
        Socks5Client s = awaitingReply();
        for (int i = 0; i < SUCCESS_V4.length; i++) {
            assertTrue(s.pending());
            assertEquals(1, s.input(SUCCESS_V4, i, 1));
        }
        assertEquals(Socks5Client.DONE, s.state());
    }

    @Test
    void replyWithIpv6AndDomainBoundAddressesIsConsumedWhole() {
        Socks5Client v6 = awaitingReply();
        byte[] r6 = new byte[22 + 4];
        r6[0] = 5;
        r6[3] = 4;
        assertEquals(22, v6.input(r6, 0, r6.length));
        assertEquals(Socks5Client.DONE, v6.state());

        Socks5Client dn = awaitingReply();
        byte[] rd = {5, 0, 0, 3, 3, 'p', 'r', 'x', 0, 80, 'X'};
        assertEquals(10, dn.input(rd, 0, rd.length));
        assertEquals(Socks5Client.DONE, dn.state());
    }

    @Test
    void userPassHandshakeFollowsRfc1929() {
        Socks5Client s = started(withCredentials("alice", "s3cret"));
        assertArrayEquals(new byte[] {5, 2, 0, 2}, drain(s));
        assertEquals(2, feed(s, 5, 2));
        assertEquals(Socks5Client.AWAIT_AUTH, s.state());
        assertArrayEquals(new byte[] {1, 5, 'a', 'l', 'i', 'c', 'e', 6, 's', '3', 'c', 'r', 'e', 't'}, drain(s));
        assertEquals(2, feed(s, 1, 0));
        assertEquals(Socks5Client.AWAIT_REPLY, s.state());
        assertArrayEquals(CONNECT, drain(s));
        assertEquals(10, s.input(SUCCESS_V4, 0, 10));
        assertEquals(Socks5Client.DONE, s.state());
    }

    @Test
    void proxyMayChooseNoAuthEvenWhenCredentialsAreOffered() {
        Socks5Client s = started(withCredentials("alice", "pw"));
        drain(s);
        feed(s, 5, 0);
        assertEquals(Socks5Client.AWAIT_REPLY, s.state());
        assertArrayEquals(CONNECT, drain(s));
    }

    @Test
    void rejectedCredentialsFailWithEacces() {
        Socks5Client s = started(withCredentials("alice", "wrong"));
        drain(s);
        feed(s, 5, 2);
        drain(s);
        assertEquals(2, feed(s, 1, 1));
        assertEquals(Socks5Client.FAILED, s.state());
        assertEquals(Errno.EACCES, s.error());
        assertEquals(0, s.outLen());
    }

    @Test
    void noAcceptableMethodFailsWithEacces() {
        Socks5Client s = started(PROXY);
        drain(s);
        feed(s, 5, 0xff);
        assertEquals(Socks5Client.FAILED, s.state());
        assertEquals(Errno.EACCES, s.error());
    }

    @Test
    void userPassChosenWithoutCredentialsIsAProtocolError() {
        Socks5Client s = started(PROXY);
        drain(s);
        feed(s, 5, 2);
        assertEquals(Errno.ECONNREFUSED, s.error());
    }

    @Test
    void eachReplyCodeMapsToItsErrno() {
        int[][] expected = {
            {0x01, Errno.ECONNREFUSED}, {0x02, Errno.ECONNREFUSED}, {0x03, Errno.ENETUNREACH},
            {0x04, Errno.EHOSTUNREACH}, {0x05, Errno.ECONNREFUSED}, {0x06, Errno.ECONNREFUSED},
            {0x07, Errno.ECONNREFUSED}, {0x08, Errno.ECONNREFUSED}, {0x42, Errno.ECONNREFUSED},
        };
        for (int[] e : expected) {
            Socks5Client s = awaitingReply();
            assertEquals(2, s.input(new byte[] {5, (byte) e[0], 0, 1, 0, 0, 0, 0, 0, 0}, 0, 10), "REP " + e[0]);
            assertEquals(Socks5Client.FAILED, s.state());
            assertEquals(e[1], s.error(), "REP " + e[0]);
            assertEquals(e[0], s.replyCode());
        }
    }

    @Test
    void garbageRepliesFailWithEconnrefused() {
        Socks5Client badMethodVersion = started(PROXY);
        drain(badMethodVersion);
        assertEquals(1, feed(badMethodVersion, 4, 0));
        assertEquals(Errno.ECONNREFUSED, badMethodVersion.error());

        Socks5Client gssapi = started(PROXY);
        drain(gssapi);
        feed(gssapi, 5, 1);
        assertEquals(Errno.ECONNREFUSED, gssapi.error());

        Socks5Client badAuthVersion = started(withCredentials("u", "p"));
        drain(badAuthVersion);
        feed(badAuthVersion, 5, 2);
        drain(badAuthVersion);
        assertEquals(1, feed(badAuthVersion, 5, 0));
        assertEquals(Errno.ECONNREFUSED, badAuthVersion.error());

        Socks5Client httpReply = awaitingReply();
        byte[] http = "HTTP/1.1 400 Bad Request\r\n".getBytes();
        assertEquals(1, httpReply.input(http, 0, http.length));
        assertEquals(Errno.ECONNREFUSED, httpReply.error());

        Socks5Client badAtyp = awaitingReply();
        assertEquals(4, feed(badAtyp, 5, 0, 0, 9, 1, 2, 3));
        assertEquals(Errno.ECONNREFUSED, badAtyp.error());
    }

    @Test
    void truncatedReplyStaysPendingAndTakesNothingAfterFailure() {
        Socks5Client s = awaitingReply();
        assertEquals(7, s.input(SUCCESS_V4, 0, 7));
        assertTrue(s.pending());
        assertEquals(3, s.wanted());
        s.fail(Errno.ECONNREFUSED);
        assertFalse(s.pending());
        assertEquals(0, s.wanted());
        assertEquals(0, s.input(SUCCESS_V4, 7, 3));
        assertEquals(Errno.ECONNREFUSED, s.error());
    }

    @Test
    void inputBeforeStartTakesNothing() {
        Socks5Client s = new Socks5Client();
        assertEquals(0, s.configure(PROXY, 0, 8));
        s.target(DST_IP, DST_PORT);
        assertTrue(s.pending());
        assertEquals(0, s.input(SUCCESS_V4, 0, 10));
        assertEquals(Socks5Client.CONNECTING, s.state());
    }

    @Test
    void resetForgetsProxyAndCredentials() {
        Socks5Client s = started(withCredentials("a", "b"));
        s.reset();
        assertFalse(s.enabled());
        assertFalse(s.hasCredentials());
        assertFalse(s.pending());
        assertEquals(Socks5Client.IDLE, s.state());
    }

    /**
     * DESIGN §3: the handshake allocates nothing. HotSpot's per-thread TLAB count over whole
     * handshakes (greeting, RFC 1929 auth, CONNECT, reply) after a warm-up; a window is retried at
     * most twice because a JIT recompilation may allocate a one-off object in this thread.
     */
    @Test
    void handshakeAllocatesNothing() {
        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        long id = Thread.currentThread().getId();
        Socks5Client s = new Socks5Client();
        byte[] option = withCredentials("alice", "s3cret");
        assertEquals(0, s.configure(option, 0, option.length));
        byte[] replies = {5, 2, 1, 0, 5, 0, 0, 1, 10, 0, 0, 1, 0x1f, (byte) 0x90};
        byte[] wire = new byte[600];
        handshakes(s, replies, wire, 20_000);
        long allocated = -1;
        for (int window = 0; window < 3 && allocated != 0; window++) {
            long before = mx.getThreadAllocatedBytes(id);
            handshakes(s, replies, wire, 10_000);
            allocated = mx.getThreadAllocatedBytes(id) - before;
        }
        assertEquals(0, allocated);
    }

    private static void handshakes(Socks5Client s, byte[] replies, byte[] wire, int n) {
        for (int i = 0; i < n; i++) {
            s.target(DST_IP + i, DST_PORT);
            s.start();
            int at = 0;
            while (s.pending()) {
                int k = s.outLen();
                System.arraycopy(s.out(), s.outOff(), wire, 0, k);
                s.sent(k);
                at += s.input(replies, at, replies.length - at);
            }
            if (s.state() != Socks5Client.DONE || at != replies.length) {
                throw new AssertionError("handshake " + i + " ended in state " + s.state());
            }
        }
    }

    @Test
    void longestCredentialsFitTheRequestBuffer() {
        String u = "u".repeat(255);
        String p = "p".repeat(255);
        Socks5Client s = started(withCredentials(u, p));
        drain(s);
        feed(s, 5, 2);
        byte[] req = drain(s);
        assertEquals(513, req.length);
        assertEquals(1, req[0]);
        assertEquals((byte) 255, req[1]);
        assertEquals((byte) 255, req[257]);
    }
}
