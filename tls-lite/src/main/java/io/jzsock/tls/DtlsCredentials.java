package io.jzsock.tls;

import io.jzsock.tls.bc.DtlsPeerParams;

/**
 * Reads what one DTLS handshake needs from the socket's TLS_SEC_TAG_LIST: the first PSK with its
 * identity, the first own certificate entry with its private key (CA certificates are read by the
 * {@link PeerVerifier} itself). Per handshake, so the arrays handed to BC are allocated here.
 */
final class DtlsCredentials {
    private DtlsCredentials() {
    }

    static int fill(TlsKeys keys, TlsOptions options, DtlsPeerParams q) {
        q.psk = null;
        q.pskId = null;
        q.chain = null;
        q.key = null;
        int tags = options.secTagCount();
        for (int i = 0; i < tags; i++) {
            int tag = options.secTag(i);
            if (q.psk == null) {
                byte[] psk = read(keys, tag, TlsCredentials.PSK);
                byte[] id = read(keys, tag, TlsCredentials.PSK_ID);
                if (psk != null && id != null) {
                    q.psk = psk;
                    q.pskId = id;
                }
            }
            if (q.chain == null) {
                byte[] cert = read(keys, tag, TlsCredentials.SERVER_CERTIFICATE);
                byte[] key = read(keys, tag, TlsCredentials.PRIVATE_KEY);
                if (cert != null && key != null) {
                    q.chain = cert;
                    q.key = key;
                }
            }
        }
        return 0;
    }

    /** The credential's bytes, or null when the tag has none of that type. */
    private static byte[] read(TlsKeys keys, int tag, int type) {
        int len = keys.length(tag, type);
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        int r = keys.read(tag, type, b, 0, len);
        return r == len ? b : null;
    }
}
