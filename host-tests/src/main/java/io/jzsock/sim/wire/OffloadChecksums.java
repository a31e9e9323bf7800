package io.jzsock.sim.wire;

import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What checksum-offload hardware does to a frame (as the STM32 ETH does in "full checksum insertion"
 * mode): on transmit it fills the IPv4 header checksum and the UDP/TCP/ICMP checksum, pseudo-header
 * included; on receive it verifies them and reports the result as {@link PacketPool} RX flags.
 * Like the hardware, it handles Ethernet II with at most one 802.1Q tag, IPv4 without fragmentation
 * for L4 and IPv6 whose first next-header is the L4 protocol; any other frame is left alone.
 */
public final class OffloadChecksums {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    private static final int PROTO_ICMPV6 = 58;
    private static final int IPV4_CSUM = 10;
    private static final int IPV6_HEADER_LEN = 40;
    /** What process does with each checksum it handles: computes it, checks it, or takes it as right. */
    private static final int FILL = 0;
    private static final int VERIFY = 1;
    private static final int TRUST = 2;

    private OffloadChecksums() {
    }

    /** Fills the checksums selected by {@code caps} (NetDevice.CSUM_* bits) in the frame, in place. */
    public static void fill(byte[] b, int off, int len, int caps) {
        process(b, off, len, caps, FILL);
    }

    /** PacketPool.RX_* flags for the checksums selected by {@code caps} that verify correctly. */
    public static int verify(byte[] b, int off, int len, int caps) {
        return process(b, off, len, caps, VERIFY);
    }

    /**
     * The PacketPool.RX_* flags {@link #verify} would give the frame if its checksums were right, without
     * summing anything: Linux's loopback marks what it receives CHECKSUM_UNNECESSARY the same way, since a
     * frame that never left memory cannot be corrupted (and its sender, told the device offloads them,
     * left the fields unfilled). The same frames qualify as for verify: fragments get no L4 flag.
     */
    public static int unnecessary(byte[] b, int off, int len, int caps) {
        return process(b, off, len, caps, TRUST);
    }

    private static int process(byte[] b, int off, int len, int caps, int mode) {
        if (caps == 0 || len < Mac.HEADER_LEN) {
            return 0;
        }
        int l3 = off + Mac.HEADER_LEN;
        int type = u16(b, off + 12);
        if (type == ETHERTYPE_VLAN) {
            if (len < Mac.HEADER_LEN + 4) {
                return 0;
            }
            type = u16(b, off + 16);
            l3 += 4;
        }
        int end = off + len;
        if (type == ETHERTYPE_IPV4) {
            return ipv4(b, l3, end, caps, mode);
        }
        if (type == ETHERTYPE_IPV6) {
            return ipv6(b, l3, end, caps, mode);
        }
        return 0;
    }

    private static int ipv4(byte[] b, int l3, int end, int caps, int mode) {
        if (end - l3 < 20 || (b[l3] & 0xf0) != 0x40) {
            return 0;
        }
        int ihl = (b[l3] & 0x0f) << 2;
        int total = u16(b, l3 + 2);
        if (ihl < 20 || total < ihl || l3 + total > end) {
            return 0;
        }
        int flags = 0;
        if ((caps & NetDevice.CSUM_IPV4) != 0) {
            // RFC 791 §3.1: one's complement of the one's complement sum of the header.
            if (mode == FILL) {
                put16(b, l3 + IPV4_CSUM, 0);
                put16(b, l3 + IPV4_CSUM, ~sum(b, l3, ihl, 0) & 0xffff);
            } else if (mode == TRUST || sum(b, l3, ihl, 0) == 0xffff) {
                flags |= PacketPool.RX_IPV4_CSUM_OK;
            }
        }
        if ((u16(b, l3 + 6) & 0x3fff) != 0) {
            return flags; // a fragment: the L4 checksum spans the reassembled datagram
        }
        int proto = b[l3 + 9] & 0xff;
        int l4 = l3 + ihl;
        int l4len = total - ihl;
        int pseudo = 0;
        if (proto != PROTO_ICMP && mode != TRUST) {
            // RFC 793 §3.1 / RFC 768: source, destination, zero, protocol, length.
            pseudo = sum(b, l3 + 12, 8, proto + l4len);
        }
        return flags | l4(b, l4, l4len, proto, pseudo, caps, mode, true);
    }

    private static int ipv6(byte[] b, int l3, int end, int caps, int mode) {
        if (end - l3 < IPV6_HEADER_LEN || (b[l3] & 0xf0) != 0x60) {
            return 0;
        }
        int l4len = u16(b, l3 + 4);
        if (l3 + IPV6_HEADER_LEN + l4len > end) {
            return 0;
        }
        int proto = b[l3 + 6] & 0xff;
        // RFC 8200 §8.1: source, destination, upper-layer length (32 bits), zeros, next header.
        int pseudo = mode == TRUST ? 0 : sum(b, l3 + 8, 32, proto + l4len);
        return l4(b, l3 + IPV6_HEADER_LEN, l4len, proto, pseudo, caps, mode, false);
    }

    private static int l4(byte[] b, int l4, int l4len, int proto, int pseudo, int caps, int mode, boolean v4) {
        int field;
        if (proto == PROTO_UDP && (caps & NetDevice.CSUM_UDP) != 0 && l4len >= 8) {
            field = 6;
        } else if (proto == PROTO_TCP && (caps & NetDevice.CSUM_TCP) != 0 && l4len >= 20) {
            field = 16;
        } else if ((proto == PROTO_ICMP && v4 || proto == PROTO_ICMPV6 && !v4)
                && (caps & NetDevice.CSUM_ICMP) != 0 && l4len >= 4) {
            field = 2;
        } else {
            return 0;
        }
        if (mode == TRUST) {
            return PacketPool.RX_L4_CSUM_OK;
        }
        if (mode == FILL) {
            put16(b, l4 + field, 0);
            int c = ~sum(b, l4, l4len, pseudo) & 0xffff;
            if (c == 0 && proto == PROTO_UDP) {
                c = 0xffff; // RFC 768: a computed zero is sent as all ones
            }
            put16(b, l4 + field, c);
            return 0;
        }
        if (proto == PROTO_UDP && v4 && u16(b, l4 + field) == 0) {
            return PacketPool.RX_L4_CSUM_OK; // RFC 768: zero means the sender computed none
        }
        return sum(b, l4, l4len, pseudo) == 0xffff ? PacketPool.RX_L4_CSUM_OK : 0;
    }

    /** Big-endian 64-bit loads from a byte[]: four 16-bit words of the sum per load. */
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * RFC 1071 one's complement sum, folded to 16 bits, starting from {@code seed}: eight bytes per load,
     * their four 16-bit words added into a long that cannot overflow for any array (RFC 1071 §2(B),
     * folding deferred); the offload engine's own code, not the stack's, so a shared bug cannot hide.
     */
    static int sum(byte[] b, int off, int len, int seed) {
        long acc = seed & 0xffffffffL;
        int end = off + len;
        int i = off;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONG_BE.get(b, i);
            acc += (w >>> 48) + ((w >>> 32) & 0xffff) + ((w >>> 16) & 0xffff) + (w & 0xffff);
        }
        for (; i + 1 < end; i += 2) {
            acc += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            acc += (b[i] & 0xff) << 8;
        }
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
