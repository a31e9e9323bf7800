package io.jzsock.sim.fuzz;

import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Icmpv4Header;
import io.jzsock.net.wire.IgmpHeader;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.net.wire.DnsMessage;
import io.jzsock.sim.testkit.DnsBuilder;
import io.jzsock.sim.testkit.RawPeer;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed inputs of every fuzz target, built with the wire codecs: one valid message of each kind the
 * parser handles, the edge cases RFCs name, and malformed variants, in each target's input format.
 * {@link SeedCorpusTest} keeps the files under src/test/resources equal to these.
 */
final class SeedCorpus {
    static final int OUR = FuzzStack.OUR_IP;
    static final int PEER = RawPeer.IP;
    static final byte[] OTHER_MAC = {0x02, 0, 0, 0, 0, 0x09};
    private static final byte[] NONE = new byte[0];

    private SeedCorpus() {
    }

    /** Target class simple name → (file name → bytes). */
    static Map<String, Map<String, byte[]>> all() {
        Map<String, Map<String, byte[]>> m = new LinkedHashMap<>();
        m.put("EthernetFuzzTest/anyFrame", ethernet());
        m.put("ArpFuzzTest/arpPacket", arp());
        m.put("Ipv4FuzzTest/ipv4Packet", ipv4());
        m.put("FragmentFuzzTest/fragmentSequence", FragmentFuzzTest.seeds());
        m.put("IcmpFuzzTest/icmpMessage", icmp());
        m.put("IgmpFuzzTest/igmpMessage", igmp());
        m.put("UdpFuzzTest/udpDatagram", udp());
        m.put("TcpFuzzTest/tcpSegments", tcp());
        m.put("DnsFuzzTest/dnsAnswer", dns());
        m.put("Ipv6FuzzTest/ipv6Packet", V6Seeds.ipv6());
        m.put("NdFuzzTest/ndMessage", V6Seeds.nd());
        m.put("DhcpFuzzTest/dhcpReply", DhcpSeeds.all());
        m.put("CredentialScanFuzzTest/sectorContents", CredentialScanFuzzTest.seeds());
        m.put("TlsServerFuzzTest/acceptFuzzedClient", tlsEdges());
        m.put("TlsClientFuzzTest/connectToFuzzedServer", tlsEdges());
        m.put("DtlsServerFuzzTest/fuzzedDatagrams", dtlsEdges());
        return m;
    }

