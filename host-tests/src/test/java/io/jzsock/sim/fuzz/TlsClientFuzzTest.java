package io.jzsock.sim.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A jzsock TLS client's connect (the client handshake, Bouncy Castle parsing the server's flight) against a raw
 * TCP server on the same stack's loopback, which reads the ClientHello, answers with the input's bytes and its
 * FIN, and reads on until the client closes.
 * <pre>
 *  input = mode rest
 *  mode  : bit 0 rest is sent as it is (raw); otherwise rest is {@link TlsRecordInput} chunks made into records;
 *          bit 1 IPPROTO_TLS_1_2 (else IPPROTO_TLS_1_3); bit 2 the client verifies the server with the CA tag
 *          as localhost (else the PSK tag, no verification); bit 3 a non-blocking connect, driven by the pump
 *          while the client polls (else a blocking one)
 * </pre>
 * Oracle: connect returns in bounded time with 0 or a negative errno (never throws) and a failure is
 * ECONNABORTED with SO_ERROR and poll's POLLERR agreeing; after both close, the fd table and the packet pool are
 * as before (TIME_WAITs aside); every {@link TlsRig#CHECK_EVERY}th input the TCP table is empty and a fresh
 * handshake still completes.
 */
class TlsClientFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void connectToFuzzedServer(byte[] in) {
        TlsRig rig = TlsRig.get();
        Zsock z = rig.z;
        int mode = Frames.u8(in, 0);
        byte[] raw = (mode & 1) != 0 ? Frames.tail(in, 1) : TlsRecordInput.tlsStream(in, 1);
        byte[] flight = Arrays.copyOf(raw, Math.min(raw.length, TlsServerFuzzTest.MAX_BYTES));
        int proto = (mode & 2) != 0 ? Zsock.IPPROTO_TLS_1_2 : Zsock.IPPROTO_TLS_1_3;
        int tag = (mode & 4) != 0 ? TlsRig.CA_TAG : TlsRig.PSK_TAG;
        boolean nonBlocking = (mode & 8) != 0;
        if (rig.dueForCheck()) {
            rig.assertTlsStillServes(proto, tag == TlsRig.CA_TAG ? TlsRig.CERT_TAG : TlsRig.PSK_TAG, tag);
        }
        int port = rig.port();
        int l = rig.listenerTcp(port);
        int c = -1;
        CompletableFuture<Integer> server = TlsRig.async(() -> {
            int s = TlsRig.errnoOrCount(z.accept(l, null), "accept");
            if (s < 0) {
                return s;
            }
            try {
                int hello = rig.pollOne(s, Zsock.POLLIN, TlsRig.HANDSHAKE_TIMEOUT_MS);
                TlsRig.errnoOrCount(z.recv(s, new byte[4096], 0, 4096, Zsock.MSG_DONTWAIT), "recv");
                int sent = rig.sendAll(s, flight);
                z.shutdown(s, Zsock.SHUT_WR);
                rig.drain(s, 2 * TlsRig.HANDSHAKE_TIMEOUT_MS);
                return hello != 0 ? sent : -1;
            } finally {
                z.close(s);
            }
        });
        try {
            c = rig.clientTls(proto, tag);
            int r;
            if (nonBlocking) {
                assertEquals(0, z.fcntl(c, Zsock.F_SETFL, Zsock.O_NONBLOCK));
                r = TlsRig.errnoOrCount(z.connect(c, SockAddr.parse("127.0.0.1", port)), "connect");
                assertEquals(-Errno.EINPROGRESS, r, "a non-blocking TLS connect");
                int ev = rig.pollOne(c, Zsock.POLLOUT, 2 * TlsRig.HANDSHAKE_TIMEOUT_MS);
                assertTrue(ev != 0, "the handshake ends within the handshake timeout");
                r = (ev & Zsock.POLLERR) != 0 ? soError(z, c) : 0;
            } else {
                r = TlsRig.errnoOrCount(z.connect(c, SockAddr.parse("127.0.0.1", port)), "connect");
            }
            if (r < 0) {
                assertEquals(-Errno.ECONNABORTED, r, "a failed handshake: " + Errno.name(r));
                assertEquals(r, soError(z, c), "SO_ERROR agrees");
                assertTrue((rig.pollOne(c, Zsock.POLLIN, 0) & Zsock.POLLERR) != 0, "poll reports POLLERR");
                assertEquals(r, z.send(c, new byte[1], 0, 1, Zsock.MSG_DONTWAIT), "send after the failure");
                int[] flags = new int[1];
                TlsRig.errnoOrCount(z.getsockopt(c, Zsock.SOL_TLS, Zsock.TLS_CERT_VERIFY_RESULT, flags), "getsockopt");
            }
            assertEquals(0, z.close(c));
            c = -1;
            assertTrue(TlsRig.join(server) >= 0, "the raw server read the ClientHello and sent the flight");
        } finally {
            rig.closeAll(c, l);
        }
        rig.assertSettled();
    }

    private static int soError(Zsock z, int fd) {
        int[] v = new int[1];
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_ERROR, v));
        return v[0] > 0 ? -v[0] : v[0];
    }
}
