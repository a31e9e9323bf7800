package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32Test {
    @Test
    void checkValueOfTheStandardIs0xCbf43926() {
        byte[] b = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926, Crc32.of(b, 0, b.length));
    }

    @Test
    void incrementalUpdatesMatchJavaUtilZip() {
        Random rnd = new Random(1);
        for (int n = 0; n < 300; n++) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            CRC32 z = new CRC32();
            z.update(b, 0, n);
            int split = n / 3;
            int c = Crc32.update(Crc32.update(Crc32.START, b, 0, split), b, split, n - split);
            assertEquals((int) z.getValue(), Crc32.finish(c), "length " + n);
        }
    }
}
