package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.net.wire.UdpHeader;
import io.jzsock.sim.testkit.RawPeer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UDP input (UdpInput, RFC 768): the fuzzer's bytes are the datagram, header included, sent to a socket bound
 * to port 7 (or to any port, for port unreachable).
 * <pre>
 *  input = mode datagram
 *  mode  : 0x01 keep the checksum as given (else filled); 0x02 keep the length field (else the true length);
 *          0x04 to the subnet broadcast address; 0x08 keep the destination port (else 7)
 * </pre>
 * Besides the shared oracle: at most one datagram reaches the socket, and it is exactly the bytes the UDP
 * length field covers after the header.
 */
class UdpFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void udpDatagram(byte[] in) {
        int mode = Frames.u8(in, 0);
        byte[] u = Frames.tail(in, 1);
        if (u.length < UdpHeader.LEN) {
            u = Arrays.copyOf(u, UdpHeader.LEN);
        }
        int dst = (mode & 0x04) != 0 ? FuzzStack.BROADCAST_IP : FuzzStack.OUR_IP;
        if ((mode & 0x08) == 0) {
            Bytes.putU16(u, UdpHeader.DST_PORT, FuzzStack.UDP_PORT);
        }
        if ((mode & 0x02) == 0) {
            Bytes.putU16(u, UdpHeader.LENGTH, u.length);
        }
        if ((mode & 0x01) == 0) {
            UdpHeader.fillChecksumV4(u, 0, u.length, RawPeer.IP, dst);
        }
        FuzzStack s = new FuzzStack();
        s.udpSocket();
        byte[] dstMac = (mode & 0x04) != 0 ? FuzzStack.BROADCAST_MAC : FuzzStack.OUR_MAC;
        s.receive(RawPeer.ipv4(dstMac, RawPeer.IP, dst, Ipv4Header.PROTO_UDP, 64, u));
        List<byte[]> got = new ArrayList<>();
        s.settle(got::add);
        assertTrue(got.size() <= 1, "one datagram in, at most one out: " + got.size());
        if (!got.isEmpty()) {
            int len = UdpHeader.length(u, 0);
            assertTrue(len >= UdpHeader.LEN && len <= u.length, "delivered despite length field " + len);
            assertArrayEquals(Arrays.copyOfRange(u, UdpHeader.LEN, len), got.get(0), "the datagram's payload, exactly");
        }
        s.assertHealthy();
    }
}
