package io.jzsock.tls;

import io.jzsock.net.Errno;

/**
 * Verifies the certificate chain a TLS peer sent. Work in progress: the stub trusts nothing.
 */
public final class PeerVerifier {
    public static final int PURPOSE_SERVER = 1;
    public static final int PURPOSE_CLIENT = 2;

    public static final int BADCERT_EXPIRED = 0x01;
    public static final int BADCERT_NOT_TRUSTED = 0x08;

    private final TlsCredentials creds;
    private final WallClock clock;

    public PeerVerifier(TlsCredentials creds, WallClock clock) {
        if (creds == null || clock == null) {
            throw new IllegalArgumentException("PeerVerifier: credentials or clock is null");
        }
        this.creds = creds;
        this.clock = clock;
    }

    public int verify(byte[][] chain, int chainLength, int[] caTags, int caTagCount, String hostname, int purpose) {
        if (chain == null || chainLength < 0 || chainLength > chain.length) {
            return -Errno.EINVAL;
        }
        return BADCERT_NOT_TRUSTED;
    }

    public static String reason(int flags) {
        return flags == 0 ? "ok" : "flags 0x" + Integer.toHexString(flags);
    }
}
