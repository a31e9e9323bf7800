package io.jzsock.sim.scenario;

import static io.jzsock.net.Zsock.AF_INET;
import static io.jzsock.net.Zsock.AF_UNIX;
import static io.jzsock.net.Zsock.IPPROTO_IP;
import static io.jzsock.net.Zsock.IPPROTO_UDP;
import static io.jzsock.net.Zsock.SOCK_DGRAM;
import static io.jzsock.net.Zsock.SOCK_STREAM;
import static io.jzsock.net.Zsock.SOL_SOCKET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.AddrInfo;
import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;
import io.jzsock.net.MsgHdr;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.posix.PosixSockets;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per row of zsock-api.md §2.4 that applies to what exists (UDP, socketpair, fd table,
 * getaddrinfo, options), each provoking the errno and asserting the exact negative value; then bad
 * arguments to every call, each followed by a working UDP exchange on the same stack. TCP/TLS rows are
 * not here (no TCP yet).
 */
class ErrnoTest {
    static final int LOOPBACK = 0x7f000001;
    static final byte[] DATA = {'p', 'i', 'n', 'g'};

    final List<NetStack> stacks = new ArrayList<>();

    @AfterEach
    void stopAll() {
        for (NetStack s : stacks) {
            s.stop();
        }
    }

    Zsock start(NetConfig cfg) {
        NetStack s = NetStack.start(cfg);
        stacks.add(s);
        return s.zsock();
    }

    Zsock start() {
        return start(NetConfig.defaults());
    }

    static int udp(Zsock z) {
        int fd = z.socket(AF_INET, SOCK_DGRAM, 0);
        assertTrue(fd >= 0, "socket: " + Errno.name(fd));
        return fd;
    }

    static SockAddr lo(int port) {
        return SockAddr.ipv4(LOOPBACK, port);
    }

    /** A full datagram round trip on a fresh pair of sockets, closed afterwards. */
    static void exchangeWorks(Zsock z) {
        int a = udp(z);
        int b = udp(z);
        assertEquals(0, z.bind(b, lo(0)));
        SockAddr bAddr = new SockAddr();
        assertEquals(0, z.getsockname(b, bAddr));
        assertEquals(0, z.setsockopt(b, SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000));
        assertEquals(4, z.sendto(a, DATA, 0, 4, 0, bAddr));
        byte[] rx = new byte[8];
        assertEquals(4, z.recv(b, rx, 0, rx.length, 0));
        assertEquals('p', rx[0]);
        assertEquals('g', rx[3]);
        assertEquals(0, z.close(a));
        assertEquals(0, z.close(b));
    }

    // ---------------------------------------------------------------- socket / socketpair

