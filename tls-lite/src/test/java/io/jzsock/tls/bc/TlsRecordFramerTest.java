package io.jzsock.tls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TlsRecordFramerTest {
    private static final int BUFFER = 2048 + 25;

    @Test
    void streamCutAnywhereComesOutAsTheSameWholeRecords() {
        Random r = new Random(6066);
        List<byte[]> records = records(r, 300, BUFFER);
        byte[] wire = concat(records);
        TlsRecordFramer framer = new TlsRecordFramer(BUFFER);
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos < wire.length) {
            int n = Math.min(Math.min(framer.wanted(), 1 + r.nextInt(1500)), wire.length - pos);
            System.arraycopy(wire, pos, framer.buffer(), framer.fillOffset(), n);
            pos += n;
            framer.filled(n);
            if (framer.ready() > 0) {
                out.add(Arrays.copyOf(framer.buffer(), framer.ready()));
                framer.consumed();
            }
        }
        assertEquals(records.size(), out.size());
        for (int i = 0; i < records.size(); i++) {
            assertArrayEquals(records.get(i), out.get(i), "record " + i);
        }
    }

    @Test
    void recordsLargerThanTheBufferComeOutInPiecesThatAddUpToTheStream() {
        Random r = new Random(8446);
        List<byte[]> records = records(r, 200, 600);
        byte[] wire = concat(records);
        TlsRecordFramer framer = new TlsRecordFramer(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        int pieces = 0;
        while (pos < wire.length) {
            int want = framer.wanted();
            assertTrue(want > 0 && want <= framer.buffer().length - framer.fillOffset(), "wanted " + want);
            int n = Math.min(Math.min(want, 1 + r.nextInt(400)), wire.length - pos);
            System.arraycopy(wire, pos, framer.buffer(), framer.fillOffset(), n);
            pos += n;
            framer.filled(n);
            if (framer.ready() > 0) {
                out.write(framer.buffer(), 0, framer.ready());
                framer.consumed();
                pieces++;
            }
        }
        assertArrayEquals(wire, out.toByteArray());
        assertTrue(pieces > records.size(), "oversized records went in pieces: " + pieces);
    }

    @Test
    void completesTellsWhetherTheWaitingBytesEndTheCurrentRecord() {
        TlsRecordFramer framer = new TlsRecordFramer(100);
        byte[] rec = {23, 3, 3, 0, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        // Nothing held: the header is peeked into the buffer.
        assertEquals(5, framer.headerMissing());
        System.arraycopy(rec, 0, framer.buffer(), 0, 5);
        assertFalse(framer.completes(14));
        assertTrue(framer.completes(15));
        assertFalse(framer.completes(4));
        // Three header bytes held: two more peeked.
        System.arraycopy(rec, 0, framer.buffer(), 0, 3);
        framer.filled(3);
        assertEquals(2, framer.headerMissing());
        System.arraycopy(rec, 3, framer.buffer(), 3, 2);
        assertFalse(framer.completes(11));
        assertTrue(framer.completes(12));
        // Header and part of the body held: no peek needed.
        framer.filled(2);
        System.arraycopy(rec, 5, framer.buffer(), 5, 4);
        framer.filled(4);
        assertEquals(0, framer.headerMissing());
        assertFalse(framer.completes(5));
        assertTrue(framer.completes(6));
        assertEquals(0, framer.ready());
        System.arraycopy(rec, 9, framer.buffer(), 9, 6);
        framer.filled(6);
        assertEquals(15, framer.ready());
        assertTrue(framer.completes(0), "a whole record held and not offered yet");
    }

    @Test
    void anOversizedRecordCompletesWhenItsRestIsWaiting() {
        TlsRecordFramer framer = new TlsRecordFramer(100);
        byte[] header = {23, 3, 3, 0, (byte) 200};
        System.arraycopy(header, 0, framer.buffer(), 0, 5);
        framer.filled(5);
        assertEquals(5, framer.ready(), "the header goes to BC at once");
        framer.consumed();
        assertEquals(105, framer.wanted(), "then pieces of the buffer's size");
        framer.filled(105);
        framer.consumed();
        assertEquals(0, framer.headerMissing());
        assertFalse(framer.completes(94));
        assertTrue(framer.completes(95));
        framer.filled(95);
        framer.consumed();
        assertEquals(5, framer.headerMissing(), "the next record starts with its header");
    }

    @Test
    void aHeaderThatIsNotTlsGoesToTheEngineAtOnce() {
        TlsRecordFramer framer = new TlsRecordFramer(16384 + 256);
        byte[] http = "GET / HTTP/1.1\r\n".getBytes();
        System.arraycopy(http, 0, framer.buffer(), 0, 5);
        framer.filled(5);
        assertEquals(5, framer.ready(), "\"GET /\" announces 8239 bytes that may never come");
    }

    private static List<byte[]> records(Random r, int count, int maxFragment) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] rec = new byte[TlsRecordFramer.HEADER_LENGTH + r.nextInt(maxFragment + 1)];
            r.nextBytes(rec);
            rec[0] = 23;
            rec[1] = 3;
            rec[3] = (byte) ((rec.length - 5) >> 8);
            rec[4] = (byte) (rec.length - 5);
            records.add(rec);
        }
        return records;
    }

    private static byte[] concat(List<byte[]> records) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (byte[] rec : records) {
            stream.write(rec, 0, rec.length);
        }
        return stream.toByteArray();
    }
}
