package io.jzsock.bsp.stm32;

import io.jzsock.bsp.RegisterBus;

/** The 96-bit device UID and the board's Ethernet address derived from it. */
public final class UniqueId {
    private final RegisterBus bus;
    private final int base;

    public UniqueId(RegisterBus bus, Stm32Part part) {
        this.bus = bus;
        this.base = part.uidBase;
    }

    /** Writes the three UID words (lowest address first) to {@code out[0..2]}. */
    public void read(int[] out) {
        for (int i = 0; i < Stm32Uid.WORDS; i++) {
            out[i] = bus.read32(base + 4 * i);
        }
    }

    /**
     * A MAC address that is the same on every boot of this chip: two FNV-1a hashes of the UID
     * bytes, then the first octet marked locally administered (bit 1 set) and unicast (bit 0
     * clear), IEEE 802 §8.2.2, since the UID is not an assigned OUI.
     */
    public void macAddress(byte[] out, int off) {
        int h1 = 0x811C9DC5;
        int h2 = 0x050C5D1F;
        for (int i = 0; i < Stm32Uid.WORDS; i++) {
            int w = bus.read32(base + 4 * i);
            for (int k = 0; k < 4; k++) {
                int b = (w >>> (8 * k)) & 0xFF;
                h1 = (h1 ^ b) * 0x01000193;
                h2 = (h2 ^ b) * 0x01000193;
            }
        }
        out[off] = (byte) ((h1 >>> 24) & 0xFC | 0x02);
        out[off + 1] = (byte) (h1 >>> 16);
        out[off + 2] = (byte) (h1 >>> 8);
        out[off + 3] = (byte) h1;
        out[off + 4] = (byte) (h2 >>> 8);
        out[off + 5] = (byte) h2;
    }
}
