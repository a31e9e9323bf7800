package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Several threads adding, getting and deleting at once: each credential read back is exactly one that was
 * written (never torn, never another's), exactly one of the racing adds of one key wins, a listing in
 * progress stays ordered, and at the end the store's byte count matches what it lists.
 */
class TlsCredentialsConcurrencyTest {
    private static final int THREADS = 4;
    private static final int OPS = 20_000;
    private static final int SHARED_TAG = 1000;

    private final RamCredentialStore ram = new RamCredentialStore(THREADS * 2 + 1, 64 * 1024);
    private final TlsCredentials creds = new TlsCredentials(ram);
    private final AtomicLong sharedAdds = new AtomicLong();
    private final AtomicLong sharedDeletes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Length and every byte derive from (writer, generation), so a read is checked without a reference copy. */
    private static int fill(byte[] b, int writer, int generation) {
        int len = 1 + (writer * 131 + generation * 17) % 900;
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (writer * 31 + generation + i);
        }
        return len;
    }

    private static boolean consistent(byte[] b, int len) {
        int writer = b[len] & 0xff;
        int generation = ((b[len + 1] & 0xff) << 8) | (b[len + 2] & 0xff);
        byte[] expect = new byte[1024];
        return fill(expect, writer, generation) == len && java.util.Arrays.equals(b, 0, len, expect, 0, len);
    }

    /** Writes the pattern plus a 3-byte trailer naming (writer, generation), stored as part of the credential. */
    private static int credential(byte[] b, int writer, int generation) {
        int len = fill(b, writer, generation);
        b[len] = (byte) writer;
        b[len + 1] = (byte) (generation >> 8);
        b[len + 2] = (byte) generation;
        return len + 3;
    }

    private void worker(int id, CyclicBarrier start) {
        try {
            start.await();
            Random rnd = new Random(id);
            byte[] in = new byte[1024];
            byte[] out = new byte[1024];
            int[] len = new int[1];
            int ownTag = id * 10;
            boolean ownPresent = false;
            for (int op = 0; op < OPS; op++) {
                int gen = op & 0xffff;
                switch (rnd.nextInt(6)) {
                    case 0 -> {
                        int r = creds.add(ownTag, TlsCredentials.PSK, in, 0, credential(in, id, gen));
                        check(r == (ownPresent ? -Errno.EEXIST : 0), "own add " + r);
                        ownPresent = true;
                    }
                    case 1 -> {
                        int r = creds.delete(ownTag, TlsCredentials.PSK);
                        check(r == (ownPresent ? 0 : -Errno.ENOENT), "own delete " + r);
                        ownPresent = false;
                    }
                    case 2 -> {
                        len[0] = out.length;
                        int r = creds.get(ownTag, TlsCredentials.PSK, out, 0, len);
                        check(ownPresent ? r == 0 && consistent(out, len[0] - 3) && (out[len[0] - 3] & 0xff) == id
                                : r == -Errno.ENOENT && len[0] == 0, "own get " + r);
                    }
                    case 3 -> {
                        int r = creds.add(SHARED_TAG, TlsCredentials.PSK, in, 0, credential(in, id, gen));
                        check(r == 0 || r == -Errno.EEXIST, "shared add " + r);
                        if (r == 0) {
                            sharedAdds.incrementAndGet();
                        }
                    }
                    case 4 -> {
                        int r = creds.delete(SHARED_TAG, TlsCredentials.PSK);
                        check(r == 0 || r == -Errno.ENOENT, "shared delete " + r);
                        if (r == 0) {
                            sharedDeletes.incrementAndGet();
                        }
                    }
                    default -> {
                        len[0] = out.length;
                        int r = creds.get(SHARED_TAG, TlsCredentials.PSK, out, 0, len);
                        check(r == -Errno.ENOENT || (r == 0 && consistent(out, len[0] - 3)), "shared get " + r);
                    }
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void lister(CyclicBarrier start, int passes) {
        try {
            start.await();
            CredentialInfo info = new CredentialInfo();
            for (int p = 0; p < passes; p++) {
                info.reset();
                long prev = Long.MIN_VALUE;
                while (creds.next(info) == 0) {
                    long key = ((long) info.tag << 8) | info.type;
                    check(key > prev, "listing out of order at tag " + info.tag);
                    prev = key;
                }
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    @Test
    void threadsAddingGettingAndDeletingSeeOnlyWholeCredentialsAndOneWinnerPerKey() throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int id = i + 1;
            threads.add(new Thread(() -> worker(id, start), "cred-" + id));
        }
        threads.add(new Thread(() -> lister(start, 5_000), "cred-list"));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(120_000);
            assertTrue(!t.isAlive(), t.getName() + " still running");
        }
        if (failure.get() != null) {
            throw new AssertionError("a thread failed", failure.get());
        }

        int[] len = {0};
        boolean sharedPresent = creds.get(SHARED_TAG, TlsCredentials.PSK, null, 0, len) == -Errno.EFBIG;
        assertEquals(sharedAdds.get() - sharedDeletes.get(), sharedPresent ? 1 : 0,
                "successful adds minus deletes of the shared key: " + sharedAdds + " - " + sharedDeletes);
        assertTrue(sharedAdds.get() > 100, "the shared key was contended: " + sharedAdds);

        CredentialInfo info = new CredentialInfo();
        int listed = 0;
        int bytes = 0;
        while (creds.next(info) == 0) {
            listed++;
            bytes += info.length;
        }
        assertEquals(creds.count(), listed);
        assertEquals(ram.usedBytes(), bytes, "the arena holds exactly the listed credentials");
    }
}
