package io.jzsock.sim.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.sim.bench.tls.TlsConfig;
import io.jzsock.sim.bench.tls.TlsMemory;
import io.jzsock.sim.bench.tls.ZsockTlsLink;
import io.jzsock.sim.bench.tls.ZsockTlsMeasures;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14's goal through the socket layer: an established TLS stream socket over jzsock TCP keeps at most 32 KB
 * per side with max fragment length 2048 negotiated and the TLS layer sized for it
 * ({@link ZsockTlsLink#forMaxFragment2048}), after 16 KiB each way sent and received in single calls (the socket
 * hands BC one record at a time). Walked from the socket's slot; the record buffer alone is 2 KB, so a walk that
 * missed the socket's objects would fail the lower bound.
 */
class TlsSocketRetainedMemoryTest {
    private static final int EXCHANGE = 16 * 1024;
    private static final long BOUND = 32 * 1024;
    private static final long RECORD_BUFFER = 2048 + 256;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({"12,ECDSA,AES128GCM", "12,ECDSA,CHACHA20", "13,ECDSA,AES256GCM", "13,ECDSA,CHACHA20",
        "12,RSA,AES128GCM", "13,RSA,AES128GCM", "13,PSK,AES128GCM"})
    void socketWithMaxFragment2048RetainsAtMost32KBPerSide(int version, String auth, String aead) throws Exception {
        TlsConfig cfg = TlsConfig.of(version == 13 ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12,
                auth.equals("RSA") ? TlsConfig.AUTH_RSA : auth.equals("PSK") ? TlsConfig.AUTH_PSK : TlsConfig.AUTH_ECDSA,
                aead).withMaxFragmentLength(2048);
        try (ZsockTlsLink link = new ZsockTlsLink(14, ZsockTlsLink.forMaxFragment2048())) {
            TlsMemory.Retained r = ZsockTlsMeasures.retained(link, cfg, EXCHANGE, 3);
            System.out.printf("TLS socket %s %s %s MFL 2048: retained per connection client %d B, server %d B%n",
                    cfg.versionName(), auth, aead, r.client(), r.server());
            assertTrue(r.client() > RECORD_BUFFER && r.server() > RECORD_BUFFER,
                    "the walk must see at least the record buffer: " + r);
            assertTrue(r.client() <= BOUND && r.server() <= BOUND, "retained per connection: " + r);
        }
    }
}
