package io.jzsock.net.iface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.InterfaceConfig;
import org.junit.jupiter.api.Test;

/** The IPv4 half of an interface, as NetInterface now holds it apart from the family-neutral rest. */
class Ipv4InterfaceStateTest {
    private static final int GROUP = 0xEF010203;

    private static Ipv4InterfaceState configured(String address, int prefix) {
        return new NetInterface(1, "lo", null, InterfaceConfig.ipv4("lo", address, prefix, null), 1500, 1, 1, 2).v4;
    }

    @Test
    void configurationLandsInTheIpv4State() {
        Ipv4InterfaceState v4 = configured("198.18.0.2", 24);
        assertEquals(0xC6120002, v4.address);
        assertEquals(0xFFFFFF00, v4.netmask);
        assertEquals(0xC61200FF, v4.subnetBroadcast());
        assertTrue(v4.onLink(0xC6120063));
        assertFalse(v4.onLink(0xC6130001));
    }

    @Test
    void acceptsItsAddressBroadcastsAndOnlyJoinedGroups() {
        Ipv4InterfaceState v4 = configured("198.18.0.2", 24);
        assertTrue(v4.accepts(0xC6120002));
        assertTrue(v4.accepts(-1));
        assertTrue(v4.accepts(0xC61200FF));
        assertTrue(v4.accepts(Ipv4InterfaceState.ALL_SYSTEMS));
        assertFalse(v4.accepts(GROUP));
        assertEquals(1, v4.join(GROUP));
        assertEquals(0, v4.join(GROUP));
        assertTrue(v4.accepts(GROUP));
        assertEquals(0, v4.leave(GROUP));
        assertEquals(1, v4.leave(GROUP));
        assertFalse(v4.accepts(GROUP));
        assertEquals(-1, v4.leave(GROUP));
    }

    @Test
    void aSlashThirtyOneHasNoBroadcastAddress() {
        assertEquals(0, configured("198.18.0.2", 31).subnetBroadcast());
    }
}
