package io.jzsock.sim.interop;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.sim.wire.FrameTap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DHCP client against passt's DHCP server with RFC 5227 probing as configured by default, and what
 * passt does with ARP: it answers a request for any address of the subnet with its own MAC (it is the
 * only other station and routes everything), but not one for the address it leases to the guest, so the
 * board's probes go unanswered and the lease is bound, not declined. This is why {@code run} may skip
 * the probe on that link (PasstSession.boardConfig).
 */
class PasstDhcpTest {
    private static final int IFC = 2;
    private PasstLab lab;
    private final List<Arp> arps = new ArrayList<>();

    /** One ARP packet on the switch: operation, whether passt (not the board) sent it, sender and target address. */
    record Arp(int op, boolean fromPasst, int sender, int target) {
    }

    @BeforeEach
    void up() throws Exception {
        PasstLab.require();
        lab = new PasstLab("passt-dhcp");
        FrameTap tap = (b, off, len, t) -> {
            if (len >= 42 && (b[off + 12] & 0xff) == 0x08 && (b[off + 13] & 0xff) == 0x06) {
                boolean fromBoard = java.util.Arrays.equals(b, off + 22, off + 28, PasstLab.BOARD_MAC, 0, 6);
                synchronized (arps) {
                    arps.add(new Arp(u16(b, off + 20), !fromBoard, i32(b, off + 28), i32(b, off + 38)));
                }
            }
        };
        lab.switchFabric().addTap(tap);
    }

    /** Closes the lab, then tshark checks the switch's capture: nothing malformed, no bad checksum from the board. */
    @AfterEach
    void down() throws Exception {
        if (lab == null) {
            return;
        }
        lab.close();
        if (KernelTools.tsharkAvailable()) {
            Path pcap = Path.of("target", "pcap", "passt-dhcp.pcap");
            KernelTools.assertCleanCapture(pcap, "02:00:00:00:6a:02");
            assertEquals(4, KernelTools.count(pcap, "dhcp"), "DISCOVER, OFFER, REQUEST, ACK");
        }
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    private static int i32(byte[] b, int o) {
        return (u16(b, o) << 16) | u16(b, o + 2);
    }

    private static int ip(String dotted) {
        return SockAddr.parse(dotted, 0).ipv4();
    }

    private List<Arp> arps() {
        synchronized (arps) {
            return new ArrayList<>(arps);
        }
    }

    @Test
    void probesForTheLeasedAddressGoUnansweredAndTheLeaseIsBound() throws Exception {
        NetConfig cfg = NetConfig.defaults();
        assertEquals(3, cfg.dhcpProbeCount, "RFC 5227's PROBE_NUM");
        NetStack board = lab.startBoard(cfg, 41, "passt-dhcp", PasstLab.ADDRESSING.boardAddressing("eth0"));
        long t0 = System.nanoTime();
        assertEquals(0, board.dhcp().await(IFC, 20_000), Dhcp.stateName(board.dhcp().state(IFC)));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("PasstDhcpTest: bound after " + millis + " ms with " + cfg.dhcpProbeCount + " probes");
        assertEquals(ip(PasstLab.ADDRESSING.board), board.dhcp().address(IFC));
        assertEquals(0, board.counter(NetCounters.DHCP_DECLINE_SENT));
        int leased = ip(PasstLab.ADDRESSING.board);
        List<Arp> seen = arps();
        assertEquals(3, seen.stream().filter(a -> !a.fromPasst() && a.op() == 1 && a.sender() == 0 && a.target() == leased)
                .count(), "three probes: " + seen);
        assertTrue(seen.stream().noneMatch(a -> a.fromPasst() && a.sender() == leased), "passt never claims it: " + seen);
        assertTrue(millis >= 3000, "PROBE_WAIT, two gaps and ANNOUNCE_WAIT: " + millis + " ms");
    }

    @Test
    void passtAnswersArpForOtherAddressesOfTheSubnet() throws Exception {
        NetConfig cfg = NetConfig.defaults();
        cfg.dhcpProbeCount = 0;
        NetStack board = lab.startBoard(cfg, 42, "passt-dhcp-arp", PasstLab.ADDRESSING.boardAddressing("eth0"));
        assertEquals(0, board.dhcp().await(IFC, 10_000));
        Zsock z = board.zsock();
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        byte[] one = {1};
        assertEquals(1, z.sendto(fd, one, 0, 1, 0, SockAddr.parse("198.18.0.77", 9)));
        assertEquals(0, z.close(fd));
        int other = ip("198.18.0.77");
        long end = System.currentTimeMillis() + 5000;
        while (arps().stream().noneMatch(a -> a.fromPasst() && a.op() == 2 && a.sender() == other)
                && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertTrue(arps().stream().anyMatch(a -> a.fromPasst() && a.op() == 2 && a.sender() == other),
                "passt's reply for 198.18.0.77: " + arps());
    }
}
