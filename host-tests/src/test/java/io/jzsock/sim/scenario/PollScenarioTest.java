package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;

import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;


import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** poll() on UDP sockets and socketpairs (zsock-scenarios POLL-01..03; Zephyr tests/net/socket/poll). */
class PollScenarioTest extends LoopbackScenario {
    private int udp(Zsock zs, String ip, int port) {
        int s = zs.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertTrue(s >= 0, "socket: " + s);
        assertEquals(0, zs.bind(s, SockAddr.parse(ip, port)));
        return s;
    }

    @Test
    @DisplayName("POLL-01 timeout 0 returns 0 at once with revents 0")
    void zeroTimeoutReturnsImmediatelyWithNoEvents() {
        int s = udp(z, "127.0.0.1", 4242);
        PollFd[] set = {new PollFd(s, Zsock.POLLIN)};
        set[0].revents = 0x7f;
        long t0 = now();
        assertEquals(0, z.poll(set, 1, 0));
        assertTrue(now() - t0 < 100, "took " + (now() - t0) + " ms");
        assertEquals(0, set[0].revents);
    }

    @Test
    @DisplayName("POLL-01 a 30 ms timeout waits at least 30 ms and returns 0")
    void thirtyMsTimeoutWaitsThirtyMs() {
        int s = udp(z, "127.0.0.1", 4242);
        PollFd[] set = {new PollFd(s, Zsock.POLLIN)};
        long t0 = now();
        assertEquals(0, z.poll(set, 1, 30));
        long elapsed = now() - t0;
        assertTrue(elapsed >= 30 && elapsed <= 30 + SLACK_MS, "waited " + elapsed + " ms");
        assertEquals(0, set[0].revents);
    }

    @Test
    @DisplayName("POLL-01 a datagram makes only the receiver POLLIN; after reading, no event")
    void datagramMakesOnlyReceiverReadable() {
        int c = udp(z, "127.0.0.1", 0);
        int s = udp(z, "127.0.0.1", 4242);
        PollFd[] set = {new PollFd(c, Zsock.POLLIN), new PollFd(s, Zsock.POLLIN)};
        assertEquals(0, z.poll(set, 2, 0));

        byte[] msg = {1, 2, 3, 4};
        assertEquals(4, z.sendto(c, msg, 0, 4, 0, SockAddr.parse("127.0.0.1", 4242)));
        assertEquals(1, z.poll(set, 2, 1000));
        assertEquals(0, set[0].revents);
        assertEquals(Zsock.POLLIN, set[1].revents);

        byte[] in = new byte[16];
        assertEquals(4, z.recv(s, in, 0, in.length, 0));
        assertEquals(0, z.poll(set, 2, 0));
        assertEquals(0, set[0].revents);
        assertEquals(0, set[1].revents);
    }

    @Test
    @DisplayName("POLL-02 POLLOUT on UDP returns at once, not after the timeout")
    void udpPollOutIsImmediate() {
        int s = udp(z, "127.0.0.1", 4242);
        PollFd[] set = {new PollFd(s, Zsock.POLLOUT)};
        long t0 = now();
        assertEquals(1, z.poll(set, 1, 5000));
        assertTrue(now() - t0 < 100, "took " + (now() - t0) + " ms");
        assertEquals(Zsock.POLLOUT, set[0].revents);
    }

    @Test
    @DisplayName("POLL-03 a closed fd in the set gives POLLNVAL and counts as 1")
    void closedFdReportsPollnval() {
        int s = udp(z, "127.0.0.1", 4242);
        int closed = udp(z, "127.0.0.1", 4243);
        assertEquals(0, z.close(closed));
        PollFd[] set = {new PollFd(s, Zsock.POLLIN), new PollFd(closed, Zsock.POLLIN)};
        assertEquals(1, z.poll(set, 2, 0));
        assertEquals(0, set[0].revents);
        assertEquals(Zsock.POLLNVAL, set[1].revents);
        assertEquals(1, z.poll(set, 2, 1000), "POLLNVAL ends a blocking poll too");
    }

    @Test
    @DisplayName("POLL poll ignores an entry whose fd is -1 and clears its revents")
    void negativeFdIsIgnored() {
        int s = udp(z, "127.0.0.1", 4242);
        PollFd[] set = {new PollFd(-1, Zsock.POLLIN | Zsock.POLLOUT), new PollFd(s, Zsock.POLLOUT)};
        set[0].revents = 0x7f;
        assertEquals(1, z.poll(set, 2, 0));
        assertEquals(0, set[0].revents);
        assertEquals(Zsock.POLLOUT, set[1].revents);

        PollFd[] onlyIgnored = {new PollFd(-1, Zsock.POLLIN)};
        long t0 = now();
        assertEquals(0, z.poll(onlyIgnored, 1, 50));
        assertTrue(now() - t0 >= 50, "an all-ignored set still waits for the timeout");
    }

