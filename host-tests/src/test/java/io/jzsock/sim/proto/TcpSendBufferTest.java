package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.Zsock;
import io.jzsock.net.wire.TcpHeader;
import io.jzsock.net.wire.TcpOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The send buffer is not the peer's window (issue 11, symptom 2): into a slow reader's 2920-byte window the
 * stack buffers what the application writes and cuts full-sized segments as the window opens (RFC 9293
 * §3.8.6.2.1 sender SWS avoidance), on literal segments and virtual time.
 */
class TcpSendBufferTest {
    static final int PORT = 80;
    static final int PEER_ISS = 1000;
    static final int MSS = 1460;
    static final int PEER_BUFFER = 2920;

    // An 8 KB send buffer, almost three of the peer's windows.
    final NetConfig cfg = WiredStack.defaultsWith(c -> c.tcpTxBuffer = 8192);
    @AutoClose
    final WiredStack wired = new WiredStack(cfg, 3, null);
    final Zsock z = wired.z;
    final TcpPeer peer = new TcpPeer(wired.peer, 40000);

    /** Passive open from a peer with MSS 1460 and a 2920-byte window; returns {accepted fd, our ISS}. */
    private int[] accepted() {
        int l = wired.listener(PORT, 2);
        TcpOptions syn = new TcpOptions();
        syn.mss = MSS;
        peer.send(PORT, PEER_ISS, 0, TcpHeader.SYN, PEER_BUFFER, syn, new byte[0]);
        wired.poll();
        int iss = TcpPeer.seq(peer.next());
        peer.send(PORT, PEER_ISS + 1, iss + 1, TcpHeader.ACK, PEER_BUFFER, null, new byte[0]);
        wired.poll();
        int a = z.accept(l, null);
        assertTrue(a >= 0, Errno.name(a));
        return new int[] {a, iss};
    }

    @Test
    void aSliverOfWindowWaitsForTheOverrideTimeoutThenGoes() {
        int[] p = accepted();
        int a = p[0];
        int iss = p[1];
        assertEquals(4000, z.send(a, new byte[4000], 0, 4000, Zsock.MSG_DONTWAIT));
        assertEquals(MSS, TcpPeer.dataLen(peer.next()));
        assertEquals(MSS, TcpPeer.dataLen(peer.next()));
        assertNull(peer.next(), "the window is full");
        // Everything acknowledged, but the reader took only 400 bytes: a 400-byte window, nothing in flight.
        peer.send(PORT, PEER_ISS + 1, iss + 1 + 2 * MSS, TcpHeader.ACK, 400, null, new byte[0]);
        wired.poll();
        assertNull(peer.next(), "RFC 9293 §3.8.6.2.1: 400 < Fs * max window (1460): no sliver at once");
        wired.advance(1000);
        byte[] sliver = peer.next();
        assertNotNull(sliver, "the override timeout sends it");
        assertEquals(iss + 1 + 2 * MSS, TcpPeer.seq(sliver));
        assertEquals(400, TcpPeer.dataLen(sliver));
    }

    @Test
    void sendBuffersPastASlowReadersWindowAndSendsOnlyFullSegments() {
        int[] p = accepted();
        int a = p[0];
        int iss = p[1];

        int total = 40_000;
        byte[] chunk = new byte[20_000];
        int first = z.send(a, chunk, 0, chunk.length, Zsock.MSG_DONTWAIT);
        assertEquals(cfg.tcpTxBuffer, first, "send takes the send buffer, not just the peer's 2920-byte window");
        int written = first;
        int received = 0;
        int unread = 0;
        List<Integer> sizes = new ArrayList<>();
        for (int tick = 0; tick < 10_000 && received < total; tick++) {
            byte[] f;
            boolean got = false;
            while ((f = peer.next()) != null) {
                int n = TcpPeer.dataLen(f);
                if (n > 0) {
                    assertEquals(iss + 1 + received, TcpPeer.seq(f), "in order, no retransmission");
                    sizes.add(n);
                    received += n;
                    unread += n;
                    assertTrue(unread <= PEER_BUFFER, "the stack never overran the window");
                    got = true;
                }
            }
            // A slow reader: 500 bytes every 20 ms, and a window update for every read, however small.
            boolean read = tick % 20 == 0 && unread > 0;
            if (read) {
                unread -= Math.min(500, unread);
            }
            if (got || read) {
                peer.send(PORT, PEER_ISS + 1, iss + 1 + received, TcpHeader.ACK, PEER_BUFFER - unread, null, new byte[0]);
            }
            wired.advance(1);
            if (written < total) {
                int r = z.send(a, chunk, 0, Math.min(chunk.length, total - written), Zsock.MSG_DONTWAIT);
                if (r > 0) {
                    written += r;
                }
            }
        }
        assertEquals(total, received, "everything arrived: " + sizes);
        for (int i = 0; i < sizes.size() - 1; i++) {
            assertEquals(MSS, sizes.get(i), "segment " + i + " of " + sizes);
        }
        assertEquals((total + MSS - 1) / MSS, sizes.size(), "no needless short segment");
    }
}
