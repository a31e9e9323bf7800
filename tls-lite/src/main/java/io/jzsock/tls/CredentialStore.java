package io.jzsock.tls;

/**
 * Where credentials are kept: (sec_tag, type) to flags and bytes. {@code TlsCredentials} checks the
 * arguments, decodes PEM to DER, applies the access rule and serialises callers; a store only keeps
 * what it is given. Every call is made with that lock held, so a store need not be thread-safe, and
 * none of them may allocate. Implementations: {@code RamCredentialStore} (a copy in RAM, lost at
 * reset) and {@code FlashCredentialStore} (a power-cut-safe log in two flash sectors).
 *
 * <p>Flags are {@code TlsCredentials}' to define; a store keeps the int verbatim (a flash store
 * persists it) and never interprets it. Bit 0 is {@link TlsCredentials#FLAG_NON_EXPORTABLE} (the TLS
 * layer may use the credential, {@code get} refuses it with {@code -EACCES}); bits 1..31 are reserved
 * and written as 0 today ({@link TlsCredentials#FLAGS_DEFINED}). A store is only ever given tags
 * {@code >= 0}, types {@link CredentialType#isValid valid}, lengths of at least 1 and flags within
 * FLAGS_DEFINED (a record format may use the rest as markers); certificates and keys come already
 * decoded from PEM, other bytes as the caller gave them.
 *
 * <p>A slot is the store's handle of one credential, from {@link #find} or {@link #next}; it stays
 * valid until that credential is removed (a flash compaction may move the bytes, not the slot).
 */
public interface CredentialStore {
    /**
     * Stores a copy of {@code data[off, off+len)} under (tag, type) with flags. 0, {@code -EEXIST}
     * when (tag, type) is present, {@code -ENOMEM} when there is no free slot or no room for the
     * bytes, {@code -EIO} when the medium fails (nothing is then stored).
     */
    int put(int tag, int type, int flags, byte[] data, int off, int len);

    /** The slot of (tag, type), or {@code -ENOENT}. */
    int find(int tag, int type);

    int tag(int slot);

    int type(int slot);

    int flags(int slot);

    /** Bytes of the credential in slot. */
    int length(int slot);

    /**
     * Copies the credential in slot to {@code dst} at off ({@code dst} has room for
     * {@link #length}); returns the length, or {@code -EIO} when the medium fails.
     */
    int read(int slot, byte[] dst, int off);

    /** Removes (tag, type): 0, {@code -ENOENT}, or {@code -EIO} (the credential is then kept). */
    int remove(int tag, int type);

    /** The first used slot after {@code slot} (-1 to start), or -1 when there is none; for listing. */
    int next(int slot);

    /** Credentials the store can hold at most. */
    int capacity();
}
