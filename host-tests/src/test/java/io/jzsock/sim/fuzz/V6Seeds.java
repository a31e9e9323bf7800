package io.jzsock.sim.fuzz;

import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.net.wire.NdMessage;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Seeds of {@link Ipv6FuzzTest} and {@link NdFuzzTest}, in their input formats (a mode byte first). */
final class V6Seeds {
    static final byte[] ANY = new byte[16];

    private V6Seeds() {
    }

    static Map<String, byte[]> ipv6() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] echo = V6Frames.echoRequest(1, 1, new byte[16]);
        m.put("seed-echo", packet(Ipv6Header.NH_ICMPV6, echo));
        m.put("seed-hbh-router-alert-echo", packet(Ipv6Header.NH_HOP_BY_HOP,
                cat(new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 5, 2, 0, 0, 1, 0}, echo)));
        m.put("seed-dest-options-unknown-10", packet(Ipv6Header.NH_DEST_OPTIONS,
                cat(new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, (byte) 0x9e, 4, 0, 0, 0, 0}, echo)));
        m.put("seed-routing-type0", packet(Ipv6Header.NH_ROUTING, cat(new byte[] {(byte) Ipv6Header.NH_ICMPV6, 2, 0, 1, 0, 0, 0, 0},
                new byte[16], echo)));
        m.put("seed-routing-segments-left-0", packet(Ipv6Header.NH_ROUTING,
                cat(new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 4, 0, 0, 0, 0, 0}, echo)));
        m.put("seed-fragment", packet(Ipv6Header.NH_FRAGMENT, cat(new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 0, 1, 0, 0, 0, 7}, echo)));
        m.put("seed-hbh-not-first", packet(Ipv6Header.NH_DEST_OPTIONS, cat(new byte[] {0, 0, 1, 4, 0, 0, 0, 0},
                new byte[] {(byte) Ipv6Header.NH_ICMPV6, 0, 1, 4, 0, 0, 0, 0}, echo)));
        m.put("seed-unknown-next-header", packet(253, new byte[8]));
        m.put("seed-no-next-header", packet(Ipv6Header.NH_NO_NEXT, new byte[0]));
        m.put("seed-extension-past-end", packet(Ipv6Header.NH_DEST_OPTIONS, new byte[] {(byte) Ipv6Header.NH_ICMPV6, 9, 1, 0}));
        m.put("seed-udp-closed", packet(Ipv6Header.NH_UDP, new byte[] {0, 9, 0x27, 0x0f, 0, 12, 0, 0, 1, 2, 3, 4}));
        byte[] truncated = packet(Ipv6Header.NH_ICMPV6, echo);
        truncated[0] = 0x01;
        m.put("seed-payload-length-kept", truncated);
        m.put("seed-short", new byte[] {0, 0x60, 0, 0, 0});
        return m;
    }

    static Map<String, byte[]> nd() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] target = V6Frames.addr("fe80::1");
        m.put("seed-ns-slla", nd(0, V6Frames.ns(target, V6Frames.slla(RawPeer.MAC))));
        m.put("seed-ns-dad", nd(2 | 0x04, V6Frames.ns(target)));
        m.put("seed-na-tlla", nd(0, V6Frames.na(V6Frames.addr("fe80::2"), NdMessage.NA_SOLICITED | NdMessage.NA_OVERRIDE,
                V6Frames.tlla(RawPeer.MAC))));
        m.put("seed-na-router-unsolicited", nd(1, V6Frames.na(V6Frames.addr("fe80::2"), NdMessage.NA_ROUTER | NdMessage.NA_OVERRIDE,
                V6Frames.tlla(RawPeer.MAC))));
        m.put("seed-ra-prefix-mtu", nd(1, V6Frames.ra(64, 1800, 30000, 1000, V6Frames.slla(RawPeer.MAC),
                V6Frames.prefix(V6Frames.addr("2001:db8:1::"), 64, NdMessage.PI_ON_LINK | NdMessage.PI_AUTONOMOUS, 3600, 1800),
                V6Frames.mtu(1400))));
        m.put("seed-ra-infinite-lifetimes", nd(1, V6Frames.ra(255, 9000, 0, 0,
                V6Frames.prefix(V6Frames.addr("2001:db8:2::"), 64, NdMessage.PI_ON_LINK | NdMessage.PI_AUTONOMOUS,
                        0xffffffffL, 0xffffffffL))));
        m.put("seed-ra-short-lifetimes", nd(1, V6Frames.ra(64, 2, 0, 0,
                V6Frames.prefix(V6Frames.addr("2001:db8:3::"), 64, NdMessage.PI_ON_LINK | NdMessage.PI_AUTONOMOUS, 3, 1))));
        byte[] redirectedHeader = new byte[8 + 48];
        redirectedHeader[0] = NdMessage.OPT_REDIRECTED_HEADER;
        redirectedHeader[1] = 7;
        m.put("seed-redirect", nd(0, V6Frames.redirect(V6Frames.addr("fe80::3"), V6Frames.addr("2001:db8:99::1"),
                V6Frames.tlla(RawPeer.MAC), redirectedHeader)));
        m.put("seed-rs", nd(3, cat(rs(), V6Frames.slla(RawPeer.MAC))));
        byte[] zeroLength = V6Frames.slla(RawPeer.MAC);
        zeroLength[1] = 0;
        m.put("seed-option-length-zero", nd(0, V6Frames.ns(target, zeroLength)));
        m.put("seed-echo", nd(0, V6Frames.echoRequest(5, 6, new byte[8])));
        byte[] ptb = new byte[Icmpv6Header.HEADER_LEN + Ipv6Header.LEN + 8];
        Icmpv6Header.write(ptb, 0, Icmpv6Header.TYPE_PACKET_TOO_BIG, 0, 1280);
        Ipv6Header.write(ptb, Icmpv6Header.HEADER_LEN, 0, 0, 8, Ipv6Header.NH_ICMPV6, 64, Bytes.i64(target, 0),
                Bytes.i64(target, 8), Bytes.i64(V6Frames.addr("fe80::2"), 0), 2L);
        m.put("seed-packet-too-big", nd(0, ptb));
        byte[] mld = new byte[24];
        Icmpv6Header.write(mld, 0, Icmpv6Header.TYPE_MLD_QUERY, 0, 0);
        m.put("seed-mld-query", nd(1 | 0x08, mld));
        return m;
    }

    private static byte[] rs() {
        byte[] h = new byte[NdMessage.RS_OPTIONS];
        Icmpv6Header.write(h, 0, Icmpv6Header.TYPE_ROUTER_SOLICITATION, 0, 0);
        return h;
    }

    /** Mode 0 (every field fixed up by the target) and a packet whose addresses the target fills. */
    private static byte[] packet(int nextHeader, byte[] payload) {
        byte[] p = new byte[1 + Ipv6Header.LEN + payload.length];
        Ipv6Header.write(p, 1, 0, 0, payload.length, nextHeader, 64, 0, 0, 0, 0);
        System.arraycopy(payload, 0, p, 1 + Ipv6Header.LEN, payload.length);
        return p;
    }

    private static byte[] nd(int mode, byte[] msg) {
        byte[] p = new byte[1 + msg.length];
        p[0] = (byte) mode;
        System.arraycopy(msg, 0, p, 1, msg.length);
        return p;
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            o.write(part, 0, part.length);
        }
        return o.toByteArray();
    }
}
