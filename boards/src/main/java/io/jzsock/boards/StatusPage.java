package io.jzsock.boards;

import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;

/**
 * The plain-text status page: uptime, interfaces, pools, request counts and every non-zero
 * counter, written into a caller's buffer without allocating (except
 * {@link NetStack#describeInterface}). Also the ASCII helpers the HTTP framing shares.
 */
final class StatusPage {
    private final NetStack stack;
    private final long startMillis;

    StatusPage(NetStack stack) {
        this.stack = stack;
        this.startMillis = stack.clock().nowMillis();
    }

    /** Renders the page into {@code b} from 0, truncated at its end; returns the length. */
    int render(byte[] b, long requests, long datagrams) {
        int n = put(b, 0, "jzsock status\n\nuptime_ms: ");
        n = putLong(b, n, stack.clock().nowMillis() - startMillis);
        n = put(b, n, "\n");
        int ifs = stack.interfaceCount();
        for (int i = 1; i <= ifs; i++) {
            n = put(b, n, "interface: ");
            n = put(b, n, stack.describeInterface(i));
            n = put(b, n, "\n");
        }
        n = put(b, n, "open_fds: ");
        n = putLong(b, n, stack.openFds());
        n = put(b, n, "\nfree_packet_buffers: ");
        n = putLong(b, n, stack.freePacketBuffers());
        n = put(b, n, "/");
        n = putLong(b, n, stack.packetBuffers());
        n = put(b, n, "\ntcp_connections_in_use: ");
        n = putLong(b, n, stack.tcpConnectionsInUse());
        n = put(b, n, "\nhttp_requests: ");
        n = putLong(b, n, requests);
        n = put(b, n, "\nudp_echoes: ");
        n = putLong(b, n, datagrams);
        n = put(b, n, "\n\ncounters:\n");
        for (int id = 0; id < NetCounters.COUNT; id++) {
            long v = stack.counter(id);
            if (v != 0) {
                n = put(b, n, "  ");
                n = put(b, n, NetCounters.name(id));
                n = put(b, n, ": ");
                n = putLong(b, n, v);
                n = put(b, n, "\n");
            }
        }
        return n;
    }

    /** ASCII of {@code s} at {@code off}, truncated at the end of {@code b}; returns the new length. */
    static int put(byte[] b, int off, String s) {
        if (s == null) {
            return off;
        }
        int n = s.length();
        for (int i = 0; i < n && off < b.length; i++) {
            char ch = s.charAt(i);
            b[off++] = (byte) (ch < 128 ? ch : '?');
        }
        return off;
    }

    /** Decimal digits of {@code v}, without allocating; returns the new length. */
    static int putLong(byte[] b, int off, long v) {
        if (v < 0) {
            if (off < b.length) {
                b[off++] = '-';
            }
            v = -v;
        }
        long div = 1;
        while (v / div >= 10) {
            div *= 10;
        }
        while (div > 0 && off < b.length) {
            b[off++] = (byte) ('0' + (v / div) % 10);
            div /= 10;
        }
        return off;
    }
}