    @Test
    @DisplayName("socket: a full fd table is ENFILE, never EMFILE")
    void socketFdTableFullIsEnfile() {
        NetConfig cfg = NetConfig.defaults();
        cfg.maxFds = 3;
        Zsock z = start(cfg);
        int[] fds = {udp(z), udp(z), udp(z)};
        assertEquals(-Errno.ENFILE, z.socket(AF_INET, SOCK_DGRAM, 0));
        int[] sv = new int[2];
        assertEquals(-Errno.ENFILE, z.socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
        assertEquals(0, z.close(fds[2]));
        assertEquals(-Errno.ENFILE, z.socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "one free fd is not enough for a pair");
        assertEquals(2, stacks.get(0).openFds(), "a failed socketpair keeps nothing");
        int again = z.socket(AF_INET, SOCK_DGRAM, 0);
        assertEquals(fds[2], again, "the lowest free fd is reused");
    }

    @Test
    @DisplayName("socket: no free UDP context is ENOENT (net_context_get)")
    void socketOutOfContextsIsEnoent() {
        NetConfig cfg = NetConfig.defaults();
        cfg.maxSockets = 2;
        Zsock z = start(cfg);
        udp(z);
        int last = udp(z);
        assertEquals(-Errno.ENOENT, z.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
        assertEquals(0, z.close(last));
        assertTrue(z.socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP) >= 0);
        assertEquals(2, stacks.get(0).openFds(), "the ENOENT call used no fd");
    }

    @Test
    @DisplayName("socket: AF_UNSPEC and AF_PACKET are EAFNOSUPPORT")
    void socketUnsupportedFamily() {
        Zsock z = start();
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(Zsock.AF_UNSPEC, SOCK_DGRAM, 0));
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(Zsock.AF_PACKET, Zsock.SOCK_RAW, 0));
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(Zsock.AF_UNSPEC, SOCK_STREAM, 0));
        assertEquals(0, stacks.get(0).openFds());
    }

    @Test
    @DisplayName("socket: a protocol that does not fit the type is EOPNOTSUPP; listen/accept on UDP EOPNOTSUPP")
    void socketProtocolTypeMismatch() {
        Zsock z = start();
        assertEquals(-Errno.EOPNOTSUPP, z.socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
        assertEquals(-Errno.EOPNOTSUPP, z.socket(AF_INET, SOCK_DGRAM, Zsock.IPPROTO_TCP));
        int s = udp(z);
        assertEquals(-Errno.EOPNOTSUPP, z.listen(s, 1));
        assertEquals(-Errno.EOPNOTSUPP, z.accept(s, new SockAddr()));
        assertEquals(-Errno.EOPNOTSUPP, z.accept(s, null));
    }

    @Test
    @DisplayName("socket: unknown protocol 254 is EPROTONOSUPPORT")
    void socketUnknownProtocol() {
        Zsock z = start();
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(AF_INET, SOCK_DGRAM, 254));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(AF_INET, SOCK_STREAM, 254));
    }

    @Test
    @DisplayName("socketpair: AF_INET EAFNOSUPPORT, bad type EPROTOTYPE, bad proto EPROTONOSUPPORT, NULL sv EFAULT")
    void socketpairExpectedFailures() {
        Zsock z = start();
        int[] sv = {-7, -7};
        assertEquals(-Errno.EAFNOSUPPORT, z.socketpair(AF_INET, SOCK_STREAM, 0, sv));
        assertEquals(-Errno.EPROTOTYPE, z.socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socketpair(AF_UNIX, SOCK_STREAM, IPPROTO_UDP, sv));
        assertEquals(-Errno.EFAULT, z.socketpair(AF_UNIX, SOCK_STREAM, 0, null));
        assertArrayEquals(new int[] {-7, -7}, sv, "sv untouched on failure");
        assertEquals(0, stacks.get(0).openFds());
    }

    @Test
    @DisplayName("socketpair: out of pairs is ENOMEM; write after the peer closed EPIPE; shutdown ENOTSUP")
    void socketpairRuntimeErrors() {
        NetConfig cfg = NetConfig.defaults();
        cfg.maxSocketPairs = 1;
        Zsock z = start(cfg);
        int[] sv = new int[2];
        assertEquals(0, z.socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
        assertEquals(-Errno.ENOMEM, z.socketpair(AF_UNIX, SOCK_STREAM, 0, new int[2]));
        assertEquals(-Errno.ENOTSUP, z.shutdown(sv[0], Zsock.SHUT_RD));
        assertEquals(0, z.close(sv[1]));
        assertEquals(-Errno.EPIPE, z.send(sv[0], DATA, 0, 4, 0));
        assertEquals(0, z.recv(sv[0], new byte[4], 0, 4, 0), "EOF once the peer is gone");
    }

    // ---------------------------------------------------------------- bind / recv / send

    @Test
    @DisplayName("bind: a port in use is EADDRINUSE")
    void bindPortInUse() {
        Zsock z = start();
        int a = udp(z);
        int b = udp(z);
        assertEquals(0, z.bind(a, lo(5000)));
        assertEquals(-Errno.EADDRINUSE, z.bind(b, lo(5000)));
        assertEquals(-Errno.EADDRINUSE, z.bind(b, SockAddr.ipv4(0, 5000)), "INADDR_ANY overlaps without SO_REUSEADDR");
        assertEquals(0, z.bind(b, lo(5001)));
        assertEquals(0, z.close(a));
        int c = udp(z);
        assertEquals(0, z.bind(c, lo(5000)), "free again after close");
    }

    @Test
    @DisplayName("recv: no data with O_NONBLOCK, FIONBIO, MSG_DONTWAIT, or after SO_RCVTIMEO is EAGAIN")
    void recvWouldBlockIsEagain() {
        Zsock z = start();
        int s = udp(z);
        assertEquals(0, z.bind(s, lo(0)));
        byte[] b = new byte[8];
        assertEquals(-Errno.EAGAIN, z.recv(s, b, 0, 8, Zsock.MSG_DONTWAIT));
        assertEquals(0, z.fcntl(s, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        assertEquals(Zsock.O_NONBLOCK, z.fcntl(s, Zsock.F_GETFL, 0));
        assertEquals(-Errno.EAGAIN, z.recv(s, b, 0, 8, 0));
        assertEquals(-Errno.EAGAIN, z.recvfrom(s, b, 0, 8, 0, new SockAddr()));
        assertEquals(-Errno.EAGAIN, z.recvmsg(s, new MsgHdr(1).iov(0, b, 0, 8), 0));
        assertEquals(0, z.fcntl(s, Zsock.F_SETFL, 0));
        assertEquals(0, z.ioctl(s, Zsock.FIONBIO, new int[] {1}));
        assertEquals(-Errno.EAGAIN, z.recv(s, b, 0, 8, 0));
        assertEquals(0, z.ioctl(s, Zsock.FIONBIO, new int[] {0}));
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, Zsock.SO_RCVTIMEO, 50));
        long t0 = System.nanoTime();
        assertEquals(-Errno.EAGAIN, z.recv(s, b, 0, 8, 0));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    @DisplayName("recv: a socket closed by another thread wakes the blocked reader with EINTR")
    void recvClosedByAnotherThreadIsEintr() throws Exception {
        Zsock z = start();
        int s = udp(z);
        assertEquals(0, z.bind(s, lo(0)));
        int[] result = {1};
        Thread reader = new Thread(() -> result[0] = z.recv(s, new byte[8], 0, 8, 0));
        reader.start();
        Thread.sleep(100);
        assertEquals(0, z.close(s));
        reader.join(2000);
        assertEquals(-Errno.EINTR, result[0]);
    }

    @Test
    @DisplayName("send: a UDP datagram larger than the MTU allows is ENOMEM without IPv4 fragmentation (Zephyr; Linux says EMSGSIZE)")
    void sendOverMtuIsEnomem() {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipFragmentation = false;
        Zsock z = start(cfg);
        int s = udp(z);
        assertEquals(-Errno.ENOMEM, z.sendto(s, new byte[1501], 0, 1501, 0, lo(9)));
        assertEquals(-Errno.EDESTADDRREQ, z.send(s, DATA, 0, 4, 0), "unconnected send has no destination");
    }

    @Test
    @DisplayName("send: with fragmentation, a datagram needing more buffers than the pool has is ENOMEM (Zephyr), past 65507 bytes EMSGSIZE")
    void sendBeyondThePoolIsEnomemAndBeyondIpv4IsEmsgsize() {
        Zsock z = start();
        int s = udp(z);
        assertEquals(1501, z.sendto(s, new byte[1501], 0, 1501, 0, lo(9)), "fragmented");
        assertEquals(-Errno.ENOMEM, z.sendto(s, new byte[40000], 0, 40000, 0, lo(9)));
        assertEquals(-Errno.EMSGSIZE, z.sendto(s, new byte[65508], 0, 65508, 0, lo(9)));
    }

    // ---------------------------------------------------------------- EBADF

    @Test
    @DisplayName("every call on a closed or never-opened fd is EBADF; poll reports POLLNVAL, select EBADF")
    void closedFdIsEbadfEverywhere() {
        Zsock z = start();
        int closed = udp(z);
        assertEquals(0, z.close(closed));
        byte[] b = new byte[8];
        MsgHdr msg = new MsgHdr(1).iov(0, b, 0, 4);
        msg.name = lo(9);
        for (int fd : new int[] {closed, -1, 16, 1 << 20}) {
            Map<String, IntSupplier> calls = new LinkedHashMap<>();
            calls.put("close", () -> z.close(fd));
            calls.put("bind", () -> z.bind(fd, lo(0)));
            calls.put("connect", () -> z.connect(fd, lo(9)));
            calls.put("listen", () -> z.listen(fd, 1));
            calls.put("accept", () -> z.accept(fd, new SockAddr()));
            calls.put("send", () -> z.send(fd, b, 0, 4, 0));
            calls.put("sendto", () -> z.sendto(fd, b, 0, 4, 0, lo(9)));
            calls.put("sendmsg", () -> z.sendmsg(fd, msg, 0));
            calls.put("recv", () -> z.recv(fd, b, 0, 8, 0));
            calls.put("recvfrom", () -> z.recvfrom(fd, b, 0, 8, 0, new SockAddr()));
            calls.put("recvmsg", () -> z.recvmsg(fd, msg, 0));
            calls.put("shutdown", () -> z.shutdown(fd, Zsock.SHUT_RD));
            calls.put("fcntl", () -> z.fcntl(fd, Zsock.F_GETFL, 0));
            calls.put("ioctl", () -> z.ioctl(fd, Zsock.FIONREAD, new int[1]));
            calls.put("setsockopt int", () -> z.setsockopt(fd, SOL_SOCKET, Zsock.SO_REUSEADDR, 1));
            calls.put("setsockopt bytes", () -> z.setsockopt(fd, SOL_SOCKET, Zsock.SO_REUSEADDR, b, 0, 4));
            calls.put("setsockopt list", () -> z.setsockopt(fd, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[] {1}, 1));
            calls.put("getsockopt int", () -> z.getsockopt(fd, SOL_SOCKET, Zsock.SO_TYPE, new int[1]));
            calls.put("getsockopt bytes", () -> z.getsockopt(fd, SOL_SOCKET, Zsock.SO_TYPE, b, 0, new int[] {4}));
            calls.put("getsockname", () -> z.getsockname(fd, new SockAddr()));
            calls.put("getpeername", () -> z.getpeername(fd, new SockAddr()));
            calls.forEach((name, call) -> assertEquals(-Errno.EBADF, call.getAsInt(), name + " on fd " + fd));
        }

        int open = udp(z);
        int gone = udp(z);
        assertEquals(0, z.close(gone));
        PollFd[] set = {new PollFd(gone, Zsock.POLLIN), new PollFd(open, Zsock.POLLIN)};
        assertEquals(1, z.poll(set, 2, 0), "a closed fd counts as one ready entry");
        assertEquals(Zsock.POLLNVAL, set[0].revents);
        assertEquals(0, set[1].revents);
        assertEquals(1, z.poll(set, 1, -1), "POLLNVAL does not wait, even with an infinite timeout");

        FdSet r = new FdSet();
        r.set(gone);
        r.set(open);
        assertEquals(-Errno.EBADF, z.select(Math.max(gone, open) + 1, r, null, null, 0));
        assertEquals(-Errno.EBADF, z.select(Math.max(gone, open) + 1, r, null, null, -1));
        FdSet w = new FdSet();
        w.set(open);
        assertEquals(1, z.select(open + 1, null, w, null, 0), "the open fd alone selects fine");
    }

    // ---------------------------------------------------------------- options

    @Test
    @DisplayName("get/setsockopt: unknown option, unknown level, and setting get-only SO_DOMAIN/SO_TYPE are ENOPROTOOPT")
    void unknownOptionIsEnoprotoopt() {
        Zsock z = start();
        int s = udp(z);
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, SOL_SOCKET, 999, 1));
        assertEquals(-Errno.ENOPROTOOPT, z.getsockopt(s, SOL_SOCKET, 999, new int[1]));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, IPPROTO_IP, 999, 1));
        assertEquals(-Errno.ENOPROTOOPT, z.getsockopt(s, IPPROTO_IP, 999, new int[1]));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, 999, Zsock.SO_REUSEADDR, 1));
        assertEquals(-Errno.ENOPROTOOPT, z.getsockopt(s, 999, Zsock.SO_REUSEADDR, new int[1]));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, SOL_SOCKET, 999, new byte[4], 0, 4));
        assertEquals(-Errno.ENOPROTOOPT, z.getsockopt(s, SOL_SOCKET, 999, new byte[4], 0, new int[] {4}));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, SOL_SOCKET, Zsock.SO_DOMAIN, AF_INET));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, SOCK_DGRAM));
        int[] v = {0};
        assertEquals(0, z.getsockopt(s, SOL_SOCKET, Zsock.SO_DOMAIN, v));
        assertEquals(AF_INET, v[0]);

        int[] sv = new int[2];
        assertEquals(0, z.socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(sv[0], SOL_SOCKET, Zsock.SO_REUSEADDR, 1), "socketpairs have no options");
        assertEquals(-Errno.ENOPROTOOPT, z.getsockopt(sv[0], SOL_SOCKET, Zsock.SO_TYPE, v));
    }

    @Test
    @DisplayName("setsockopt: bad optlen, SO_RCVBUF/SO_SNDBUF -1 or 65536, bad port range are EINVAL")
    void badOptionValueIsEinval() {
        Zsock z = start();
        int s = udp(z);
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_REUSEADDR, new byte[4], 0, 2));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_REUSEADDR, new byte[8], 0, 8));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_RCVBUF, -1));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_RCVBUF, 65536));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_SNDBUF, -1));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_SNDBUF, 65536));
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, Zsock.SO_RCVBUF, 65535));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, IPPROTO_IP, Zsock.IP_LOCAL_PORT_RANGE, (1000 << 16) | 1001));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, IPPROTO_IP, Zsock.IP_LOCAL_PORT_RANGE, (1001 << 16) | 1001));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, Zsock.SO_RCVTIMEO, new byte[] {0, 0, 0, 0, 0x40, 0x42, 0x0f, 0}, 0, 8),
                "tv_usec of 1000000 is out of range");
        int[] len = {2};
        assertEquals(-Errno.EINVAL, z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, new byte[4], 0, len), "optlen too small for an int");
    }

    @Test
    @DisplayName("getsockopt IPV6_MULTICAST_IF on an IPv4 socket is EAFNOSUPPORT")
    void ipv6OptionOnIpv4SocketIsEafnosupport() {
        Zsock z = start();
        int s = udp(z);
        assertEquals(-Errno.EAFNOSUPPORT, z.getsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_MULTICAST_IF, new int[1]));
        int[] len = {4};
        assertEquals(-Errno.EAFNOSUPPORT, z.getsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_MULTICAST_IF, new byte[4], 0, len));
    }

    @Test
    @DisplayName("getsockname unbound is EINVAL; getpeername unconnected ENOTCONN; shutdown with a bad how EINVAL")
    void namesAndShutdown() {
        Zsock z = start();
        int s = udp(z);
        assertEquals(-Errno.EINVAL, z.getsockname(s, new SockAddr()));
        assertEquals(-Errno.ENOTCONN, z.getpeername(s, new SockAddr()));
        assertEquals(-Errno.EINVAL, z.shutdown(s, 3));
        assertEquals(-Errno.EINVAL, z.shutdown(s, -1));
        assertEquals(0, z.bind(s, lo(0)));
        assertEquals(0, z.getsockname(s, new SockAddr()));
        assertEquals(0, z.connect(s, lo(9)));
        SockAddr peer = new SockAddr();
        assertEquals(0, z.getpeername(s, peer));
        assertEquals(9, peer.port());
    }

    // ---------------------------------------------------------------- getaddrinfo

    @Test
    @DisplayName("getaddrinfo: EAI_NONAME, EAI_ADDRFAMILY, EAI_FAIL, EAI_FAMILY, EAI_SOCKTYPE, EAI_SERVICE, EAI_MEMORY")
    void getaddrinfoErrors() {
        Zsock z = start();
        AddrInfo[] out = new AddrInfo[1];
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo("127.0.0.1", "65536", null, out), "port > 65535");
        assertEquals(Zsock.EAI_NONAME, z.getaddrinfo(null, null, null, out));
        assertEquals(Zsock.EAI_AGAIN, z.getaddrinfo("example.com", "80", null, out), "no DNS server configured");
        assertEquals(Zsock.EAI_ADDRFAMILY, z.getaddrinfo("127.0.0.1", "80",
                new AddrInfo().hints(Zsock.AF_INET6, 0, 0, 0), out));
        assertEquals(Zsock.EAI_FAIL, z.getaddrinfo("example.com", "80",
                new AddrInfo().hints(0, 0, 0, Zsock.AI_NUMERICHOST), out));
        assertEquals(Zsock.EAI_FAMILY, z.getaddrinfo("127.0.0.1", "80", new AddrInfo().hints(AF_UNIX, 0, 0, 0), out));
        assertEquals(Zsock.EAI_SOCKTYPE, z.getaddrinfo("127.0.0.1", "80", new AddrInfo().hints(AF_INET, 99, 0, 0), out));
        assertEquals(Zsock.EAI_SERVICE, z.getaddrinfo("127.0.0.1", "80",
                new AddrInfo().hints(AF_INET, Zsock.SOCK_RAW, 0, 0), out));
        assertEquals(Zsock.EAI_MEMORY, z.getaddrinfo("127.0.0.1", "80", null, null));
        assertEquals(Zsock.EAI_MEMORY, z.getaddrinfo("127.0.0.1", "80", null, new AddrInfo[0]));
        assertEquals(null, out[0], "out untouched on error");
        assertEquals("EAI_NONAME", z.gai_strerror(Zsock.EAI_NONAME));
        assertEquals("EAI_ADDRFAMILY", z.gai_strerror(Zsock.EAI_ADDRFAMILY));
        assertEquals(1, z.getaddrinfo("127.0.0.1", "80", new AddrInfo().hints(AF_INET, SOCK_DGRAM, 0, 0), out));
        assertEquals(80, out[0].addr.port());
        assertEquals(IPPROTO_UDP, out[0].protocol);
        PosixSockets p = new PosixSockets(z);
        assertEquals(Zsock.EAI_NONAME, p.getaddrinfo(null, null, null, out), "POSIX getaddrinfo keeps its EAI_* return");
    }

    // ---------------------------------------------------------------- bad arguments

    @Test
    @DisplayName("bad buffers, lengths, offsets and message headers give EFAULT/EINVAL/ENOMEM and leave the stack working")
    void badArgumentsLeaveTheStackWorking() {
        NetStack stack = NetStack.start(NetConfig.defaults());
        stacks.add(stack);
        Zsock z = stack.zsock();
        int s = udp(z);
        assertEquals(0, z.bind(s, lo(0)));
        // Bad sends aim at s itself: anything one of them wrongly sent would be waiting there.
        SockAddr to = new SockAddr();
        assertEquals(0, z.getsockname(s, to));
        byte[] b = new byte[8];
        MsgHdr nullIov = new MsgHdr();
        nullIov.iovCount = 1;
        nullIov.name = to;
        MsgHdr nullSlice = new MsgHdr(1).iov(0, null, 0, 4);
        nullSlice.name = to;
        MsgHdr negSlice = new MsgHdr(1).iov(0, b, 0, -1);
        negSlice.name = to;
        MsgHdr pastSlice = new MsgHdr(1).iov(0, b, 6, 4);
        pastSlice.name = to;
        MsgHdr badControl = new MsgHdr(1).iov(0, b, 0, 4).control(new byte[4], 0, 12);
        badControl.name = to;
        MsgHdr shortArrays = new MsgHdr(1).iov(0, b, 0, 4);
        shortArrays.iovCount = 2;
        shortArrays.name = to;

        record Case(String name, int expected, IntSupplier call) {
        }
        List<Case> cases = List.of(
                new Case("send null", -Errno.EFAULT, () -> z.send(s, null, 0, 4, 0)),
                new Case("send negative len", -Errno.EINVAL, () -> z.send(s, b, 0, -1, 0)),
                new Case("send negative offset", -Errno.EINVAL, () -> z.send(s, b, -1, 4, 0)),
                new Case("send past the array", -Errno.EFAULT, () -> z.send(s, b, 6, 4, 0)),
                new Case("sendto null", -Errno.EFAULT, () -> z.sendto(s, null, 0, 4, 0, to)),
                new Case("sendto negative len", -Errno.EINVAL, () -> z.sendto(s, b, 0, -5, 0, to)),
                new Case("sendto offset past", -Errno.EFAULT, () -> z.sendto(s, b, 9, 0, 0, to)),
                new Case("sendto huge len", -Errno.EFAULT, () -> z.sendto(s, b, 1, Integer.MAX_VALUE, 0, to)),
                new Case("recv null", -Errno.EFAULT, () -> z.recv(s, null, 0, 4, 0)),
                new Case("recv negative len", -Errno.EINVAL, () -> z.recv(s, b, 0, -1, 0)),
                new Case("recv negative offset", -Errno.EINVAL, () -> z.recv(s, b, -3, 1, 0)),
                new Case("recv past the array", -Errno.EFAULT, () -> z.recv(s, b, 4, 5, 0)),
                new Case("recvfrom null", -Errno.EFAULT, () -> z.recvfrom(s, null, 0, 4, 0, new SockAddr())),
                new Case("recvfrom past the array", -Errno.EFAULT, () -> z.recvfrom(s, b, 8, 1, 0, null)),
                new Case("sendmsg null msg", -Errno.EINVAL, () -> z.sendmsg(s, null, 0)),
                new Case("sendmsg null iov", -Errno.ENOMEM, () -> z.sendmsg(s, nullIov, 0)),
                new Case("sendmsg null slice", -Errno.EFAULT, () -> z.sendmsg(s, nullSlice, 0)),
                new Case("sendmsg negative slice", -Errno.EINVAL, () -> z.sendmsg(s, negSlice, 0)),
                new Case("sendmsg slice past", -Errno.EFAULT, () -> z.sendmsg(s, pastSlice, 0)),
                new Case("sendmsg control past", -Errno.EFAULT, () -> z.sendmsg(s, badControl, 0)),
                new Case("sendmsg iovCount past arrays", -Errno.EINVAL, () -> z.sendmsg(s, shortArrays, 0)),
                new Case("recvmsg null msg", -Errno.EINVAL, () -> z.recvmsg(s, null, 0)),
                new Case("recvmsg null iov", -Errno.ENOMEM, () -> z.recvmsg(s, nullIov, 0)),
                new Case("recvmsg null slice", -Errno.EFAULT, () -> z.recvmsg(s, nullSlice, 0)),
                new Case("recvmsg negative slice", -Errno.EINVAL, () -> z.recvmsg(s, negSlice, 0)),
                new Case("recvmsg slice past", -Errno.EFAULT, () -> z.recvmsg(s, pastSlice, 0)),
                new Case("recvmsg control past", -Errno.EFAULT, () -> z.recvmsg(s, badControl, 0)),
                new Case("setsockopt bytes null", -Errno.EFAULT, () -> z.setsockopt(s, SOL_SOCKET, Zsock.SO_REUSEADDR, null, 0, 4)),
                new Case("setsockopt bytes negative len", -Errno.EINVAL, () -> z.setsockopt(s, SOL_SOCKET, Zsock.SO_REUSEADDR, b, 0, -4)),
                new Case("setsockopt bytes negative off", -Errno.EINVAL, () -> z.setsockopt(s, SOL_SOCKET, Zsock.SO_REUSEADDR, b, -1, 4)),
                new Case("setsockopt bytes past", -Errno.EFAULT, () -> z.setsockopt(s, SOL_SOCKET, Zsock.SO_REUSEADDR, b, 6, 4)),
                new Case("setsockopt list null", -Errno.EFAULT, () -> z.setsockopt(s, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, null, 1)),
                new Case("setsockopt list count past", -Errno.EINVAL, () -> z.setsockopt(s, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[1], 2)),
                new Case("setsockopt list negative count", -Errno.EINVAL, () -> z.setsockopt(s, Zsock.SOL_TLS, Zsock.TLS_SEC_TAG_LIST, new int[1], -1)),
                new Case("getsockopt int null", -Errno.EFAULT, () -> z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, null)),
                new Case("getsockopt int empty", -Errno.EFAULT, () -> z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, new int[0])),
                new Case("getsockopt bytes null len", -Errno.EFAULT, () -> z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, b, 0, null)),
                new Case("getsockopt bytes null buffer", -Errno.EFAULT, () -> z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, null, 0, new int[] {4})),
                new Case("getsockopt bytes negative len", -Errno.EINVAL, () -> z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, b, 0, new int[] {-1})),
                new Case("getsockopt bytes past", -Errno.EFAULT, () -> z.getsockopt(s, SOL_SOCKET, Zsock.SO_TYPE, b, 6, new int[] {4})),
                new Case("ioctl null", -Errno.EFAULT, () -> z.ioctl(s, Zsock.FIONREAD, null)),
                new Case("ioctl empty", -Errno.EFAULT, () -> z.ioctl(s, Zsock.FIONREAD, new int[0])),
                new Case("ioctl unknown request", -Errno.EOPNOTSUPP, () -> z.ioctl(s, 0x1234, new int[1])),
                new Case("fcntl unknown command", -Errno.EINVAL, () -> z.fcntl(s, 99, 0)),
                new Case("bind null", -Errno.EFAULT, () -> z.bind(s, null)),
                new Case("connect null", -Errno.EFAULT, () -> z.connect(s, null)),
                new Case("getsockname null", -Errno.EFAULT, () -> z.getsockname(s, null)),
                new Case("getpeername null", -Errno.EFAULT, () -> z.getpeername(s, null)),
                new Case("poll null set", -Errno.EINVAL, () -> z.poll(null, 1, 0)),
                new Case("poll nfds past the set", -Errno.EINVAL, () -> z.poll(new PollFd[1], 2, 0)),
                new Case("select negative nfds", -Errno.EINVAL, () -> z.select(-1, null, null, null, 0)),
                new Case("gethostname null", -Errno.EFAULT, () -> z.gethostname(null, 0, 8)),
                new Case("gethostname negative len", -Errno.EINVAL, () -> z.gethostname(b, 0, -1)));
        for (Case c : cases) {
            assertEquals(c.expected(), c.call().getAsInt(), c.name());
            exchangeWorks(z);
        }
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, Zsock.SO_RCVTIMEO, 0));
        assertEquals(-Errno.EAGAIN, z.recv(s, b, 0, 8, Zsock.MSG_DONTWAIT), "the bad sends sent nothing");
        assertEquals(0, z.close(s));
        assertEquals(0, stack.openFds());
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "no buffer leaked");
    }

    // ---------------------------------------------------------------- POSIX layer and names

    @Test
    @DisplayName("PosixSockets returns -1 and keeps errno per thread")
    void posixErrnoIsPerThread() throws Exception {
        Zsock z = start();
        PosixSockets p = new PosixSockets(z);
        int closed = udp(z);
        assertEquals(0, z.close(closed));
        CyclicBarrier bothFailed = new CyclicBarrier(2);
        int[] seen = new int[4];
        Thread t1 = new Thread(() -> {
            seen[0] = p.socket(Zsock.AF_UNSPEC, SOCK_DGRAM, 0);
            await(bothFailed);
            seen[1] = p.errno();
        });
        Thread t2 = new Thread(() -> {
            seen[2] = p.recv(closed, new byte[4], 0, 4, 0);
            await(bothFailed);
            seen[3] = p.errno();
        });
        t1.start();
        t2.start();
        t1.join(5000);
        t2.join(5000);
        assertArrayEquals(new int[] {-1, Errno.EAFNOSUPPORT, -1, Errno.EBADF}, seen);
        assertEquals(0, p.errno(), "this thread has not failed yet");
        assertEquals(-1, p.shutdown(udp(z), 7));
        assertEquals(Errno.EINVAL, p.errno());
        int fd = p.socket(AF_INET, SOCK_DGRAM, 0);
        assertTrue(fd >= 0);
        assertEquals(Errno.EINVAL, p.errno(), "success leaves errno alone, as in C");
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("every Errno constant has its own name; aliases share their target's; unknown codes are E?")
    void errnoNamesAreDistinct() throws Exception {
        Map<Integer, String> byValue = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        int constants = 0;
        for (Field f : Errno.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || f.getType() != int.class) {
                continue;
            }
            constants++;
            int v = f.getInt(null);
            String name = Errno.name(v);
            assertNotEquals("E?", name, f.getName());
            assertEquals(name, Errno.name(-v), "negative form of " + f.getName());
            if (!f.getName().equals("EWOULDBLOCK")) {
                assertEquals(f.getName(), name);
            }
            byValue.put(v, name);
            Integer other = byName.putIfAbsent(name, v);
            assertTrue(other == null || other == v, name + " names both " + other + " and " + v);
        }
        assertEquals(byValue.size(), byName.size(), "distinct codes have distinct names");
        assertEquals(constants - 1, byValue.size(), "only EWOULDBLOCK is an alias");
        assertEquals("EAGAIN", Errno.name(Errno.EWOULDBLOCK));
        assertEquals("E?", Errno.name(0));
        assertEquals("E?", Errno.name(9999));
        assertEquals("E?", Errno.name(Integer.MIN_VALUE));
    }
}
