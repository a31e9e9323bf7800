package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.NetConfig;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IPv4 reassembly (Reassembly, RFC 791 §3.2, RFC 5722): the fuzzer's bytes are a sequence of fragments cut out
 * of four true datagrams at offsets and lengths it chooses, in any order, with time passing in between.
 * <pre>
 *  input  = record*
 *  record = sel flags offset:u16 length:u16
 *  sel    : bits 0-1 the datagram (0: UDP 4000 bytes, 1: UDP 3000, 2: ICMP echo of 600, 3: UDP 3000 under
 *           identification 0x200 + (sel >> 2), a flood of distinct datagrams)
 *  flags  : bit 0 MF; bit 1 flip one byte of the fragment; bit 2 MF from the truth (set unless the fragment
 *           reaches the datagram's end); bits 3-7 seconds of virtual time before the fragment
 *  offset : in 8-byte units (13 bits); length: bytes, modulo 1481 (bytes past the datagram are zeros)
 * </pre>
 * Besides the shared oracle: after every fragment, with the socket drained, the pool keeps all but
 * NetConfig.reassemblyBuffers of its buffers; and unless a byte was flipped, every datagram the socket
 * delivers is byte for byte one of the true datagrams (overlaps never mix two versions of a byte).
 */
class FragmentFuzzTest {
    static final int E = EthernetFrame.HEADER_LEN;
    static final int RECORD = 6;

    static byte[] udp(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + (i >> 8));
        }
        return p;
    }

    static final byte[] UDP_4000 = udp(4000);
    static final byte[] UDP_3000 = udp(3000);
    static final byte[][] FRAMES = {
        RawPeer.ipv4(FuzzStack.OUR_MAC, RawPeer.IP, FuzzStack.OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(RawPeer.IP, FuzzStack.OUR_IP, 9, FuzzStack.UDP_PORT, UDP_4000)),
        RawPeer.ipv4(FuzzStack.OUR_MAC, RawPeer.IP, FuzzStack.OUR_IP, Ipv4Header.PROTO_UDP, 64,
                RawPeer.udp(RawPeer.IP, FuzzStack.OUR_IP, 10, FuzzStack.UDP_PORT, UDP_3000)),
        RawPeer.ipv4(FuzzStack.OUR_MAC, RawPeer.IP, FuzzStack.OUR_IP, Ipv4Header.PROTO_ICMP, 64,
                RawPeer.echoRequest(7, 7, udp(600))),
    };

    @FuzzTest(maxDuration = "20s")
    void fragmentSequence(byte[] in) {
        FuzzStack s = new FuzzStack();
        int fd = s.udpSocket();
        s.z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVBUF, 65535);
        s.sent();
        boolean forged = false;
        byte[] rx = new byte[70000];
        int budget = NetConfig.defaults().reassemblyBuffers;
        for (int at = 0; at + RECORD <= in.length && at < 64 * RECORD; at += RECORD) {
            int sel = in[at] & 0xff;
            int flags = in[at + 1] & 0xff;
            int offset = (((in[at + 2] & 0xff) << 8) | (in[at + 3] & 0xff)) & Ipv4Header.FRAGMENT_OFFSET_MASK;
            int len = (((in[at + 4] & 0xff) << 8) | (in[at + 5] & 0xff)) % 1481;
            byte[] truth = FRAMES[(sel & 3) == 3 ? 1 : sel & 3];
            int id = (sel & 3) == 3 ? 0x200 + (sel >> 2) : 0x100 + (sel & 3);
            int data = Ipv4Header.totalLen(truth, E) - Ipv4Header.MIN_LEN;
            byte[] padded = Arrays.copyOf(truth, E + Ipv4Header.MIN_LEN + (offset << 3) + len);
            boolean more = (flags & 4) != 0 ? (offset << 3) + len < data : (flags & 1) != 0;
            byte[] f = RawPeer.fragment(padded, id, offset << 3, len, more);
            if ((flags & 2) != 0 && len > 0) {
                f[E + Ipv4Header.MIN_LEN + (sel % len)] ^= 0x5a;
                forged = true;
            }
            s.clock.advance((flags >> 3) * 1000L);
            s.receive(f);
            int n;
            while ((n = s.z.recv(fd, rx, 0, rx.length, Zsock.MSG_DONTWAIT)) >= 0) {
                if (!forged) {
                    byte[] got = Arrays.copyOf(rx, n);
                    assertTrue(Arrays.equals(got, UDP_4000) || Arrays.equals(got, UDP_3000),
                            "a delivered datagram is a true one, " + n + " bytes");
                }
            }
            assertTrue(s.stack.freePacketBuffers() >= s.stack.packetBuffers() - budget,
                    "fragments hold at most the reassembly budget");
        }
        s.sent();
        s.settle(null);
        s.assertHealthy();
    }

    /** One in-order UDP datagram, the same shuffled with a duplicate, an overlap, a flood and a timeout. */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("seed-in-order", records(0, 4, 0, 1480, 0, 4, 185, 1480, 0, 4, 370, 1480));
        m.put("seed-reverse-duplicate", records(1, 4, 370, 1480, 1, 4, 185, 1480, 1, 4, 185, 1480, 1, 4, 0, 1480));
        m.put("seed-echo-tiny", records(2, 4, 0, 256, 2, 4, 32, 256, 2, 4, 64, 256));
        m.put("seed-overlap", records(0, 4, 0, 1480, 0, 4, 100, 1480, 0, 4, 185, 1480, 0, 4, 370, 1480));
        m.put("seed-flood", records(3, 1, 0, 1480, 7, 1, 0, 1480, 11, 1, 0, 1480, 15, 1, 0, 1480, 0, 4, 0, 1480));
        m.put("seed-timeout", records(0, 4, 0, 1480, 0, 0xfc, 185, 1480, 0, 0xfc, 370, 1480));
        return m;
    }

    private static byte[] records(int... v) {
        byte[] b = new byte[v.length / 4 * RECORD];
        for (int i = 0, o = 0; i + 3 < v.length; i += 4, o += RECORD) {
            b[o] = (byte) v[i];
            b[o + 1] = (byte) v[i + 1];
            b[o + 2] = (byte) (v[i + 2] >> 8);
            b[o + 3] = (byte) v[i + 2];
            b[o + 4] = (byte) (v[i + 3] >> 8);
            b[o + 5] = (byte) v[i + 3];
        }
        return b;
    }
}
