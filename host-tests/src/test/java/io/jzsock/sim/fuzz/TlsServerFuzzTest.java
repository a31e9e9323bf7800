package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.Arrays;

/**
 * A jzsock TLS listener's accept (the server handshake, Bouncy Castle parsing) fed by a raw TCP peer on the
 * same stack's loopback: the peer sends the input's bytes and its FIN, so the handshake ends on what it got.
 * <pre>
 *  input = mode rest
 *  mode  : bit 0 rest is sent as it is (raw); otherwise rest is {@link TlsRecordInput} chunks made into records;
 *          bit 1 an IPPROTO_TLS_1_2 listener (else IPPROTO_TLS_1_3); bit 2 the certificate tag (else the PSK tag)
 * </pre>
 * Oracle: accept returns in bounded time (the FIN, at worst the handshake timeout) with a fd or a negative
 * errno (never throws); every zsock call returns a count or an errno; after the peer and the listener close,
 * the fd table and the packet pool are as before the input and the TCP table holds no more than the last
 * inputs' TIME_WAITs; every {@link TlsRig#CHECK_EVERY}th input the TCP table is empty and a fresh handshake with a
 * jzsock client still completes.
 */
class TlsServerFuzzTest {
    /** The peer's bytes stay below the TCP receive buffer: it sends them before the server reads. */
    static final int MAX_BYTES = 8192;

    @FuzzTest(maxDuration = "20s")
    void acceptFuzzedClient(byte[] in) {
        TlsRig rig = TlsRig.get();
        Zsock z = rig.z;
        int mode = Frames.u8(in, 0);
        byte[] wire = (mode & 1) != 0 ? Frames.tail(in, 1) : TlsRecordInput.tlsStream(in, 1);
        wire = Arrays.copyOf(wire, Math.min(wire.length, MAX_BYTES));
        int proto = (mode & 2) != 0 ? Zsock.IPPROTO_TLS_1_2 : Zsock.IPPROTO_TLS_1_3;
        int tag = (mode & 4) != 0 ? TlsRig.CERT_TAG : TlsRig.PSK_TAG;
        if (rig.dueForCheck()) {
            rig.assertTlsStillServes(proto, tag, tag == TlsRig.CERT_TAG ? TlsRig.CA_TAG : TlsRig.PSK_TAG);
        }
        int port = rig.port();
        int l = rig.listenerTls(proto, port, tag);
        int peer = -1;
        int a = -1;
        try {
            peer = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, z.connect(peer, SockAddr.parse("127.0.0.1", port)), "the raw peer connects");
            rig.sendAll(peer, wire);
            assertEquals(0, z.shutdown(peer, Zsock.SHUT_WR));
            a = TlsRig.errnoOrCount(z.accept(l, null), "accept");
            if (a >= 0) {
                int[] err = new int[1];
                TlsRig.errnoOrCount(z.getsockopt(a, Zsock.SOL_SOCKET, Zsock.SO_ERROR, err), "getsockopt");
                TlsRig.errnoOrCount(z.recv(a, new byte[64], 0, 64, Zsock.MSG_DONTWAIT), "recv");
            } else {
                assertTrue(a == -Errno.ECONNABORTED || a == -Errno.ETIMEDOUT || a == -Errno.ECONNRESET,
                        "a failed handshake is ECONNABORTED (or the TCP errors): " + Errno.name(a));
            }
            rig.drain(peer, 0);
        } finally {
            rig.closeAll(a, peer, l);
        }
        rig.assertSettled();
    }
}
