package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.AddrInfo;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.footprint.StackFootprint;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.testkit.DnsBuilder;
import io.jzsock.sim.testkit.DnsRig;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import io.jzsock.sim.wire.VirtualNic;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stack built with NetConfig.ipv6 off (the board profile): no IPv6 object exists, AF_INET6 gets Zephyr's
 * errnos and EAI codes for IPv6 compiled out, IPv6 frames are dropped and counted, and IPv4 UDP and TCP work.
 * Each refusal is checked against the same config with IPv6 on, so the test fails if the switch does nothing.
 */
class Ipv4OnlyStackTest {
    private static NetConfig ipv4Only() {
        NetConfig c = NetConfig.boardProfile();
        assertFalse(c.ipv6, "the board profile is IPv4-only");
        return c;
    }

    private static NetConfig dualStack() {
        NetConfig c = NetConfig.boardProfile();
        c.ipv6 = true;
        return c;
    }

    private static NetStack created(NetConfig c) {
        return NetStack.create(c, new VirtualClock(1000), new SeededEntropy(7));
    }

    @Test
    void socketAfInet6IsEpfnosupportAsZephyrsNetContextGetWithoutIpv6() {
        NetStack off = created(ipv4Only());
        NetStack on = created(dualStack());
        try {
            for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
                assertEquals(-Errno.EPFNOSUPPORT, off.zsock().socket(Zsock.AF_INET6, type, 0));
                int fd = on.zsock().socket(Zsock.AF_INET6, type, 0);
                assertTrue(fd >= 0, "with IPv6: " + fd);
                on.zsock().close(fd);
                int v4 = off.zsock().socket(Zsock.AF_INET, type, 0);
                assertTrue(v4 >= 0, "AF_INET: " + v4);
                off.zsock().close(v4);
            }
            assertEquals(0, off.openFds(), "a refused socket holds no fd");
            // zsock_socket reserves the fd before net_context_get checks the family: a full table is -ENFILE.
            // The board profile has 8 fds for 4 UDP and 4 TCP sockets.
            List<Integer> held = new ArrayList<>();
            for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
                for (int fd = off.zsock().socket(Zsock.AF_INET, type, 0); fd >= 0; fd = off.zsock().socket(Zsock.AF_INET, type, 0)) {
                    held.add(fd);
                }
            }
            assertEquals(off.config().maxFds, held.size());
            assertEquals(-Errno.ENFILE, off.zsock().socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0));
        } finally {
            off.stop();
            on.stop();
        }
    }

    @Test
    void noIpv6ObjectIsAllocated() {
        NetStack off = created(ipv4Only());
        NetStack on = created(dualStack());
        try {
            off.addInterface(new VirtualNic(SimNetwork.mac(1)), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
            on.addInterface(new VirtualNic(SimNetwork.mac(1)), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
            String[] ipv6Classes = {"io.jzsock.net.ip.Ipv6", "io.jzsock.net.ip.Icmpv6", "io.jzsock.net.ip.NeighborDiscovery",
                "io.jzsock.net.ip.RouterDiscovery", "io.jzsock.net.ip.TemporaryAddresses", "io.jzsock.net.ip.Mld",
                "io.jzsock.net.ip.PathMtuTable", "io.jzsock.net.ip.Ipv6Fragmentation", "io.jzsock.net.iface.Ipv6AddressRemoval"};
            Set<String> heldOn = StackFootprint.classNames(on);
            Set<String> heldOff = StackFootprint.classNames(off);
            for (String name : ipv6Classes) {
                assertTrue(heldOn.contains(name), "with IPv6 the stack holds " + name);
                assertFalse(heldOff.contains(name), "without IPv6 the stack holds no " + name);
            }
            // Loopback keeps no ::1 and no group slots; the interfaces' IPv6 tables are empty.
            assertEquals(-1, off.ipv6Address(1, 0, new byte[16]));
            assertEquals(-1, off.ipv6Address(2, 0, new byte[16]));
            assertTrue(StackFootprint.measure(ipv4Only()).total() + 3000 < StackFootprint.measure(dualStack()).total(),
                    "IPv6 off retains at least 3 KB less");
        } finally {
            off.stop();
            on.stop();
        }
    }

    @Test
    void ipv6FramesAreDroppedAndCountedAsAnUnknownEtherType() {
        try (WiredStack w = new WiredStack(ipv4Only(), 5, null)) {
            byte[] ll = V6Frames.addr("fe80::2");
            w.assertDroppedAndCounted(V6Frames.icmpv6(WiredStack.OUR_MAC, RawPeer.MAC, ll, V6Frames.addr("fe80::1"), 64,
                    V6Frames.echoRequest(1, 1, new byte[8])), NetCounters.ETH_DROP_UNKNOWN_TYPE);
            // Broadcast passes every MAC filter (the all-nodes group's 33:33:00:00:00:01 is not even in the device's).
            byte[] allNodes = V6Frames.addr("ff02::1");
            w.assertDroppedAndCounted(V6Frames.icmpv6(WiredStack.BROADCAST_MAC, RawPeer.MAC, ll, allNodes, 255,
                    V6Frames.ns(V6Frames.addr("fe80::1"))), NetCounters.ETH_DROP_UNKNOWN_TYPE);
            w.advance(10000);
            assertEquals(null, w.peer.next(), "nothing of IPv6 is ever sent");
        }
    }

    @Test
    void anInterfaceAskingForIpv6IsRefusedAndTheIpv6CallsSayThereIsNone() {
        NetStack off = created(ipv4Only());
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> off.addInterface(
                    new VirtualNic(SimNetwork.mac(1)), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6()));
            assertTrue(e.getMessage().contains("ipv6"), e.getMessage());
            assertEquals(1, off.interfaceCount(), "nothing was added");
            off.addInterface(new VirtualNic(SimNetwork.mac(1)), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null));
            byte[] a = V6Frames.addr("2001:db8::1");
            assertEquals(-Errno.ENODEV, off.addIpv6Address(2, a, 64));
            assertEquals(-Errno.ENOENT, off.removeIpv6Address(2, a));
            assertEquals(-Errno.ENETUNREACH, off.ipv6PathMtu(a, 0));
            assertEquals(-Errno.ENETUNREACH, off.ping6(V6Frames.addr("::1"), 0, 100));
        } finally {
            off.stop();
        }
    }

    @Test
    void inetSocketsTakeIpv6AddressesAndIpv6OptionsAsWithIpv6On() {
        NetStack off = created(ipv4Only());
        NetStack on = created(dualStack());
        try {
            for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
                int[] got = new int[2];
                int i = 0;
                for (NetStack s : new NetStack[] {on, off}) {
                    Zsock z = s.zsock();
                    int fd = z.socket(Zsock.AF_INET, type, 0);
                    int bind = z.bind(fd, SockAddr.parse("::1", 7000));
                    int connect = z.connect(fd, SockAddr.parse("::1", 7001));
                    int v6only = z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 1);
                    got[i++] = bind * 1000000 + connect * 1000 + v6only;
                    z.close(fd);
                }
                assertEquals(got[0], got[1], "type " + type + ": bind, connect, IPV6_V6ONLY as with IPv6");
            }
        } finally {
            off.stop();
            on.stop();
        }
    }

    @Test
    void getaddrinfoNeverAsksAaaaAndAf6HintsAreEaiAddrfamily() {
        try (DnsRig rig = new DnsRig(ipv4Only(), "198.18.0.2")) {
            for (int flags : new int[] {0, Zsock.AI_V4MAPPED, Zsock.AI_V4MAPPED | Zsock.AI_ALL}) {
                DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80",
                        new AddrInfo().hints(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0, flags), 2);
                assertEquals(Zsock.EAI_ADDRFAMILY, l.result(), "flags " + flags);
                rig.assertNoQuery();
            }
            assertEquals(Zsock.EAI_ADDRFAMILY, rig.getaddrinfo("localhost", "80",
                    new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), 2).result());
            DnsRig.Lookup literal = rig.getaddrinfo("::1", "80", new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), 2);
            assertEquals(1, literal.result(), "a literal still parses");
            DnsRig.Lookup unspec = rig.getaddrinfo("www.example.com");
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_A, q.qtype(), "AF_UNSPEC asks A");
            rig.reply(q, DnsBuilder.answering(q.dns()).a(300, "192.0.2.10").build());
            assertEquals(1, unspec.result());
            assertEquals(Zsock.AF_INET, unspec.out[0].family);
            rig.assertNoQuery();
        }
        try (DnsRig rig = new DnsRig(dualStack(), "198.18.0.2")) {
            DnsRig.Lookup l = rig.getaddrinfo("www.example.com", "80", new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), 2);
            DnsRig.Query q = rig.awaitQuery();
            assertEquals(DnsMessage.TYPE_AAAA, q.qtype(), "with IPv6 AF_INET6 asks AAAA");
            rig.reply(q, DnsBuilder.answering(q.dns()).build());
            assertEquals(Zsock.EAI_NODATA, l.result());
        }
    }

    @Test
    void ipv4UdpAndTcpWorkBetweenTwoIpv4OnlyStacks() throws Exception {
        try (SimNetwork net = new SimNetwork(3)) {
            NetStack a = net.addHost(1, ipv4Only(), io.jzsock.bsp.SystemClock.INSTANCE);
            NetStack b = net.addHost(2, ipv4Only(), io.jzsock.bsp.SystemClock.INSTANCE);
            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            byte[] buf = new byte[64];

            int ub = zb.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(0, zb.bind(ub, SockAddr.parse("0.0.0.0", 5000)));
            int ua = za.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(5, za.sendto(ua, "hello".getBytes(), 0, 5, 0, SockAddr.parse(SimNetwork.address(2), 5000)));
            SockAddr from = new SockAddr();
            assertEquals(5, zb.recvfrom(ub, buf, 0, buf.length, 0, from));
            assertEquals(SimNetwork.address(1), from.toString().substring(0, from.toString().indexOf(':')));

            int l = zb.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, zb.bind(l, SockAddr.parse("0.0.0.0", 8080)));
            assertEquals(0, zb.listen(l, 2));
            int c = za.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, za.connect(c, SockAddr.parse(SimNetwork.address(2), 8080)));
            int s = zb.accept(l, new SockAddr());
            assertTrue(s >= 0, "accept " + s);
            assertEquals(4, za.send(c, "ping".getBytes(), 0, 4, 0));
            assertEquals(4, zb.recv(s, buf, 0, buf.length, 0));
            assertEquals("ping", new String(buf, 0, 4));
            assertEquals(0, za.close(c));
            assertEquals(0, zb.recv(s, buf, 0, buf.length, 0), "EOF");
            for (int fd : new int[] {s, l, ub}) {
                zb.close(fd);
            }
            za.close(ua);
            assertEquals(null, a.netThreadFailure());
            assertEquals(null, b.netThreadFailure());
        }
    }
}
