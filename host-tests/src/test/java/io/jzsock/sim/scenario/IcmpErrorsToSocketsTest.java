package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What an ICMP or ICMPv6 Destination Unreachable does to the UDP socket whose datagram caused it: nothing, as in
 * Zephyr, whose ICMPv4/ICMPv6 input handles echo, Packet Too Big / Fragmentation Needed (path MTU) and ND/MLD
 * only, and whose sockets and TCP never hear of other errors. The error is received and counted, and the socket
 * sees no SO_ERROR, no POLLERR and no failing recv or send (Linux would report ECONNREFUSED on a connected one).
 * The loopback's own port unreachable for a closed port is the error.
 */
class IcmpErrorsToSocketsTest extends LoopbackScenario {
    private static final int CLOSED_PORT = 4747;
    private static final int OPEN_PORT = 4748;

    private void connectedSocketIgnoresPortUnreachable(int family, String host, int counter) {
        int open = z.socket(family, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(open, SockAddr.parse(host, OPEN_PORT)));
        int s = z.socket(family, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.connect(s, SockAddr.parse(host, CLOSED_PORT)));
        long before = stack.counter(counter);
        byte[] b = {1, 2, 3};
        assertEquals(3, z.send(s, b, 0, 3, 0));
        long end = System.currentTimeMillis() + 2000;
        while (stack.counter(counter) == before && System.currentTimeMillis() < end) {
            Thread.onSpinWait();
        }
        assertTrue(stack.counter(counter) > before, "the port unreachable came back and was counted");
        int[] err = new int[1];
        assertEquals(0, z.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_ERROR, err));
        assertEquals(0, err[0], "SO_ERROR");
        PollFd[] p = {new PollFd()};
        p[0].fd = s;
        p[0].events = Zsock.POLLIN;
        assertEquals(0, z.poll(p, 1, 50), "no POLLERR, no POLLIN");
        byte[] rx = new byte[8];
        assertEquals(-Errno.EAGAIN, z.recv(s, rx, 0, rx.length, Zsock.MSG_DONTWAIT));
        assertEquals(3, z.send(s, b, 0, 3, 0), "the next send goes as before");
        assertEquals(0, z.connect(s, SockAddr.parse(host, OPEN_PORT)));
        assertEquals(3, z.send(s, b, 0, 3, 0));
        assertEquals(3, z.recv(open, rx, 0, rx.length, 0));
        assertArrayEquals(b, java.util.Arrays.copyOf(rx, 3));
        assertEquals(0, z.close(s));
        assertEquals(0, z.close(open));
    }

    @Test
    @DisplayName("ICMPv6 port unreachable about a connected AF_INET6 UDP socket's datagram: counted, no socket error (Zephyr)")
    void icmpv6PortUnreachableIsNotASocketError() {
        connectedSocketIgnoresPortUnreachable(Zsock.AF_INET6, "::1", NetCounters.ICMP6_ERROR_RX);
    }

    @Test
    @DisplayName("ICMP port unreachable about a connected AF_INET UDP socket's datagram: counted, no socket error (Zephyr)")
    void icmpPortUnreachableIsNotASocketError() {
        connectedSocketIgnoresPortUnreachable(Zsock.AF_INET, "127.0.0.1", NetCounters.ICMP_UNREACHABLE_RX);
    }
}
