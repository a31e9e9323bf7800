package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.Cmsg;
import io.jzsock.net.Errno;
import io.jzsock.net.InetText;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * IP_PKTINFO and IPV6_PKTINFO as sendmsg control messages (ip(7), RFC 3542 §6.1; Linux's rules and errnos, as
 * Zephyr reads neither on send): the source and the outgoing interface of one datagram. The stack has eth0 with
 * 198.18.0.1 and 2001:db8::1 besides loopback, so a datagram to 127.0.0.1 or ::1 that names eth0's address as
 * its source arrives from it, where plain source selection would pick the loopback address.
 */
class SendPktinfoTest {
    private static final int PORT = 4545;
    private static final byte[] DATA = {1, 2, 3};

    private VirtualClock clock;
    private NetStack stack;
    private Zsock z;
    private int eth;

    @BeforeEach
    void up() {
        clock = new VirtualClock(1000);
        stack = QuietIpv6Stack.create(clock, 3);
        eth = QuietIpv6Stack.addEth0(stack,
                InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6("2001:db8::1", 64));
        clock.advance(2000);
        stack.poll(clock.nowMillis());
        z = stack.zsock();
    }

    @AfterEach
    void down() {
        stack.stop();
    }

    private static byte[] pktinfo6(String src, int ifindex) {
        byte[] c = new byte[Cmsg.space(20)];
        int d = Cmsg.putHeader(c, 0, Zsock.IPPROTO_IPV6, Zsock.IPV6_PKTINFO, 20);
        byte[] a = new byte[16];
        InetText.pton(Zsock.AF_INET6, src, a);
        System.arraycopy(a, 0, c, d, 16);
        Cmsg.putInt(c, d + 16, ifindex);
        return c;
    }

    private static byte[] pktinfo4(String specDst, int ifindex, int len) {
        byte[] c = new byte[Cmsg.space(len)];
        int d = Cmsg.putHeader(c, 0, Zsock.IPPROTO_IP, Zsock.IP_PKTINFO, len);
        Cmsg.putInt(c, d, ifindex);
        byte[] a = new byte[4];
        InetText.pton(Zsock.AF_INET, specDst, a);
        System.arraycopy(a, 0, c, d + 4, 4);
        return c;
    }

    private int sendmsg(int fd, SockAddr to, byte[] control) {
        MsgHdr m = new MsgHdr(1).iov(0, DATA, 0, DATA.length).control(control, 0, control.length);
        m.name = to;
        return z.sendmsg(fd, m, 0);
    }

    /** The source of the next datagram on fd, after the stack ran its loopback; null if none came. */
    private String sourceOfNext(int fd) {
        stack.poll(clock.nowMillis());
        byte[] b = new byte[8];
        SockAddr from = new SockAddr();
        int n = z.recvfrom(fd, b, 0, b.length, Zsock.MSG_DONTWAIT, from);
        return n == DATA.length ? from.toString().substring(0, from.toString().lastIndexOf(':')) : "none: " + n;
    }

