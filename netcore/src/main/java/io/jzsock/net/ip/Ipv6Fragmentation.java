package io.jzsock.net.ip;

import io.jzsock.bsp.Entropy;
import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.Checksum;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6FragmentHeader;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.UdpHeader;

/**
 * The IPv6 Fragment header both ways (RFC 8200 §4.5) on the {@link Reassembly} table IPv4 uses: received
 * fragments are keyed by source, destination and identification, overlaps abandon the datagram (RFC 5722),
 * an atomic fragment (offset 0, M clear) is processed on its own and never joins a reassembly (RFC 6946 §4),
 * and a timed-out datagram whose first fragment arrived gets Time Exceeded code 1. The reassembled datagram is
 * rewritten as if it had never been fragmented: the unfragmentable headers move up over the 8-byte Fragment
 * header, whose Next Header takes its place, and the Payload Length covers the whole. A datagram larger than
 * one packet buffer stays chained, and reaches only a next header registered with {@link #takeChains}.
 *
 * <p>Sending, as a source only (RFC 8200 §4.5: "fragmentation ... is performed only by source nodes"): a
 * packet larger than the path MTU is cut into fragments of the MTU's size with a random identification
 * (RFC 7739 §5.1) taken from Entropy; all buffers are taken first, so a packet leaves whole or not at all.
 * A datagram larger than one buffer arrives already cut into fragment-sized buffers by its sender
 * ({@link #sendFragments}), which only puts the two headers in front of each.
 */
public final class Ipv6Fragmentation implements Ipv6Fragments, Reassembly.Timeout {
    private final PacketPool pool;
    private final Ipv6 ip;
    private final Reassembly table;
    private final Entropy entropy;
    /** Per packet handle: where the byte naming the Fragment header sits in data[h] (0 is the IPv6 header's). */
    private final int[] nextHeaderField;
    /** Per packet handle: the Fragment header's Next Header (the upper layer of fragment zero). */
    private final int[] upper;
    /** Bit n: next header n (below 64) takes chained datagrams. */
    private long takesChains;
    private final int[] fragments;

    public Ipv6Fragmentation(PacketPool pool, Ipv6 ip, Reassembly table, Entropy entropy) {
        this.pool = pool;
        this.ip = ip;
        this.table = table;
        this.entropy = entropy;
        this.nextHeaderField = new int[pool.capacity()];
        this.upper = new int[pool.capacity()];
        this.fragments = new int[pool.capacity()];
        table.setTimeout(ZsockConstants.AF_INET6, this);
    }

    /** Setup-time: this next header's input reads datagrams chained over several buffers ({@link PacketPool#next}). */
    public void takeChains(int nextHeader) {
        if (nextHeader < 64) {
            takesChains |= 1L << nextHeader;
        }
    }

