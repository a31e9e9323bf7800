package io.jzsock.net.iface;

import io.jzsock.net.InterfaceConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetInterfaceDnsTest {
    @Test
    void staticDnsServersComeFromTheInterfaceConfigAndAtMostThreeAreKept() {
        InterfaceConfig c = InterfaceConfig.ipv4("lo", "127.0.0.1", 8, null)
                .dns("198.18.0.53").dns("198.18.0.54").dns("198.18.0.55").dns("198.18.0.56");
        NetInterface ifc = new NetInterface(1, "lo", null, c, 1500, 1, 1, 0);
        assertEquals(3, ifc.dnsServerCount);
        assertEquals(0xC6120035, ifc.dnsServers[0]);
        assertEquals(0xC6120037, ifc.dnsServers[2]);
    }

    @Test
    void replacingTheServersDropsTheOldOnes() {
        NetInterface ifc = new NetInterface(1, "lo", null,
                InterfaceConfig.ipv4("lo", "127.0.0.1", 8, null).dns("198.18.0.53").dns("198.18.0.54"), 1500, 1, 1, 0);
        ifc.setDnsServers(new int[] {0xC6120101}, 1);
        assertEquals(1, ifc.dnsServerCount);
        assertEquals(0xC6120101, ifc.dnsServers[0]);
    }
}