    static Map<String, byte[]> ethernet() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-arp-request", RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, PEER, FuzzStack.BROADCAST_MAC, OUR));
        m.put("seed-icmp-echo", ip(Ipv4Header.PROTO_ICMP, RawPeer.echoRequest(1, 1, new byte[16])));
        m.put("seed-udp-bound", ip(Ipv4Header.PROTO_UDP, RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, new byte[12])));
        m.put("seed-udp-closed-port", ip(Ipv4Header.PROTO_UDP, RawPeer.udp(PEER, OUR, 9, 9999, new byte[4])));
        m.put("seed-tcp-syn", TcpFlow.segment(5555, 1, 0, TcpHeader.SYN, 65535, synOptionsHolder(1460), new byte[0]));
        byte[] q = new byte[IgmpHeader.LEN];
        IgmpHeader.write(q, 0, IgmpHeader.TYPE_QUERY, 100, 0);
        m.put("seed-igmp-query", RawPeer.ipv4(new byte[] {1, 0, 0x5e, 0, 0, 1}, PEER, 0xE0000001, Ipv4Header.PROTO_IGMP, 1, q));
        m.put("seed-ipv6-ethertype", Frames.ethernet(FuzzStack.OUR_MAC, EthernetFrame.TYPE_IPV6, new byte[40], 0, 40));
        m.put("seed-vlan-tag", Frames.ethernet(FuzzStack.OUR_MAC, 0x8100, new byte[46], 0, 46));
        m.put("seed-other-mac", RawPeer.arp(ArpPacket.OP_REQUEST, RawPeer.MAC, PEER, OTHER_MAC, OUR));
        m.put("seed-runt", new byte[13]);
        return m;
    }

    static Map<String, byte[]> arp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-request-for-us", cat(1, arpBody(ArpPacket.OP_REQUEST, RawPeer.MAC, PEER, new byte[6], OUR)));
        m.put("seed-reply-to-us", cat(0, arpBody(ArpPacket.OP_REPLY, RawPeer.MAC, PEER, FuzzStack.OUR_MAC, OUR)));
        m.put("seed-request-for-other", cat(1, arpBody(ArpPacket.OP_REQUEST, RawPeer.MAC, PEER, new byte[6], 0xC6120003)));
        m.put("seed-gratuitous-new-mac", cat(3, arpBody(ArpPacket.OP_REQUEST, OTHER_MAC, PEER, new byte[6], PEER)));
        m.put("seed-probe", cat(1, arpBody(ArpPacket.OP_REQUEST, OTHER_MAC, 0, new byte[6], OUR)));
        byte[] bad = arpBody(ArpPacket.OP_REQUEST, RawPeer.MAC, PEER, new byte[6], OUR);
        bad[ArpPacket.HLEN] = 8;
        m.put("seed-hlen-8", cat(1, bad));
        byte[] shortOne = new byte[20];
        System.arraycopy(arpBody(ArpPacket.OP_REQUEST, RawPeer.MAC, PEER, new byte[6], OUR), 0, shortOne, 0, 20);
        m.put("seed-truncated", cat(1, shortOne));
        return m;
    }

    static Map<String, byte[]> ipv4() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] echo = RawPeer.echoRequest(2, 2, new byte[8]);
        m.put("seed-echo", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[0], echo)));
        m.put("seed-router-alert-udp", cat(0, ipPacket(Ipv4Header.PROTO_UDP, 64, new byte[] {(byte) 0x94, 4, 0, 0},
                RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, new byte[8]))));
        m.put("seed-nop-eol", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {1, 1, 1, 0}, echo)));
        m.put("seed-record-route", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0}, echo)));
        m.put("seed-timestamp", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {68, 12, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0}, echo)));
        m.put("seed-lsrr", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {(byte) 131, 7, 4, (byte) 198, 18, 0, 9, 0}, echo)));
        m.put("seed-ssrr", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {(byte) 137, 7, 4, (byte) 198, 18, 0, 9, 0}, echo)));
        m.put("seed-security", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {(byte) 130, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, echo)));
        m.put("seed-option-len-0", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {7, 0, 0, 0}, echo)));
        m.put("seed-option-len-1", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {7, 1, 0, 0}, echo)));
        m.put("seed-option-past-header", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[] {7, 40, 4, 0}, echo)));
        m.put("seed-option-40-bytes", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 64, fill(new byte[40], 7, 39), echo)));
        m.put("seed-ttl-0", cat(0, ipPacket(Ipv4Header.PROTO_ICMP, 0, new byte[0], echo)));
        byte[] frag = ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[0], echo);
        Bytes.putU16(frag, Ipv4Header.FLAGS_FRAGMENT, Ipv4Header.FLAG_MF);
        m.put("seed-fragment", cat(0, frag));
        byte[] shortTotal = ipPacket(Ipv4Header.PROTO_ICMP, 64, new byte[0], echo);
        Bytes.putU16(shortTotal, Ipv4Header.TOTAL_LEN, 24);
        m.put("seed-total-len-short", cat(0x02, shortTotal));
        m.put("seed-tcp-syn", cat(0, ipPacket(Ipv4Header.PROTO_TCP, 64, new byte[0], tcpSyn(5555, 1460))));
        m.put("seed-unknown-protocol", cat(0, ipPacket(99, 64, new byte[0], new byte[8])));
        byte[] q = new byte[IgmpHeader.LEN];
        IgmpHeader.write(q, 0, IgmpHeader.TYPE_QUERY, 10, 0);
        byte[] igmp = ipPacket(Ipv4Header.PROTO_IGMP, 1, new byte[] {(byte) 0x94, 4, 0, 0}, q);
        Bytes.putI32(igmp, Ipv4Header.DST, 0xE0000001);
        m.put("seed-igmp-query", cat(0x04, igmp));
        return m;
    }

    static Map<String, byte[]> icmp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-echo-request", cat(0, RawPeer.echoRequest(3, 1, bytes(32))));
        m.put("seed-echo-request-broadcast", cat(0x02, RawPeer.echoRequest(3, 2, bytes(8))));
        m.put("seed-echo-request-empty", cat(0, RawPeer.echoRequest(3, 3, new byte[0])));
        byte[] reply = RawPeer.echoRequest(3, 4, new byte[4]);
        reply[0] = Icmpv4Header.TYPE_ECHO_REPLY;
        m.put("seed-echo-reply", cat(0, reply));
        byte[] quotedTcp = quoted(Ipv4Header.PROTO_TCP, OUR, PEER, tcpHeaderBytes(FuzzStack.TCP_PORT, 5555, 0));
        m.put("seed-frag-needed-tcp", cat(0x04, error(Icmpv4Header.TYPE_DEST_UNREACHABLE, 4, 576, quotedTcp)));
        m.put("seed-port-unreachable-tcp", cat(0x04, error(Icmpv4Header.TYPE_DEST_UNREACHABLE, 3, 0, quotedTcp)));
        m.put("seed-host-unreachable-tcp", cat(0x04, error(Icmpv4Header.TYPE_DEST_UNREACHABLE, 1, 0, quotedTcp)));
        byte[] quotedUdp = quoted(Ipv4Header.PROTO_UDP, OUR, PEER, RawPeer.udp(OUR, PEER, 49152, 9, new byte[0]));
        m.put("seed-port-unreachable-udp", cat(0, error(Icmpv4Header.TYPE_DEST_UNREACHABLE, 3, 0, quotedUdp)));
        m.put("seed-time-exceeded", cat(0x04, error(Icmpv4Header.TYPE_TIME_EXCEEDED, 0, 0, quotedTcp)));
        m.put("seed-redirect", cat(0x04, error(5, 1, 0xC6120009, quotedTcp)));
        m.put("seed-source-quench", cat(0x04, error(4, 0, 0, quotedTcp)));
        m.put("seed-parameter-problem", cat(0x04, error(12, 0, 20 << 24, quotedTcp)));
        byte[] ts = new byte[20];
        ts[0] = 13;
        m.put("seed-timestamp-request", cat(0, ts));
        m.put("seed-truncated", cat(0, new byte[] {8, 0, 0, 0}));
        return m;
    }

    static Map<String, byte[]> igmp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-general-query", cat(0, igmpMessage(IgmpHeader.TYPE_QUERY, 100, 0)));
        m.put("seed-group-query", cat(0x04, igmpMessage(IgmpHeader.TYPE_QUERY, 10, FuzzStack.GROUP)));
        m.put("seed-v1-query", cat(0, igmpMessage(IgmpHeader.TYPE_QUERY, 0, 0)));
        m.put("seed-other-members-report", cat(0x04, igmpMessage(IgmpHeader.TYPE_V2_REPORT, 0, FuzzStack.GROUP)));
        m.put("seed-v1-report", cat(0x04, igmpMessage(IgmpHeader.TYPE_V1_REPORT, 0, FuzzStack.GROUP)));
        m.put("seed-leave", cat(0x0c, igmpMessage(IgmpHeader.TYPE_LEAVE, 0, FuzzStack.GROUP)));
        m.put("seed-query-no-router-alert", cat(0x02, igmpMessage(IgmpHeader.TYPE_QUERY, 100, 0)));
        m.put("seed-query-to-us", cat(0x08, igmpMessage(IgmpHeader.TYPE_QUERY, 100, 0)));
        byte[] v3 = new byte[12];
        System.arraycopy(igmpMessage(IgmpHeader.TYPE_QUERY, 100, 0), 0, v3, 0, IgmpHeader.LEN);
        m.put("seed-v3-query", cat(0, v3));
        return m;
    }

    static Map<String, byte[]> udp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-to-bound-port", cat(0, RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, bytes(20))));
        m.put("seed-empty", cat(0, RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, new byte[0])));
        byte[] noSum = RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, bytes(5));
        Bytes.putU16(noSum, UdpHeader.CHECKSUM, 0);
        m.put("seed-no-checksum", cat(0x01, noSum));
        m.put("seed-closed-port", cat(0x08, RawPeer.udp(PEER, OUR, 9, 9999, bytes(5))));
        m.put("seed-broadcast", cat(0x04, RawPeer.udp(PEER, FuzzStack.BROADCAST_IP, 9, FuzzStack.UDP_PORT, bytes(5))));
        m.put("seed-broadcast-closed-port", cat(0x0c, RawPeer.udp(PEER, FuzzStack.BROADCAST_IP, 9, 9999, bytes(5))));
        byte[] longLen = RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, bytes(5));
        Bytes.putU16(longLen, UdpHeader.LENGTH, 40);
        m.put("seed-length-past-end", cat(0x03, longLen));
        byte[] shortLen = RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, bytes(16));
        Bytes.putU16(shortLen, UdpHeader.LENGTH, 10);
        m.put("seed-length-short", cat(0x02, shortLen));
        byte[] tiny = RawPeer.udp(PEER, OUR, 9, FuzzStack.UDP_PORT, bytes(4));
        Bytes.putU16(tiny, UdpHeader.LENGTH, 4);
        m.put("seed-length-below-header", cat(0x02, tiny));
        return m;
    }

    /**
     * Hand-made TLS inputs (TlsRecordInput chunks after the mode byte); the recorded real ClientHellos and server
     * flights sit beside them, made by TlsSeedRecorder.
     */
    static Map<String, byte[]> tlsEdges() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-fatal-alert-first", new byte[] {0, 1, 2, 2, 40});
        m.put("seed-close-notify-first", new byte[] {0, 1, 2, 1, 0});
        m.put("seed-warning-alert-then-fatal", new byte[] {0, 1, 2, 1, 90, 1, 2, 2, 10});
        m.put("seed-empty-handshake-record", new byte[] {0, 0, 0});
        m.put("seed-change-cipher-spec-first", new byte[] {0, 2, 1, 1});
        m.put("seed-application-data-first", new byte[] {0, 3, 4, 1, 2, 3, 4});
        m.put("seed-empty-client-hello-message", new byte[] {0, TlsRecordInput.CTL_MESSAGE, 1, 1});
        m.put("seed-hello-request-message", new byte[] {0, TlsRecordInput.CTL_MESSAGE, 1, 0});
        m.put("seed-two-messages-one-record", new byte[] {0, TlsRecordInput.CTL_MESSAGE, 1, 2,
            TlsRecordInput.CTL_MESSAGE | TlsRecordInput.CTL_SAME_RECORD, 1, 14});
        m.put("seed-record-length-past-limit", new byte[] {1, 22, 3, 3, 0x48, 0x01, 1});
        m.put("seed-sslv2-hello", new byte[] {1, (byte) 0x80, 0x2e, 1, 3, 1});
        m.put("seed-tls12-fatal-alert-first", new byte[] {2, 1, 2, 2, 40});
        m.put("seed-certificate-fatal-alert-first", new byte[] {4, 1, 2, 2, 42});
        return m;
    }

    /** Hand-made DTLS inputs beside the recorded ClientHello. */
    static Map<String, byte[]> dtlsEdges() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-fatal-alert", new byte[] {0, 1, 2, 2, 40});
        m.put("seed-empty-client-hello-message", new byte[] {0, TlsRecordInput.CTL_MESSAGE | TlsRecordInput.CTL_OLD_VERSION, 1, 1});
        m.put("seed-application-data", new byte[] {0, 3, 4, 1, 2, 3, 4});
        m.put("seed-two-records-one-datagram", new byte[] {0, 1, 2, 1, 0, TlsRecordInput.CTL_SAME_RECORD | 2, 1, 1});
        m.put("seed-raw-short-datagrams", new byte[] {1, 0, 1, 22, 13, 22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        m.put("seed-certificate-tag-alert", new byte[] {2, 1, 2, 2, 40});
        return m;
    }

    static Map<String, byte[]> dns() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] a = DnsBuilder.ipv4("192.0.2.1");
        m.put("seed-one-a", dnsSeed(0, dnsResponse().a(300, "192.0.2.1")));
        m.put("seed-three-a", dnsSeed(0, dnsResponse().a(300, "192.0.2.1").a(300, "192.0.2.2").a(0, "192.0.2.3")));
        m.put("seed-cname-chain", dnsSeed(0, dnsResponse()
                .answer(DnsBuilder.ptr(12), DnsMessage.TYPE_CNAME, 60, DnsBuilder.name("cdn.example.net"))
                .answer(DnsBuilder.name("cdn.example.net"), DnsMessage.TYPE_CNAME, 60, DnsBuilder.name("edge.example.net"))
                .answer(DnsBuilder.name("edge.example.net"), DnsMessage.TYPE_A, 60, a)));
        m.put("seed-cname-loop", dnsSeed(0, dnsResponse()
                .answer(DnsBuilder.ptr(12), DnsMessage.TYPE_CNAME, 60, DnsBuilder.name("b.example.com"))
                .answer(DnsBuilder.name("b.example.com"), DnsMessage.TYPE_CNAME, 60, DnsBuilder.ptr(12))));
        m.put("seed-nxdomain-soa", dnsSeed(0, dnsResponse().rcode(DnsMessage.RCODE_NXDOMAIN).soa("example.com", 3600, 60)));
        m.put("seed-nodata", dnsSeed(0, dnsResponse().soa("example.com", 3600, 60)));
        m.put("seed-servfail", dnsSeed(0, dnsResponse().rcode(DnsMessage.RCODE_SERVFAIL)));
        m.put("seed-truncated", dnsSeed(0, dnsResponse().flags(DnsMessage.FLAG_QR | DnsMessage.FLAG_TC).a(300, "192.0.2.1")));
        m.put("seed-compression-loop", dnsSeed(0, dnsResponse().answer(DnsBuilder.ptr(33), DnsMessage.TYPE_A, 300, a)));
        m.put("seed-forward-pointer", dnsSeed(0, dnsResponse().answer(DnsBuilder.ptr(45), DnsMessage.TYPE_A, 300, a)));
        m.put("seed-unrelated-records", dnsSeed(0, dnsResponse().a(300, "192.0.2.1")
                .answer(DnsBuilder.name("other.example.net"), DnsMessage.TYPE_A, 300, a)
                .additional(DnsBuilder.name("other.example.net"), DnsMessage.TYPE_A, 300, a)));
        m.put("seed-short-address", dnsSeed(0, dnsResponse().answer(DnsBuilder.ptr(12), DnsMessage.TYPE_A, 300, new byte[3])));
        m.put("seed-question-as-given", dnsSeed(0x02, dnsResponse().a(300, "192.0.2.1")));
        m.put("seed-id-as-given", dnsSeed(0x01, dnsResponse().a(300, "192.0.2.1")));
        m.put("seed-flags-as-given", dnsSeed(0x04, dnsResponse().flags(0).a(300, "192.0.2.1")));
        m.put("seed-empty", new byte[] {0});
        return m;
    }

    private static DnsBuilder dnsResponse() {
        return DnsBuilder.response(0, DnsFuzzTest.NAME, DnsMessage.TYPE_A);
    }

    /** mode, then the response without its question unless mode keeps it (DnsFuzzTest's format). */
    private static byte[] dnsSeed(int mode, DnsBuilder response) {
        byte[] full = response.build();
        if ((mode & 0x02) != 0) {
            return cat(mode, full);
        }
        int qEnd = DnsMessage.skipName(full, DnsMessage.HEADER_LEN, full.length) + DnsMessage.Q_FIXED_LEN;
        byte[] noQuestion = new byte[full.length - (qEnd - DnsMessage.HEADER_LEN)];
        System.arraycopy(full, 0, noQuestion, 0, DnsMessage.HEADER_LEN);
        System.arraycopy(full, qEnd, noQuestion, DnsMessage.HEADER_LEN, full.length - qEnd);
        return cat(mode, noQuestion);
    }

    static Map<String, byte[]> tcp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        TcpOptions ts = new TcpOptions();
        ts.hasTimestamp = true;
        ts.tsVal = 200;
        m.put("seed-listen-handshake-data-fin", records(0,
                rec(0x00, seg(0, 0, TcpHeader.SYN, 65535, synOptions(1460), 0)),
                rec(0x03, seg(0, 0, TcpHeader.ACK, 512, options(ts), 0)),
                rec(0x03, seg(0, 0, TcpHeader.ACK | TcpHeader.PSH, 512, options(ts), 100)),
                rec(0x23, seg(0, 0, TcpHeader.ACK | TcpHeader.FIN, 512, options(ts), 0)),
                rec(0x43, seg(0, 500, TcpHeader.ACK, 512, options(ts), 0))));
        m.put("seed-syn-tiny-mss-then-send", records(0,
                rec(0x00, seg(0, 0, TcpHeader.SYN, 65535, synOptions(1), 0)),
                rec(0x23, seg(0, 0, TcpHeader.ACK, 65535, NONE, 0))));
        m.put("seed-established-data-out-of-order", records(1,
                rec(0x03, seg(100, 0, TcpHeader.ACK, 512, options(ts), 50)),
                rec(0x03, seg(-150, 0, TcpHeader.ACK | TcpHeader.PSH, 512, options(ts), 100)),
                rec(0x03, seg(0, 0, TcpHeader.ACK | TcpHeader.FIN, 512, options(ts), 0))));
        m.put("seed-unacked-sack-dupacks", records(2,
                rec(0x03, seg(0, -1000, TcpHeader.ACK, 512, options(sack(ts, -500, 0)), 0)),
                rec(0x03, seg(0, -1000, TcpHeader.ACK, 512, options(sack(ts, -500, 0)), 0)),
                rec(0x03, seg(0, -1000, TcpHeader.ACK, 512, options(sack(ts, -500, 0)), 0)),
                rec(0x0b, seg(0, -500, TcpHeader.ACK, 512, options(ts), 0)),
                rec(0x03, seg(0, 0, TcpHeader.ACK, 512, options(ts), 0))));
        m.put("seed-unacked-zero-window", records(2,
                rec(0x03, seg(0, -500, TcpHeader.ACK, 0, options(ts), 0)),
                rec(0x0b, seg(0, 0, TcpHeader.ACK, 512, options(ts), 0))));
        m.put("seed-established-rst", records(1, rec(0x03, seg(0, 0, TcpHeader.RST, 0, NONE, 0))));
        m.put("seed-established-rst-in-window", records(1, rec(0x03, seg(10, 0, TcpHeader.RST, 0, NONE, 0))));
        m.put("seed-established-syn", records(1, rec(0x03, seg(0, 0, TcpHeader.SYN, 512, synOptions(1460), 0))));
        m.put("seed-fin-wait-close-then-reuse", records(3,
                rec(0x03, seg(0, 0, TcpHeader.ACK, 512, options(ts), 0)),
                rec(0x03, seg(0, 0, TcpHeader.ACK | TcpHeader.FIN, 512, options(ts), 0)),
                rec(0x09, seg(100_000, 0, TcpHeader.SYN, 65535, synOptions(1460), 0))));
        // TIME_WAIT ended while the application still held the socket: its deadline stayed behind (fixed in TcpTable.finish)
        m.put("regression-stale-time-wait-deadline", records(3,
                rec(0x03, seg(0, 0, TcpHeader.ACK | TcpHeader.FIN, 512, options(ts), 0))));
        m.put("seed-urgent-data", records(1, rec(0x03, urgent(seg(0, 0, TcpHeader.ACK | TcpHeader.URG, 512, options(ts), 10), 5))));
        m.put("seed-second-connection", records(1,
                rec(0x10, seg(0, 0, TcpHeader.SYN, 65535, synOptions(536), 0)),
                rec(0x13, seg(0, 0, TcpHeader.ACK, 512, NONE, 0))));
        m.put("seed-closed-port-syn", records(0, rec(0x80, withDstPort(seg(0, 0, TcpHeader.SYN, 512, NONE, 0), 81))));
        m.put("seed-option-len-0", records(1, rec(0x03, rawOptions(new byte[] {8, 0, 0, 0}))));
        m.put("seed-option-len-1", records(1, rec(0x03, rawOptions(new byte[] {2, 1, 0, 0}))));
        m.put("seed-option-truncated", records(1, rec(0x03, rawOptions(new byte[] {1, 1, 1, 8}))));
        m.put("seed-option-sack-len-10", records(2, rec(0x03, rawOptions(new byte[] {1, 1, 5, 10, 0, 0, 0, 0, 0, 0, 0, 0}))));
        m.put("seed-option-all-nop", records(1, rec(0x03, rawOptions(fill(new byte[40], 1, 40)))));
        byte[] badOffset = seg(0, 0, TcpHeader.ACK, 512, NONE, 0);
        badOffset[TcpHeader.DATA_OFFSET] = 0x40;
        m.put("seed-data-offset-4", records(1, rec(0x03, badOffset)));
        return m;
    }

    static byte[] synOptions(int mss) {
        return options(synOptionsHolder(mss));
    }

    private static TcpOptions synOptionsHolder(int mss) {
        TcpOptions o = new TcpOptions();
        o.mss = mss;
        o.windowScale = 7;
        o.sackPermitted = true;
        o.hasTimestamp = true;
        o.tsVal = 150;
        return o;
    }

    private static TcpOptions sack(TcpOptions base, int left, int right) {
        TcpOptions o = new TcpOptions();
        o.hasTimestamp = base.hasTimestamp;
        o.tsVal = base.tsVal;
        o.sackCount = 1;
        o.sackLeft[0] = left;
        o.sackRight[0] = right;
        return o;
    }

    private static byte[] options(TcpOptions o) {
        byte[] h = new byte[TcpHeader.MAX_LEN];
        int hl = o.emit(h, 0);
        byte[] opts = new byte[hl - TcpHeader.MIN_LEN];
        System.arraycopy(h, TcpHeader.MIN_LEN, opts, 0, opts.length);
        return opts;
    }

    /** A TCP segment (the target sets the ports) whose seq/ack are the offsets a record's ctl makes relative. */
    private static byte[] seg(int seq, int ack, int flags, int window, byte[] o, int dataLen) {
        int hl = TcpHeader.MIN_LEN + o.length;
        byte[] s = new byte[hl + dataLen];
        TcpHeader.write(s, 0, 5555, FuzzStack.TCP_PORT, seq, ack, hl, flags, window);
        System.arraycopy(o, 0, s, TcpHeader.MIN_LEN, o.length);
        for (int i = 0; i < dataLen; i++) {
            s[hl + i] = (byte) ('a' + i % 26);
        }
        return s;
    }

    private static byte[] rawOptions(byte[] opts) {
        return seg(0, 0, TcpHeader.ACK, 512, opts, 0);
    }

    private static byte[] urgent(byte[] s, int ptr) {
        Bytes.putU16(s, TcpHeader.URGENT, ptr);
        return s;
    }

    private static byte[] withDstPort(byte[] s, int port) {
        Bytes.putU16(s, TcpHeader.DST_PORT, port);
        return s;
    }

    private static byte[] rec(int ctl, byte[] seg) {
        return cat(ctl, cat(seg.length, seg));
    }

    private static byte[] records(int setup, byte[]... recs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(setup);
        for (byte[] r : recs) {
            out.writeBytes(r);
        }
        return out.toByteArray();
    }

    private static byte[] tcpSyn(int srcPort, int mss) {
        byte[] s = seg(1, 0, TcpHeader.SYN, 65535, synOptions(mss), 0);
        Bytes.putU16(s, TcpHeader.SRC_PORT, srcPort);
        TcpHeader.fillChecksumV4(s, 0, s.length, PEER, OUR);
        return s;
    }

    private static byte[] tcpHeaderBytes(int srcPort, int dstPort, int seq) {
        byte[] h = new byte[TcpHeader.MIN_LEN];
        TcpHeader.write(h, 0, srcPort, dstPort, seq, 0, TcpHeader.MIN_LEN, TcpHeader.ACK, 512);
        return h;
    }

    /** The IP header and first 8 bytes of a datagram the stack sent, as an ICMP error quotes them (RFC 792). */
    private static byte[] quoted(int protocol, int src, int dst, byte[] l4) {
        byte[] q = new byte[Ipv4Header.MIN_LEN + 8];
        Ipv4Header.write(q, 0, 0, Ipv4Header.MIN_LEN + l4.length, 7, Ipv4Header.FLAG_DF, 64, protocol, src, dst, true);
        System.arraycopy(l4, 0, q, Ipv4Header.MIN_LEN, 8);
        return q;
    }

    private static byte[] error(int type, int code, int rest, byte[] quoted) {
        byte[] m = new byte[Icmpv4Header.HEADER_LEN + quoted.length];
        m[0] = (byte) type;
        m[1] = (byte) code;
        Bytes.putI32(m, 4, rest);
        System.arraycopy(quoted, 0, m, Icmpv4Header.HEADER_LEN, quoted.length);
        Icmpv4Header.fillChecksum(m, 0, m.length);
        return m;
    }

    private static byte[] igmpMessage(int type, int maxResp, int group) {
        byte[] q = new byte[IgmpHeader.LEN];
        IgmpHeader.write(q, 0, type, maxResp, group);
        return q;
    }

    private static byte[] arpBody(int op, byte[] senderMac, int senderIp, byte[] targetMac, int targetIp) {
        byte[] a = new byte[ArpPacket.LEN];
        ArpPacket.write(a, 0, op, senderMac, 0, senderIp, targetMac, 0, targetIp);
        return a;
    }

    /** An IPv4 packet (no Ethernet) from the peer to the stack with the given options, checksum filled. */
    private static byte[] ipPacket(int protocol, int ttl, byte[] options, byte[] l4) {
        byte[] f = Frames.ipv4(FuzzStack.OUR_MAC, PEER, OUR, protocol, ttl, options, l4);
        byte[] p = new byte[f.length - Frames.E];
        System.arraycopy(f, Frames.E, p, 0, p.length);
        return p;
    }

    private static byte[] ip(int protocol, byte[] l4) {
        return RawPeer.ipv4(FuzzStack.OUR_MAC, PEER, OUR, protocol, 64, l4);
    }

    private static byte[] cat(int first, byte[] rest) {
        byte[] b = new byte[1 + rest.length];
        b[0] = (byte) first;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static byte[] fill(byte[] b, int value, int count) {
        for (int i = 0; i < count; i++) {
            b[i] = (byte) value;
        }
        return b;
    }
}
