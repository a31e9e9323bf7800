package io.jzsock.tls;

import io.jzsock.net.ZsockConstants;
import io.jzsock.tls.bc.DtlsPeerParams;

/**
 * What a DTLS handshake takes from the socket's SOL_TLS options: verify level and peer check, SNI,
 * the retransmission schedule, connection IDs, cipher suites (credentials are {@link DtlsCredentials}');
 * and what its end gives back to them: the suite used, the verification result, the CID status.
 */
final class DtlsHandshakeSetup {
    private static final byte[] NO_CID = new byte[0];

    private DtlsHandshakeSetup() {
    }

    /** Monitor held (the options are the socket's). ownCid: the slot's CID when this end is to ask for one. */
    static void fromOptions(TlsOptions options, DtlsChainCheck check, DtlsPeerParams q, boolean server, byte[] ownCid) {
        q.verifyLevel = options.peerVerify(server);
        q.check = check;
        String name = server ? null : check.hostname();
        q.serverName = name != null && !HostnameMatch.isIpLiteral(name) ? name : null;
        check.purpose(server ? PeerVerifier.PURPOSE_CLIENT : PeerVerifier.PURPOSE_SERVER);
        q.resendMillis = options.dtlsTimeoutMin();
        q.handshakeMillis = handshakeBudget(options.dtlsTimeoutMin(), options.dtlsTimeoutMax());
        q.cidMode = options.cidMode();
        q.ownCid = null;
        if (q.cidMode == TlsOptions.DTLS_CID_ENABLED) {
            // A client may choose its CID with TLS_DTLS_CID_VALUE; a server hands out its slot's own.
            q.ownCid = !server && options.cidLength() > 0 ? copy(options.cid(), options.cidLength()) : ownCid;
        }
        int suites = options.cipherSuiteCount();
        q.cipherSuites = null;
        if (suites > 0) {
            q.cipherSuites = new int[suites];
            for (int i = 0; i < suites; i++) {
                q.cipherSuites[i] = options.cipherSuite(i);
            }
        }
    }

    /** TLS_CERT_VERIFY_RESULT after a handshake, also a failed one (monitor held). */
    static void publishVerifyResult(TlsOptions options, DtlsPeerParams r) {
        options.publishVerifyResult(r.verifyLevel == ZsockConstants.TLS_PEER_VERIFY_NONE || !r.verified
                ? TlsOptions.VERIFY_RESULT_NONE : r.verifyResult);
    }

    /** Publishes what a successful handshake gave to the options (monitor held). */
    static void publish(TlsOptions options, DtlsPeerParams r) {
        options.publishSuiteUsed(r.suiteUsed < 0 ? 0 : r.suiteUsed);
        publishVerifyResult(options, r);
        // BC's names: connectionIDLocal is the CID in the records this end sends (the peer's choice),
        // connectionIDPeer the one in the records it receives (its own choice).
        int down = r.cidPeer != null && r.cidPeer.length > 0 ? 1 : 0;
        int up = r.cidLocal != null && r.cidLocal.length > 0 ? 2 : 0;
        if (r.cidLocal != null) {
            options.publishCid(down | up, r.cidLocal, 0, r.cidLocal.length);
        } else {
            options.publishCid(down | up, NO_CID, 0, 0);
        }
    }

    /**
     * mbedTLS's schedule: the retransmission timeout starts at min and doubles while it stays within
     * max; the handshake fails when the next one would exceed max. So the whole handshake may take
     * min + 2 min + ... up to that point (at least min): 63 s for 1000/60000.
     */
    static int handshakeBudget(int min, int max) {
        long total = 0;
        long t = min;
        while (t <= max) {
            total += t;
            t <<= 1;
        }
        if (total == 0) {
            total = min;
        }
        return total > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) total;
    }

    private static byte[] copy(byte[] b, int n) {
        byte[] c = new byte[n];
        System.arraycopy(b, 0, c, 0, n);
        return c;
    }
}
