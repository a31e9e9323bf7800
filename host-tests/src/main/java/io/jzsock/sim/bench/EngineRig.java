package io.jzsock.sim.bench;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;

/**
 * Two stacks without net threads (198.18.0.1 and .2) on one {@link VirtualWire}, both polled from the
 * caller's thread on real time: the setting of lwIP's raw API with {@code NO_SYS=1}, where the
 * application's main loop calls {@code netif_poll_all()} and {@code sys_check_timeouts()}. Every call
 * on the sockets must be non-blocking; {@link #settle()} is the main loop's poll.
 */
final class EngineRig implements PolledRig {
    /** Passes of both stacks one settle may take; a round of pure ping-pong ends far sooner. */
    static final int MAX_SETTLE_ROUNDS = 1000;

    private final Clock clock = SystemClock.INSTANCE;
    private final NetStack a;
    private final NetStack b;

    EngineRig(NetConfig cfg) {
        VirtualNic nicA = new VirtualNic(SimNetwork.mac(1));
        VirtualNic nicB = new VirtualNic(SimNetwork.mac(2));
        VirtualWire.connect(nicA, nicB);
        a = NetStack.create(cfg, clock, new SeededEntropy(1));
        b = NetStack.create(cfg, clock, new SeededEntropy(2));
        a.addInterface(nicA, InterfaceConfig.ipv4("eth0", SimNetwork.address(1), 24, null));
        b.addInterface(nicB, InterfaceConfig.ipv4("eth0", SimNetwork.address(2), 24, null));
    }

    @Override
    public Zsock a() {
        return a.zsock();
    }

    @Override
    public Zsock b() {
        return b.zsock();
    }

    @Override
    public SockAddr addressOfB(int port) {
        return SockAddr.parse(SimNetwork.address(2), port);
    }

    /** Polls both stacks until neither has work: frames on the wire, loopback, timers that are due. */
    @Override
    public void settle() {
        long now = clock.nowMillis();
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            boolean busy = a.poll(now);
            busy |= b.poll(now);
            if (!busy) {
                return;
            }
        }
    }

    @Override
    public void close() {
        a.stop();
        b.stop();
    }
}
