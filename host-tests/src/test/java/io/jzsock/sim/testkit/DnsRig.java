package io.jzsock.sim.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.AddrInfo;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * A stack at 198.18.0.1/24 on virtual time whose DNS servers are played by a {@link RawPeer}: a
 * blocking getaddrinfo/getnameinfo runs on a {@link Lookup} thread while the test reads the query
 * frames the stack sends, answers them with literal messages and moves the clock. The peer answers
 * ARP for every server address, so queries go out at once.
 */
public final class DnsRig implements AutoCloseable {
    public static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    public static final int OUR_IP = 0xC6120001;
    public static final int SERVER_1 = RawPeer.IP;
    public static final int SERVER_2 = 0xC6120003;
    private static final int E = EthernetFrame.HEADER_LEN;
    private static final int UDP = E + Ipv4Header.MIN_LEN;
    private static final int DNS = UDP + UdpHeader.LEN;
    private static final long REAL_WAIT_MS = 5000;

    public final VirtualClock clock = new VirtualClock(1000);
    public final NetStack stack;
    public final Zsock z;
    public final RawPeer peer = new RawPeer();

    /** The stack on cfg with the given static DNS servers (dotted) on eth0. */
    public DnsRig(NetConfig cfg, String... servers) {
        this(cfg, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null), servers);
    }

    /** The same with eth0 configured by ic (198.18.0.1/24 and, for example, a static IPv6 address). */
    public DnsRig(NetConfig cfg, InterfaceConfig ic, String... servers) {
        stack = NetStack.create(cfg, clock, new SeededEntropy(11));
        z = stack.zsock();
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        for (String s : servers) {
            ic.dns(s);
        }
        stack.addInterface(nic, ic);
        for (int ip : new int[] {SERVER_1, SERVER_2}) {
            peer.send(RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, ip, OUR_MAC, OUR_IP));
            poll();
            assertNotNull(peer.next(), "ARP reply");
        }
    }

    public DnsRig(String... servers) {
        this(NetConfig.defaults(), servers);
    }

    /** A query the stack sent: where to, from which port, and its DNS payload. */
    public record Query(int server, int srcPort, byte[] dns) {
        public int id() {
            return DnsMessage.id(dns, 0);
        }

        /** The question's name as dotted text. */
        public String name() {
            StringBuilder sb = new StringBuilder();
            int p = DnsMessage.HEADER_LEN;
            while (dns[p] != 0) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(new String(dns, p + 1, dns[p], java.nio.charset.StandardCharsets.ISO_8859_1));
                p += 1 + dns[p];
            }
            return sb.toString();
        }

        public int qtype() {
            return Bytes.u16(dns, DnsMessage.skipName(dns, DnsMessage.HEADER_LEN, dns.length));
        }
    }

    /** A blocking resolver call on its own thread. */
    public final class Lookup {
        private final Thread thread;
        private volatile int result = Integer.MIN_VALUE;
        public final AddrInfo[] out;

        Lookup(AddrInfo[] out, IntSupplier call) {
            this.out = out;
            thread = new Thread(() -> result = call.getAsInt(), "dns-caller");
            thread.setDaemon(true);
            thread.start();
        }

        /** Polls the stack until the call returns; its result. */
        public int result() {
            long until = System.currentTimeMillis() + REAL_WAIT_MS;
            while (thread.isAlive() && System.currentTimeMillis() < until) {
                poll();
                try {
                    thread.join(1);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            assertFalse(thread.isAlive(), "the resolver call returned");
            return result;
        }
    }

    /** Any blocking call on its own thread; out is what the test reads afterwards. */
    public Lookup call(AddrInfo[] out, IntSupplier call) {
        return new Lookup(out, call);
    }

    public Lookup getaddrinfo(String host, String service, AddrInfo hints, int slots) {
        AddrInfo[] out = new AddrInfo[slots];
        return new Lookup(out, () -> z.getaddrinfo(host, service, hints, out));
    }

    public Lookup getaddrinfo(String host) {
        return getaddrinfo(host, "80", null, 4);
    }

    public Lookup getnameinfo(String address, byte[] host, int flags) {
        return new Lookup(null, () -> z.getnameinfo(io.jzsock.net.SockAddr.parse(address, 80), host, host.length,
                null, 0, flags));
    }

    /** Waits (real time) for the next DNS query the stack sends; other frames fail the test. */
    public Query awaitQuery() {
        long until = System.currentTimeMillis() + REAL_WAIT_MS;
        while (System.currentTimeMillis() < until) {
            byte[] f = peer.next();
            if (f != null && Bytes.u16(f, 12) != EthernetFrame.TYPE_IPV4) {
                continue;
            }
            if (f != null) {
                assertEquals(Ipv4Header.PROTO_UDP, Ipv4Header.protocol(f, E), "a UDP query");
                assertEquals(DnsMessage.PORT, Bytes.u16(f, UDP + 2), "to port 53");
                return new Query(Bytes.i32(f, E + 16), Bytes.u16(f, UDP), Arrays.copyOfRange(f, DNS, f.length));
            }
            Thread.onSpinWait();
        }
        return fail("no DNS query within " + REAL_WAIT_MS + " ms");
    }

    public void assertNoQuery() {
        poll();
        assertNull(peer.next(), "no query sent");
    }

    /** Answers q from its server's port 53. */
    public void reply(Query q, byte[] dns) {
        replyFrom(q.server(), DnsMessage.PORT, q.srcPort(), dns);
    }

    public void replyFrom(int src, int srcPort, int dstPort, byte[] dns) {
        peer.send(RawPeer.ipv4(OUR_MAC, src, OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(src, OUR_IP, srcPort, dstPort, dns)));
        poll();
    }

    public void poll() {
        stack.poll(clock.nowMillis());
    }

    public void advance(long ms) {
        clock.advance(ms);
        poll();
    }

    public long counter(int id) {
        return stack.counter(id);
    }

    @Override
    public void close() {
        stack.stop();
    }
}
