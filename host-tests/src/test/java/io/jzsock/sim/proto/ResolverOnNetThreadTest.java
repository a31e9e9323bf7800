package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.AddrInfo;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetDevice;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualSwitch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A name lookup on the thread that polls the stack (code a device driver or the stack itself runs on
 * the net thread) could never be answered: the answer arrives through the device that thread would
 * have to read. getaddrinfo and getnameinfo answer it with EAI_FAIL at once instead of sending a
 * question and stalling every socket until the resolver's timeouts run out.
 */
class ResolverOnNetThreadTest {
    /** A NIC whose receive runs {@code onNetThread} once, when armed: application code on the net thread. */
    static final class HookedNic implements NetDevice {
        final VirtualNic nic;
        volatile Runnable onNetThread;

        HookedNic(VirtualNic nic) {
            this.nic = nic;
        }

        @Override
        public int receive() {
            Runnable r = onNetThread;
            if (r != null) {
                onNetThread = null;
                r.run();
            }
            return nic.receive();
        }

        @Override
        public void open(PacketPool pool, Runnable rxReady) {
            nic.open(pool, rxReady);
        }

        @Override
        public int transmit(int handle) {
            return nic.transmit(handle);
        }

        @Override
        public boolean linkUp() {
            return nic.linkUp();
        }

        @Override
        public void macAddress(byte[] out, int off) {
            nic.macAddress(out, off);
        }

        @Override
        public int mtu() {
            return nic.mtu();
        }

        @Override
        public int txChecksumOffload() {
            return nic.txChecksumOffload();
        }

        @Override
        public int rxChecksumOffload() {
            return nic.rxChecksumOffload();
        }

        @Override
        public void multicastFilter(byte[] mac, int off, boolean join) {
            nic.multicastFilter(mac, off, join);
        }

        @Override
        public void close() {
            nic.close();
        }
    }

    private static final class Call {
        int result;
        long millis;
        Thread thread;
    }

    private static Call onNetThread(NetStack stack, HookedNic dev, java.util.function.IntSupplier call) throws Exception {
        CompletableFuture<Call> done = new CompletableFuture<>();
        dev.onNetThread = () -> {
            Call c = new Call();
            c.thread = Thread.currentThread();
            long t0 = System.nanoTime();
            c.result = call.getAsInt();
            c.millis = (System.nanoTime() - t0) / 1_000_000;
            done.complete(c);
        };
        stack.zsock().socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        return done.get(60, TimeUnit.SECONDS);
    }

    @Test
    void getaddrinfoAndGetnameinfoOnTheNetThreadAreEaiFailWithoutAQuestion() throws Exception {
        VirtualSwitch sw = new VirtualSwitch();
        VirtualNic nic = new VirtualNic(new byte[] {0x02, 0, 0, 0, 0x3d, 0x01});
        sw.attach(nic);
        HookedNic dev = new HookedNic(nic);
        NetStack stack = NetStack.start(NetConfig.defaults(), SystemClock.INSTANCE, new SeededEntropy(61));
        try {
            stack.addInterface(dev, InterfaceConfig.ipv4("eth0", "198.18.0.2", 24, "198.18.0.1").dns("198.18.0.53"));
            Zsock z = stack.zsock();
            Call gai = onNetThread(stack, dev, () -> z.getaddrinfo("www.example.com", "80", null, new AddrInfo[1]));
            System.out.println("ResolverOnNetThreadTest: getaddrinfo on " + gai.thread.getName() + ": " + gai.result
                    + " after " + gai.millis + " ms");
            assertEquals("jzsock-net", gai.thread.getName());
            assertEquals(Zsock.EAI_FAIL, gai.result);
            byte[] host = new byte[64];
            Call gni = onNetThread(stack, dev, () -> z.getnameinfo(SockAddr.parse("192.0.2.1", 80), host, host.length,
                    null, 0, Zsock.NI_NAMEREQD));
            assertEquals(Zsock.EAI_FAIL, gni.result);
            assertEquals(0, stack.counter(NetCounters.DNS_QUERY_TX), "no question sent");
            Call numeric = onNetThread(stack, dev, () -> z.getaddrinfo("192.0.2.7", "80", null, new AddrInfo[1]));
            assertEquals(1, numeric.result, "literals need no server and still work there");
            Call localhost = onNetThread(stack, dev, () -> z.getaddrinfo("localhost", "80", null, new AddrInfo[1]));
            assertEquals(1, localhost.result, "nor does localhost (RFC 6761)");
            assertTrue(z.getaddrinfo("192.0.2.8", "80", null, new AddrInfo[1]) == 1);
            assertNull(stack.netThreadFailure());
        } finally {
            stack.stop();
        }
    }
}
