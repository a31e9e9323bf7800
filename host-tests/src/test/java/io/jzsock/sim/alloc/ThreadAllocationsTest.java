package io.jzsock.sim.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The gate must be able to fail: the helpers see a single deliberate allocation in a commanded thread. */
@Tag("alloc")
class ThreadAllocationsTest {
    static volatile byte[] sink;

    @Test
    void detectsOneByteArrayAllocatedByAMeasuredThread() throws Exception {
        boolean[] allocate = new boolean[1];
        CommandedThread worker = new CommandedThread("alloc-probe", n -> {
            if (allocate[0]) {
                sink = new byte[1];
            }
        }).start();
        try {
            ThreadAllocations allocations = new ThreadAllocations(List.of(worker.thread()));
            worker.runAndWait(1, 5000);

            long[] before = allocations.snapshot();
            worker.runAndWait(1, 5000);
            long[] quiet = ThreadAllocations.delta(before, allocations.snapshot());

            allocate[0] = true;
            before = allocations.snapshot();
            worker.runAndWait(1, 5000);
            long[] oneArray = ThreadAllocations.delta(before, allocations.snapshot());

            assertEquals(0, quiet[0], "a batch that allocates nothing");
            // 16-byte array header (mark word, class word, length) + 1 byte, padded to 8.
            assertEquals(24, oneArray[0], "one byte[1]");
        } finally {
            worker.stop();
        }
    }

    @Test
    void untilZeroFailsWhenEveryWindowAllocatesAndPassesOnceOneWindowIsQuiet() throws Exception {
        int[] allocatingWindows = {Integer.MAX_VALUE};
        CommandedThread worker = new CommandedThread("alloc-windows", n -> {
            if (allocatingWindows[0]-- > 0) {
                sink = new byte[1];
            }
        }).start();
        try {
            ThreadAllocations allocations = new ThreadAllocations(List.of(worker.thread()));
            worker.runAndWait(1, 5000);
            AssertionError e = assertThrows(AssertionError.class,
                    () -> allocations.untilZero(3, () -> worker.runAndWait(1, 5000)));
            assertTrue(e.getMessage().contains("=24"), e.getMessage());

            allocatingWindows[0] = 1;
            List<String> windows = allocations.untilZero(3, () -> worker.runAndWait(1, 5000));
            assertEquals(2, windows.size(), "one allocating window, then a quiet one: " + windows);
        } finally {
            worker.stop();
        }
    }
}
