package io.jzsock.sim.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jzsock.sim.bench.tls.TlsConfig;
import io.jzsock.sim.bench.tls.TlsMemory;
import io.jzsock.sim.bench.tls.TlsPair;
import io.jzsock.tls.bc.LeanTlsCrypto;
import java.security.SecureRandom;
import java.util.Random;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LeanTlsCrypto's record protection against BC's own on the other end, both ways, for every AEAD suite: the
 * bytes arrive intact across records of every size up to the fragment limit, and a flipped ciphertext bit is
 * refused with bad_record_mac.
 */
class LeanTlsCryptoInteropTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ParameterizedTest(name = "{0} {1} lean client {2}")
    @CsvSource({"12,AES128GCM,true", "12,AES256GCM,true", "12,CHACHA20,true", "13,AES128GCM,true",
            "13,AES256GCM,true", "13,CHACHA20,true", "12,AES128GCM,false", "12,AES256GCM,false",
            "12,CHACHA20,false", "13,AES128GCM,false", "13,AES256GCM,false", "13,CHACHA20,false"})
    void leanAndStockEndsExchangeDataIntact(int version, String aead, boolean leanClient) throws Exception {
        TlsConfig cfg = config(version, aead);
        TlsPair p = new TlsPair(cfg, leanClient ? new LeanTlsCrypto(RANDOM) : new BcTlsCrypto(RANDOM),
                leanClient ? new BcTlsCrypto(RANDOM) : new LeanTlsCrypto(RANDOM),
                TlsMemory.credentials(cfg.auth())).handshake();
        Random r = new Random(version * 31L + aead.hashCode());
        for (int len : new int[] {0, 1, 15, 16, 17, 1024, 4095, 16384, 40000}) {
            byte[] up = new byte[len];
            byte[] down = new byte[len];
            r.nextBytes(up);
            r.nextBytes(down);
            p.send(true, up, 0, len);
            assertArrayEquals(up, readAll(p, false, len), "client to server, " + len + " bytes");
            p.send(false, down, 0, len);
            assertArrayEquals(down, readAll(p, true, len), "server to client, " + len + " bytes");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"12,AES128GCM", "12,CHACHA20", "13,AES256GCM", "13,CHACHA20"})
    void flippedCiphertextBitIsRefusedWithBadRecordMac(int version, String aead) throws Exception {
        TlsConfig cfg = config(version, aead);
        TlsPair p = new TlsPair(cfg, new BcTlsCrypto(RANDOM), new LeanTlsCrypto(RANDOM),
                TlsMemory.credentials(cfg.auth())).handshake();
        p.client.writeApplicationData(new byte[100], 0, 100);
        byte[] record = new byte[p.client.getAvailableOutputBytes()];
        p.client.readOutput(record, 0, record.length);
        record[record.length - 20] ^= 0x04;
        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class, () -> p.server.offerInput(record, 0, record.length));
        assertEquals(AlertDescription.bad_record_mac, alert.getAlertDescription());
        assertEquals(0, p.server.getAvailableInputBytes());
    }

    @Test
    void tls13KeyUpdateAfterTwoToTheTwentyRecordsRekeysBothDirections() throws Exception {
        // BC sends KeyUpdate(update_requested) once 2^20 records went out under one key (RFC 8446 §4.6.3,
        // §5.5); the stock server answers with its own, so the lean client rekeys its encoder and its decoder.
        TlsConfig cfg = TlsConfig.of(ProtocolVersion.TLSv13, TlsConfig.AUTH_PSK, "CHACHA20");
        TlsPair p = new TlsPair(cfg, new LeanTlsCrypto(RANDOM), new BcTlsCrypto(RANDOM),
                TlsMemory.credentials(cfg.auth())).handshake();
        byte[] one = {42};
        byte[] in = new byte[1024];
        long received = 0;
        int records = (1 << 20) + 10;
        for (int i = 0; i < records; i++) {
            p.client.writeApplicationData(one, 0, 1);
            if ((i & 1023) == 1023 || i == records - 1) {
                p.pump();
                int n;
                while ((n = p.read(false, in, 0, in.length)) > 0) {
                    received += n;
                }
            }
        }
        assertEquals(records, received);
        p.send(false, one, 0, 1);
        assertEquals(1, p.read(true, in, 0, 1), "server to client after the server's KeyUpdate");
        assertEquals(42, in[0]);
    }

    private static byte[] readAll(TlsPair p, boolean atClient, int len) {
        byte[] out = new byte[len];
        int got = 0;
        while (got < len) {
            int n = p.read(atClient, out, got, len - got);
            if (n <= 0) {
                break;
            }
            got += n;
        }
        assertEquals(len, got);
        return out;
    }

    private static TlsConfig config(int version, String aead) {
        return TlsConfig.of(version == 13 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12, TlsConfig.AUTH_ECDSA,
                aead);
    }
}
