package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.V6Rig.ALL_NODES;
import static io.jzsock.sim.proto.V6Rig.ALL_NODES_MAC;
import static io.jzsock.sim.proto.V6Rig.ETH;
import static io.jzsock.sim.proto.V6Rig.PEER_LL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.wire.NdMessage;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.testkit.V6Frames;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * RFC 8981 temporary addresses on virtual time (TEMP_PREFERRED_LIFETIME 1000 s, TEMP_VALID_LIFETIME 2000 s,
 * DupAddrDetectTransmits 1, so REGEN_ADVANCE 5 s) and UDP-20: IPV6_ADDR_PREFERENCES choosing the public or the
 * temporary address as the source of a connection.
 */
class TemporaryAddressTest {
    static final byte[] PREFIX = V6Frames.addr("2001:db8:1::");
    static final int LA = NdMessage.PI_ON_LINK | NdMessage.PI_AUTONOMOUS;

    private final V6Rig rig = new V6Rig(config(), InterfaceConfig.ipv4("eth0", "198.18.0.1", 24, null).withIpv6());

    private static NetConfig config() {
        NetConfig cfg = V6Rig.config();
        cfg.ipv6TemporaryAddresses = true;
        cfg.ipv6TempPreferredLifetimeSeconds = 1000;
        cfg.ipv6TempValidLifetimeSeconds = 2000;
        return cfg;
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private void advertise(long valid, long preferred) {
        rig.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 255,
                V6Frames.ra(64, 1800, 0, 0, V6Frames.slla(RawPeer.MAC), V6Frames.prefix(PREFIX, 64, LA, valid, preferred))));
    }

    /** Slots of addresses in 2001:db8:1::/64 of the given origin and state. */
    private int[] slots(int origin, int state) {
        int[] out = new int[8];
        int n = 0;
        byte[] a = new byte[16];
        for (int k = 0; rig.stack.ipv6Address(ETH, k, a) >= 0; k++) {
            if (rig.stack.ipv6Address(ETH, k, a) == state && rig.stack.ipv6AddressOrigin(ETH, k) == origin
                    && Arrays.equals(Arrays.copyOf(a, 8), Arrays.copyOf(PREFIX, 8))) {
                out[n++] = k;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private boolean has(byte[] addr) {
        byte[] a = new byte[16];
        for (int k = 0; rig.stack.ipv6Address(ETH, k, a) >= 0; k++) {
            if (rig.stack.ipv6Address(ETH, k, a) != Ipv6InterfaceState.FREE && Arrays.equals(a, addr)) {
                return true;
            }
        }
        return false;
    }

    private void advanceSeconds(int s) {
        for (int i = 0; i < s; i++) {
            rig.advance(1000);
        }
        rig.drain();
    }

    /** The local address a connection to 2001:db8:1::99 picks with these preferences (-1: the option unset). */
    private byte[] sourceFor(int preferences) {
        Zsock z = rig.stack.zsock();
        int fd = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0);
        assertEquals(0, z.fcntl(fd, Zsock.F_SETFL, Zsock.O_NONBLOCK));
        if (preferences >= 0) {
            assertEquals(0, z.setsockopt(fd, Zsock.IPPROTO_IPV6, Zsock.IPV6_ADDR_PREFERENCES, preferences));
        }
        assertEquals(-Errno.EINPROGRESS, z.connect(fd, SockAddr.parse("2001:db8:1::99", 80)));
        SockAddr name = new SockAddr();
        assertEquals(0, z.getsockname(fd, name));
        z.close(fd);
        rig.poll();
        byte[] a = new byte[16];
        io.jzsock.net.InetText.pton(Zsock.AF_INET6, name.toString().substring(1, name.toString().lastIndexOf(']')), a);
        return a;
    }

    @Test
    @DisplayName("RFC 8981: a SLAAC prefix gives a public and a temporary address with a random identifier; UDP-20: "
            + "IPV6_PREFER_SRC_PUBLIC picks the public one, _TMP and the default the temporary one")
    void temporaryAddressBesideThePublicOneAndUdp20() {
        advertise(3600, 1800);
        advanceSeconds(3);
        int[] pub = slots(Ipv6InterfaceState.ORIGIN_SLAAC, Ipv6InterfaceState.PREFERRED);
        int[] tmp = slots(Ipv6InterfaceState.ORIGIN_TEMPORARY, Ipv6InterfaceState.PREFERRED);
        assertEquals(1, pub.length, "one public address");
        assertEquals(1, tmp.length, "one temporary address");
        byte[] publicAddr = rig.address(pub[0]);
        byte[] tempAddr = rig.address(tmp[0]);
        assertFalse(Arrays.equals(Arrays.copyOfRange(publicAddr, 8, 16), Arrays.copyOfRange(tempAddr, 8, 16)));
        assertArrayEquals(publicAddr, sourceFor(Zsock.IPV6_PREFER_SRC_PUBLIC));
        assertArrayEquals(tempAddr, sourceFor(Zsock.IPV6_PREFER_SRC_TMP));
        assertArrayEquals(tempAddr, sourceFor(-1), "RFC 6724 rule 7: temporary by default");
        assertArrayEquals(tempAddr, sourceFor(Zsock.IPV6_PREFER_SRC_PUBTMP_DEFAULT));

        advertise(3600, 1800);
        advanceSeconds(1);
        assertEquals(1, slots(Ipv6InterfaceState.ORIGIN_TEMPORARY, Ipv6InterfaceState.PREFERRED).length,
                "a refreshing advertisement makes no second one");
    }

    @Test
    @DisplayName("RFC 8981 §3.5: a new temporary address before the old one's preferred lifetime ends; the old one deprecates, "
            + "then goes at TEMP_VALID_LIFETIME, the public one stays")
    void temporaryAddressesAreRegenerated() {
        advertise(0xffffffffL, 0xffffffffL);
        advanceSeconds(3);
        byte[] first = rig.address(slots(Ipv6InterfaceState.ORIGIN_TEMPORARY, Ipv6InterfaceState.PREFERRED)[0]);
        // TEMP_PREFERRED_LIFETIME less DESYNC_FACTOR (at most 400 s): regenerated within 1000 s.
        advanceSeconds(1000);
        int[] preferred = slots(Ipv6InterfaceState.ORIGIN_TEMPORARY, Ipv6InterfaceState.PREFERRED);
        int[] deprecated = slots(Ipv6InterfaceState.ORIGIN_TEMPORARY, Ipv6InterfaceState.DEPRECATED);
        assertEquals(1, preferred.length, "its successor");
        assertEquals(1, deprecated.length, "the first one, deprecated");
        assertArrayEquals(first, rig.address(deprecated[0]));
        byte[] second = rig.address(preferred[0]);
        assertNotNull(second);
        assertFalse(Arrays.equals(first, second));
        assertArrayEquals(second, sourceFor(-1), "new connections use the successor (RFC 6724 rule 3, then 7)");
        advanceSeconds(1010);
        assertFalse(has(first), "the first one is gone after TEMP_VALID_LIFETIME");
        assertEquals(1, slots(Ipv6InterfaceState.ORIGIN_TEMPORARY, Ipv6InterfaceState.PREFERRED).length,
                "always one preferred temporary address");
        assertEquals(1, slots(Ipv6InterfaceState.ORIGIN_SLAAC, Ipv6InterfaceState.PREFERRED).length, "the public one stays");
    }

    @Test
    @DisplayName("Without NetConfig.ipv6TemporaryAddresses there is none, and IPV6_PREFER_SRC_TMP falls back to the public address")
    void offByDefault() {
        V6Rig plain = new V6Rig();
        try {
            plain.send(V6Frames.icmpv6(ALL_NODES_MAC, RawPeer.MAC, PEER_LL, ALL_NODES, 255,
                    V6Frames.ra(64, 1800, 0, 0, V6Frames.prefix(PREFIX, 64, LA, 3600, 1800))));
            for (int i = 0; i < 3; i++) {
                plain.advance(1000);
            }
            byte[] a = new byte[16];
            for (int k = 0; plain.stack.ipv6Address(ETH, k, a) >= 0; k++) {
                assertFalse(plain.stack.ipv6AddressOrigin(ETH, k) == Ipv6InterfaceState.ORIGIN_TEMPORARY);
            }
        } finally {
            plain.close();
        }
    }
}
