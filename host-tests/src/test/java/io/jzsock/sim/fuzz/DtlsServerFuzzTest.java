package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.Arrays;

/**
 * A jzsock DTLS server socket (cookie exchange, session table, Bouncy Castle's DTLS parsing) fed datagrams by
 * a raw UDP peer on the same stack's loopback; the server is driven by non-blocking recvfrom after each one.
 * <pre>
 *  input = mode rest
 *  mode  : bit 0 rest is one datagram per (len8 body) pair, sent as it is (raw); otherwise rest is
 *          {@link TlsRecordInput} chunks made into DTLS records (CTL_COOKIE takes the server's last cookie);
 *          bit 1 the certificate tag (else the PSK tag)
 * </pre>
 * Oracle: each recvfrom returns at once with a count or a negative errno (never throws); the peer's datagrams
 * never give the server a session that survives its close; after the server and the peer close, the fd table
 * and the packet pool are as before; every {@link TlsRig#CHECK_EVERY}th input a DTLS handshake still completes.
 */
class DtlsServerFuzzTest {
    static final int MAX_DATAGRAMS = 12;

    @FuzzTest(maxDuration = "20s")
    void fuzzedDatagrams(byte[] in) {
        TlsRig rig = TlsRig.get();
        Zsock z = rig.z;
        int mode = Frames.u8(in, 0);
        int tag = (mode & 2) != 0 ? TlsRig.CERT_TAG : TlsRig.PSK_TAG;
        if (rig.dueForCheck()) {
            rig.assertDtlsStillServes();
        }
        int port = rig.port();
        int srv = rig.dtlsServer(port, tag);
        int peer = -1;
        try {
            assertEquals(0, z.fcntl(srv, Zsock.F_SETFL, Zsock.O_NONBLOCK));
            peer = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(0, z.connect(peer, SockAddr.parse("127.0.0.1", port)));
            TlsRecordInput.DtlsState st = new TlsRecordInput.DtlsState(in, 1);
            int raw = 1;
            for (int d = 0; d < MAX_DATAGRAMS; d++) {
                byte[] dgram;
                if ((mode & 1) != 0) {
                    if (raw >= in.length) {
                        break;
                    }
                    int len = in[raw] & 0xff;
                    dgram = Arrays.copyOfRange(in, raw + 1, Math.min(in.length, raw + 1 + len));
                    raw += 1 + len;
                } else {
                    dgram = TlsRecordInput.nextDatagram(st);
                    if (dgram == null) {
                        break;
                    }
                }
                TlsRig.errnoOrCount(z.send(peer, dgram, 0, dgram.length, 0), "send");
                serve(rig, srv);
                answers(rig, peer, st);
            }
        } finally {
            rig.closeAll(peer, srv);
        }
        assertEquals(0, rig.tls.dtlsSessions(), "no DTLS session outlives its socket");
        rig.assertSettled();
    }

    /** Drives the server: recvfrom while poll says it has something, each call non-blocking and bounded. */
    private static void serve(TlsRig rig, int srv) {
        byte[] b = new byte[2048];
        SockAddr from = new SockAddr();
        for (int i = 0; i < 8 && rig.pollOne(srv, Zsock.POLLIN, 0) != 0; i++) {
            int n = TlsRig.errnoOrCount(rig.z.recvfrom(srv, b, 0, b.length, Zsock.MSG_DONTWAIT, from), "recvfrom");
            assertTrue(n < 0 || n <= b.length, "recvfrom count " + n);
            if (n == -Errno.EAGAIN) {
                break;
            }
        }
    }

    /** Reads what the server sent back and learns a HelloVerifyRequest's cookie. */
    private static void answers(TlsRig rig, int peer, TlsRecordInput.DtlsState st) {
        byte[] b = new byte[2048];
        int n;
        while ((n = rig.z.recv(peer, b, 0, b.length, Zsock.MSG_DONTWAIT)) > 0) {
            TlsRecordInput.learnCookie(b, n, st);
        }
        TlsRig.errnoOrCount(n, "recv");
    }
}
