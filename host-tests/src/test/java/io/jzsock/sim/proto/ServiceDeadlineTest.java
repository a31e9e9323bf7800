package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service registry visits a service only when its deadline is due or it armed its handle: a timer
 * that an API call arms on a quiescent stack (every due time already known, nothing stale) must still
 * run at its deadline, with nothing but poll(now) driving the stack.
 */
class ServiceDeadlineTest {
    private static final int E = WiredStack.E;
    private static final int IP4 = WiredStack.IP4;

    @Test
    void aConnectOnAQuiescentStackRetransmitsItsSynWhenTheInitialRtoIsDue() {
        NetConfig cfg = NetConfig.defaults();
        try (WiredStack w = new WiredStack(cfg, 5, null)) {
            w.poll();
            w.advance(5000);
            int c = w.z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, w.z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK));
            assertEquals(-Errno.EINPROGRESS, w.z.connect(c, SockAddr.parse("198.18.0.2", 7)));
            byte[] syn = w.peer.next();
            assertNotNull(syn, "connect sends the SYN at once");
            assertEquals(TcpHeader.SYN, TcpHeader.flags(syn, IP4));
            w.advance(cfg.tcpInitialRtoMillis - 1);
            assertNull(w.peer.next(), "nothing before the RTO");
            w.advance(1);
            byte[] again = w.peer.next();
            assertNotNull(again, "the SYN goes again when the initial RTO is due");
            assertEquals(Ipv4Header.PROTO_TCP, Ipv4Header.protocol(again, E));
            assertEquals(TcpHeader.SYN, TcpHeader.flags(again, IP4));
            assertEquals(TcpHeader.seq(syn, IP4), TcpHeader.seq(again, IP4));
        }
    }

    @Test
    void aJoinOnAQuiescentStackRepeatsItsReportWithinTheReportInterval() {
        try (WiredStack w = new WiredStack(NetConfig.defaults(), 5, null)) {
            w.peer.nic.setPromiscuous(true);
            w.poll();
            w.advance(5000);
            int fd = w.z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            byte[] mreq = new byte[8];
            OptionCodec.putIpv4(mreq, 0, 0xE0010203);
            OptionCodec.putIpv4(mreq, 4, WiredStack.OUR_IP);
            assertEquals(0, w.z.setsockopt(fd, Zsock.IPPROTO_IP, Zsock.IP_ADD_MEMBERSHIP, mreq, 0, 8));
            assertNotNull(w.peer.next(), "the join's first report");
            int reports = 0;
            // RFC 2236 §3: the repetition comes within the Unsolicited Report Interval (10 s); poll every ms.
            for (int ms = 0; ms < 10000; ms++) {
                w.advance(1);
                for (byte[] f = w.peer.next(); f != null; f = w.peer.next()) {
                    if (Ipv4Header.protocol(f, E) == Ipv4Header.PROTO_IGMP
                            && IgmpHeader.type(f, E + Ipv4Header.MIN_LEN + Ipv4Header.ROUTER_ALERT_LEN) == IgmpHeader.TYPE_V2_REPORT) {
                        reports++;
                    }
                }
            }
            assertEquals(1, reports, "one repetition of the report");
        }
    }

    /**
     * A blocking send arms TCP when it starts; what it sends after its wait (the ACK that freed the buffer
     * was the pass that last asked TCP's deadline) sets a retransmission timer the registry must still see,
     * with poll(now) alone and no pollAt.
     */
    @Test
    void aBlockingSendThatWaitedForRoomRetransmitsWhatItSentAfterTheWait() throws Exception {
        NetConfig cfg = NetConfig.defaults();
        try (WiredStack w = new WiredStack(cfg, 5, null)) {
            int l = w.listener(WiredStack.LISTEN_PORT, 2);
            TcpPeer peer = new TcpPeer(w.peer, 40000);
            TcpOptions mss = new TcpOptions();
            mss.mss = 1000;
            peer.send(WiredStack.LISTEN_PORT, 1000, 0, TcpHeader.SYN, 60000, mss, new byte[0]);
            w.poll();
            int iss = TcpPeer.seq(peer.next());
            peer.send(WiredStack.LISTEN_PORT, 1001, iss + 1, TcpHeader.ACK, 60000, null, new byte[0]);
            w.poll();
            int conn = w.z.accept(l, null);
            assertTrue(conn >= 0);
            assertEquals(0, w.z.fcntl(conn, Zsock.F_SETFL, 0));
            int full = cfg.tcpTxBuffer;
            assertEquals(full, w.z.send(conn, new byte[full], 0, full, Zsock.MSG_DONTWAIT));
            while (peer.next() != null) {
                // the buffer's segments, all sent within the initial window
            }
            AtomicInteger sent = new AtomicInteger(Integer.MIN_VALUE);
            Thread writer = new Thread(() -> sent.set(w.z.send(conn, new byte[500], 0, 500, 0)));
            writer.start();
            while (writer.getState() != Thread.State.WAITING) {
                assertTrue(writer.isAlive(), "the send waits for room");
                Thread.sleep(1);
            }
            peer.send(WiredStack.LISTEN_PORT, 1001, iss + 1 + full, TcpHeader.ACK, 60000, null, new byte[0]);
            w.poll();
            writer.join(5000);
            assertEquals(500, sent.get(), "the ACK made room");
            byte[] data = peer.next();
            assertNotNull(data, "the send's segment");
            assertEquals(iss + 1 + full, TcpPeer.seq(data));
            byte[] again = null;
            for (int ms = 0; ms < 2 * cfg.tcpInitialRtoMillis && again == null; ms += 10) {
                w.advance(10);
                again = peer.next();
            }
            assertNotNull(again, "the unacknowledged segment goes again (loss probe or RTO)");
            assertEquals(iss + 1 + full, TcpPeer.seq(again));
        }
    }
}
