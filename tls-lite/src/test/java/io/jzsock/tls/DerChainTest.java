package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.Errno;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DerChainTest {
    @Test
    void measuresShortAndLongFormLengths() {
        assertEquals(2 + 40, DerChain.elementLength(PemTest.der(0x30, 40, 0), 0, 42));
        byte[] longForm = PemTest.der(0x30, 300, 0);
        assertEquals(4 + 300, DerChain.elementLength(longForm, 0, longForm.length));
        byte[] oneOctet = {0x30, (byte) 0x81, (byte) 0x80};
        byte[] el = Arrays.copyOf(oneOctet, 3 + 0x80);
        assertEquals(3 + 0x80, DerChain.elementLength(el, 0, el.length));
    }

    @Test
    void headerLengthIsWhereTheContentsStart() {
        assertEquals(2, DerChain.headerLength(PemTest.der(0x02, 40, 0), 0, 42));
        byte[] longForm = PemTest.der(0x02, 300, 0);
        assertEquals(4, DerChain.headerLength(longForm, 0, longForm.length));
        assertEquals(-Errno.EINVAL, DerChain.headerLength(new byte[] {0x02, (byte) 0x82, 1}, 0, 3), "truncated");
        assertEquals(-Errno.EINVAL, DerChain.headerLength(new byte[] {0x02, (byte) 0x80, 0}, 0, 3), "indefinite");
    }

    @Test
    void refusesTruncatedIndefiniteHighTagAndOversizedElements() {
        byte[] el = PemTest.der(0x30, 300, 0);
        assertEquals(-Errno.EINVAL, DerChain.elementLength(el, 0, el.length - 1), "truncated contents");
        assertEquals(-Errno.EINVAL, DerChain.elementLength(el, 0, 3), "truncated length octets");
        assertEquals(-Errno.EINVAL, DerChain.elementLength(new byte[] {0x30, (byte) 0x80, 0, 0}, 0, 4), "indefinite");
        assertEquals(-Errno.EINVAL, DerChain.elementLength(new byte[] {0x1f, 0x01, 0}, 0, 3), "high tag number");
        byte[] huge = {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        assertEquals(-Errno.EINVAL, DerChain.elementLength(huge, 0, huge.length), "4 GB claimed");
        assertEquals(-Errno.EINVAL, DerChain.elementLength(new byte[] {0x30, (byte) 0x85, 0, 0, 0, 0, 1}, 0, 7));
        assertEquals(-Errno.EINVAL, DerChain.elementLength(new byte[] {0x30}, 0, 1), "one byte");
    }

    @Test
    void countsElementsThatTileTheRangeExactly() {
        byte[] a = PemTest.der(0x30, 40, 1);
        byte[] b = PemTest.der(0x30, 300, 2);
        byte[] chain = new byte[a.length + b.length + a.length];
        System.arraycopy(a, 0, chain, 0, a.length);
        System.arraycopy(b, 0, chain, a.length, b.length);
        System.arraycopy(a, 0, chain, a.length + b.length, a.length);
        assertEquals(3, DerChain.count(chain, 0, chain.length));
        assertEquals(2, DerChain.count(chain, a.length, b.length + a.length));
        assertEquals(-Errno.EINVAL, DerChain.count(chain, 0, chain.length - 1), "a torn last element");
        assertEquals(-Errno.EINVAL, DerChain.count(chain, 1, chain.length - 1), "not on an element boundary");
        assertEquals(-Errno.EINVAL, DerChain.count(chain, 0, 0));
    }
}
