package io.jzsock.tls;

/**
 * The sizes of the credential store, fixed before it is built (as {@code NetConfig} is for the stack).
 * {@link TlsCredentials} allocates one decode buffer of {@link #maxCredentialBytes} in its constructor,
 * {@link RamCredentialStore} its slot table and an arena of {@link #maxTotalBytes}; nothing is allocated
 * after that. Fields are public and mutable until the config is handed over; {@link #validate()} rejects
 * impossible combinations once, at construction.
 */
public final class CredentialConfig {
    /**
     * Credentials held at once. Zephyr's CONFIG_TLS_MAX_CREDENTIALS_NUMBER defaults to 4, one pair; 8 holds
     * a CA bundle, a certificate with its key and a PSK with its identity, with room to rotate one.
     */
    public int maxCredentials = 8;
    /**
     * Largest single credential, in bytes after PEM decoding. An RSA 2048 certificate is about 0.8 to 1.4 KB
     * of DER, its PKCS#8 key about 1.2 KB, a P-256 certificate about 0.5 KB; 4 KB takes a bundle of three
     * RSA CA certificates, or a leaf certificate and its intermediate.
     */
    public int maxCredentialBytes = 4096;
    /** Bytes of every credential together (the RAM store's arena; a flash store has its sectors). */
    public int maxTotalBytes = 16384;

    public static CredentialConfig defaults() {
        return new CredentialConfig();
    }

    /** Throws IllegalArgumentException naming the first bad setting. */
    public void validate() {
        require(maxCredentials >= 1, "maxCredentials >= 1");
        require(maxCredentialBytes >= 1, "maxCredentialBytes >= 1");
        require(maxTotalBytes >= maxCredentialBytes, "maxTotalBytes >= maxCredentialBytes");
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new IllegalArgumentException("CredentialConfig: " + rule);
        }
    }
}
