package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.FrameTap;
import io.jzsock.sim.wire.Impairment;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * RFC 4861 §7.3.1 on virtual time: a TCP sender's ACKs of new data confirm its neighbour reachable, so during a
 * transfer of many ReachableTimes (15..45 s) the sender never lets the entry go STALE and never probes it (no
 * unicast Neighbor Solicitation), while the pure receiver, which gets no ACKs of its data, does NUD as usual
 * (STALE, DELAY, then unicast probes answered by NAs): the count the sender's must stay free of.
 */
class TcpNeighborConfirmationTest {
    private static final int PORT = 5006;
    private static final long TRANSFER_MILLIS = 240_000;

    /** Unicast and multicast Neighbor Solicitations each host sent, counted on the link. */
    private static final class NsCounter implements FrameTap {
        final AtomicIntegerArray unicast = new AtomicIntegerArray(2);
        final AtomicIntegerArray multicast = new AtomicIntegerArray(2);

        @Override
        public void onFrame(byte[] b, int off, int len, long timeNanos) {
            int ip = off + EthernetFrame.HEADER_LEN;
            if (len < EthernetFrame.HEADER_LEN + Ipv6Header.LEN + 4
                    || EthernetFrame.etherType(b, off) != EthernetFrame.TYPE_IPV6
                    || Ipv6Header.nextHeader(b, ip) != Ipv6Header.NH_ICMPV6
                    || Icmpv6Header.type(b, ip + Ipv6Header.LEN) != Icmpv6Header.TYPE_NEIGHBOR_SOLICITATION) {
                return;
            }
            int host = (b[off + 11] & 0xff) - 1;
            boolean group = (b[off] & 1) != 0;
            (group ? multicast : unicast).incrementAndGet(host);
        }
    }

    @Test
    void aBusySenderNeverProbesItsNeighbourWhileThePureReceiverDoesNud() throws Exception {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6StableSecret = "tcp nud secret!!".getBytes();
        NsCounter ns = new NsCounter();
        try (NetSim sim = NetSim.withIpv6(41, cfg)) {
            sim.link().addTap(ns);
            sim.impair(new Impairment().delayMillis(5).rateBitsPerSecond(400_000));
            assertTrue(sim.runUntil(() -> sim.ipv6LinkLocal(0, 0) != null && sim.ipv6LinkLocal(1, 0) != null, 10_000),
                    "both link-local addresses pass DAD");
            Zsock tx = sim.zsock(0);
            Zsock rx = sim.zsock(1);
            int listener = rx.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0);
            assertEquals(0, rx.bind(listener, SockAddr.parse("::", PORT)));
            assertEquals(0, rx.listen(listener, 1));
            assertEquals(0, rx.fcntl(listener, Zsock.F_SETFL, Zsock.O_NONBLOCK));
            int sender = tx.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0);
            assertEquals(0, tx.fcntl(sender, Zsock.F_SETFL, Zsock.O_NONBLOCK));
            assertEquals(-Errno.EINPROGRESS, tx.connect(sender, sim.ipv6LinkLocal(1, PORT)));
            int[] receiver = {-1};
            long[] moved = new long[2];
            byte[] out = new byte[4096];
            byte[] in = new byte[4096];
            sim.addTick(() -> {
                if (receiver[0] < 0) {
                    receiver[0] = rx.accept(listener, null);
                    if (receiver[0] >= 0) {
                        rx.fcntl(receiver[0], Zsock.F_SETFL, Zsock.O_NONBLOCK);
                    }
                }
                int n;
                while ((n = tx.send(sender, out, 0, out.length, Zsock.MSG_DONTWAIT)) > 0) {
                    moved[0] += n;
                }
                while (receiver[0] >= 0 && (n = rx.recv(receiver[0], in, 0, in.length, Zsock.MSG_DONTWAIT)) > 0) {
                    moved[1] += n;
                }
            });
            assertTrue(sim.runUntil(() -> receiver[0] >= 0 && moved[1] > 0, 10_000), "connected over link-local");
            int unicastBefore0 = ns.unicast.get(0);
            int unicastBefore1 = ns.unicast.get(1);
            long start = sim.now();
            long bytesAtStart = moved[1];
            sim.runFor(TRANSFER_MILLIS);
            long bytes = moved[1] - bytesAtStart;
            int senderProbes = ns.unicast.get(0) - unicastBefore0;
            int receiverProbes = ns.unicast.get(1) - unicastBefore1;
            System.out.printf("%d s of TCP over IPv6, %d bytes: sender %d unicast NS, receiver %d unicast NS;"
                            + " multicast NS %d / %d%n", (sim.now() - start) / 1000, bytes, senderProbes,
                    receiverProbes, ns.multicast.get(0), ns.multicast.get(1));
            assertTrue(bytes > TRANSFER_MILLIS / 1000 * 40_000, "the connection kept moving: " + bytes);
            assertEquals(0, senderProbes, "ACKs of new data kept the sender's neighbour REACHABLE (RFC 4861 §7.3.1)");
            assertTrue(receiverProbes >= 3, "the receiver, without confirmations, probed by NUD: " + receiverProbes);
            assertNotNull(sim.ipv6LinkLocal(0, 0));
        }
    }
}
