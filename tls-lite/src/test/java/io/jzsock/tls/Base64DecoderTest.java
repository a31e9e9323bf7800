package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.Errno;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base64DecoderTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int decode(String text, byte[] dst) {
        byte[] src = ascii(text);
        return Base64Decoder.decode(src, 0, src.length, dst, 0, dst.length);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Zg==,f", "Zm8=,fo", "Zm9v,foo", "Zm9vYg==,foob", "Zm9vYmE=,fooba", "Zm9vYmFy,foobar"})
    void decodesTheRfc4648TestVectors(String encoded, String plain) {
        byte[] dst = new byte[16];
        int n = decode(encoded, dst);
        assertEquals(plain, new String(dst, 0, n, StandardCharsets.US_ASCII));
    }

    @Test
    void decodesNothingFromEmptyOrBlankText() {
        assertEquals(0, decode("", new byte[4]));
        assertEquals(0, decode(" \r\n\t", new byte[4]));
    }

    @Test
    void skipsLineBreaksAndSpacesAnywhere() {
        byte[] dst = new byte[16];
        int n = decode("Zm9v\r\nYm\n Fy \n", dst);
        assertEquals("foobar", new String(dst, 0, n, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zm9", "Zg", "Z", "Zg=", "Z===", "=Zg=", "Zg==Zg==", "Zm9v!mFy", "Zm9-", "Zm_v", "Zg==a"})
    void rejectsTextThatIsNotPaddedBase64(String text) {
        assertEquals(-Errno.EINVAL, decode(text, new byte[16]));
    }

    @Test
    void rejectsBytesOutsideAsciiInsteadOfIndexingPastTheTable() {
        byte[] src = {'Z', 'm', (byte) 0xC3, 'v'};
        assertEquals(-Errno.EINVAL, Base64Decoder.decode(src, 0, src.length, new byte[8], 0, 8));
    }

    @Test
    void reportsNoRoomWhenTheOutputDoesNotFit() {
        assertEquals(-Errno.ENOMEM, decode("Zm9vYmFy", new byte[5]));
        assertEquals(-Errno.ENOMEM, decode("Zm9vYg==", new byte[3]));
        assertEquals(4, decode("Zm9vYg==", new byte[4]));
    }

    @Test
    void decodesOnlyTheGivenRangeIntoTheGivenRange() {
        byte[] src = ascii("xxZm9vxx");
        byte[] dst = new byte[8];
        Arrays.fill(dst, (byte) '.');
        assertEquals(3, Base64Decoder.decode(src, 2, 6, dst, 2, 5));
        assertEquals("..foo...", new String(dst, StandardCharsets.US_ASCII));
    }

    @Test
    void agreesWithTheJdkMimeDecoderOnRandomData() {
        Random rnd = new Random(13);
        for (int round = 0; round < 500; round++) {
            byte[] plain = new byte[rnd.nextInt(300)];
            rnd.nextBytes(plain);
            byte[] text = Base64.getMimeEncoder(64, new byte[] {'\r', '\n'}).encode(plain);
            byte[] dst = new byte[plain.length];
            assertEquals(plain.length, Base64Decoder.decode(text, 0, text.length, dst, 0, dst.length), "round " + round);
            assertArrayEquals(plain, dst, "round " + round);
        }
    }
}
