package io.jzsock.sim.fuzz;

import io.jzsock.net.Errno;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import java.util.ArrayDeque;

/**
 * A NetDevice with no MAC filter and no length limit of its own, so a fuzzer's bytes reach the stack's
 * Ethernet input exactly as given (even shorter than a header); what the stack transmits is copied out
 * and its buffer released at once, so no packet is ever held by the device.
 */
final class InjectNic implements NetDevice {
    /** Offset of a received frame in its buffer, as a real MAC leaves it so the IP header is 4-aligned. */
    static final int RX_HEADROOM = 2;

    private final byte[] mac;
    private final ArrayDeque<byte[]> rx = new ArrayDeque<>();
    private final ArrayDeque<byte[]> tx = new ArrayDeque<>();
    private PacketPool pool;

    InjectNic(byte[] mac) {
        this.mac = mac.clone();
    }

    /** Queues a frame for the stack's next receive; one longer than a packet buffer is cut, as RX DMA would. */
    void inject(byte[] frame) {
        rx.add(frame);
    }

    /** The oldest frame the stack sent and nobody has read yet, or null. */
    byte[] next() {
        return tx.poll();
    }

    @Override
    public void open(PacketPool p, Runnable rxReady) {
        this.pool = p;
    }

    @Override
    public int receive() {
        byte[] f = rx.poll();
        if (f == null) {
            return -Errno.EAGAIN;
        }
        int h = pool.alloc(RX_HEADROOM);
        if (h < 0) {
            rx.addFirst(f);
            return -Errno.EAGAIN;
        }
        int n = Math.min(f.length, pool.bufferSize() - RX_HEADROOM);
        System.arraycopy(f, 0, pool.data[h], RX_HEADROOM, n);
        pool.len[h] = n;
        return h;
    }

    @Override
    public int transmit(int h) {
        byte[] f = new byte[pool.len[h]];
        System.arraycopy(pool.data[h], pool.off[h], f, 0, f.length);
        pool.release(h);
        tx.add(f);
        return 0;
    }

    @Override
    public boolean linkUp() {
        return true;
    }

    @Override
    public void macAddress(byte[] out, int off) {
        System.arraycopy(mac, 0, out, off, mac.length);
    }

    @Override
    public int mtu() {
        return 1500;
    }

    @Override
    public int txChecksumOffload() {
        return 0;
    }

    @Override
    public int rxChecksumOffload() {
        return 0;
    }

    @Override
    public void multicastFilter(byte[] m, int off, boolean join) {
    }

    @Override
    public void close() {
        rx.clear();
    }
}
