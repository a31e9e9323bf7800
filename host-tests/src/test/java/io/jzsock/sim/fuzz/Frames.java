package io.jzsock.sim.fuzz;

import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;

/**
 * Frame building for the fuzz targets: the targets fuzz one layer and wrap it in valid lower layers so the
 * fuzzer's bytes get past the checks it cannot guess (checksums above all) and reach the parser under test.
 */
final class Frames {
    static final int E = EthernetFrame.HEADER_LEN;
    static final int IP_OPTIONS_MAX = 40;

    private Frames() {
    }

    static byte[] ethernet(byte[] dstMac, int etherType, byte[] payload, int off, int len) {
        byte[] f = new byte[E + len];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, RawPeer.MAC, 0, etherType);
        System.arraycopy(payload, off, f, E, len);
        return f;
    }

    /**
     * Ethernet + an IPv4 header carrying {@code options} (padded with zeros, End of Option List, to a
     * multiple of 4 and cut at 40 bytes) + the L4 bytes, header checksum filled.
     */
    static byte[] ipv4(byte[] dstMac, int src, int dst, int protocol, int ttl, byte[] options, byte[] l4) {
        int optLen = Math.min(IP_OPTIONS_MAX, options.length);
        int hl = Ipv4Header.MIN_LEN + ((optLen + 3) & ~3);
        byte[] f = new byte[E + hl + l4.length];
        EthernetFrame.writeHeader(f, 0, dstMac, 0, RawPeer.MAC, 0, EthernetFrame.TYPE_IPV4);
        Ipv4Header.write(f, E, 0, hl + l4.length, 1, 0, ttl, protocol, src, dst, false);
        f[E] = (byte) (0x40 | (hl >> 2));
        System.arraycopy(options, 0, f, E + Ipv4Header.MIN_LEN, optLen);
        System.arraycopy(l4, 0, f, E + hl, l4.length);
        Ipv4Header.fillChecksum(f, E);
        return f;
    }

    /** Writes the 16-bit one's-complement checksum of {@code b[o .. o + len)} (seeded) at {@code b[at]}. */
    static void fillChecksum(byte[] b, int o, int len, int seed, int at) {
        b[at] = 0;
        b[at + 1] = 0;
        int c = Checksum.finish(Checksum.sum(b, o, len, seed));
        b[at] = (byte) (c >>> 8);
        b[at + 1] = (byte) c;
    }

    /** Bytes from {@code from} to the end, or an empty array. */
    static byte[] tail(byte[] in, int from) {
        return from >= in.length ? new byte[0] : Arrays.copyOfRange(in, from, in.length);
    }

    /** The byte at {@code i} as 0..255, or 0 past the end: short inputs read as zeros. */
    static int u8(byte[] in, int i) {
        return i < in.length ? in[i] & 0xff : 0;
    }

    static boolean isIpv4(byte[] f, int protocol) {
        return f.length >= E + Ipv4Header.MIN_LEN && EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_IPV4
                && Ipv4Header.protocol(f, E) == protocol;
    }

    /** Offset of the L4 header in a frame the stack sent. */
    static int l4(byte[] f) {
        return E + Ipv4Header.headerLen(f, E);
    }
}
