package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv6Header;
import io.jzsock.net.wire.Ipv6Header;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack with IPv6 on eth0 (index 2) on virtual time, wired to a {@link RawPeer} at fe80::2; a fixed RFC 7217
 * secret so that its addresses are the same in every run. Literal frames in, frames out.
 */
final class V6Rig implements AutoCloseable {
    static final byte[] OUR_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final byte[] PEER_LL = V6Frames.addr("fe80::2");
    static final byte[] ALL_NODES = V6Frames.addr("ff02::1");
    static final byte[] ALL_NODES_MAC = V6Frames.groupMac(ALL_NODES);
    static final int ETH = 2;
    static final int E = EthernetFrame.HEADER_LEN;
    static final int IP6 = V6Frames.IP6;

    final VirtualClock clock = new VirtualClock(1000);
    final NetStack stack;
    final RawPeer peer = new RawPeer();

    V6Rig(NetConfig cfg, InterfaceConfig ifcfg) {
        stack = NetStack.create(cfg, clock, new SeededEntropy(11));
        VirtualNic nic = new VirtualNic(OUR_MAC);
        VirtualWire.connect(nic, peer.nic);
        // The peer sees every group the stack sends to (solicited-node, all-routers) without joining each.
        peer.nic.setPromiscuous(true);
        stack.addInterface(nic, ifcfg);
    }

    V6Rig() {
        this(config(), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6());
    }

    static NetConfig config() {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6StableSecret = "jzsock v6 secret".getBytes();
        return cfg;
    }

    void poll() {
        stack.poll(clock.nowMillis());
    }

    void advance(long ms) {
        clock.advance(ms);
        poll();
    }

    /** Sends a frame to the stack and runs one poll pass. */
    void send(byte[] frame) {
        peer.send(frame);
        poll();
    }

    /** Every frame the stack sent since the last call. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] f = peer.next(); f != null; f = peer.next()) {
            out.add(f);
        }
        return out;
    }

    /** The next frame carrying an ICMPv6 message of this type right after the IPv6 header, or null; others skipped. */
    byte[] nextIcmpv6(int type) {
        for (byte[] f = peer.next(); f != null; f = peer.next()) {
            if (isIcmpv6(f, type)) {
                return f;
            }
        }
        return null;
    }

    static boolean isIcmpv6(byte[] f, int type) {
        return f.length >= IP6 + 4 && EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_IPV6
                && Ipv6Header.nextHeader(f, E) == Ipv6Header.NH_ICMPV6 && Icmpv6Header.type(f, IP6) == type;
    }

    /** The address of slot n on eth0, or null when the slot is free. */
    byte[] address(int n) {
        byte[] a = new byte[16];
        int st = stack.ipv6Address(ETH, n, a);
        return st <= 0 ? null : a;
    }

    int state(int n) {
        return stack.ipv6Address(ETH, n, new byte[16]);
    }

    /** The slot holding an address with this first byte pair (0xfe80: link-local), or -1. */
    int slotWithPrefix(int first16) {
        for (int n = 0; n < 8; n++) {
            byte[] a = new byte[16];
            int st = stack.ipv6Address(ETH, n, a);
            if (st < 0) {
                return -1;
            }
            if (st > 0 && (((a[0] & 0xff) << 8) | (a[1] & 0xff)) == first16) {
                return n;
            }
        }
        return -1;
    }

    byte[] linkLocal() {
        int n = slotWithPrefix(0xfe80);
        return n < 0 ? null : address(n);
    }

    /** Runs virtual time until the link-local address passed DAD (at most 5 s); returns what was sent meanwhile. */
    List<byte[]> bringUp() {
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 50 && state(slotWithPrefix(0xfe80)) != Ipv6InterfaceState.PREFERRED; i++) {
            advance(100);
            sent.addAll(drain());
        }
        assertTrue(state(slotWithPrefix(0xfe80)) == Ipv6InterfaceState.PREFERRED, "link-local address preferred");
        poll();
        sent.addAll(drain());
        return sent;
    }

    /** Tells the stack the peer's MAC by a solicitation for our link-local address, and swallows the answer. */
    void introducePeer() {
        byte[] ll = linkLocal();
        send(V6Frames.icmpv6(V6Frames.groupMac(V6Frames.solicitedNode(ll)), RawPeer.MAC, PEER_LL,
                V6Frames.solicitedNode(ll), 255, V6Frames.ns(ll, V6Frames.slla(RawPeer.MAC))));
        drain();
    }

    @Override
    public void close() {
        stack.stop();
    }
}
