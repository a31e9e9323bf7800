package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Several threads adding, getting and deleting through TlsCredentials over the flash store (F429 sectors 12
 * and 13 on the simulator) while it compacts again and again: every credential read is whole and one that
 * was written, each thread's own key follows its own adds and deletes, one add of the contended key wins at
 * a time, and at the end the listing, the store's byte count and a remount agree.
 */
class FlashCredentialConcurrencyTest {
    private static final int THREADS = 4;
    private static final int OPS = 1_500;
    private static final int SHARED_TAG = 1000;

    private final AtomicLong sharedAdds = new AtomicLong();
    private final AtomicLong sharedDeletes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Length and bytes follow from (writer, generation), named by a 3-byte trailer: checkable on its own. */
    private static int credential(byte[] b, int writer, int generation) {
        int len = 1 + (writer * 131 + generation * 17) % 900;
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (writer * 31 + generation + i);
        }
        b[len] = (byte) writer;
        b[len + 1] = (byte) (generation >> 8);
        b[len + 2] = (byte) generation;
        return len + 3;
    }

    private static boolean whole(byte[] b, int len) {
        if (len < 4) {
            return false;
        }
        int writer = b[len - 3] & 0xff;
        int generation = ((b[len - 2] & 0xff) << 8) | (b[len - 1] & 0xff);
        byte[] expect = new byte[1024];
        return credential(expect, writer, generation) == len && Arrays.equals(b, 0, len, expect, 0, len);
    }

    private void worker(TlsCredentials creds, int id, CyclicBarrier start) {
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
                int r;
                switch (rnd.nextInt(6)) {
                    case 0 -> {
                        r = creds.add(ownTag, TlsCredentials.CA_CERTIFICATE, in, 0, credential(in, id, gen));
                        check(r == (ownPresent ? -Errno.EEXIST : 0), "own add " + r);
                        ownPresent = true;
                    }
                    case 1 -> {
                        r = creds.delete(ownTag, TlsCredentials.CA_CERTIFICATE);
                        check(r == (ownPresent ? 0 : -Errno.ENOENT), "own delete " + r);
                        ownPresent = false;
                    }
                    case 2 -> {
                        len[0] = out.length;
                        r = creds.get(ownTag, TlsCredentials.CA_CERTIFICATE, out, 0, len);
                        check(ownPresent ? r == 0 && whole(out, len[0]) && (out[len[0] - 3] & 0xff) == id
                                : r == -Errno.ENOENT, "own get " + r);
                    }
                    case 3 -> {
                        r = creds.add(SHARED_TAG, TlsCredentials.PSK, in, 0, credential(in, id, gen));
                        check(r == 0 || r == -Errno.EEXIST, "shared add " + r);
                        if (r == 0) {
                            sharedAdds.incrementAndGet();
                        }
                    }
                    case 4 -> {
                        r = creds.delete(SHARED_TAG, TlsCredentials.PSK);
                        check(r == 0 || r == -Errno.ENOENT, "shared delete " + r);
                        if (r == 0) {
                            sharedDeletes.incrementAndGet();
                        }
                    }
                    default -> {
                        len[0] = out.length;
                        r = creds.get(SHARED_TAG, TlsCredentials.PSK, out, 0, len);
                        check(r == -Errno.ENOENT || (r == 0 && whole(out, len[0])), "shared get " + r);
                    }
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
    void threadsSeeWholeCredentialsWhileTheFlashStoreCompactsAndARemountAgrees() throws Exception {
        FlashBoard board = FlashBoard.f429();
        CredentialConfig cfg = FlashCredentialStoreTest.cfg(THREADS + 1, 2048);
        FlashCredentialStore store = board.mount(cfg);
        TlsCredentials creds = new TlsCredentials(store, cfg);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int id = i + 1;
            threads.add(new Thread(() -> worker(creds, id, start), "cred-" + id));
        }
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
        assertTrue(sharedAdds.get() > 50, "the shared key was contended: " + sharedAdds);
        assertTrue(store.generation() > 10, "compactions while the threads ran: " + (store.generation() - 1));
        int bytes = 0;
        for (int s = store.next(-1); s >= 0; s = store.next(s)) {
            bytes += FlashRecord.extent(store.length(s), 4);
        }
        assertEquals(store.bytesUsed(), bytes);

        Map<Integer, FlashPowerCutSweepTest.Entry> before = FlashPowerCutSweepTest.contents(store);
        FlashCredentialStore again = board.mount(cfg);
        assertTrue(FlashPowerCutSweepTest.same(before, FlashPowerCutSweepTest.contents(again)), "a remount sees the same");
        assertEquals(0, again.droppedRecords());
        for (FlashPowerCutSweepTest.Entry e : before.values()) {
            assertTrue(whole(e.data(), e.data().length));
        }
        System.out.println("flash store under " + THREADS + " threads x " + OPS + " operations: "
                + (store.generation() - 1) + " compactions, " + before.size() + " credentials at the end");
    }
}
