package io.jzsock.net;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.AF_INET6;
import static io.jzsock.net.ZsockConstants.AF_PACKET;
import static io.jzsock.net.ZsockConstants.AF_UNSPEC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InetTextTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void ptonParsesDottedQuadInNetworkOrder() {
        byte[] dst = new byte[4];
        assertEquals(1, InetText.pton(AF_INET, "192.0.2.1", dst));
        assertArrayEquals(v4(192, 0, 2, 1), dst);
        assertEquals(1, InetText.pton(AF_INET, "255.255.255.255", dst));
        assertArrayEquals(v4(255, 255, 255, 255), dst);
        assertEquals(1, InetText.pton(AF_INET, "0.0.0.0", dst));
        assertArrayEquals(v4(0, 0, 0, 0), dst);
    }

    @Test
    void ptonReadsLeadingZerosAsDecimal() {
        byte[] dst = new byte[4];
        assertEquals(1, InetText.pton(AF_INET, "01.2.3.4", dst));
        assertArrayEquals(v4(1, 2, 3, 4), dst);
        assertEquals(1, InetText.pton(AF_INET, "010.000.001.099", dst));
        assertArrayEquals(v4(10, 0, 1, 99), dst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4x", "1.2.3", "1.2.3.4.5", "1..2.3", "+1.2.3.4", "256.0.0.1", "1.2.3.256", "",
        " 1.2.3.4", "1.2.3.4 ", ".1.2.3", "1.2.3.", "0x1.2.3.4", "1.2.3.0255", "1.2.3.-4", "1,2,3,4", "::1",
        "1.2.3.4:80", "１.2.3.4"})
    void ptonRejectsMalformedIpv4AndLeavesDstUntouched(String text) {
        byte[] dst = v4(9, 9, 9, 9);
        assertEquals(0, InetText.pton(AF_INET, text, dst));
        assertArrayEquals(v4(9, 9, 9, 9), dst);
    }

    @ParameterizedTest
    @CsvSource({
        "::1, 00000000000000000000000000000001",
        "1::, 00010000000000000000000000000000",
        "::, 00000000000000000000000000000000",
        "FEDC:BA98:7654:3210:FEDC:BA98:7654:3210, fedcba9876543210fedcba9876543210",
        "fedc:ba98:7654:3210:FeDc:bA98:7654:3210, fedcba9876543210fedcba9876543210",
        "1080:0:0:0:8:800:200C:417A, 108000000000000000080800200c417a",
        "1080::8:800:200C:417A, 108000000000000000080800200c417a",
        "3ffe:2a00:100:7031::1, 3ffe2a00010070310000000000000001",
        "2010:836B:4179::836B:4179, 2010836b4179000000000000836b4179",
        "::192.9.5.5, 000000000000000000000000c0090505",
        "::FFFF:129.144.52.38, 00000000000000000000ffff81903426",
        "1:2:3:4:5:6:1.2.3.4, 00010002000300040005000601020304",
        "1:2:3:4:5:6:7::, 00010002000300040005000600070000",
        "::2:3:4:5:6:7:8, 00000002000300040005000600070008",
        "1:2:3::5:6:7:8, 00010002000300000005000600070008",
        "0001:0002:0003:0004:0005:0006:0007:0008, 00010002000300040005000600070008",
        "ff02::1:ff00:1, ff0200000000000000000001ff000001",
        "::1.2.3.4, 00000000000000000000000001020304",
    })
    void ptonParsesRfc4291TextForms(String text, String expected) {
        byte[] dst = new byte[16];
        assertEquals(1, InetText.pton(AF_INET6, text, dst));
        assertArrayEquals(hex(expected), dst);
    }

    @ParameterizedTest
    @ValueSource(strings = {":::", "1:::2", "1::2::3", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "1:2:3:4::5:6:7:8", "::1:2:3:4:5:6:7:8", "12345::", "1:", ":1::", ":1:2:3:4:5:6:7:8", "::1x", "::1 ",
        " ::1", "1.2.3.4", "::1.2.3", "::1.2.3.4:5", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "::256.1.1.1",
        "::1a.2.3.4", "g::", "[::1]", "::1%eth0", "", ":", "1:2:3:4:5:6:7:8:", ":1", "1::2:", "::-1",
        "::ffff:1.2.3.4x", "1.2.3.4::"})
    void ptonRejectsMalformedIpv6AndLeavesDstUntouched(String text) {
        byte[] dst = new byte[16];
        Arrays.fill(dst, (byte) 7);
        assertEquals(0, InetText.pton(AF_INET6, text, dst));
        byte[] untouched = new byte[16];
        Arrays.fill(untouched, (byte) 7);
        assertArrayEquals(untouched, dst);
    }

    @Test
    void ptonRejectsOtherFamiliesWithEafnosupport() {
        byte[] dst = new byte[16];
        assertEquals(-Errno.EAFNOSUPPORT, InetText.pton(AF_UNSPEC, "1.2.3.4", dst));
        assertEquals(-Errno.EAFNOSUPPORT, InetText.pton(AF_PACKET, "::1", dst));
    }

    @Test
    void ptonOfNullTextIsInvalid() {
        assertEquals(0, InetText.pton(AF_INET, null, new byte[4]));
        assertEquals(0, InetText.pton(AF_INET6, null, new byte[16]));
    }

    @Test
    void ptonRejectsTooShortDestinationWithEinval() {
        assertEquals(-Errno.EINVAL, InetText.pton(AF_INET, "1.2.3.4", new byte[3]));
        assertEquals(-Errno.EINVAL, InetText.pton(AF_INET6, "::1", new byte[15]));
    }

    @Test
    void ptonWithNullDestinationOnlyValidates() {
        assertEquals(1, InetText.pton(AF_INET, "1.2.3.4", null));
        assertEquals(0, InetText.pton(AF_INET, "1.2.3.4x", null));
        assertEquals(1, InetText.pton(AF_INET6, "::1", null));
    }

    @Test
    void ptonParsesASliceIntoAnOffset() {
        byte[] dst = new byte[20];
        assertEquals(1, InetText.pton(AF_INET6, "[2001:db8::1]:80", 1, 12, dst, 4));
        assertArrayEquals(hex("0000000020010db8000000000000000000000001"), dst);
        assertEquals(1, InetText.pton(AF_INET, "x10.0.0.1y", 1, 9, dst, 0));
        assertArrayEquals(v4(10, 0, 0, 1), Arrays.copyOf(dst, 4));
    }

    @Test
    void ntopRendersDottedQuad() {
        assertEquals("192.0.2.1", InetText.ntop(AF_INET, v4(192, 0, 2, 1)));
        assertEquals("0.0.0.0", InetText.ntop(AF_INET, v4(0, 0, 0, 0)));
        assertEquals("255.255.255.255", InetText.ntop(AF_INET, v4(255, 255, 255, 255)));
        assertEquals("10.100.9.0", InetText.ntop(AF_INET, v4(10, 100, 9, 0)));
    }

    @ParameterizedTest
    @CsvSource({
        // RFC 5952 §4.1 leading zeros dropped, §4.3 lowercase
        "20010db8000000000000000000000001, 2001:db8::1",
        "20010DB8000000000000AAAA0000BBBB, 2001:db8::aaaa:0:bbbb",
        // §4.2.2 a single zero group is not compressed
        "20010db8000000010001000100010001, 2001:db8:0:1:1:1:1:1",
        // §4.2.3 the longest run wins, the first on a tie
        "20010000000000010000000000000001, 2001:0:0:1::1",
        "20010db8000000000001000000000001, 2001:db8::1:0:0:1",
        "20010db8000000010000000000000001, 2001:db8:0:1::1",
        // §5 IPv4-mapped keeps the dotted tail; v4-compatible does not (deprecated, RFC 4291 §2.5.5.1)
        "00000000000000000000ffffc0000201, ::ffff:192.0.2.1",
        "000000000000000000000000c0090505, ::c009:505",
        "00000000000000000000000000000000, ::",
        "00000000000000000000000000000001, ::1",
        "00010000000000000000000000000000, 1::",
        "fe800000000000000000000000000001, fe80::1",
        "ff550000000000000000000000000011, ff55::11",
        "00010002000300040005000600070008, 1:2:3:4:5:6:7:8",
        "00010002000300040005000600070000, 1:2:3:4:5:6:7:0",
        "00000002000300040005000600070008, 0:2:3:4:5:6:7:8",
        "ffffffffffffffffffffffffffffffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "00000000000000000000ffff00000000, ::ffff:0.0.0.0",
        "00000000000000000001ffff01020304, ::1:ffff:102:304",
    })
    void ntopFollowsRfc5952(String bytes, String expected) {
        assertEquals(expected, InetText.ntop(AF_INET6, hex(bytes)));
    }

    @Test
    void ntopOfOtherFamilyOrShortSourceIsNull() {
        assertNull(InetText.ntop(AF_UNSPEC, new byte[16]));
        assertNull(InetText.ntop(AF_PACKET, new byte[16]));
        assertNull(InetText.ntop(AF_INET6, new byte[4]));
        assertNull(InetText.ntop(AF_INET, null));
    }

    @Test
    void rfc5952TextsRoundTrip() {
        String[] texts = {"2001:db8::1", "2001:db8:0:1:1:1:1:1", "2001:0:0:1::1", "2001:db8::1:0:0:1",
            "::ffff:192.0.2.1", "::", "::1", "1::", "fe80::200:5eff:fe00:5301", "1:2:3:4:5:6:7:8"};
        byte[] b = new byte[16];
        for (String t : texts) {
            assertEquals(1, InetText.pton(AF_INET6, t, b), t);
            assertEquals(t, InetText.ntop(AF_INET6, b));
        }
    }

    @Test
    void randomAddressesRoundTripAndAgreeWithTheJdkParser() throws Exception {
        Random rnd = new Random(0x5eed);
        byte[] addr = new byte[16];
        byte[] back = new byte[16];
        for (int i = 0; i < 5000; i++) {
            rnd.nextBytes(addr);
            // sprinkle zero groups so that compression paths are exercised
            for (int g = 0; g < 8; g++) {
                if (rnd.nextInt(3) == 0) {
                    addr[2 * g] = 0;
                    addr[2 * g + 1] = 0;
                }
            }
            String text = InetText.ntop(AF_INET6, addr);
            assertEquals(1, InetText.pton(AF_INET6, text, back), text);
            assertArrayEquals(addr, back, text);
            if (!text.startsWith("::ffff:") || text.indexOf('.') < 0) {
                assertArrayEquals(addr, InetAddress.getByName(text).getAddress(), text);
            }
            byte[] a4 = Arrays.copyOf(addr, 4);
            String t4 = InetText.ntop(AF_INET, a4);
            assertEquals(1, InetText.pton(AF_INET, t4, back), t4);
            assertArrayEquals(a4, Arrays.copyOf(back, 4), t4);
        }
    }

    @Test
    void byteNtopWritesAtOffsetWithoutTerminator() {
        byte[] dst = new byte[32];
        Arrays.fill(dst, (byte) '#');
        int n = InetText.ntop(AF_INET6, hex("99" + "20010db8000000000000000000000001"), 1, dst, 3, 20);
        assertEquals(11, n);
        assertEquals("###2001:db8::1######", new String(dst, 0, 20, StandardCharsets.US_ASCII));
    }

    @Test
    void byteNtopFitsExactlyAndReportsEnospcWhenOneShort() {
        byte[] src = v4(192, 168, 100, 200);
        byte[] dst = new byte[15];
        assertEquals(15, InetText.ntop(AF_INET, src, 0, dst, 0, 15));
        assertEquals("192.168.100.200", new String(dst, StandardCharsets.US_ASCII));
        assertEquals(-Errno.ENOSPC, InetText.ntop(AF_INET, src, 0, dst, 0, 14));
        assertEquals(-Errno.ENOSPC, InetText.ntop(AF_INET, src, 0, dst, 0, 0));

        byte[] mapped = hex("00000000000000000000ffffc0a864c8");
        byte[] wide = new byte[InetText.INET6_ADDRSTRLEN];
        assertEquals(22, InetText.ntop(AF_INET6, mapped, 0, wide, 0, 22));
        assertEquals("::ffff:192.168.100.200", new String(wide, 0, 22, StandardCharsets.US_ASCII));
        assertEquals(-Errno.ENOSPC, InetText.ntop(AF_INET6, mapped, 0, wide, 0, 21));
        assertEquals(-Errno.ENOSPC, InetText.ntop(AF_INET6, new byte[16], 0, wide, 0, 1));
        assertEquals(2, InetText.ntop(AF_INET6, new byte[16], 0, wide, 0, 2));
    }

    @Test
    void byteNtopLongestTextFitsInInet6AddrStrLen() {
        byte[] all = new byte[16];
        Arrays.fill(all, (byte) 0xff);
        byte[] dst = new byte[InetText.INET6_ADDRSTRLEN];
        assertEquals(39, InetText.ntop(AF_INET6, all, 0, dst, 0, dst.length));
        assertEquals(-Errno.ENOSPC, InetText.ntop(AF_INET6, all, 0, dst, 0, 38));
    }

    @Test
    void byteNtopRejectsOtherFamiliesAndBadBounds() {
        byte[] dst = new byte[64];
        assertEquals(-Errno.EAFNOSUPPORT, InetText.ntop(AF_UNSPEC, new byte[16], 0, dst, 0, 64));
        assertEquals(-Errno.EINVAL, InetText.ntop(AF_INET6, new byte[16], 1, dst, 0, 64));
        assertEquals(-Errno.EINVAL, InetText.ntop(AF_INET, new byte[4], 0, dst, 10, 60));
        assertEquals(-Errno.EINVAL, InetText.ntop(AF_INET, new byte[4], 0, null, 0, 0));
    }
}
