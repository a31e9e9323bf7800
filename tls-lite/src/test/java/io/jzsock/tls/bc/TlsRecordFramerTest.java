package io.jzsock.tls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jzsock.net.Errno;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TlsRecordFramerTest {
    @Test
    void streamCutAnywhereComesOutAsTheSameWholeRecords() {
        Random r = new Random(6066);
        List<byte[]> records = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 300; i++) {
            byte[] rec = new byte[TlsRecordFramer.HEADER_LENGTH + r.nextInt(2048 + 25 + 1)];
            r.nextBytes(rec);
            rec[3] = (byte) ((rec.length - 5) >> 8);
            rec[4] = (byte) (rec.length - 5);
            records.add(rec);
            stream.write(rec, 0, rec.length);
        }
        byte[] wire = stream.toByteArray();
        TlsRecordFramer framer = new TlsRecordFramer(2048 + 25);
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos < wire.length) {
            int want = framer.wanted();
            int n = Math.min(Math.min(want, 1 + r.nextInt(1500)), wire.length - pos);
            System.arraycopy(wire, pos, framer.buffer(), framer.fillOffset(), n);
            pos += n;
            if (framer.filled(n)) {
                out.add(Arrays.copyOf(framer.buffer(), framer.recordLength()));
                framer.consumed();
            }
        }
        assertEquals(records.size(), out.size());
        for (int i = 0; i < records.size(); i++) {
            assertArrayEquals(records.get(i), out.get(i), "record " + i);
        }
    }

    @Test
    void recordLargerThanTheBufferIsEmsgsize() {
        TlsRecordFramer framer = new TlsRecordFramer(100);
        byte[] header = {23, 3, 3, 0, 101};
        System.arraycopy(header, 0, framer.buffer(), 0, 5);
        assertFalse(framer.filled(5));
        assertEquals(-Errno.EMSGSIZE, framer.wanted());
    }
}
