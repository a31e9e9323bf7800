package io.jzsock.net.ip;

import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;

/** A device that is always up and sends nothing anywhere, for IP-layer tests that build no wire. */
final class StubDevice implements NetDevice {
    @Override
    public void open(PacketPool pool, Runnable rxReady) {
    }

    @Override
    public int receive() {
        return -1;
    }

    @Override
    public int transmit(int handle) {
        return 0;
    }

    @Override
    public boolean linkUp() {
        return true;
    }

    @Override
    public void macAddress(byte[] out, int off) {
        out[off] = 2;
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
    public void multicastFilter(byte[] mac, int off, boolean join) {
    }

    @Override
    public void close() {
    }
}
