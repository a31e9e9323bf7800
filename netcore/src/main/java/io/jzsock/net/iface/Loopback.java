package io.jzsock.net.iface;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.HandleRing;
import io.jzsock.net.buf.PacketPool;

/**
 * The loopback interface's queue: packets sent to 127.0.0.0/8, ::1 or to one of our own addresses are
 * queued here and delivered on the next poll, never recursively from the sender's call. Like
 * Zephyr's {@code loopback_set_packet_drop_ratio}, a drop percentage injects loss for tests.
 */
public final class Loopback {
    private final PacketPool pool;
    private final HandleRing queue;
    private final Entropy entropy;
    private final Runnable wake;
    private NetInterface ifc;
    private Ipv6Receiver ipv6;
    private volatile int dropPercent;

    public Loopback(PacketPool pool, int capacity, Entropy entropy, Runnable wake) {
        this.pool = pool;
        this.queue = new HandleRing(capacity);
        this.entropy = entropy;
        this.wake = wake;
    }

    public void attach(NetInterface loopbackInterface) {
        ifc = loopbackInterface;
    }

    /** Setup-time: who takes looped IPv6 packets (the version nibble tells them apart). */
    public void attachIpv6(Ipv6Receiver receiver) {
        this.ipv6 = receiver;
    }

    public NetInterface netInterface() {
        return ifc;
    }

    /** 0..100: the share of packets dropped on their way through loopback. */
    public void setDropPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("drop percent must be 0..100: " + percent);
        }
        dropPercent = percent;
    }

    public int dropPercent() {
        return dropPercent;
    }

    /** Queues an IPv4 or IPv6 packet ({@code off[h]} at its header); ownership passes here. */
    public void enqueue(int h) {
        int p = dropPercent;
        if (p > 0 && (p >= 100 || ((entropy.nextInt() >>> 1) % 100) < p)) {
            ifc.count(NetCounters.RX_DROP_LOOPBACK_INJECTED);
            pool.release(h);
            return;
        }
        if (!queue.offer(h)) {
            ifc.count(NetCounters.IP_DROP_NO_BUFFER);
            pool.release(h);
            return;
        }
        ifc.count(NetCounters.ETH_TX);
        wake.run();
    }

    /** Delivers up to budget queued packets; returns how many. */
    public int poll(Ipv4Receiver ipv4, int budget, long now) {
        int n = 0;
        while (n < budget) {
            int h = queue.poll();
            if (h < 0) {
                break;
            }
            pool.ifindex[h] = ifc.index;
            pool.timeNanos[h] = now * 1000000L;
            ifc.count(NetCounters.ETH_RX);
            if (ipv6 != null && (pool.data[h][pool.off[h]] & 0xf0) == 0x60) {
                ipv6.receiveIpv6(ifc, h, now);
            } else {
                ipv4.receiveIpv4(ifc, h, now);
            }
            n++;
        }
        return n;
    }

    public boolean hasWork() {
        return !queue.isEmpty();
    }

    /** Frees queued packets (stack stop). */
    public void clear() {
        int h;
        while ((h = queue.poll()) >= 0) {
            pool.release(h);
        }
    }
}
