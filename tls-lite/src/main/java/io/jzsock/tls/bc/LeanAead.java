package io.jzsock.tls.bc;

/**
 * One direction of an AEAD with a 12-byte nonce and a 16-byte tag, keyed once and re-nonced per record without
 * allocating. Implementations compose Bouncy Castle's primitives (AES, GHASH multiply, ChaCha20, Poly1305); they
 * own every buffer they use, sized at construction.
 */
abstract class LeanAead {
    static final int NONCE_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    /** Keys the primitive; called at the handshake and on a TLS 1.3 KeyUpdate only. */
    abstract void setKey(byte[] key, int off, int len);

    /**
     * Encrypts {@code buf[off, off + len)} in place and writes the tag right after it.
     *
     * @return len + {@link #TAG_LENGTH}
     */
    abstract int seal(byte[] nonce, byte[] aad, int aadLen, byte[] buf, int off, int len);

    /**
     * Checks the tag of the ciphertext {@code buf[off, off + len)} (tag included) and, only if it matches,
     * decrypts it in place.
     *
     * @return the plaintext length, or -1 when the tag does not match (nothing is decrypted then)
     */
    abstract int open(byte[] nonce, byte[] aad, int aadLen, byte[] buf, int off, int len);
}
