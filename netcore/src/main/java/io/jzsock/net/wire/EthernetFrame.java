package io.jzsock.net.wire;

/**
 * Ethernet II header (IEEE 802.3 / RFC 894), 14 bytes; the FCS is the MAC's business.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Destination MAC (6 bytes)                  |
 *  +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                               |                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *  |                      Source MAC (6 bytes)                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           EtherType           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetFrame {
    public static final int HEADER_LEN = 14;
    public static final int DST = 0;
    public static final int SRC = 6;
    public static final int ETHERTYPE = 12;
    public static final int TYPE_IPV4 = 0x0800;
    public static final int TYPE_ARP = 0x0806;
    public static final int TYPE_IPV6 = 0x86DD;

    private EthernetFrame() {
    }

    public static int etherType(byte[] b, int o) {
        return Bytes.u16(b, o + ETHERTYPE);
    }

    public static void setEtherType(byte[] b, int o, int t) {
        Bytes.putU16(b, o + ETHERTYPE, t);
    }

    public static void writeHeader(byte[] b, int o, byte[] dstMac, int dstOff, byte[] srcMac, int srcOff, int etherType) {
        Bytes.copyMac(dstMac, dstOff, b, o + DST);
        Bytes.copyMac(srcMac, srcOff, b, o + SRC);
        Bytes.putU16(b, o + ETHERTYPE, etherType);
    }

    /** RFC 1112 §6.4: 01:00:5e followed by the low-order 23 bits of the IPv4 group address. */
    public static void ipv4MulticastMac(int groupIpv4, byte[] out, int off) {
        out[off] = 0x01;
        out[off + 1] = 0x00;
        out[off + 2] = 0x5e;
        out[off + 3] = (byte) ((groupIpv4 >>> 16) & 0x7f);
        out[off + 4] = (byte) (groupIpv4 >>> 8);
        out[off + 5] = (byte) groupIpv4;
    }

    /** RFC 2464 §7: 33:33 followed by the last four bytes of the IPv6 group address (the low 32 bits of lo). */
    public static void ipv6MulticastMac(long groupLo, byte[] out, int off) {
        out[off] = 0x33;
        out[off + 1] = 0x33;
        out[off + 2] = (byte) (groupLo >>> 24);
        out[off + 3] = (byte) (groupLo >>> 16);
        out[off + 4] = (byte) (groupLo >>> 8);
        out[off + 5] = (byte) groupLo;
    }
}
