package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.sim.testkit.NorRamFlash;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3 for credentials, over the RAM store and the flash store: after construction, get (every outcome), the TLS layer's per-handshake lookups,
 * walking a CA bundle and listing allocate nothing, and neither do add (DER and PEM) and delete. Measured on
 * the calling thread in the alloc execution (-XX:-DoEscapeAnalysis), after a warm-up that lets C2 settle,
 * as the other zero-allocation gates do; in package io.jzsock.tls to reach the TLS lookups.
 */
@Tag("alloc")
class CredentialZeroAllocationTest {
    private static final int WARM_UP = 30_000;
    private static final int ROUND = 10_000;
    private static final int TAG = 3;

    private static byte[] der(int contents, int seed) {
        byte[] b = new byte[4 + contents];
        b[0] = 0x30;
        b[1] = (byte) 0x82;
        b[2] = (byte) (contents >> 8);
        b[3] = (byte) contents;
        for (int i = 4; i < b.length; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    private static boolean escapeAnalysisOff() {
        com.sun.management.HotSpotDiagnosticMXBean hs =
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return "false".equals(hs.getVMOption("DoEscapeAnalysis").getValue());
    }

    @Test
    void getTlsLookupsListingAddAndDeleteAllocateNothing() {
        assertNothingAllocated("RAM store", new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults())));
    }

    /**
     * The flash store over a NOR flash in RAM (NorRamFlash: the simulator's SimBus records every access it
     * serves, which would be the simulator allocating, not the store). Adds and deletes append records and
     * compact the two 16 KB sectors many times inside the measured windows.
     */
    @Test
    void theFlashStoreAllocatesNothingEitherIncludingItsCompactions() {
        NorRamFlash flash = new NorRamFlash(4, 16384, 16384);
        FlashCredentialStore store = new FlashCredentialStore(flash, 0, 1, CredentialConfig.defaults());
        assertEquals(0, store.mount());
        assertNothingAllocated("flash store", new TlsCredentials(store));
        assertTrue(store.generation() > 100, "compactions during the run: " + (store.generation() - 1));
    }

    private static void assertNothingAllocated(String name, TlsCredentials creds) {
        assertTrue(escapeAnalysisOff(), "run with -XX:-DoEscapeAnalysis (host-tests' zero-allocation execution does)");
        byte[] a = der(700, 1);
        byte[] b = der(500, 2);
        byte[] bundle = new byte[a.length + b.length];
        System.arraycopy(a, 0, bundle, 0, a.length);
        System.arraycopy(b, 0, bundle, a.length, b.length);
        byte[] key = der(120, 3);
        byte[] pemKey = ("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(key)
                + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, creds.add(TAG, TlsCredentials.CA_CERTIFICATE, bundle, 0, bundle.length));
        assertEquals(0, creds.add(TAG, TlsCredentials.PSK, key, 0, 32, TlsCredentials.FLAG_NON_EXPORTABLE));

        byte[] out = new byte[4096];
        int[] len = new int[1];
        CredentialInfo info = new CredentialInfo();
        long[] checksum = new long[1];
        Runnable body = () -> {
            for (int i = 0; i < ROUND; i++) {
                len[0] = out.length;
                expect(0, creds.get(TAG, TlsCredentials.CA_CERTIFICATE, out, 0, len));
                len[0] = 10;
                expect(-Errno.EFBIG, creds.get(TAG, TlsCredentials.CA_CERTIFICATE, out, 0, len));
                expect(-Errno.ENOENT, creds.get(TAG + 1, TlsCredentials.CA_CERTIFICATE, out, 0, len));
                expect(-Errno.EACCES, creds.get(TAG, TlsCredentials.PSK, out, 0, len));
                expect(bundle.length, creds.lengthForTls(TAG, TlsCredentials.CA_CERTIFICATE));
                int n = creds.readForTls(TAG, TlsCredentials.CA_CERTIFICATE, out, 0, out.length);
                expect(2, DerChain.count(out, 0, n));
                for (int p = 0; p < n; p += DerChain.elementLength(out, p, n)) {
                    checksum[0] += out[p + 4];
                }
                expect(32, creds.readForTls(TAG, TlsCredentials.PSK, out, 0, out.length));
                info.reset();
                while (creds.next(info) == 0) {
                    checksum[0] += info.length;
                }
                if ((i & 15) == 0) {
                    expect(0, creds.add(TAG, TlsCredentials.PRIVATE_KEY, pemKey, 0, pemKey.length));
                    expect(0, creds.delete(TAG, TlsCredentials.PRIVATE_KEY));
                    expect(0, creds.add(TAG, TlsCredentials.SERVER_CERTIFICATE, a, 0, a.length));
                    expect(0, creds.delete(TAG, TlsCredentials.SERVER_CERTIFICATE));
                }
            }
        };
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARM_UP / ROUND; i++) {
            body.run();
        }
        long allocated = -1;
        for (int window = 0; window < 3 && allocated != 0; window++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            body.run();
            allocated = mx.getCurrentThreadAllocatedBytes() - before;
        }
        System.out.println("credential calls (" + name + "): bytes allocated per " + ROUND
                + "-iteration window after " + WARM_UP + " warm-up iterations: " + allocated);
        assertEquals(0, allocated, name + ": bytes allocated by get, the TLS lookups, listing, add and delete");
        assertTrue(checksum[0] != 0);
    }

    private static void expect(int want, int got) {
        if (want != got) {
            throw new AssertionError("expected " + want + " but was " + got);
        }
    }
}
