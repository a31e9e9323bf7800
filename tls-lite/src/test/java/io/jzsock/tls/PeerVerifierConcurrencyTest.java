package io.jzsock.tls;

import static io.jzsock.tls.TestPki.cert;
import static io.jzsock.tls.TestPki.chain;
import static io.jzsock.tls.TestPki.p256;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.tls.TestPki.Cert;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One verifier shared by every socket: it keeps no state between calls, so threads verifying good and
 * bad chains at once, while another thread replaces the trust anchor, each get the answer their chain
 * and the anchors of that moment give.
 */
class PeerVerifierConcurrencyTest {
    @Test
    void threadsShareOneVerifier() throws Exception {
        Cert root = cert("Root").keys(p256(0)).ca().build();
        Cert intermediate = cert("Intermediate").keys(p256(1)).issuer(root).ca().build();
        Cert good = cert("a.example").keys(p256(2)).issuer(intermediate).dns("a.example").build();
        Cert wrongName = cert("b.example").keys(p256(2)).issuer(intermediate).dns("b.example").build();
        Cert otherRoot = cert("Other").keys(p256(3)).ca().build();
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        byte[] anchor = root.der();
        creds.add(1, TlsCredentials.CA_CERTIFICATE, anchor, 0, anchor.length);
        byte[] other = otherRoot.der();
        creds.add(2, TlsCredentials.CA_CERTIFICATE, other, 0, other.length);
        PeerVerifier verifier = new PeerVerifier(creds, () -> TestPki.NOW);
        int[] stableTag = {1};
        int[] churnTag = {2};
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final boolean bad = (t & 1) != 0;
                results.add(pool.submit((Callable<Integer>) () -> {
                    int mismatches = 0;
                    for (int i = 0; i < 50; i++) {
                        int r = verifier.verify(chain(bad ? wrongName : good, intermediate), 2, stableTag, 1,
                                "a.example", PeerVerifier.PURPOSE_SERVER);
                        if (r != (bad ? PeerVerifier.BADCERT_CN_MISMATCH : 0)) {
                            mismatches++;
                        }
                        int untrusted = verifier.verify(chain(good, intermediate), 2, churnTag, 1, "a.example",
                                PeerVerifier.PURPOSE_SERVER);
                        if (untrusted != PeerVerifier.BADCERT_NOT_TRUSTED) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            Future<?> churn = pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    creds.delete(2, TlsCredentials.CA_CERTIFICATE);
                    creds.add(2, TlsCredentials.CA_CERTIFICATE, other, 0, other.length);
                }
            });
            churn.get();
            for (Future<Integer> f : results) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
