package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.NetSim;
import io.jzsock.sim.wire.Impairment;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 churn: thousands of connect / send / close cycles against one listener with the default
 * NetConfig (maxTcpConnections = 4). Whoever closes first holds TIME_WAIT; with only four connection
 * objects the stack must recycle the oldest TIME_WAIT (lwIP pain point 13) or it stops connecting or
 * accepting within a few cycles. Afterwards nothing may be left: connections, packet buffers, fds.
 */
class TcpChurnTest {
    static final int PORT = 6000;
    static final int CYCLES = 10_000;
    static final int REAL_TIME_CYCLES = 1000;
    static final int MESSAGE = 5;

    private NetStack realTimeStack;

    @AfterEach
    void stopRealTimeStack() {
        if (realTimeStack != null) {
            realTimeStack.stop();
        }
    }

    @Test
    void tenThousandCyclesWhereTheClientClosesFirstLeaveNothingBehind() throws Exception {
        churnInVirtualTime(false);
    }

    @Test
    void tenThousandCyclesWhereTheServerClosesFirstKeepTheListenerAccepting() throws Exception {
        churnInVirtualTime(true);
    }

    private static void churnInVirtualTime(boolean serverClosesFirst) throws Exception {
        try (NetSim sim = new NetSim(serverClosesFirst ? 42 : 41)) {
            sim.impair(new Impairment().delayMillis(1));
            Churn churn = new Churn(sim.zsock(0), sim.zsock(1), NetSim.sockAddr(1, PORT), CYCLES, serverClosesFirst);
            sim.addTick(churn);
            boolean finished = sim.runUntil(churn::done, 3_600_000);
            String where = " at cycle " + churn.clientCycles + " (" + sim.now() + " virtual ms)\nclient:\n"
                    + sim.a().describeTcp() + "server:\n" + sim.b().describeTcp();
            assertNull(churn.failure, churn.failure + where);
            assertTrue(finished, "finished" + where);
            assertEquals(CYCLES, churn.clientCycles, "client cycles");
            assertEquals(CYCLES, churn.serverCycles, "server cycles");
            assertEquals((long) CYCLES * MESSAGE, churn.bytesReceived, "bytes the server received");

            sim.runFor(NetConfig.defaults().tcpTimeWaitMillis + 1000);
            assertEquals(0, sim.a().tcpConnectionsInUse(), "client connections after TIME_WAIT\n" + sim.a().describeTcp());
            assertEquals(1, sim.b().tcpConnectionsInUse(), "server: only the listener\n" + sim.b().describeTcp());
            assertEquals(0, sim.a().openFds(), "client fds");
            assertEquals(1, sim.b().openFds(), "server fds: the listener");
            assertEquals(0, churn.server.close(churn.listener));
            assertEquals(0, sim.b().tcpConnectionsInUse(), "server connections after closing the listener");
            assertEquals(0, sim.b().openFds(), "server fds");
            for (NetStack s : new NetStack[] {sim.a(), sim.b()}) {
                assertEquals(s.packetBuffers(), s.freePacketBuffers(), "free packet buffers");
                assertEquals(0, s.counter(NetCounters.TCP_RETRANSMIT), "retransmissions on a perfect link");
                assertEquals(0, s.counter(NetCounters.TCP_DROP_BACKLOG_FULL), "SYNs dropped for want of a slot");
                assertEquals(0, s.counter(NetCounters.TCP_RST_SENT), "RSTs");
            }
            System.out.println("churn (" + (serverClosesFirst ? "server" : "client") + " closes first): " + CYCLES
                    + " cycles in " + (sim.now() - NetSim.START_MILLIS) + " virtual ms, " + sim.steps() + " steps");
        }
    }

