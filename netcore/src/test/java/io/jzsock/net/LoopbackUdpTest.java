package io.jzsock.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackUdpTest {
    private final NetStack stack = NetStack.start(NetConfig.defaults());
    private final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    @Test
    void datagramSentToLoopbackArrivesWithSourceAddress() {
        int server = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        int client = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertEquals(0, z.bind(server, SockAddr.parse("127.0.0.1", 4242)));
        byte[] msg = "hello".getBytes();
        assertEquals(5, z.sendto(client, msg, 0, 5, 0, SockAddr.parse("127.0.0.1", 4242)));
        byte[] buf = new byte[64];
        SockAddr from = new SockAddr();
        z.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
        assertEquals(5, z.recvfrom(server, buf, 0, buf.length, 0, from));
        assertEquals("hello", new String(buf, 0, 5));
        SockAddr local = new SockAddr();
        assertEquals(0, z.getsockname(client, local));
        assertEquals(local.port(), from.port());
        assertEquals("127.0.0.1", from.toString().substring(0, 9));
        assertEquals(0, z.close(server));
        assertEquals(0, z.close(client));
        assertEquals(-Errno.EBADF, z.close(client));
    }

    @Test
    void datagramToClosedPortIsAnsweredWithPortUnreachable() throws Exception {
        int client = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(3, z.sendto(client, new byte[3], 0, 3, 0, SockAddr.parse("127.0.0.1", 9)));
        long deadline = System.currentTimeMillis() + 2000;
        while (stack.counter(NetCounters.ICMP_UNREACHABLE_RX) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, stack.counter(NetCounters.UDP_DROP_NO_PORT));
        assertEquals(1, stack.counter(NetCounters.ICMP_UNREACHABLE_SENT));
        assertEquals(1, stack.counter(NetCounters.ICMP_UNREACHABLE_RX));
        assertTrue(stack.freePacketBuffers() == stack.packetBuffers());
    }
}
