package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rows of zsock-api.md §2.4 that TCP owns, each with its exact errno, over loopback; and bad
 * segments from the wire (literal frames from a raw peer) dropped or answered per RFC 9293 / RFC
 * 5961 and counted.
 */
class TcpErrnoTest extends TcpBLoopback {
    static final int CONNECT_TIMEOUT_MS = 1000;
    static final int MAX_RETRIES = 3;

    @Override
    NetConfig config() {
        NetConfig cfg = super.config();
        cfg.tcpConnectTimeoutMillis = CONNECT_TIMEOUT_MS;
        cfg.tcpMaxRetries = MAX_RETRIES;
        return cfg;
    }

    private int nonblocking(int fd) {
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        return fd;
    }

    @Test
    @DisplayName("connect: non-blocking gives EINPROGRESS; again while the SYN is out gives EALREADY")
    void nonblockingConnectIsInProgressThenAlready() {
        int s = listener(local(SERVER_PORT));
        int c = nonblocking(tcp());
        stack.loopback().setDropPercent(100);
        assertEquals(-Errno.EINPROGRESS, z.connect(c, local(SERVER_PORT)));
        assertEquals(-Errno.EALREADY, z.connect(c, local(SERVER_PORT)));
        assertEquals(0, z.close(c));
        assertEquals(0, z.close(s));
    }

    @Test
    @DisplayName("connect: blocking to a closed port is ECONNREFUSED")
    void blockingConnectToClosedPortIsRefused() {
        int c = tcp();
        assertEquals(-Errno.ECONNREFUSED, z.connect(c, local(8088)));
        assertEquals(0, z.close(c));
    }

    @Test
    @DisplayName("connect: non-blocking to a closed port reports ECONNREFUSED through POLLERR, SO_ERROR and a second connect")
    void nonblockingConnectToClosedPortIsRefused() {
        int c = nonblocking(tcp());
        assertEquals(-Errno.EINPROGRESS, z.connect(c, local(8088)));
        PollFd[] fds = {new PollFd(c, Zsock.POLLOUT)};
        assertEquals(1, z.poll(fds, 1, 2000));
        assertEquals(Zsock.POLLERR, fds[0].revents & Zsock.POLLERR);
        assertEquals(-Errno.ECONNREFUSED, z.connect(c, local(8088)), "the stored asynchronous error");
        assertEquals(0, z.close(c));
    }

    @Test
    @DisplayName("connect: no answer at all is ETIMEDOUT after the connect timeout, and no connection object is left")
    void connectWithoutAnswerTimesOut() {
        int c = tcp();
        stack.loopback().setDropPercent(100);
        long t0 = now();
        assertEquals(-Errno.ETIMEDOUT, z.connect(c, local(SERVER_PORT)));
        long waited = now() - t0;
        assertTrue(waited >= CONNECT_TIMEOUT_MS && waited <= CONNECT_TIMEOUT_MS + SLACK_MS, "waited " + waited);
        assertEquals(0, z.close(c));
        assertEquals(0, stack.tcpConnectionsInUse(), stack.describeTcp());
    }

    @Test
    @DisplayName("accept: non-blocking with an empty queue is EAGAIN within 100 ms")
    void nonblockingAcceptWithEmptyQueueIsEagain() {
        int s = nonblocking(listener(local(SERVER_PORT)));
        long t0 = now();
        assertEquals(-Errno.EAGAIN, z.accept(s, null));
        assertTrue(now() - t0 <= 100);
        assertEquals(0, z.close(s));
    }

    @Test
    @DisplayName("recv: a fresh socket and a listening socket are ENOTCONN")
    void recvOnUnconnectedSocketsIsEnotconn() {
        int c = tcp();
        int s = listener(local(SERVER_PORT));
        byte[] b = new byte[1];
        assertEquals(-Errno.ENOTCONN, z.recv(c, b, 0, 1, 0));
        assertEquals(-Errno.ENOTCONN, z.recv(s, b, 0, 1, 0));
        assertEquals(0, z.close(s));
        assertEquals(0, z.close(c));
    }