    @Test
    @DisplayName("IPV6_PKTINFO: ipi6_addr is the source; unspecified leaves RFC 6724's choice; a foreign source EINVAL, "
            + "a link-local one of another interface EINVAL, an unknown ifindex ENODEV, a short item EINVAL, one against the scope id EINVAL")
    void ipv6PktinfoSetsSourceAndInterface() {
        int server = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(server, SockAddr.parse("::", PORT)));
        int client = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        SockAddr lo = SockAddr.parse("::1", PORT);
        assertEquals(3, sendmsg(client, lo, pktinfo6("2001:db8::1", 0)));
        assertEquals("[2001:db8::1]", sourceOfNext(server));
        assertEquals(3, sendmsg(client, lo, pktinfo6("::", 0)));
        assertEquals("[::1]", sourceOfNext(server));
        assertEquals(3, sendmsg(client, lo, pktinfo6("::1", 1)));
        assertEquals("[::1]", sourceOfNext(server));

        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo6("2001:db8::99", 0)));
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo6("ff02::1", 0)));
        byte[] ll = new byte[16];
        stack.ipv6Address(eth, 0, ll);
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo6(InetText.ntop(Zsock.AF_INET6, ll), 0)),
                "eth0's link-local address for a datagram leaving by loopback");
        assertEquals(-Errno.ENODEV, sendmsg(client, lo, pktinfo6("::", 42)));
        byte[] shortItem = new byte[Cmsg.space(16)];
        Cmsg.putHeader(shortItem, 0, Zsock.IPPROTO_IPV6, Zsock.IPV6_PKTINFO, 16);
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, shortItem));
        SockAddr scoped = SockAddr.parse("fe80::2", PORT);
        scoped.setScopeId(eth);
        assertEquals(-Errno.EINVAL, sendmsg(client, scoped, pktinfo6("::", 1)), "ipi6_ifindex against sin6_scope_id");
        assertEquals("none: " + -Errno.EAGAIN, sourceOfNext(server), "nothing of the refused sends arrived");
    }

    @Test
    @DisplayName("IP_PKTINFO: ipi_spec_dst is the source, also over a bound address; a foreign one EINVAL, an unknown ifindex ENODEV, a wrong length EINVAL; "
            + "an AF_INET socket ignores IPV6_PKTINFO")
    void ipv4PktinfoSetsSource() {
        int server = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(server, SockAddr.parse("0.0.0.0", PORT)));
        int client = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        SockAddr lo = SockAddr.parse("127.0.0.1", PORT);
        assertEquals(3, sendmsg(client, lo, pktinfo4("198.18.0.1", 0, 12)));
        assertEquals("198.18.0.1", sourceOfNext(server));
        assertEquals(3, sendmsg(client, lo, pktinfo4("0.0.0.0", 0, 12)));
        assertEquals("127.0.0.1", sourceOfNext(server));
        int bound = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(bound, SockAddr.parse("127.0.0.1", 0)));
        assertEquals(3, sendmsg(bound, lo, pktinfo4("198.18.0.1", 0, 12)));
        assertEquals("198.18.0.1", sourceOfNext(server), "ipi_spec_dst wins over the bound address (Linux)");

        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo4("198.18.0.99", 0, 12)));
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo4("224.0.0.1", 0, 12)));
        assertEquals(-Errno.ENODEV, sendmsg(client, lo, pktinfo4("0.0.0.0", 42, 12)));
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo4("198.18.0.1", 0, 8)));
        assertEquals(3, sendmsg(client, lo, pktinfo6("2001:db8::99", 0)), "IPv6 items mean nothing to an AF_INET socket");
        assertEquals("127.0.0.1", sourceOfNext(server));
        assertEquals("none: " + -Errno.EAGAIN, sourceOfNext(server));
    }

    @Test
    @DisplayName("A dual-stack socket sending IPv4 takes IPV6_PKTINFO with a v4-mapped source, or IP_PKTINFO; another IPv6 source is EINVAL")
    void dualStackSocketSendingIpv4() {
        int server = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(server, SockAddr.parse("0.0.0.0", PORT)));
        int client = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.setsockopt(client, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0));
        SockAddr lo = SockAddr.parse("::ffff:127.0.0.1", PORT);
        assertEquals(3, sendmsg(client, lo, pktinfo6("::ffff:198.18.0.1", 0)));
        assertEquals("198.18.0.1", sourceOfNext(server));
        assertEquals(3, sendmsg(client, lo, pktinfo4("198.18.0.1", 0, 12)));
        assertEquals("198.18.0.1", sourceOfNext(server));
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo6("2001:db8::1", 0)));
        assertEquals(-Errno.EINVAL, sendmsg(client, lo, pktinfo6("::ffff:198.18.0.99", 0)));
        assertEquals("none: " + -Errno.EAGAIN, sourceOfNext(server));
    }
}
