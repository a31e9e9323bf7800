package io.jzsock.tls;

/**
 * One credential as {@link TlsCredentials#next} lists it: tag, type, length and flags, never the bytes.
 * Mutable and caller-owned, so listing allocates nothing; it is also the cursor of the listing.
 */
public final class CredentialInfo {
    public int tag;
    public int type;
    /** Bytes stored (DER for a credential added as PEM). */
    public int length;
    /** The flags given at add ({@link TlsCredentials#FLAG_NON_EXPORTABLE}). */
    public int flags;

    public CredentialInfo() {
        reset();
    }

    /** Back to before the first credential. */
    public CredentialInfo reset() {
        tag = TlsCredentials.TLS_SEC_TAG_NONE;
        type = CredentialType.NONE;
        length = 0;
        flags = 0;
        return this;
    }

    public boolean exportable() {
        return (flags & TlsCredentials.FLAG_NON_EXPORTABLE) == 0;
    }
}
