package io.jzsock.sim.bench;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;

/**
 * One stack without a net thread talking to itself over its loopback interface (127.0.0.1), polled from
 * the caller's thread on real time: the shape of lwIP's raw-API anchor, one stack on its loopif with no
 * Ethernet, ARP or NIC. A send to 127.0.0.1 is delivered on the sender's call (NetStack's
 * deliverLoopbackNow); {@link #settle()} polls for timers and anything left queued. Checksums: the IPv4
 * header and UDP/TCP checksums are computed on send, and not verified on receive over loopback.
 */
final class LoopbackRig implements PolledRig {
    private final Clock clock = SystemClock.INSTANCE;
    private final NetStack stack;

    LoopbackRig(NetConfig cfg) {
        stack = NetStack.create(cfg, clock, new SeededEntropy(1));
    }

    @Override
    public Zsock a() {
        return stack.zsock();
    }

    @Override
    public Zsock b() {
        return stack.zsock();
    }

    @Override
    public SockAddr addressOfB(int port) {
        return SockAddr.parse("127.0.0.1", port);
    }

    @Override
    public void settle() {
        long now = clock.nowMillis();
        for (int round = 0; round < EngineRig.MAX_SETTLE_ROUNDS; round++) {
            if (!stack.poll(now)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        stack.stop();
    }
}
