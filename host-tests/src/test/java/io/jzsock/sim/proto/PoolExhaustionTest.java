package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exhaustion is a transient error code, never a hang and never permanent (lwIP pain point 14):
 * unread datagrams hold every packet buffer, sends fail with -ENOMEM, and one read makes room again.
 */
class PoolExhaustionTest {
    final NetStack stack;
    final Zsock z;

    PoolExhaustionTest() {
        NetConfig cfg = NetConfig.defaults();
        cfg.packetBuffers = 6;
        cfg.udpRxQueue = 4;
        stack = NetStack.start(cfg);
        z = stack.zsock();
    }

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int boundSocket(int port) {
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        assertEquals(0, z.bind(fd, SockAddr.parse("127.0.0.1", port)));
        return fd;
    }

    /** Waits until the net thread has queued the datagrams (FIONREAD sees only the next one: count buffers). */
    private void awaitQueued(int datagrams) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2000;
        while (System.currentTimeMillis() < deadline) {
            if (stack.packetBuffers() - stack.freePacketBuffers() >= datagrams) {
                return;
            }
            Thread.sleep(2);
        }
    }

    @Test
    void sendFailsWithEnomemWhileUnreadDatagramsHoldEveryBufferAndRecoversAfterARead() throws Exception {
        int a = boundSocket(1001);
        int b = boundSocket(1002);
        int client = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        byte[] msg = new byte[16];
        for (int i = 0; i < 4; i++) {
            assertEquals(16, z.sendto(client, msg, 0, 16, 0, SockAddr.parse("127.0.0.1", 1001)));
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(16, z.sendto(client, msg, 0, 16, 0, SockAddr.parse("127.0.0.1", 1002)));
        }
        awaitQueued(6);
        assertEquals(0, stack.freePacketBuffers());
        assertEquals(-Errno.ENOMEM, z.sendto(client, msg, 0, 16, Zsock.MSG_DONTWAIT, SockAddr.parse("127.0.0.1", 1002)));
        assertTrue(stack.counter(NetCounters.UDP_DROP_NO_BUFFER) >= 1);

        z.setsockopt(client, Zsock.SOL_SOCKET, Zsock.SO_SNDTIMEO, 150);
        long t0 = System.nanoTime();
        assertEquals(-Errno.ENOMEM, z.sendto(client, msg, 0, 16, 0, SockAddr.parse("127.0.0.1", 1002)));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs >= 150 && waitedMs < 1500, "a blocking send waits SO_SNDTIMEO for a buffer: " + waitedMs);

        byte[] in = new byte[64];
        assertEquals(16, z.recv(a, in, 0, in.length, Zsock.MSG_DONTWAIT));
        assertEquals(16, z.sendto(client, msg, 0, 16, Zsock.MSG_DONTWAIT, SockAddr.parse("127.0.0.1", 1002)),
                "one freed buffer is enough to send again");
        z.close(a);
        z.close(b);
        z.close(client);
        Thread.sleep(50);
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "closing releases queued datagrams");
    }

    @Test
    void blockedSendIsReleasedWhenAnotherThreadFreesABuffer() throws Exception {
        int a = boundSocket(1001);
        int b = boundSocket(1002);
        int client = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        byte[] msg = new byte[16];
        for (int i = 0; i < 4; i++) {
            z.sendto(client, msg, 0, 16, 0, SockAddr.parse("127.0.0.1", 1001));
        }
        for (int i = 0; i < 2; i++) {
            z.sendto(client, msg, 0, 16, 0, SockAddr.parse("127.0.0.1", 1002));
        }
        awaitQueued(6);
        Thread reader = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            z.recv(a, new byte[64], 0, 64, 0);
        });
        reader.start();
        long t0 = System.nanoTime();
        assertEquals(16, z.sendto(client, msg, 0, 16, 0, SockAddr.parse("127.0.0.1", 1002)));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waitedMs >= 90, "waited for the reader: " + waitedMs);
        reader.join();
    }
}