    @Test
    @DisplayName("POLL poll with no entries (null, 0) sleeps for the timeout and returns 0, as Zephyr's k_poll of no events")
    void noEntriesSleepsForTheTimeout() {
        long t0 = now();
        assertEquals(0, z.poll(null, 0, 50));
        long elapsed = now() - t0;
        assertTrue(elapsed >= 50 && elapsed <= 50 + SLACK_MS, "waited " + elapsed + " ms");
        t0 = now();
        assertEquals(0, z.poll(null, 0, 0));
        assertTrue(now() - t0 < 100, "a zero timeout returns at once");
        assertEquals(-Errno.EINVAL, z.poll(null, 1, 0));
    }

    @Test
    @DisplayName("POLL a poll blocked in one thread is woken by a datagram from another host")
    void blockedPollWokenByDatagramFromAnotherStack() throws Exception {
        try (SimNetwork net = new SimNetwork(7)) {
            NetStack a = net.addHost(1);
            NetStack b = net.addHost(2);
            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            int server = udp(zb, "0.0.0.0", 4242);
            int client = udp(za, "0.0.0.0", 0);
            PollFd[] set = {new PollFd(server, Zsock.POLLIN)};
            long t0 = b.clock().nowMillis();
            CompletableFuture<long[]> poller = CompletableFuture.supplyAsync(() -> {
                int r = zb.poll(set, 1, 10000);
                return new long[] {r, b.clock().nowMillis() - t0};
            });
            Thread.sleep(150);
            assertFalse(poller.isDone(), "nothing to read yet");
            byte[] msg = {9, 8, 7};
            assertEquals(3, za.sendto(client, msg, 0, 3, 0, SockAddr.parse(SimNetwork.address(2), 4242)));
            long[] result = poller.get(5, TimeUnit.SECONDS);
            assertEquals(1, result[0]);
            assertEquals(Zsock.POLLIN, set[0].revents);
            assertTrue(result[1] >= 150 && result[1] < 3000, "woke after " + result[1] + " ms");
            byte[] in = new byte[8];
            assertEquals(3, zb.recv(server, in, 0, in.length, Zsock.MSG_DONTWAIT));
        }
    }

    @Test
    @DisplayName("POLL close() of the polled fd from another thread wakes the poll with POLLNVAL")
    void closeFromAnotherThreadWakesPollWithPollnval() throws Exception {
        int s = udp(z, "127.0.0.1", 4242);
        PollFd[] set = {new PollFd(s, Zsock.POLLIN)};
        long t0 = now();
        CompletableFuture<long[]> poller = CompletableFuture.supplyAsync(() -> {
            int r = z.poll(set, 1, 10000);
            return new long[] {r, now() - t0};
        });
        Thread.sleep(150);
        assertFalse(poller.isDone(), "nothing to read yet");
        assertEquals(0, z.close(s));
        long[] result = poller.get(5, TimeUnit.SECONDS);
        assertEquals(1, result[0]);
        assertEquals(Zsock.POLLNVAL, set[0].revents);
        assertTrue(result[1] >= 150 && result[1] < 2000, "woke after " + result[1] + " ms");
    }

    @Test
    @DisplayName("POLL socketpair: POLLOUT at once, POLLIN only on the end that has data")
    void socketpairReadinessFollowsData() {
        int[] sv = new int[2];
        assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
        PollFd[] set = {new PollFd(sv[0], Zsock.POLLIN | Zsock.POLLOUT), new PollFd(sv[1], Zsock.POLLIN)};
        assertEquals(1, z.poll(set, 2, 1000));
        assertEquals(Zsock.POLLOUT, set[0].revents);
        assertEquals(0, set[1].revents);

        byte[] msg = {1, 2, 3};
        assertEquals(3, z.send(sv[0], msg, 0, 3, 0));
        assertEquals(2, z.poll(set, 2, 0));
        assertEquals(Zsock.POLLOUT, set[0].revents);
        assertEquals(Zsock.POLLIN, set[1].revents);

        byte[] in = new byte[8];
        assertEquals(3, z.recv(sv[1], in, 0, in.length, 0));
        set[0].events = Zsock.POLLIN;
        assertEquals(0, z.poll(set, 2, 0));
        assertEquals(0, set[1].revents);
    }

    @Test
    @DisplayName("POLL bad arguments: nfds past the array is -EINVAL")
    void nfdsLargerThanArrayIsEinval() {
        PollFd[] set = {new PollFd(-1, Zsock.POLLIN)};
        assertEquals(-Errno.EINVAL, z.poll(set, 2, 0));
    }
}
