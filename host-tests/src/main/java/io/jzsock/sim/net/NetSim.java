package io.jzsock.sim.net;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.sim.wire.ImpairedLink;
import io.jzsock.sim.wire.Impairment;
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualNic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Two stacks without net threads, 198.18.0.1 and 198.18.0.2, joined by an {@link ImpairedLink} and
 * driven in virtual time from the test's thread: the same seed gives the same run, and idle time
 * costs nothing. The harness of the loss soak tests and the goodput grid.
 *
 * <p>Each {@link #step()} at virtual time {@code now}:
 * <ol>
 * <li>delivers the frames due on the link and polls both stacks, again and again until neither has
 *     work (bounded by {@link #MAX_SETTLE_ROUNDS}, so a zero-delay ping-pong cannot hang a step);
 * <li>runs the application ticks in the order they were added;
 * <li>settles again, so what the applications sent over a zero-delay link is received at {@code now};
 * <li>moves the clock to the earliest of the next frame delivery, each stack's {@code pollAt()} and
 *     {@code now + maxStepMillis} (default 1 ms, so ticks run at least every millisecond), and at
 *     least 1 ms on.
 * </ol>
 * Applications are written non-blocking ({@code MSG_DONTWAIT}, {@code O_NONBLOCK}): with no net thread
 * a blocking call would never return. A frame sent in a tick at {@code t} over a link with one-way
 * delay {@code d} is received by the peer's stack, and seen by the peer's tick, at exactly {@code t + d}.
 */
public final class NetSim implements AutoCloseable {
    public static final String SUBNET = "198.18.0.";
    /** Where virtual time starts: not 0, which some timers read as "not armed". */
    public static final long START_MILLIS = 1000;
    public static final int MAX_SETTLE_ROUNDS = 1000;
    public static final int HOSTS = 2;

    private final VirtualClock clock = new VirtualClock(START_MILLIS);
    private final NetStack[] stacks = new NetStack[HOSTS];
    private final VirtualNic[] nics = new VirtualNic[HOSTS];
    private final ImpairedLink link;
    private final List<Runnable> ticks = new ArrayList<>();
    private Runnable[] tickArray = new Runnable[0];
    private long maxStepMillis = 1;
    private long steps;
    private PcapWriter pcap;
    private Path pcapPath;
    private boolean closed;

    /** Default config on both stacks, a perfect link. */
    public NetSim(long seed) {
        this(seed, NetConfig.defaults());
    }

    public NetSim(long seed, NetConfig cfg) {
        this(seed, cfg, ImpairedLink.DEFAULT_IN_FLIGHT, ImpairedLink.DEFAULT_TX_QUEUE);
    }

    /** Stack k (host id k + 1) draws from {@code SeededEntropy(seed ^ (k + 1))}, the link from {@code seed}. */
    public NetSim(long seed, NetConfig cfg, int linkInFlightFrames, int linkTxQueueFrames) {
        this(seed, cfg, linkInFlightFrames, linkTxQueueFrames, false);
    }

    /**
     * Both hosts with IPv6 on eth0 (interface index 2) as well: link-local addresses after DAD, reached with
     * scope id 2 ({@link #ipv6LinkLocal}).
     */
    public static NetSim withIpv6(long seed, NetConfig cfg) {
        return new NetSim(seed, cfg, ImpairedLink.DEFAULT_IN_FLIGHT, ImpairedLink.DEFAULT_TX_QUEUE, true);
    }

    private NetSim(long seed, NetConfig cfg, int linkInFlightFrames, int linkTxQueueFrames, boolean ipv6) {
        for (int k = 0; k < HOSTS; k++) {
            nics[k] = new VirtualNic(SimNetwork.mac(k + 1));
        }
        link = ImpairedLink.connect(nics[0], nics[1], clock, seed, linkInFlightFrames, linkTxQueueFrames);
        for (int k = 0; k < HOSTS; k++) {
            stacks[k] = NetStack.create(cfg, clock, new SeededEntropy(seed ^ (k + 1)));
            InterfaceConfig ifcfg = InterfaceConfig.ipv4("eth0", address(k), 24, null);
            stacks[k].addInterface(nics[k], ipv6 ? ifcfg.withIpv6() : ifcfg);
        }
    }

    /** Records every delivered frame (after impairment) to target/pcap/name.pcap, stamped with virtual time. */
    public NetSim capture(String name) throws IOException {
        Path dir = Path.of("target", "pcap");
        Files.createDirectories(dir);
        pcapPath = dir.resolve(name + ".pcap");
        pcap = new PcapWriter(pcapPath, clock);
        link.addTap(pcap);
        return this;
    }

    public Path pcapPath() {
        return pcapPath;
    }

    /** "198.18.0.1" for host 0, "198.18.0.2" for host 1. */
    public static String address(int host) {
        return SUBNET + (host + 1);
    }

    /** A fresh socket address of {@code host} on {@code port}. */
    public static SockAddr sockAddr(int host, int port) {
        return SockAddr.parse(address(host), port);
    }

    /**
     * The link-local address of {@code host} on eth0 with scope id 2 once it passed DAD, or null while it is
     * tentative (or IPv6 is off).
     */
    public SockAddr ipv6LinkLocal(int host, int port) {
        byte[] a = new byte[16];
        for (int n = 0; stacks[host].ipv6Address(2, n, a) >= 0; n++) {
            if (stacks[host].ipv6Address(2, n, a) == Ipv6InterfaceState.PREFERRED && (a[0] & 0xff) == 0xfe
                    && (a[1] & 0xc0) == 0x80) {
                return new SockAddr().setIpv6(a, 0, port, 2);
            }
        }
        return null;
    }

    public NetStack stack(int host) {
        return stacks[host];
    }

    public NetStack a() {
        return stacks[0];
    }

    public NetStack b() {
        return stacks[1];
    }

    public Zsock zsock(int host) {
        return stacks[host].zsock();
    }

    public VirtualNic nic(int host) {
        return nics[host];
    }

    /** The link: host 0 sends on {@link ImpairedLink#A_TO_B}, host 1 on {@link ImpairedLink#B_TO_A}. */
    public ImpairedLink link() {
        return link;
    }

    /** Both directions of the link take the values of {@code settings}. */
    public NetSim impair(Impairment settings) {
        link.impairBoth(settings);
        return this;
    }

    public VirtualClock clock() {
        return clock;
    }

    public long now() {
        return clock.nowMillis();
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** Runs {@code tick} once per step, after the stacks have been polled. */
    public NetSim addTick(Runnable tick) {
        ticks.add(tick);
        tickArray = ticks.toArray(new Runnable[0]);
        return this;
    }

    public NetSim removeTick(Runnable tick) {
        ticks.remove(tick);
        tickArray = ticks.toArray(new Runnable[0]);
        return this;
    }

    /**
     * The longest one step moves the clock when no frame or timer is due sooner (default 1 ms). A
     * larger value makes idle stretches cheaper; ticks then run less often while nothing happens.
     */
    public NetSim maxStepMillis(long ms) {
        if (ms < 1) {
            throw new IllegalArgumentException("a step moves at least 1 ms");
        }
        maxStepMillis = ms;
        return this;
    }

    public void step() {
        step(Long.MAX_VALUE);
    }

    /** Steps until {@code done} is true (checked before every step) or the clock has moved {@code maxVirtualMillis}. */
    public boolean runUntil(BooleanSupplier done, long maxVirtualMillis) {
        long limit = clock.nowMillis() + maxVirtualMillis;
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (clock.nowMillis() >= limit) {
                return false;
            }
            step(limit);
        }
    }

    /** Steps until the clock has moved {@code millis}. */
    public void runFor(long millis) {
        runUntil(() -> false, millis);
    }

    public void runSteps(int n) {
        for (int i = 0; i < n; i++) {
            step();
        }
    }

    private void step(long limit) {
        if (closed) {
            throw new IllegalStateException("NetSim is closed");
        }
        long now = clock.nowMillis();
        settle(now);
        for (Runnable t : tickArray) {
            t.run();
        }
        settle(now);
        long next = Math.min(now + maxStepMillis, link.nextDeliveryMillis());
        for (NetStack s : stacks) {
            next = Math.min(next, s.pollAt());
        }
        next = Math.min(Math.max(next, now + 1), Math.max(limit, now + 1));
        clock.set(next);
        steps++;
    }

    private void settle(long now) {
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            boolean busy = link.deliverDue() > 0;
            for (NetStack s : stacks) {
                busy |= s.poll(now);
            }
            if (!busy) {
                return;
            }
        }
    }

    /** Stops both stacks (closing every socket) and the capture. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (NetStack s : stacks) {
            s.stop();
        }
        link.close();
        if (pcap != null) {
            pcap.close();
        }
    }
}
