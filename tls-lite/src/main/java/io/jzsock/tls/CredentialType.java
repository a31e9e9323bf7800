package io.jzsock.tls;

/**
 * TLS credential types, with the values of Zephyr's {@code enum tls_credential_type}
 * ({@code include/zephyr/net/tls_credentials.h}). Pairs share a sec_tag: a certificate with its
 * private key, a PSK with its identity.
 */
public final class CredentialType {
    /** Unspecified; never stored. */
    public static final int NONE = 0;
    /** A trusted CA certificate, used to authenticate the peer. */
    public static final int CA_CERTIFICATE = 1;
    /** Our own certificate (Zephyr's SERVER_CERTIFICATE, later renamed PUBLIC_CERTIFICATE). */
    public static final int SERVER_CERTIFICATE = 2;
    public static final int PRIVATE_KEY = 3;
    public static final int PSK = 4;
    public static final int PSK_ID = 5;
    /** Highest valid type: types above it are -EINVAL. */
    public static final int MAX = PSK_ID;

    private CredentialType() {
    }

    /** True for a type that can be stored (CA_CERTIFICATE..PSK_ID). */
    public static boolean isValid(int type) {
        return type > NONE && type <= MAX;
    }
}
