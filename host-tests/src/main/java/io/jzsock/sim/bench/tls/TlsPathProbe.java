package io.jzsock.sim.bench.tls;

import io.jzsock.tls.CredentialConfig;
import io.jzsock.tls.CredentialType;
import io.jzsock.tls.PeerVerifier;
import io.jzsock.tls.RamCredentialStore;
import io.jzsock.tls.TlsCredentials;
import java.nio.file.Path;
import org.bouncycastle.tls.ProtocolVersion;

/**
 * Walks Bouncy Castle's TLS path once per configuration the project uses, so that a JVM started with
 * {@code -Xlog:class+load} lists the BC classes a device would need. {@code make DIR} writes the server keys and
 * certificates (bcpkix's certificate builder is host-only: it runs in a JVM of its own so its classes are not
 * counted); {@code run DIR} reads them (BC parses the PKCS#8 keys, as a device parses a stored key), verifies each
 * certificate with {@code PeerVerifier} (itself as the CA) and runs
 * handshakes with ECDHE-ECDSA P-256, ECDHE-RSA 2048 and PSK, TLS 1.2 and 1.3, each AEAD suite, stock and lean
 * crypto, max fragment length 2048, records both ways.
 */
public final class TlsPathProbe {
    private TlsPathProbe() {
    }

    /** PeerVerifier's path (bcpkix, X.509 parsing, signatures): each self-signed server certificate as its own CA. */
    private static void verifyPeers(TlsBenchCredentials... servers) {
        TlsCredentials creds = new TlsCredentials(new RamCredentialStore(CredentialConfig.defaults()));
        PeerVerifier verifier = new PeerVerifier(creds, System::currentTimeMillis);
        for (int i = 0; i < servers.length; i++) {
            byte[] der = servers[i].certificateDer;
            if (creds.add(i + 1, CredentialType.CA_CERTIFICATE, der, 0, der.length) < 0) {
                throw new IllegalStateException("cannot store the probe's CA certificate");
            }
            verifier.verify(new byte[][] {der}, 1, new int[] {i + 1}, 1, "localhost", PeerVerifier.PURPOSE_SERVER);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("make") || args[0].equals("run"))) {
            System.err.println("usage: TlsPathProbe make|run DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("make")) {
            TlsMemory.credentials(TlsConfig.AUTH_ECDSA).write(dir, "ecdsa");
            TlsMemory.credentials(TlsConfig.AUTH_RSA).write(dir, "rsa");
            return;
        }
        TlsBenchCredentials ecdsa = TlsBenchCredentials.read(dir, "ecdsa", TlsBenchCredentials.ECDSA_P256);
        TlsBenchCredentials rsa = TlsBenchCredentials.read(dir, "rsa", TlsBenchCredentials.RSA_2048);
        TlsMemory.useCredentials(ecdsa, rsa);
        verifyPeers(ecdsa, rsa);
        for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.TLSv12, ProtocolVersion.TLSv13}) {
            for (int auth : new int[] {TlsConfig.AUTH_ECDSA, TlsConfig.AUTH_RSA, TlsConfig.AUTH_PSK}) {
                for (String aead : new String[] {"AES128GCM", "AES256GCM", "CHACHA20"}) {
                    for (TlsMemory.Engine e : TlsMemory.Engine.values()) {
                        TlsConfig cfg = TlsConfig.of(v, auth, aead).withMaxFragmentLength(2048);
                        TlsPair p = TlsMemory.pair(cfg, e);
                        TlsMemory.echo(p, new byte[3000], 2);
                        p.close();
                    }
                }
            }
        }
    }
}
