package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.POLLIN;
import static io.jzsock.net.ZsockConstants.POLLOUT;
import static io.jzsock.net.sock.SocketOps.UPDATE_PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.FdSet;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.PollFd;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SocketOps#UPDATE_PENDING}: poll and select update again and look again, and never spin on it. */
class PollerUpdatePendingTest {
    private final NetStack stack = NetStack.start(NetConfig.defaults());
    private final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    /**
     * A TLS-like kind: a record "completes" right after its first poll update returned (the race window),
     * and an update processes one complete record; withData: the record carries application data.
     */
    static final class RecordKind extends SocketOps {
        private final boolean withData;
        int updates;
        private int complete;
        private int data;

        RecordKind(int lockRule, boolean withData) {
            super(lockRule);
            this.withData = withData;
        }

        @Override
        public void pollUpdate(int obj, int events) {
            updates++;
            if (complete > 0) {
                complete--;
                data += withData ? 1 : 0;
            } else if (updates == 1) {
                complete = 1;
            }
        }

        @Override
        public int pollEvents(int obj) {
            return (data > 0 ? POLLIN : 0) | (complete > 0 ? UPDATE_PENDING : 0);
        }

        @Override
        public int fcntl(int obj, int cmd, int arg) {
            return 0;
        }

        @Override
        public int ioctl(int obj, int req, int[] argInOut) {
            return -Errno.EINVAL;
        }

        @Override
        public int close(int obj) {
            return 0;
        }
    }

    private int open(SocketOps ops) {
        SocketHost host = stack.socketHost();
        synchronized (host.monitor()) {
            int fd = host.openFd(ops, 0);
            assertTrue(fd >= 0);
            return fd;
        }
    }

    private static PollFd[] one(int fd, int events) {
        PollFd p = new PollFd();
        p.fd = fd;
        p.events = events;
        return new PollFd[] {p};
    }

    @Test
    void aRecordCompletingAfterTheUpdateIsProcessedAndReportedInTheSamePoll() {
        RecordKind k = new RecordKind(SocketOps.OUTSIDE_MONITOR, true);
        PollFd[] set = one(open(k), POLLIN);
        assertEquals(1, z.poll(set, 1, 0));
        assertEquals(POLLIN, set[0].revents);
        assertEquals(2, k.updates, "the update on entry, then one for the pending record");
    }

    @Test
    void aRecordWithoutApplicationDataIsProcessedThenNotReportedAndPollDoesNotSpin() {
        RecordKind k = new RecordKind(SocketOps.OUTSIDE_MONITOR, false);
        PollFd[] set = one(open(k), POLLIN);
        assertEquals(0, z.poll(set, 1, 0));
        assertEquals(0, set[0].revents);
        assertEquals(2, k.updates);
    }

    @Test
    void selectUpdatesAgainForAPendingRecordOfItsReadSet() {
        RecordKind k = new RecordKind(SocketOps.OUTSIDE_MONITOR, true);
        int fd = open(k);
        FdSet r = new FdSet();
        r.set(fd);
        assertEquals(1, z.select(fd + 1, r, null, null, 0));
        assertTrue(r.isSet(fd));
        assertEquals(2, k.updates);
    }

    @Test
    void thePendingBitIsIgnoredWhereNoUpdateRuns() {
        RecordKind writeOnly = new RecordKind(SocketOps.OUTSIDE_MONITOR, true);
        int fd = open(writeOnly);
        writeOnly.pollUpdate(0, POLLIN);
        assertEquals(0, z.poll(one(fd, POLLOUT), 1, 0), "POLLOUT only: no update, no loop");
        FdSet w = new FdSet();
        w.set(fd);
        assertEquals(0, z.select(fd + 1, null, w, null, 0), "write set only");
        assertEquals(1, writeOnly.updates, "only the test's own call");

        RecordKind underMonitor = new RecordKind(SocketOps.UNDER_MONITOR, true);
        int um = open(underMonitor);
        underMonitor.pollUpdate(0, POLLIN);
        assertEquals(0, z.poll(one(um, POLLIN), 1, 0), "a kind under the monitor gets no updates: its bit is ignored");
        assertEquals(1, underMonitor.updates);
    }

    /** The bit is the kind's word to the Poller, not a POLL* bit: revents never carries it, whatever events asks. */
    @Test
    void thePendingBitNeverReachesRevents() {
        RecordKind outside = new RecordKind(SocketOps.OUTSIDE_MONITOR, true);
        int fd = open(outside);
        outside.pollUpdate(0, POLLIN);
        PollFd[] set = one(fd, POLLOUT | UPDATE_PENDING);
        assertEquals(0, z.poll(set, 1, 0));
        assertEquals(0, set[0].revents);

        RecordKind underMonitor = new RecordKind(SocketOps.UNDER_MONITOR, true);
        int um = open(underMonitor);
        underMonitor.pollUpdate(0, POLLIN);
        set = one(um, POLLIN | UPDATE_PENDING);
        assertEquals(0, z.poll(set, 1, 0));
        assertEquals(0, set[0].revents);
    }
}