    /**
     * Both ends of the churn as one non-blocking tick. Client: socket, connect, send MESSAGE bytes,
     * then close (or, if the server closes first, read to EOF and close), next cycle. Server: accept
     * whatever is pending, read every connection; either read to EOF and close, or close as soon as
     * the whole message is in.
     */
    static final class Churn implements Runnable {
        final Zsock client;
        final Zsock server;
        final int listener;
        private final SockAddr dst;
        private final int cycles;
        private final boolean serverClosesFirst;
        private final int[] accepted = new int[8];
        private final int[] acceptedBytes = new int[8];
        private int acceptedCount;
        private final byte[] msg = new byte[MESSAGE];
        private final byte[] buf = new byte[64];
        private int fd = -1;
        private boolean sent;
        int clientCycles;
        int serverCycles;
        long bytesReceived;
        String failure;

        Churn(Zsock client, Zsock server, SockAddr dst, int cycles, boolean serverClosesFirst) {
            this.client = client;
            this.server = server;
            this.dst = dst;
            this.cycles = cycles;
            this.serverClosesFirst = serverClosesFirst;
            listener = server.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            check(listener, "listener socket");
            check(server.bind(listener, SockAddr.parse("0.0.0.0", PORT)), "bind");
            check(server.listen(listener, 2), "listen");
            check(server.fcntl(listener, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl listener");
        }

        private void check(int r, String what) {
            if (r < 0 && failure == null) {
                failure = what + ": " + Errno.name(-r);
            }
        }

        boolean done() {
            return failure != null || (clientCycles == cycles && serverCycles == cycles);
        }

        @Override
        public void run() {
            if (failure == null) {
                serverSide();
            }
            if (failure == null && clientCycles < cycles) {
                clientSide();
            }
        }

        private void clientSide() {
            if (fd < 0) {
                fd = client.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
                check(fd, "client socket");
                check(client.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl client");
                int r = client.connect(fd, dst);
                if (r != -Errno.EINPROGRESS) {
                    failure = "connect: " + (r < 0 ? Errno.name(-r) : r);
                }
                sent = false;
                return;
            }
            if (!sent) {
                for (int i = 0; i < MESSAGE; i++) {
                    msg[i] = (byte) (clientCycles + i);
                }
                int r = client.send(fd, msg, 0, MESSAGE, 0);
                if (r == -Errno.EAGAIN) {
                    return;
                }
                if (r != MESSAGE) {
                    failure = "send: " + (r < 0 ? Errno.name(-r) : r + " bytes");
                    return;
                }
                sent = true;
            }
            if (serverClosesFirst) {
                int r = client.recv(fd, buf, 0, buf.length, 0);
                if (r == -Errno.EAGAIN) {
                    return;
                }
                if (r != 0) {
                    failure = "client expected EOF, recv: " + (r < 0 ? Errno.name(-r) : r + " bytes");
                    return;
                }
            }
            check(client.close(fd), "client close");
            fd = -1;
            clientCycles++;
        }

        private void serverSide() {
            while (acceptedCount < accepted.length) {
                int a = server.accept(listener, null);
                if (a == -Errno.EAGAIN) {
                    break;
                }
                if (a < 0) {
                    failure = "accept: " + Errno.name(-a);
                    return;
                }
                check(server.fcntl(a, Zsock.F_SETFL, Zsock.O_NONBLOCK), "fcntl accepted");
                accepted[acceptedCount] = a;
                acceptedBytes[acceptedCount] = 0;
                acceptedCount++;
            }
            for (int i = 0; i < acceptedCount; ) {
                if (serve(i)) {
                    accepted[i] = accepted[acceptedCount - 1];
                    acceptedBytes[i] = acceptedBytes[acceptedCount - 1];
                    acceptedCount--;
                } else {
                    i++;
                }
            }
        }

        /** True when connection i is finished and closed. */
        private boolean serve(int i) {
            int a = accepted[i];
            while (true) {
                int r = server.recv(a, buf, 0, buf.length, 0);
                if (r == -Errno.EAGAIN) {
                    return false;
                }
                if (r < 0) {
                    failure = "server recv: " + Errno.name(-r);
                    return false;
                }
                if (r == 0 && acceptedBytes[i] != MESSAGE) {
                    failure = "server EOF after " + acceptedBytes[i] + " bytes";
                    return false;
                }
                acceptedBytes[i] += r;
                bytesReceived += r;
                if (r == 0 || (serverClosesFirst && acceptedBytes[i] == MESSAGE)) {
                    check(server.close(a), "server close");
                    serverCycles++;
                    return true;
                }
            }
        }
    }

    @Test
    void thousandBlockingCyclesOverOneStacksLoopback() throws Exception {
        realTimeStack = NetStack.start(NetConfig.defaults());
        Zsock z = realTimeStack.zsock();
        int listener = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.bind(listener, SockAddr.parse("127.0.0.1", PORT)));
        assertEquals(0, z.listen(listener, 2));
        assertEquals(0, z.setsockopt(listener, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 200));
        AtomicLong served = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicReference<String> serverFailure = new AtomicReference<>();
        Object turn = new Object();
        Thread serverThread = new Thread(() -> {
            byte[] buf = new byte[64];
            while (served.get() < REAL_TIME_CYCLES && serverFailure.get() == null) {
                int a = z.accept(listener, null);
                if (a == -Errno.EAGAIN) {
                    continue;
                }
                if (a < 0) {
                    serverFailure.set("accept: " + Errno.name(-a));
                    return;
                }
                int got = 0;
                int r;
                while ((r = z.recv(a, buf, 0, buf.length, 0)) > 0) {
                    got += r;
                }
                if (r < 0 || got != MESSAGE) {
                    serverFailure.set("cycle " + served.get() + ": recv " + (r < 0 ? Errno.name(-r) : "EOF")
                            + " after " + got + " bytes");
                }
                bytes.addAndGet(got);
                z.close(a);
                synchronized (turn) {
                    served.incrementAndGet();
                    turn.notifyAll();
                }
            }
        }, "churn-server");
        serverThread.start();

        byte[] msg = new byte[MESSAGE];
        SockAddr dst = SockAddr.parse("127.0.0.1", PORT);
        long t0 = System.nanoTime();
        for (int cycle = 0; cycle < REAL_TIME_CYCLES; cycle++) {
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertTrue(fd >= 0, "socket at cycle " + cycle + ": " + Errno.name(-fd) + "\n" + realTimeStack.describeTcp());
            int r = z.connect(fd, dst);
            assertEquals(0, r, "connect at cycle " + cycle + ": " + Errno.name(-r) + "\n" + realTimeStack.describeTcp());
            assertEquals(MESSAGE, z.send(fd, msg, 0, MESSAGE, 0), "send at cycle " + cycle);
            assertEquals(0, z.close(fd));
            // One cycle at a time, as a client that waits for its answer would: the server's
            // connection finishes before the next connect.
            synchronized (turn) {
                long deadline = System.currentTimeMillis() + 5000;
                while (served.get() <= cycle && serverFailure.get() == null && System.currentTimeMillis() < deadline) {
                    turn.wait(100);
                }
            }
            assertNull(serverFailure.get());
            assertEquals(cycle + 1, served.get(), "served at cycle " + cycle + "\n" + realTimeStack.describeTcp());
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        serverThread.join(5000);
        assertEquals((long) REAL_TIME_CYCLES * MESSAGE, bytes.get());

        long deadline = System.currentTimeMillis() + realTimeStack.config().tcpTimeWaitMillis + 3000;
        while (realTimeStack.tcpConnectionsInUse() > 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, realTimeStack.tcpConnectionsInUse(), "only the listener\n" + realTimeStack.describeTcp());
        assertEquals(0, z.close(listener));
        assertEquals(0, realTimeStack.tcpConnectionsInUse());
        assertEquals(0, realTimeStack.openFds());
        assertEquals(realTimeStack.packetBuffers(), realTimeStack.freePacketBuffers());
        assertEquals(0, realTimeStack.counter(NetCounters.TCP_RETRANSMIT), "retransmissions on loopback");
        assertEquals(0, realTimeStack.counter(NetCounters.TCP_DROP_BACKLOG_FULL), "SYNs dropped for want of a slot");
        System.out.println("churn over loopback: " + REAL_TIME_CYCLES + " blocking cycles in " + millis + " ms");
    }
}
