package io.jzsock.sim.bench.tls;

import io.jzsock.tls.bc.LeanTlsCrypto;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory figures of issue 14 for one configuration over the in-memory pair: bytes allocated per application
 * record in steady state and bytes retained per established connection.
 */
public final class TlsMemory {
    /** Which crypto both ends use. */
    public enum Engine {
        STOCK("BC stock") {
            @Override
            TlsCrypto crypto(SecureRandom random) {
                return new BcTlsCrypto(random);
            }
        },
        LEAN("BC + LeanTlsCrypto") {
            @Override
            TlsCrypto crypto(SecureRandom random) {
                return new LeanTlsCrypto(random);
            }
        };

        public final String label;

        Engine(String label) {
            this.label = label;
        }

        abstract TlsCrypto crypto(SecureRandom random);
    }

    /** Bytes per record on each side, averaged over the records it sent and the records it received. */
    public record PerRecord(double client, double server) {
    }

    static {
        // JOL reads field offsets of record classes (TlsConfig, held by the peers) only this way on JDK 17.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static TlsBenchCredentials ecdsa;
    private static TlsBenchCredentials rsa;

    private TlsMemory() {
    }

    /** The server credentials for {@code auth}: generated (seeded) at first use unless set before. */
    public static synchronized TlsBenchCredentials credentials(int auth) {
        if (auth == TlsConfig.AUTH_RSA) {
            if (rsa == null) {
                rsa = TlsBenchCredentials.generate(TlsBenchCredentials.RSA_2048, 2);
            }
            return rsa;
        }
        if (ecdsa == null) {
            ecdsa = TlsBenchCredentials.generate(TlsBenchCredentials.ECDSA_P256, 1);
        }
        return ecdsa;
    }

    /** Uses these credentials instead of generating them (the TLS path probe reads them from files). */
    public static synchronized void useCredentials(TlsBenchCredentials ecdsaP256, TlsBenchCredentials rsa2048) {
        ecdsa = ecdsaP256;
        rsa = rsa2048;
    }

    public static TlsCrypto crypto(Engine engine, SecureRandom random) {
        return engine.crypto(random);
    }

    public static org.bouncycastle.tls.TlsClient clientPeer(TlsConfig cfg, TlsCrypto crypto) {
        return new BenchPeers.Client(crypto, cfg);
    }

    public static org.bouncycastle.tls.TlsServer serverPeer(TlsConfig cfg, TlsCrypto crypto) {
        return new BenchPeers.Server(crypto, cfg, credentials(cfg.auth()));
    }

    public static TlsPair pair(TlsConfig cfg, Engine engine) throws IOException {
        TlsCrypto crypto = engine.crypto(RANDOM);
        return new TlsPair(cfg, crypto, crypto, credentials(cfg.auth())).handshake();
    }

    /**
     * Echoes {@code warmUp} then {@code records} application records of {@code size} bytes each way (client
     * writes one, server drains it, server writes one, client drains it) and returns the measured stretch.
     */
    public static PerRecord perRecord(TlsConfig cfg, Engine engine, int size, int warmUp, int records)
            throws IOException {
        return perRecord(cfg, engine, size, warmUp, records, 0);
    }

    /** As above, the receiver offered input in {@code segment}-byte pieces (0: whole records). */
    public static PerRecord perRecord(TlsConfig cfg, Engine engine, int size, int warmUp, int records, int segment)
            throws IOException {
        TlsPair p = pair(cfg, engine).segmentInput(segment);
        byte[] data = new byte[size];
        echo(p, data, warmUp);
        p.resetCounters();
        echo(p, data, records);
        PerRecord r = new PerRecord(p.clientAllocated() / (2.0 * records), p.serverAllocated() / (2.0 * records));
        p.close();
        return r;
    }

    static void echo(TlsPair p, byte[] data, int rounds) throws IOException {
        for (int i = 0; i < rounds; i++) {
            p.send(true, data, 0, data.length);
            if (p.drain(false) != data.length) {
                throw new IllegalStateException("server received a short record");
            }
            p.send(false, data, 0, data.length);
            if (p.drain(true) != data.length) {
                throw new IllegalStateException("client received a short record");
            }
        }
    }

    /** Bytes retained per connection, per side. */
    public record Retained(long client, long server) {
    }

    /** How the 16 KiB are exchanged before the retained bytes are counted. */
    public static final int ONE_WRITE = 0;
    /**
     * The jzsock socket layer's discipline: BC is handed at most one record of plaintext per write, and the
     * receiver drains the decrypted data after each record, so no BC queue holds more than one record.
     */
    public static final int RECORD_AT_A_TIME = 1;

    /**
     * Reachable heap from each side's protocol and peer objects, counted with JOL's walk (the VM's own object
     * sizes). Objects shared between connections (the crypto, its SecureRandom, the credentials, BC's constants)
     * cancel out: the figure is (size of 1 + extra connections) minus (size of 1), divided by extra.
     */
    public static Retained retained(TlsConfig cfg, Engine engine, int exchange, int mode, int extra)
            throws IOException {
        List<TlsPair> pairs = new ArrayList<>();
        byte[] data = new byte[exchange];
        int chunk = mode == ONE_WRITE ? exchange
                : cfg.maxFragmentLength() != 0 ? cfg.maxFragmentLength() : 16384;
        for (int i = 0; i < 1 + extra; i++) {
            TlsPair p = pair(cfg, engine);
            for (int off = 0; off < exchange; off += chunk) {
                int n = Math.min(chunk, exchange - off);
                p.send(true, data, off, n);
                p.drain(false);
                p.send(false, data, off, n);
                p.drain(true);
            }
            pairs.add(p);
        }
        long c1 = size(pairs.subList(0, 1), true);
        long cn = size(pairs, true);
        long s1 = size(pairs.subList(0, 1), false);
        long sn = size(pairs, false);
        return new Retained((cn - c1) / extra, (sn - s1) / extra);
    }

    private static long size(List<TlsPair> pairs, boolean client) {
        Object[] roots = new Object[pairs.size() * 2];
        for (int i = 0; i < pairs.size(); i++) {
            TlsPair p = pairs.get(i);
            roots[2 * i] = client ? p.client : p.server;
            roots[2 * i + 1] = client ? p.clientPeer : p.serverPeer;
        }
        return GraphLayout.parseInstance(roots).totalSize();
    }
}