    @Override
    public void reassemble(NetInterface ifc, int h, int nhField, long now) {
        byte[] b = pool.data[h];
        int f = pool.off[h];
        int ip6 = pool.l3off[h];
        if (!table.enabled()) {
            drop(ifc, h, NetCounters.IP6_DROP_FRAGMENT);
            return;
        }
        if (pool.len[h] < Ipv6FragmentHeader.LEN) {
            drop(ifc, h, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
            return;
        }
        int offset = Ipv6FragmentHeader.offset(b, f);
        boolean more = Ipv6FragmentHeader.more(b, f);
        int nh = Ipv6FragmentHeader.nextHeader(b, f);
        int dataLen = pool.len[h] - Ipv6FragmentHeader.LEN;
        if (offset == 0 && !more) {
            // RFC 6946 §4: an atomic fragment is a whole packet; it never meets other fragments.
            pool.consume(h, Ipv6FragmentHeader.LEN);
            ip.deliver(ifc, h, nh, f, now);
            return;
        }
        if (more && (dataLen & 7) != 0) {
            // RFC 8200 §4.5: Parameter Problem code 0 pointing to the Payload Length field.
            ip.icmp().sendError(ifc, h, Icmpv6Header.TYPE_PARAMETER_PROBLEM, Icmpv6Header.CODE_ERRONEOUS_HEADER,
                    Ipv6Header.PAYLOAD_LEN, now);
            drop(ifc, h, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
            return;
        }
        if (offset + dataLen > 0xffff) {
            // RFC 8200 §4.5: Parameter Problem code 0 pointing to the Fragment Offset field.
            ip.icmp().sendError(ifc, h, Icmpv6Header.TYPE_PARAMETER_PROBLEM, Icmpv6Header.CODE_ERRONEOUS_HEADER,
                    f + Ipv6FragmentHeader.OFFSET_FLAGS - ip6, now);
            drop(ifc, h, NetCounters.IP_REASM_DROP_BAD_FRAGMENT);
            return;
        }
        nextHeaderField[h] = nhField;
        upper[h] = nh;
        pool.consume(h, Ipv6FragmentHeader.LEN);
        int ident = Ipv6FragmentHeader.identification(b, f);
        h = table.add(ifc, h, ZsockConstants.AF_INET6, Ipv6Header.srcHi(b, ip6), Ipv6Header.srcLo(b, ip6),
                Ipv6Header.dstHi(b, ip6), Ipv6Header.dstLo(b, ip6), ident, 0, offset, more, now);
        if (h < 0) {
            return;
        }
        int field = nextHeaderField[h];
        nh = upper[h];
        unfragment(h, field, nh);
        if (pool.next[h] >= 0 && (nh >= 64 || (takesChains & (1L << nh)) == 0)) {
            drop(ifc, h, NetCounters.IP_REASM_DROP_TOO_BIG);
            return;
        }
        ip.deliver(ifc, h, nh, field + Ipv6FragmentHeader.LEN, now);
    }

    /**
     * RFC 8200 §4.5 reassembly: the unfragmentable part of fragment zero (IPv6 header and the extension headers
     * before the Fragment header) moves 8 bytes up over the Fragment header; the byte that named the Fragment
     * header names its Next Header now, and the Payload Length is that of the whole datagram.
     */
    private void unfragment(int h, int field, int nh) {
        byte[] b = pool.data[h];
        int ip6 = pool.l3off[h];
        int fragmentHeader = pool.off[h] - Ipv6FragmentHeader.LEN;
        System.arraycopy(b, ip6, b, ip6 + Ipv6FragmentHeader.LEN, fragmentHeader - ip6);
        ip6 += Ipv6FragmentHeader.LEN;
        pool.l3off[h] = ip6;
        b[field + Ipv6FragmentHeader.LEN] = (byte) nh;
        Ipv6Header.setPayloadLen(b, ip6, pool.off[h] - ip6 - Ipv6Header.LEN + pool.totalLen(h));
    }

    @Override
    public void reassemblyTimedOut(NetInterface ifc, int family, int first, long now) {
        ip.icmp().sendError(ifc, first, Icmpv6Header.TYPE_TIME_EXCEEDED, Icmpv6Header.CODE_REASSEMBLY_TIMEOUT, 0, now);
    }

    /**
     * RFC 8200 §4.5 fragmentation of h (IPv6 header at {@code off[h]}, no extension headers before the upper
     * layer but a Hop-by-Hop one, which stays unfragmentable): fragments of (mtu - unfragmentable - 8) & ~7
     * data bytes. A UDP checksum left to the device is computed first: the device sees one fragment at a time.
     */
    @Override
    public int fragment(int h, IpRoute r, int mtu, long now) {
        NetInterface ifc = r.ifc;
        byte[] b = pool.data[h];
        int ip6 = pool.off[h];
        int unfrag = Ipv6Header.LEN;
        int nhField = ip6 + Ipv6Header.NEXT_HEADER;
        int nh = Ipv6Header.nextHeader(b, ip6);
        if (nh == Ipv6Header.NH_HOP_BY_HOP) {
            nhField = ip6 + unfrag;
            nh = b[nhField] & 0xff;
            unfrag += ((b[ip6 + unfrag + 1] & 0xff) + 1) << 3;
        }
        int total = pool.len[h] - unfrag;
        int per = (mtu - unfrag - Ipv6FragmentHeader.LEN) & ~7;
        int n = per <= 0 ? Integer.MAX_VALUE : (total + per - 1) / per;
        if (n > pool.available()) {
            drop(ifc, h, NetCounters.IP_DROP_NO_BUFFER);
            return -Errno.ENOMEM;
        }
        int upperAt = ip6 + unfrag;
        if (nh == Ipv6Header.NH_UDP && total >= UdpHeader.LEN && UdpHeader.checksum(b, upperAt) == 0) {
            UdpHeader.fillChecksum(b, upperAt, total, Checksum.pseudoHeaderV6(r.srcHi, r.srcLo, r.dstHi, r.dstLo,
                    Ipv6Header.NH_UDP, total));
        }
        int ident = entropy.nextInt();
        for (int i = 0; i < n; i++) {
            fragments[i] = pool.alloc(Headroom.LINK);
        }
        for (int i = 0, at = 0; i < n; i++, at += per) {
            int fh = fragments[i];
            byte[] fb = pool.data[fh];
            int o = pool.off[fh];
            int k = Math.min(per, total - at);
            System.arraycopy(b, ip6, fb, o, unfrag);
            fb[o + nhField - ip6] = (byte) Ipv6Header.NH_FRAGMENT;
            Ipv6FragmentHeader.write(fb, o + unfrag, nh, at, i < n - 1, ident);
            System.arraycopy(b, upperAt + at, fb, o + unfrag + Ipv6FragmentHeader.LEN, k);
            pool.len[fh] = unfrag + Ipv6FragmentHeader.LEN + k;
            Ipv6Header.setPayloadLen(fb, o, pool.len[fh] - Ipv6Header.LEN);
            pool.l3off[fh] = o;
            pool.priority[fh] = pool.priority[h];
            pool.timeNanos[fh] = pool.timeNanos[h];
        }
        pool.release(h);
        if (!ifc.linkUp()) {
            for (int i = 0; i < n; i++) {
                pool.release(fragments[i]);
            }
            ifc.count(NetCounters.TX_DROP_LINK_DOWN);
            return -Errno.ENETDOWN;
        }
        for (int i = 0; i < n; i++) {
            ifc.count(NetCounters.IP_FRAG_TX);
            ip.transmit(fragments[i], r, now);
        }
        return 0;
    }

    @Override
    public int sendFragments(int[] hs, int n, int nextHeader, IpRoute r, long now) {
        NetInterface ifc = r.ifc;
        if (!ifc.linkUp()) {
            for (int i = 0; i < n; i++) {
                pool.release(hs[i]);
            }
            ifc.count(NetCounters.TX_DROP_LINK_DOWN);
            return -Errno.ENETDOWN;
        }
        int ident = entropy.nextInt();
        for (int i = 0, at = 0; i < n; i++) {
            int h = hs[i];
            int k = pool.len[h];
            pool.prepend(h, Ipv6FragmentHeader.LEN);
            Ipv6FragmentHeader.write(pool.data[h], pool.off[h], nextHeader, at, i < n - 1, ident);
            pool.prepend(h, Ipv6Header.LEN);
            int o = pool.off[h];
            Ipv6Header.write(pool.data[h], o, r.trafficClass, 0, Ipv6FragmentHeader.LEN + k, Ipv6Header.NH_FRAGMENT,
                    r.hopLimit, r.srcHi, r.srcLo, r.dstHi, r.dstLo);
            pool.l3off[h] = o;
            at += k;
        }
        for (int i = 0; i < n; i++) {
            ifc.count(NetCounters.IP_FRAG_TX);
            ip.transmit(hs[i], r, now);
        }
        return 0;
    }

    private void drop(NetInterface ifc, int h, int counter) {
        ifc.count(counter);
        pool.release(h);
    }
}