    @Test
    @DisplayName("recv: MSG_DONTWAIT and O_NONBLOCK with no data are EAGAIN")
    void recvWithoutDataIsEagain() {
        int[] p = connectedPair();
        byte[] b = new byte[1];
        assertEquals(-Errno.EAGAIN, z.recv(p[0], b, 0, 1, Zsock.MSG_DONTWAIT));
        nonblocking(p[1]);
        assertEquals(-Errno.EAGAIN, z.recv(p[1], b, 0, 1, 0));
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[1]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("recv: retransmissions exhausted on a cut link is ETIMEDOUT, then nothing more is sent")
    void recvAfterRetransmissionsRunOutIsEtimedout() {
        int[] p = connectedPair();
        stack.loopback().setDropPercent(100);
        assertEquals(4, z.send(p[0], "test".getBytes(), 0, 4, 0));
        long retransmits = stack.counter(NetCounters.TCP_RETRANSMIT);
        byte[] b = new byte[1];
        assertEquals(-Errno.ETIMEDOUT, z.recv(p[0], b, 0, 1, 0));
        assertEquals(retransmits + MAX_RETRIES, stack.counter(NetCounters.TCP_RETRANSMIT));
        long tx = stack.counter(NetCounters.TCP_TX);
        sleep(500);
        assertEquals(tx, stack.counter(NetCounters.TCP_TX), "no segment after the connection timed out");
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[1]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("recv: the peer closing with unread data resets the connection: ECONNRESET")
    void peerClosingWithUnreadDataIsEconnreset() {
        int[] p = connectedPair();
        assertEquals(4, z.send(p[0], "test".getBytes(), 0, 4, 0));
        sleep(100);
        long rst = stack.counter(NetCounters.TCP_RST_RX);
        assertEquals(0, z.close(p[1]), "closed with 4 bytes unread: RST");
        byte[] b = new byte[4];
        assertEquals(-Errno.ECONNRESET, z.recv(p[0], b, 0, 4, 0));
        assertEquals(rst + 1, stack.counter(NetCounters.TCP_RST_RX));
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("recv: SO_LINGER {1, 0} on the peer aborts with RST: ECONNRESET")
    void lingerZeroCloseIsEconnreset() {
        int[] p = connectedPair();
        byte[] linger = new byte[8];
        linger[0] = 1;
        assertEquals(0, z.setsockopt(p[1], Zsock.SOL_SOCKET, Zsock.SO_LINGER, linger, 0, 8));
        assertEquals(0, z.close(p[1]));
        byte[] b = new byte[4];
        assertEquals(-Errno.ECONNRESET, z.recv(p[0], b, 0, 4, 0));
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("recv: after the peer's FIN, 0 again and again, also once the connection is torn down")
    void eofIsZeroRepeatedly() {
        int[] p = connectedPair();
        assertEquals(0, z.close(p[0]));
        byte[] b = new byte[1];
        assertEquals(0, z.recv(p[1], b, 0, 1, 0));
        assertEquals(0, z.recv(p[1], b, 0, 1, 0));
        sleep(TIME_WAIT_MS + 200);
        assertEquals(0, z.recv(p[1], b, 0, 1, 0));
        assertEquals(0, z.recv(p[1], b, 0, 1, Zsock.MSG_DONTWAIT));
        assertEquals(0, z.close(p[1]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("send: non-blocking with the peer's window and the send buffer full is EAGAIN after exactly both")
    void sendIntoFullWindowIsEagain() {
        int[] p = connectedPair();
        int total = fillWindowAndSendBuffer(p[0]);
        assertEquals(stack.config().tcpRxBuffer + stack.config().tcpTxBuffer, total,
                "the peer's receive buffer is the window; our send buffer holds as much again (Linux, not Zephyr)");
        assertEquals(-Errno.EAGAIN, z.send(p[0], new byte[1], 0, 1, Zsock.MSG_DONTWAIT), "zero window, buffer full");
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[1]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("send: after shutdown(SHUT_WR) is EPIPE; the peer reads EOF and can still send back")
    void sendAfterShutWrIsEpipe() {
        int[] p = connectedPair();
        assertEquals(0, z.shutdown(p[0], Zsock.SHUT_WR));
        assertEquals(-Errno.EPIPE, z.send(p[0], "x".getBytes(), 0, 1, 0));
        byte[] b = new byte[4];
        assertEquals(0, z.recv(p[1], b, 0, 4, 0));
        assertEquals(2, z.send(p[1], "ok".getBytes(), 0, 2, 0));
        assertEquals(2, z.recv(p[0], b, 0, 4, 0));
        assertEquals(0, z.close(p[1]));
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[2]));
    }

    @Test
    @DisplayName("bind: the port of a listener, and of a TIME_WAIT connection without SO_REUSEADDR, is EADDRINUSE")
    void bindToBusyPortIsEaddrinuse() {
        // A TIME_WAIT long enough that a loaded machine cannot end it before the second bind.
        NetConfig cfg = config();
        cfg.tcpTimeWaitMillis = 3000;
        restart(cfg);
        int s = listener(any(SERVER_PORT));
        int other = tcp();
        assertEquals(-Errno.EADDRINUSE, z.bind(other, local(SERVER_PORT)));
        assertEquals(-Errno.EADDRINUSE, z.bind(other, any(SERVER_PORT)));
        int c = tcp();
        assertEquals(0, z.connect(c, local(SERVER_PORT)));
        int a = accept(s);
        assertEquals(0, z.close(s));
        assertEquals(0, z.close(a));
        assertEquals(0, z.close(c));
        long end = System.currentTimeMillis() + 2000;
        while (!stack.describeTcp().contains("TIME_WAIT :" + SERVER_PORT) && System.currentTimeMillis() < end) {
            sleep(5);
        }
        assertTrue(stack.describeTcp().contains("TIME_WAIT :" + SERVER_PORT), stack.describeTcp());
        assertEquals(-Errno.EADDRINUSE, z.bind(other, local(SERVER_PORT)));
        assertEquals(0, z.close(other));
    }

    @Test
    @DisplayName("socket: ENOENT when every TCP connection object is taken")
    void socketWithEveryConnectionObjectTakenIsEnoent() {
        NetConfig cfg = config();
        cfg.maxTcpConnections = 2;
        restart(cfg);
        tcp();
        tcp();
        assertEquals(-Errno.ENOENT, z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0));
    }

    @Test
    @DisplayName("socket and accept: ENFILE when the fd table is full")
    void fullFdTableIsEnfile() {
        NetConfig cfg = config();
        cfg.maxFds = 3;
        cfg.maxTcpConnections = 6;
        restart(cfg);
        int s = listener(local(SERVER_PORT));
        int c = tcp();
        int third = tcp();
        assertEquals(-Errno.ENFILE, z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0));
        assertEquals(0, z.close(third));
        assertEquals(0, z.connect(c, local(SERVER_PORT)));
        int filler = tcp();
        assertEquals(-Errno.ENFILE, z.accept(s, null), "an established connection waits, but no fd is free");
        assertEquals(0, z.close(filler));
        int a = accept(s);
        assertEquals(0, z.close(a));
        assertEquals(0, z.close(c));
        assertEquals(0, z.close(s));
    }

    @Test
    @DisplayName("SO_LINGER: getsockopt returns the struct set; a bad optlen is EINVAL both ways")
    void lingerRoundTripsAndRejectsBadLength() {
        int s = tcp();
        byte[] v = new byte[8];
        int[] len = {8};
        assertEquals(0, z.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_LINGER, v, 0, len));
        assertEquals(8, len[0]);
        assertArrayEquals(new byte[8], v, "off by default");
        byte[] set = {1, 0, 0, 0, 5, 0, 0, 0};
        assertEquals(0, z.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_LINGER, set, 0, 8));
        assertEquals(0, z.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_LINGER, v, 0, len));
        assertEquals(8, len[0]);
        assertArrayEquals(set, v);
        assertEquals(-Errno.EINVAL, z.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_LINGER, set, 0, 4));
        int[] shortLen = {4};
        assertEquals(-Errno.EINVAL, z.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_LINGER, v, 0, shortLen));
        assertEquals(0, z.close(s));
    }

    @Test
    @DisplayName("listen: on a connected socket is EINVAL")
    void listenOnConnectedSocketIsEinval() {
        int[] p = connectedPair();
        assertEquals(-Errno.EINVAL, z.listen(p[0], 1));
        assertEquals(-Errno.EINVAL, z.listen(p[1], 1));
        assertEquals(0, z.close(p[0]));
        assertEquals(0, z.close(p[1]));
        assertEquals(0, z.close(p[2]));
    }

    /**
     * Bad data from the wire against an established connection (stack 198.18.0.1:80 passive, raw
     * peer 198.18.0.2:40000, no TCP options), in virtual time.
     */
    @Nested
    class FromTheWire {
        static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
        static final int OUR_IP = 0xC6120001;
        static final int PORT = 80;
        static final int PEER_PORT = 40000;
        static final int PEER_ISS = 1000;
        static final byte[] NONE = {};

        final VirtualClock clock = new VirtualClock(1000);
        final NetStack wire = NetStack.create(NetConfig.defaults(), clock, new SeededEntropy(7));
        final Zsock w = wire.zsock();
        final TcpBRawPeer peer = new TcpBRawPeer();
        int ourIss;
        int conn;
        int listen;

        @BeforeEach
        void establish() {
            VirtualNic nic = new VirtualNic(OUR_MAC);
            VirtualWire.connect(nic, peer.nic());
            wire.addInterface(nic, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
            peer.send(TcpBRawPeer.arpRequest(OUR_MAC, OUR_IP));
            poll();
            assertNotNull(peer.next(), "ARP reply");

            listen = w.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, w.fcntl(listen, Zsock.F_SETFL, Zsock.O_NONBLOCK));
            assertEquals(0, w.bind(listen, SockAddr.parse("0.0.0.0", PORT)));
            assertEquals(0, w.listen(listen, 1));
            peer.send(seg(PEER_ISS, 0, TcpHeader.SYN, NONE));
            poll();
            byte[] synAck = peer.next();
            assertNotNull(synAck, "SYN-ACK");
            assertEquals(TcpHeader.SYN | TcpHeader.ACK, TcpHeader.flags(synAck, TcpBRawPeer.T));
            assertEquals(PEER_ISS + 1, TcpHeader.ack(synAck, TcpBRawPeer.T));
            ourIss = TcpHeader.seq(synAck, TcpBRawPeer.T);
            peer.send(seg(PEER_ISS + 1, ourIss + 1, TcpHeader.ACK, NONE));
            poll();
            conn = w.accept(listen, null);
            assertTrue(conn >= 0, "accept " + Errno.name(conn));
            assertEquals(0, w.fcntl(conn, Zsock.F_SETFL, Zsock.O_NONBLOCK));
            assertNull(peer.next(), "nothing owed after the handshake");
        }

        @AfterEach
        void stopWire() {
            wire.stop();
        }

        private void poll() {
            wire.poll(clock.nowMillis());
        }

        private byte[] seg(int seq, int ack, int flags, byte[] payload) {
            return TcpBRawPeer.segment(OUR_MAC, OUR_IP, PEER_PORT, PORT, seq, ack, flags, 8192, NONE, payload);
        }

        /** The connection still works: in-order data is taken, acknowledged and readable. */
        private void assertStillEstablished() {
            peer.send(seg(PEER_ISS + 1, ourIss + 1, TcpHeader.ACK | TcpHeader.PSH, "hi".getBytes()));
            poll();
            byte[] ack = peer.next();
            assertNotNull(ack, "data acknowledged");
            assertEquals(PEER_ISS + 3, TcpHeader.ack(ack, TcpBRawPeer.T));
            byte[] b = new byte[4];
            assertEquals(2, w.recv(conn, b, 0, 4, 0));
            assertEquals('h', b[0]);
            assertEquals('i', b[1]);
        }

        private void assertChallengeAck(byte[] reply) {
            assertNotNull(reply, "challenge ACK");
            assertEquals(TcpHeader.ACK, TcpHeader.flags(reply, TcpBRawPeer.T));
            assertEquals(ourIss + 1, TcpHeader.seq(reply, TcpBRawPeer.T), "SEQ = SND.NXT");
            assertEquals(PEER_ISS + 1, TcpHeader.ack(reply, TcpBRawPeer.T), "ACK = RCV.NXT");
        }

        private void sendAndExpectSilence(byte[] frame, int counter) {
            long before = wire.counter(counter);
            peer.send(frame);
            poll();
            assertNull(peer.next(), "no answer");
            assertEquals(before + 1, wire.counter(counter), NetCounters.name(counter));
            assertEquals(wire.packetBuffers(), wire.freePacketBuffers(), "dropped segment returned to the pool");
        }

        @Test
        @DisplayName("a segment with a bad checksum is dropped silently and counted")
        void badChecksumIsDroppedAndCounted() {
            byte[] f = seg(PEER_ISS + 1, ourIss + 1, TcpHeader.ACK | TcpHeader.PSH, "xy".getBytes());
            f[TcpBRawPeer.T + TcpHeader.CHECKSUM] ^= 0x01;
            sendAndExpectSilence(f, NetCounters.TCP_DROP_BAD_CHECKSUM);
            int[] avail = {-1};
            assertEquals(0, w.ioctl(conn, Zsock.FIONREAD, avail));
            assertEquals(0, avail[0]);
            assertStillEstablished();
        }

        @Test
        @DisplayName("options whose length runs past the header are dropped silently and counted as malformed")
        void overrunningOptionsAreDroppedAndCounted() {
            byte[] timestampClaimingTenBytesInFour = {8, 10, 0, 0};
            byte[] f = TcpBRawPeer.segment(OUR_MAC, OUR_IP, PEER_PORT, PORT, PEER_ISS + 1, ourIss + 1,
                    TcpHeader.ACK | TcpHeader.PSH, 8192, timestampClaimingTenBytesInFour, "xy".getBytes());
            sendAndExpectSilence(f, NetCounters.TCP_DROP_MALFORMED);
            assertStillEstablished();
        }

        @Test
        @DisplayName("RFC 5961 §4: a SYN in the window of a synchronized connection gets a counted challenge ACK")
        void inWindowSynGetsChallengeAck() {
            long before = wire.counter(NetCounters.TCP_CHALLENGE_ACK);
            peer.send(seg(PEER_ISS + 11, 0, TcpHeader.SYN, NONE));
            poll();
            assertChallengeAck(peer.next());
            assertEquals(before + 1, wire.counter(NetCounters.TCP_CHALLENGE_ACK));
            assertStillEstablished();
        }

        @Test
        @DisplayName("RFC 5961 §4: a SYN outside the window also gets a counted challenge ACK")
        void outOfWindowSynGetsChallengeAck() {
            long before = wire.counter(NetCounters.TCP_CHALLENGE_ACK);
            peer.send(seg(PEER_ISS + 100000, 0, TcpHeader.SYN, NONE));
            poll();
            assertChallengeAck(peer.next());
            assertEquals(before + 1, wire.counter(NetCounters.TCP_CHALLENGE_ACK));
            assertStillEstablished();
        }

        @Test
        @DisplayName("RFC 5961 §3.2: an RST outside the window is ignored and counted")
        void outOfWindowRstIsIgnored() {
            sendAndExpectSilence(seg(PEER_ISS + 1 + 100000, 0, TcpHeader.RST, NONE), NetCounters.TCP_DROP_OUT_OF_WINDOW);
            assertStillEstablished();
        }

        @Test
        @DisplayName("RFC 5961 §3.2: an RST in the window but not at RCV.NXT gets a counted challenge ACK")
        void inexactRstGetsChallengeAck() {
            long before = wire.counter(NetCounters.TCP_CHALLENGE_ACK);
            long rst = wire.counter(NetCounters.TCP_RST_RX);
            peer.send(seg(PEER_ISS + 1 + 100, 0, TcpHeader.RST, NONE));
            poll();
            assertChallengeAck(peer.next());
            assertEquals(before + 1, wire.counter(NetCounters.TCP_CHALLENGE_ACK));
            assertEquals(rst, wire.counter(NetCounters.TCP_RST_RX), "not taken as a reset");
            assertStillEstablished();
        }

        @Test
        @DisplayName("an RST exactly at RCV.NXT resets the connection: recv is ECONNRESET")
        void exactRstResetsTheConnection() {
            long rst = wire.counter(NetCounters.TCP_RST_RX);
            peer.send(seg(PEER_ISS + 1, 0, TcpHeader.RST, NONE));
            poll();
            assertNull(peer.next(), "an RST is never answered");
            assertEquals(rst + 1, wire.counter(NetCounters.TCP_RST_RX));
            byte[] b = new byte[1];
            assertEquals(-Errno.ECONNRESET, w.recv(conn, b, 0, 1, 0));
            assertEquals(0, w.close(conn));
            assertEquals(0, w.close(listen));
            assertEquals(0, wire.tcpConnectionsInUse(), wire.describeTcp());
        }
    }
}
