package io.jzsock.sim.hw;

/** Plain little-endian memory over a byte array (SRAM, or a pinned {@code byte[]} for DMA). */
public final class Ram implements BusTarget {
    private final String name;
    private final int base;
    private final byte[] bytes;

    public Ram(String name, int base, byte[] bytes) {
        this.name = name;
        this.base = base;
        this.bytes = bytes;
    }

    public Ram(String name, int base, int size) {
        this(name, base, new byte[size]);
    }

    @Override public String name() { return name; }
    @Override public int base() { return base; }
    @Override public int size() { return bytes.length; }

    public byte[] bytes() {
        return bytes;
    }

    @Override
    public void copyTo(int offset, byte[] b, int off, int len) {
        System.arraycopy(bytes, offset, b, off, len);
    }

    @Override
    public void copyFrom(int offset, byte[] b, int off, int len) {
        System.arraycopy(b, off, bytes, offset, len);
    }

    @Override
    public int read(int offset, int width) {
        int v = 0;
        for (int i = 0; i < width; i++) {
            v |= (bytes[offset + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    @Override
    public void write(int offset, int width, int value) {
        for (int i = 0; i < width; i++) {
            bytes[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
