package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.DhcpRepr;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.sim.testkit.DhcpFrames;
import io.jzsock.sim.testkit.RawPeer;

/**
 * DHCP reply input (DhcpRepr, DhcpClient): the fuzzer's bytes are the DHCP message a server sends to a client
 * in SELECTING or REQUESTING, on a fresh stack whose eth0 is in DHCP mode (virtual time, no start delay).
 * <pre>
 *  input = mode message
 *  mode  : 0x01 keep the xid as given (else the client's); 0x02 keep chaddr (else our MAC);
 *          0x04 keep the cookie (else the magic cookie); 0x08 send a valid OFFER first (REQUESTING);
 *          0x10 unicast to the offered address (else broadcast)
 * </pre>
 * Oracle: DhcpRepr.parse of the bytes returns OK or MALFORMED and keeps its bounds; the stack takes the frame
 * and two minutes of its timers without throwing; it sends only ARP and client DHCP messages (BOOTREQUEST,
 * our chaddr); a bound address is a usable one; every packet buffer comes back.
 */
class DhcpFuzzTest {
    static final byte[] OUR_MAC = FuzzStack.OUR_MAC;
    static final int SERVER = RawPeer.IP;
    static final int OFFERED = 0xC6120064;
    private static final long HORIZON_MS = 120_000;
    /** Longer than ARP's retries with the default NetConfig (three requests a second apart). */
    private static final long ARP_GIVE_UP_MS = 30_000;

    @FuzzTest(maxDuration = "20s")
    void dhcpReply(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] m = Frames.tail(in, 1);
        DhcpRepr repr = new DhcpRepr();
        int parsed = repr.parse(m, 0, m.length);
        assertTrue(parsed == DhcpRepr.OK || parsed == DhcpRepr.MALFORMED);
        assertTrue(repr.dnsCount <= DhcpRepr.MAX_DNS);

        VirtualClock clock = new VirtualClock(1_000);
        NetConfig cfg = NetConfig.defaults();
        cfg.dhcpStartDelayMaxMillis = 0;
        NetStack stack = NetStack.create(cfg, clock, new SeededEntropy(1));
        InjectNic nic = new InjectNic(OUR_MAC);
        int ifc = stack.addInterface(nic, InterfaceConfig.dhcp("eth0"));
        stack.poll(clock.nowMillis());
        int xid = DhcpFrames.xid(nic.next());
        if ((mode & 0x08) != 0) {
            nic.inject(DhcpFrames.frame(FuzzStack.BROADCAST_MAC, SERVER, -1, DhcpFrames.reply(xid, 0, 0, OFFERED, OUR_MAC,
                    DhcpFrames.options().type(DhcpOptions.DHCPOFFER).ip(DhcpOptions.SERVER_ID, SERVER)
                            .ip(DhcpOptions.LEASE_TIME, 60).end().toBytes())));
            stack.poll(clock.nowMillis());
            assertEquals(Dhcp.REQUESTING, stack.dhcp().state(ifc));
            drain(nic);
        }
        if ((mode & 0x01) == 0 && m.length >= DhcpMessage.XID + 4) {
            Bytes.putI32(m, DhcpMessage.XID, xid);
        }
        if ((mode & 0x02) == 0 && m.length >= DhcpMessage.CHADDR + 6) {
            System.arraycopy(OUR_MAC, 0, m, DhcpMessage.CHADDR, 6);
        }
        if ((mode & 0x04) == 0 && m.length >= DhcpMessage.OPTIONS) {
            Bytes.putI32(m, DhcpMessage.COOKIE, DhcpMessage.MAGIC_COOKIE);
        }
        boolean unicast = (mode & 0x10) != 0;
        nic.inject(DhcpFrames.frame(unicast ? OUR_MAC : FuzzStack.BROADCAST_MAC, SERVER, unicast ? OFFERED : -1, m));
        stack.poll(clock.nowMillis());
        long end = clock.nowMillis() + HORIZON_MS;
        while (clock.nowMillis() < end) {
            drain(nic);
            clock.set(Math.max(clock.nowMillis() + 1, Math.min(stack.pollAt(), end)));
            stack.poll(clock.nowMillis());
        }
        drain(nic);
        int state = stack.dhcp().state(ifc);
        assertTrue(state >= Dhcp.INIT && state <= Dhcp.REBOOTING, "state " + state);
        int address = stack.dhcp().address(ifc);
        if (address != 0) {
            int top = address >>> 24;
            assertTrue(top != 0 && top != 127 && top < 224, "a usable leased address: " + Integer.toHexString(address));
        }
        // A unicast RENEW (or the RELEASE below) may still wait for the server's MAC, which this test never
        // answers: stop the client, then let ARP give up (it frees what it parked) before counting buffers.
        stack.dhcp().stop(ifc);
        end = clock.nowMillis() + ARP_GIVE_UP_MS;
        while (clock.nowMillis() < end) {
            drain(nic);
            clock.set(Math.max(clock.nowMillis() + 1, Math.min(stack.pollAt(), end)));
            stack.poll(clock.nowMillis());
        }
        drain(nic);
        assertEquals(stack.packetBuffers(), stack.freePacketBuffers(), "every packet buffer back in the pool");
        stack.stop();
    }

    /** Reads what the stack sent: ARP (probes, announcements, resolution) and client DHCP messages only. */
    private static void drain(InjectNic nic) {
        for (byte[] f; (f = nic.next()) != null; ) {
            if (EthernetFrame.etherType(f, 0) == EthernetFrame.TYPE_ARP) {
                continue;
            }
            assertTrue(DhcpFrames.isClientMessage(f), "only DHCP client messages besides ARP");
            assertEquals(DhcpMessage.OP_BOOTREQUEST, DhcpMessage.op(f, DhcpFrames.DHCP));
            assertTrue(DhcpMessage.chaddrIs(f, DhcpFrames.DHCP, OUR_MAC, 0));
        }
    }
}
