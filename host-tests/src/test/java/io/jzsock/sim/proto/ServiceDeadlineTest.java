package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.sock.OptionCodec;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
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
}
