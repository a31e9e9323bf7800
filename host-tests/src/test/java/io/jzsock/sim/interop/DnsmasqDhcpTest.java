package io.jzsock.sim.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.dhcp.Dhcp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The DHCP client against dnsmasq 2.x over the TAP bridge, on the real clock: a lease with dnsmasq's
 * router, DNS server and netmask; the kernel reaches the leased address; renewal at T1 (dnsmasq's
 * option 58 set to 10 s, its lease minimum being 2 minutes) is ACKed; DHCPRELEASE on stop empties
 * dnsmasq's lease file; and an address another host on the segment already holds is found by the RFC 5227 probe,
 * declined, and replaced by another from the range.
 */
class DnsmasqDhcpTest {
    private static final int IFC = 2;
    private DnsmasqLab lab;

    @BeforeEach
    void up(TestInfo test) throws Exception {
        KernelLab.require();
        lab = new DnsmasqLab("dhcp-dnsmasq-" + test.getTestMethod().orElseThrow().getName());
    }

    /** Closes the lab, then tshark checks the capture: nothing malformed, no bad checksum from jzsock. */
    @AfterEach
    void down() throws Exception {
        if (lab == null) {
            return;
        }
        lab.close();
        if (KernelTools.tsharkAvailable()) {
            KernelTools.assertCleanCapture(lab.pcapPath, DnsmasqLab.JZSOCK_MAC);
        }
    }

    private static int ip(String dotted) {
        return SockAddr.parse(dotted, 0).ipv4();
    }

    private static String dotted(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }

    @Test
    void leaseIsBoundReachableAndRenewedAtT1() throws Exception {
        lab.startDnsmasq("--dhcp-option=option:T1,10");
        NetStack stack = lab.startJzsock(DnsmasqLab.config(), 31);
        Dhcp dhcp = stack.dhcp();
        assertEquals(0, dhcp.await(IFC, 15_000), "bound: " + Dhcp.stateName(dhcp.state(IFC)) + "\n" + lab.log());
        int address = dhcp.address(IFC);
        assertTrue(address >= ip("198.18.0.100") && address <= ip("198.18.0.149"), dotted(address));
        assertEquals(ip("255.255.255.0"), dhcp.netmask(IFC));
        assertEquals(ip(DnsmasqLab.SERVER), dhcp.router(IFC));
        assertEquals(ip(DnsmasqLab.SERVER), dhcp.server(IFC));
        assertEquals(ip("198.18.0.53"), dhcp.dnsServer(IFC, 0));
        assertEquals(120, dhcp.leaseSeconds(IFC), "dnsmasq's 2m");
        assertTrue(lab.leases().contains(DnsmasqLab.JZSOCK_MAC) && lab.leases().contains(dotted(address)), lab.leases());
        assertTrue(lab.leases().contains("jzsock"), "option 12 reached dnsmasq: " + lab.leases());
        var ping = lab.ns.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", dotted(address));
        assertEquals(0, ping.exitCode, ping.output);

        int seen = dhcp.events(IFC);
        long end = System.currentTimeMillis() + 20_000;
        while (dhcp.events(IFC) == seen && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        assertEquals(Dhcp.EVENT_RENEWED, dhcp.lastEvent(IFC), lab.log());
        assertEquals(address, dhcp.address(IFC), "the same address renewed");
        assertEquals(Dhcp.BOUND, dhcp.state(IFC));
        assertTrue(lab.log().contains("DHCPACK(" + lab.ifname + ") " + dotted(address)), lab.log());
        assertEquals(0, stack.counter(NetCounters.DHCP_DROP_MALFORMED));
    }

    @Test
    void stopSendsDhcpreleaseAndDnsmasqForgetsTheLease() throws Exception {
        lab.startDnsmasq();
        NetStack stack = lab.startJzsock(DnsmasqLab.config(), 32);
        assertEquals(0, stack.dhcp().await(IFC, 15_000), lab.log());
        String address = dotted(stack.dhcp().address(IFC));
        assertTrue(lab.leases().contains(address), lab.leases());
        assertEquals(0, stack.dhcp().stop(IFC));
        // dnsmasq rewrites its lease file before its log line reaches our reader thread: wait for both.
        String logged = "DHCPRELEASE(" + lab.ifname + ") " + address;
        long end = System.currentTimeMillis() + 5_000;
        while ((lab.leases().contains(DnsmasqLab.JZSOCK_MAC) || !lab.log().contains(logged))
                && System.currentTimeMillis() < end) {
            Thread.sleep(100);
        }
        assertTrue(lab.log().contains(logged), "counters: DHCP_TX " + stack.counter(NetCounters.DHCP_TX) + ", ARP_TX "
                + stack.counter(NetCounters.ARP_TX) + "\n" + lab.log());
        assertTrue(!lab.leases().contains(DnsmasqLab.JZSOCK_MAC), "lease file after release: " + lab.leases());
        assertEquals(0, stack.dhcp().address(IFC));
    }

    @Test
    void addressAnotherHostHoldsIsProbedDeclinedAndReplaced() throws Exception {
        String taken = "198.18.0.120";
        lab.addSquatter(taken);
        lab.startDnsmasq("--dhcp-host=" + DnsmasqLab.JZSOCK_MAC + "," + taken, "--no-ping");
        NetStack stack = lab.startJzsock(DnsmasqLab.config(), 33);
        assertEquals(0, stack.dhcp().await(IFC, 20_000), Dhcp.stateName(stack.dhcp().state(IFC)) + "\n" + lab.log());
        assertTrue(stack.counter(NetCounters.DHCP_DECLINE_SENT) >= 1, "declined");
        assertTrue(lab.log().contains("DHCPDECLINE(" + lab.ifname + ") " + taken), lab.log());
        assertNotEquals(ip(taken), stack.dhcp().address(IFC), "a different address after the decline");
    }
}
