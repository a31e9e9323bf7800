package io.jzsock.net;

import io.jzsock.net.buf.PacketPool;

/**
 * The driver boundary: an Ethernet device that moves frames held in the stack's {@link PacketPool}.
 * The STM32 ETH driver implements it on the board, virtual NICs implement it in host-tests.
 *
 * <p>Threading: {@link #receive()} and {@link #transmit(int)} are called by the stack with its monitor
 * held; the device may call {@code rxReady.run()} from any thread (its ISR, a wire's thread) to wake
 * the net thread, and must not take the stack's monitor itself.
 */
public interface NetDevice {
    /** Checksum capability bits: the device fills (TX) or verifies (RX) this checksum in hardware. */
    int CSUM_IPV4 = 1;
    int CSUM_UDP = 2;
    int CSUM_TCP = 4;
    int CSUM_ICMP = 8;

    /**
     * Called once by {@code NetStack.addInterface}. The device may take buffers from the pool for its
     * RX ring (zero copy) and must give every handle it holds back on {@link #close()}.
     */
    void open(PacketPool pool, Runnable rxReady);

    /**
     * The next received frame: a handle whose {@code off}/{@code len} span the Ethernet frame (no
     * FCS), or {@code -EAGAIN} when none is waiting. Ownership passes to the stack.
     */
    int receive();

    /**
     * Sends the frame {@code off..off+len} of the handle. Ownership passes to the device, which
     * releases the handle to the pool when done, also on failure. Returns 0, or -ENETDOWN when the
     * link is down, or -ENOBUFS when its TX ring is full.
     */
    int transmit(int handle);

    boolean linkUp();

    /** Writes the 6-byte MAC address into out[off..off+6). */
    void macAddress(byte[] out, int off);

    /** Largest IP packet the link carries (1500 for Ethernet). */
    int mtu();

    /** CSUM_* bits the device inserts on transmit. */
    int txChecksumOffload();

    /** CSUM_* bits the device verifies on receive (it then sets PacketPool.RX_*_CSUM_OK flags). */
    int rxChecksumOffload();

    /** Adds (join) or removes a multicast MAC address from the receive filter. */
    void multicastFilter(byte[] mac, int off, boolean join);

    /** Stops the device and releases every packet handle it holds. */
    void close();
}
