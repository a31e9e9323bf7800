package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Errno;
import io.jzsock.net.InetText;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * UDP-19: an IPv6 address a socket is bound to is not removed while the socket lives, as Zephyr's
 * {@code net_if_ipv6_addr_rm} (the socket's reference from {@code net_context_bind}): the removal is refused
 * (-EBUSY here, false there), the address keeps working for the socket, and it goes when the last socket bound to
 * it closes or rebinds. An address no socket holds goes at once.
 */
class Ipv6AddressInUseTest {
    private static final String A = "2001:db8::5";
    private static final int PORT = 4646;
    private static final byte[] DATA = {4, 5, 6};

    private VirtualClock clock;
    private NetStack stack;
    private Zsock z;
    private int eth;

    @BeforeEach
    void up() {
        clock = new VirtualClock(1000);
        stack = QuietIpv6Stack.create(clock, 5);
        eth = QuietIpv6Stack.addEth0(stack, InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6());
        z = stack.zsock();
        assertEquals(0, stack.addIpv6Address(eth, addr(A), 64));
        settle();
        assertEquals(Ipv6InterfaceState.PREFERRED, state(A));
    }

    @AfterEach
    void down() {
        stack.stop();
    }

    private static byte[] addr(String text) {
        byte[] a = new byte[16];
        assertEquals(1, InetText.pton(Zsock.AF_INET6, text, a));
        return a;
    }

    private void settle() {
        clock.advance(2000);
        stack.poll(clock.nowMillis());
    }

    /** The state of our address, FREE when eth0 no longer has it. */
    private int state(String text) {
        byte[] want = addr(text);
        byte[] a = new byte[16];
        for (int n = 0; ; n++) {
            int st = stack.ipv6Address(eth, n, a);
            if (st < 0) {
                return Ipv6InterfaceState.FREE;
            }
            if (st != Ipv6InterfaceState.FREE && java.util.Arrays.equals(a, want)) {
                return st;
            }
        }
    }

    private int udpBoundTo(String text) {
        int s = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(s, SockAddr.parse(text, PORT)));
        return s;
    }

    @Test
    @DisplayName("UDP-19: removing the address of a bound UDP socket is -EBUSY; the socket still sends from it and receives on it; its close removes it")
    void boundUdpSocketKeepsItsAddressUntilItCloses() {
        int s = udpBoundTo(A);
        assertEquals(-Errno.EBUSY, stack.removeIpv6Address(eth, addr(A)));
        assertEquals(Ipv6InterfaceState.PREFERRED, state(A), "kept while the socket lives");
        int peer = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(peer, SockAddr.parse("::1", PORT + 1)));
        assertEquals(3, z.sendto(s, DATA, 0, 3, 0, SockAddr.parse("::1", PORT + 1)));
        assertEquals(3, z.sendto(peer, DATA, 0, 3, 0, SockAddr.parse(A, PORT)));
        stack.poll(clock.nowMillis());
        byte[] b = new byte[8];
        SockAddr from = new SockAddr();
        assertEquals(3, z.recvfrom(peer, b, 0, b.length, Zsock.MSG_DONTWAIT, from));
        assertEquals("[" + A + "]:" + PORT, from.toString());
        assertEquals(3, z.recv(s, b, 0, b.length, Zsock.MSG_DONTWAIT), "datagrams to the address still arrive");

        assertEquals(0, z.close(s));
        assertEquals(Ipv6InterfaceState.FREE, state(A), "gone with the last socket bound to it");
        int again = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(-Errno.EADDRNOTAVAIL, z.bind(again, SockAddr.parse(A, PORT)));
        assertEquals(-Errno.ENOENT, stack.removeIpv6Address(eth, addr(A)));
    }

    @Test
    @DisplayName("UDP-19: two sockets on the address: it goes with the second close; a rebind elsewhere lets go of it too")
    void lastSocketToLetGoRemovesIt() {
        int s1 = udpBoundTo(A);
        int s2 = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(s2, SockAddr.parse(A, PORT + 2)));
        assertEquals(-Errno.EBUSY, stack.removeIpv6Address(eth, addr(A)));
        assertEquals(0, z.close(s1));
        assertEquals(Ipv6InterfaceState.PREFERRED, state(A), "s2 still holds it");
        assertEquals(0, z.bind(s2, SockAddr.parse("::1", PORT + 2)), "UDP rebinding is allowed (Zephyr)");
        assertEquals(Ipv6InterfaceState.FREE, state(A));
    }

    @Test
    @DisplayName("UDP-19: an address no socket holds (a socket on :: does not) is removed at once; add again is EEXIST, a removal marked then added again is cancelled")
    void unheldAddressGoesAtOnceAndReAddCancelsAPendingRemoval() {
        int any = udpBoundTo("::");
        assertEquals(-Errno.EEXIST, stack.addIpv6Address(eth, addr(A), 64));
        assertEquals(0, stack.removeIpv6Address(eth, addr(A)));
        assertEquals(Ipv6InterfaceState.FREE, state(A));
        assertEquals(0, z.close(any));

        assertEquals(0, stack.addIpv6Address(eth, addr(A), 64));
        settle();
        int s = udpBoundTo(A);
        assertEquals(-Errno.EBUSY, stack.removeIpv6Address(eth, addr(A)));
        assertEquals(0, stack.addIpv6Address(eth, addr(A), 64), "added again: the removal is off");
        assertEquals(0, z.close(s));
        assertEquals(Ipv6InterfaceState.PREFERRED, state(A));
        assertEquals(-Errno.ENODEV, stack.removeIpv6Address(9, addr(A)));
        assertEquals(-Errno.EINVAL, stack.addIpv6Address(eth, addr("ff02::1"), 64));
    }

    @Test
    @DisplayName("UDP-19 for TCP: a listener bound to the address keeps it until it closes")
    void tcpListenerKeepsItsAddress() {
        int l = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(l, SockAddr.parse(A, 80)));
        assertEquals(0, z.listen(l, 1));
        assertEquals(-Errno.EBUSY, stack.removeIpv6Address(eth, addr(A)));
        assertTrue(state(A) == Ipv6InterfaceState.PREFERRED);
        assertEquals(0, z.close(l));
        stack.poll(clock.nowMillis());
        assertEquals(Ipv6InterfaceState.FREE, state(A));
    }
}
