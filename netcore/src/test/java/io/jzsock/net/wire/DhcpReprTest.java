package io.jzsock.net.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DhcpReprTest {
    private static final byte[] MAC = {2, 0, 0, 0, 0, 1};
    private static final int O = 42;
    private final DhcpRepr r = new DhcpRepr();

    /** A reply at offset O with these option bytes after the cookie; returns the buffer. */
    private static byte[] reply(int... options) {
        byte[] b = new byte[O + DhcpMessage.OPTIONS + options.length];
        DhcpMessage.writeReplyHeader(b, O, 0x11223344, 0x8000, 0, 0xC6120064, 0xC6120002, MAC, 0);
        for (int i = 0; i < options.length; i++) {
            b[O + DhcpMessage.OPTIONS + i] = (byte) options[i];
        }
        return b;
    }

    private int parse(byte[] b) {
        return r.parse(b, O, b.length - O);
    }

    @Test
    void readsTheFixedFieldsAndEveryOptionTheClientUses() {
        byte[] b = reply(53, 1, 5, 54, 4, 198, 18, 0, 2, 51, 4, 0, 0, 0x0e, 0x10, 58, 4, 0, 0, 7, 8, 59, 4, 0, 0, 0x0c, 0x4e,
                1, 4, 255, 255, 255, 0, 3, 8, 198, 18, 0, 254, 198, 18, 0, 253, 6, 4, 8, 8, 8, 8, 26, 2, 5, 0x78, 255);
        assertEquals(DhcpRepr.OK, parse(b));
        assertEquals(DhcpMessage.OP_BOOTREPLY, r.op);
        assertEquals(1, r.htype);
        assertEquals(6, r.hlen);
        assertEquals(0x11223344, r.xid);
        assertEquals(0x8000, r.flags);
        assertEquals(0xC6120064, r.yiaddr);
        assertEquals(0xC6120002, r.siaddr);
        assertEquals(DhcpOptions.DHCPACK, r.messageType);
        assertEquals(0xC6120002, r.serverId);
        assertEquals(3600, r.leaseSecs);
        assertEquals(1800, r.t1Secs);
        assertEquals(3150, r.t2Secs);
        assertEquals(0xFFFFFF00, r.subnetMask);
        assertEquals(0xC61200FE, r.router, "the first router of the list");
        assertEquals(1, r.dnsCount);
        assertEquals(0x08080808, r.dns[0]);
        assertEquals(1400, r.mtu);
        assertTrue(r.has(DhcpRepr.HAS_MASK | DhcpRepr.HAS_T1 | DhcpRepr.HAS_T2 | DhcpRepr.HAS_MTU));
    }

    @Test
    void padsAreSkippedAndAMissingEndAtTheFieldsEndIsTolerated() {
        assertEquals(DhcpRepr.OK, parse(reply(0, 0, 53, 1, 2, 0, 54, 4, 1, 2, 3, 4)));
        assertEquals(DhcpOptions.DHCPOFFER, r.messageType);
        assertEquals(0x01020304, r.serverId);
    }

    @Test
    void optionsAfterEndAreNotRead() {
        assertEquals(DhcpRepr.OK, parse(reply(53, 1, 2, 255, 54, 4, 1, 2, 3, 4)));
        assertFalse(r.has(DhcpRepr.HAS_SERVER_ID));
    }

    @Test
    void moreThanThreeDnsServersKeepsThreeAndRepeatedListsConcatenate() {
        assertEquals(DhcpRepr.OK, parse(reply(53, 1, 5, 6, 8, 1, 1, 1, 1, 2, 2, 2, 2, 6, 8, 3, 3, 3, 3, 4, 4, 4, 4, 255)));
        assertEquals(3, r.dnsCount);
        assertEquals(0x03030303, r.dns[2]);
    }

    @Test
    void anOptionRunningPastTheMessageIsMalformed() {
        assertEquals(DhcpRepr.MALFORMED, parse(reply(53, 1, 2, 54, 9, 1, 2, 3, 4)));
        assertEquals(DhcpRepr.MALFORMED, parse(reply(53, 1, 2, 54)), "a code without its length byte");
    }

    @Test
    void fixedSizeOptionsOfTheWrongSizeAreMalformed() {
        int[][] bad = {{53, 2, 2, 0}, {53, 0}, {51, 3, 0, 0, 1}, {1, 5, 255, 255, 255, 0, 0}, {54, 0}, {26, 1, 5},
            {3, 0}, {3, 6, 1, 2, 3, 4, 5, 6}, {6, 3, 1, 2, 3}, {52, 2, 1, 1}, {58, 8, 0, 0, 0, 1, 0, 0, 0, 1}};
        for (int[] option : bad) {
            int[] all = new int[3 + option.length + 1];
            all[0] = 53;
            all[1] = 1;
            all[2] = 2;
            System.arraycopy(option, 0, all, 3, option.length);
            all[all.length - 1] = 255;
            assertEquals(DhcpRepr.MALFORMED, parse(reply(all)), "option " + option[0] + " len " + option[1]);
        }
    }

    @Test
    void noMessageTypeOrNoCookieOrTooShortIsMalformed() {
        assertEquals(DhcpRepr.MALFORMED, parse(reply(54, 4, 1, 2, 3, 4, 255)), "BOOTP, not DHCP");
        byte[] b = reply(53, 1, 2, 255);
        b[O + DhcpMessage.COOKIE + 3] = 0;
        assertEquals(DhcpRepr.MALFORMED, parse(b));
        assertEquals(DhcpRepr.MALFORMED, r.parse(new byte[300], 0, DhcpMessage.OPTIONS - 1));
        assertEquals(DhcpRepr.MALFORMED, r.parse(new byte[300], 100, 250), "a length past the array");
        assertEquals(DhcpRepr.MALFORMED, r.parse(new byte[300], -1, 250));
    }

    @Test
    void overloadReadsFileThenSnameButOnlyFromTheOptionsField() {
        byte[] b = reply(53, 1, 5, 52, 1, 3, 255);
        byte[] file = {3, 4, 10, 0, 0, 1, (byte) 255};
        byte[] sname = {1, 4, (byte) 255, 0, 0, 0, 52, 1, 0, (byte) 255};
        System.arraycopy(file, 0, b, O + DhcpMessage.FILE, file.length);
        System.arraycopy(sname, 0, b, O + DhcpMessage.SNAME, sname.length);
        assertEquals(DhcpRepr.OK, parse(b));
        assertEquals(0x0A000001, r.router);
        assertEquals(0xFF000000, r.subnetMask);
        assertEquals(3, r.overload, "52 inside sname does not count");
    }

    @Test
    void anOverloadedFieldWithARunawayOptionIsMalformed() {
        byte[] b = reply(53, 1, 5, 52, 1, 2, 255);
        b[O + DhcpMessage.SNAME + 62] = 3;
        b[O + DhcpMessage.SNAME + 63] = 8;
        assertEquals(DhcpRepr.MALFORMED, parse(b));
    }

    @Test
    void withoutOverloadTheFileFieldIsNotParsed() {
        byte[] b = reply(53, 1, 5, 255);
        b[O + DhcpMessage.FILE] = 3;
        b[O + DhcpMessage.FILE + 1] = (byte) 200;
        assertEquals(DhcpRepr.OK, parse(b));
        assertFalse(r.has(DhcpRepr.HAS_ROUTER));
    }

    @Test
    void randomBytesNeverThrowAndParseTheSameTwice() {
        Random rnd = new Random(12);
        DhcpRepr again = new DhcpRepr();
        for (int n = 0; n < 20_000; n++) {
            byte[] b = reply(new int[rnd.nextInt(64)]);
            for (int i = O + DhcpMessage.SNAME; i < b.length; i++) {
                if (i < O + DhcpMessage.COOKIE || i >= O + DhcpMessage.OPTIONS) {
                    b[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(8) == 0 ? 52 : rnd.nextInt(64));
                }
            }
            int len = rnd.nextInt(b.length - O + 1);
            int a = r.parse(b, O, len);
            assertEquals(a, again.parse(b, O, len));
            assertEquals(r.present, again.present);
            assertTrue(r.dnsCount <= DhcpRepr.MAX_DNS);
        }
    }
}
