package io.jzsock.sim.scenario;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.sim.testkit.RawPeer;
import io.jzsock.sim.wire.VirtualNic;
import io.jzsock.sim.wire.VirtualWire;

/** The fixture of scenario tests about IPv6 addresses on one Ethernet interface with a silent peer. */
final class QuietIpv6Stack {
    private QuietIpv6Stack() {
    }

    /** A stack on virtual time whose IPv6 addresses need no DAD and that sends no router solicitations. */
    static NetStack create(VirtualClock clock, long seed) {
        NetConfig cfg = NetConfig.defaults();
        cfg.ipv6DadTransmits = 0;
        cfg.ipv6RouterSolicitations = 0;
        return NetStack.create(cfg, clock, new SeededEntropy(seed));
    }

    /** Adds eth0 on a NIC (MAC 02:00:00:00:00:01) wired to a RawPeer that nobody reads; returns its index. */
    static int addEth0(NetStack stack, InterfaceConfig eth0) {
        RawPeer peer = new RawPeer();
        VirtualNic nic = new VirtualNic(new byte[] {0x02, 0, 0, 0, 0, 0x01});
        VirtualWire.connect(nic, peer.nic);
        return stack.addInterface(nic, eth0);
    }
}
