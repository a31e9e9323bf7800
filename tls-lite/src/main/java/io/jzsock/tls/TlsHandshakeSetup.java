package io.jzsock.tls;

import io.jzsock.net.SockAddr;
import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.InnerSocket;
import io.jzsock.tls.bc.ChainVerifier;
import io.jzsock.tls.bc.HandshakeParams;

/**
 * What a handshake of one socket gets from its SOL_TLS options and the credentials (Zephyr's
 * tls_mbedtls_set_credentials and tls_mbedtls_init): versions, suites, the first own chain with its key
 * and the first PSK with its identity among the sec tags, the verification level, SNI, ALPN, max
 * fragment length, session cache; and, as the engine's {@link ChainVerifier}, the peer chain check
 * through {@link PeerVerifier} against the socket's CA tags and TLS_HOSTNAME.
 */
final class TlsHandshakeSetup implements ChainVerifier {
    private final TlsContext ctx;
    private final TlsOptions options;
    private final InnerSocket inner;
    private final HandshakeParams params;
    private final SockAddr peerScratch = new SockAddr();

    TlsHandshakeSetup(TlsContext ctx, TlsOptions options, InnerSocket inner, HandshakeParams params) {
        this.ctx = ctx;
        this.options = options;
        this.inner = inner;
        this.params = params;
    }

    /** Under the monitor: fills the params for a handshake in that role on a socket of protocol proto. */
    void prepare(boolean asServer, int proto) {
        HandshakeParams p = params;
        p.clear();
        p.server = asServer;
        p.allowTls13 = proto == ZsockConstants.IPPROTO_TLS_1_3;
        p.suiteCount = options.cipherSuiteCount();
        for (int i = 0; i < p.suiteCount; i++) {
            p.suites[i] = options.cipherSuite(i);
        }
        TlsKeys keys = ctx.keys;
        for (int i = 0; i < options.secTagCount(); i++) {
            int tag = options.secTag(i);
            if (keys.length(tag, TlsCredentials.CA_CERTIFICATE) > 0) {
                p.haveCa = true;
            }
            if (p.chainLen == 0) {
                int c = keys.read(tag, TlsCredentials.SERVER_CERTIFICATE, p.chain, 0, p.chain.length);
                int k = c > 0 ? keys.read(tag, TlsCredentials.PRIVATE_KEY, p.key, 0, p.key.length) : -1;
                if (c > 0 && k > 0) {
                    p.chainLen = c;
                    p.keyLen = k;
                }
            }
            if (p.pskLen == 0) {
                int k = keys.read(tag, TlsCredentials.PSK, p.psk, 0, p.psk.length);
                int id = k > 0 ? keys.read(tag, TlsCredentials.PSK_ID, p.pskId, 0, p.pskId.length) : -1;
                if (k > 0 && id > 0) {
                    p.pskLen = k;
                    p.pskIdLen = id;
                }
            }
        }
        p.verify = options.peerVerify(asServer);
        if (!asServer && options.hostnameState() == TlsOptions.HOSTNAME_SET) {
            String name = hostname();
            p.sniName = HostnameMatch.isIpLiteral(name) ? null : name;
        }
        System.arraycopy(options.alpn(), 0, p.alpn, 0, options.alpnLength());
        p.alpnLen = options.alpnLength();
        p.maxFragment = options.maxFragmentLength();
        p.sessionCache = options.sessionCacheEnabled();
        if (!asServer && inner.ops().getpeername(inner.obj(), peerScratch) == 0) {
            p.peerKey = ((long) peerScratch.ipv4() << 16) | peerScratch.port();
        }
        p.verifier = this;
    }

    /** The peer's chain, checked by PeerVerifier against this socket's CA tags and TLS_HOSTNAME. */
    @Override
    public int verify(byte[][] chain, int length, boolean peerIsServer) {
        String name = null;
        int extra = 0;
        if (peerIsServer) {
            int hs = options.hostnameState();
            if (hs == TlsOptions.HOSTNAME_SET) {
                name = hostname();
            } else if (hs == TlsOptions.HOSTNAME_UNSET) {
                extra = PeerVerifier.BADCERT_CN_MISMATCH;
            }
        }
        int flags = ctx.verifier.verify(chain, length, options.secTags(), options.secTagCount(), name,
                peerIsServer ? PeerVerifier.PURPOSE_SERVER : PeerVerifier.PURPOSE_CLIENT);
        if (flags < 0) {
            flags = PeerVerifier.BADCERT_NOT_TRUSTED;
        }
        return flags | extra;
    }

    private String hostname() {
        byte[] b = options.hostname();
        char[] c = new char[options.hostnameLength()];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (b[i] & 0xff);
        }
        return new String(c);
    }
}
