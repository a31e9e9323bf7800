package io.jzsock.tls;

import io.jzsock.tls.bc.DtlsPeerParams;

/**
 * What a DTLS handshake takes from the socket's SOL_TLS options: verify level and peer check, SNI,
 * the retransmission schedule, connection IDs, cipher suites. Credentials are {@link DtlsCredentials}'.
 */
final class DtlsHandshakeSetup {
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
