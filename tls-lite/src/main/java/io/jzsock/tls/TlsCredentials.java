package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.OwnerResolver;
import java.util.Arrays;

/**
 * Zephyr's TLS credentials API ({@code include/zephyr/net/tls_credentials.h}, the seed's "TLS
 * credentials subsystem"): credentials are added under a sec_tag and a type and later named by the tag
 * in {@code TLS_SEC_TAG_LIST}. Pairs share a tag: a certificate with its private key, a PSK with its
 * identity. Every result is 0 or a negative errno, with Zephyr's codes and, where Zephyr says nothing,
 * the rules below.
 *
 * <ul>
 * <li>Tags: any int from 0 up. Negative tags are reserved ("for internal use", tls_credentials.h;
 *     {@link #TLS_SEC_TAG_NONE} is -1 in Zephyr's {@code tls_internal.h}): {@code -EINVAL}.</li>
 * <li>Types: {@link CredentialType#isValid}; NONE and anything above PSK_ID (Zephyr's trusted backend
 *     reserves 0xffff for its table) are {@code -EINVAL}.</li>
 * <li>Formats: certificates and keys are DER, or PEM, which is decoded to DER here, once (see
 *     {@code Pem}); so {@link #get} returns DER whatever was added. A CA_CERTIFICATE added as a PEM
 *     bundle of several certificates is stored as their DER certificates back to back ({@link DerChain}
 *     walks them); SERVER_CERTIFICATE likewise holds a chain, leaf first. DER is stored as given and
 *     checked by the TLS layer when it is used, as Zephyr's mbedTLS does. PSK and PSK_ID are raw bytes
 *     and are never decoded.</li>
 * <li>Sizes: one credential may hold {@link CredentialConfig#maxCredentialBytes} after decoding, more
 *     is {@code -ENOMEM}; the store may run out of slots or bytes, also {@code -ENOMEM}.</li>
 * <li>Access ({@code -EACCES}): a PRIVATE_KEY or PSK added with {@link #FLAG_NON_EXPORTABLE} is used by
 *     the TLS layer (same package, {@link #readForTls}) but {@link #get} refuses it, so application code
 *     cannot read the secret back; it can still be listed (tag, type, length) and deleted. The flag on a
 *     certificate or an identity, which are not secret, is {@code -EINVAL}. This is an API rule, not memory
 *     protection: code of the same firmware that places a class in this package, or reads the flash, gets
 *     the bytes.</li>
 * <li>Owners ({@code -EACCES}), netcore's socket ownership for credentials: a tag whose first
 *     credential was added by an owner ({@link #addAs}, or any call while an {@link OwnerResolver}
 *     installed with {@link #setOwnerResolver} names one) is that owner's; another owner's add, get,
 *     delete of it and a TLS_SEC_TAG_LIST naming it are {@code -EACCES} until {@link #grant}ed. Tags
 *     the supervisor added (owner null) are everyone's. The listing ({@link #next}) shows every tag:
 *     tags, types and lengths are not secret.</li>
 * <li>The medium: {@code -EIO} from the store (flash program/erase error, verify mismatch) is returned
 *     as is, with nothing changed.</li>
 * </ul>
 *
 * <p>Thread-safe: every call holds one lock, which also serialises the store. Nothing allocates after
 * construction: {@link #get}, {@link #next} and the TLS lookups copy into caller buffers.
 */
public final class TlsCredentials {
    public static final int CA_CERTIFICATE = CredentialType.CA_CERTIFICATE;
    public static final int SERVER_CERTIFICATE = CredentialType.SERVER_CERTIFICATE;
    /** Zephyr's later name of SERVER_CERTIFICATE (the same value). */
    public static final int PUBLIC_CERTIFICATE = CredentialType.SERVER_CERTIFICATE;
    public static final int PRIVATE_KEY = CredentialType.PRIVATE_KEY;
    public static final int PSK = CredentialType.PSK;
    public static final int PSK_ID = CredentialType.PSK_ID;

    /** No tag (Zephyr's TLS_SEC_TAG_NONE); never a valid tag, and the start of a {@link #next} listing. */
    public static final int TLS_SEC_TAG_NONE = -1;

    /**
     * Flag bit 0 of {@link #add(int, int, byte[], int, int, int)}: the TLS layer may use the secret,
     * {@link #get} returns {@code -EACCES}. Only for PRIVATE_KEY and PSK. Stores persist the flags
     * verbatim ({@link CredentialStore}).
     */
    public static final int FLAG_NON_EXPORTABLE = 1;
    /** Every flag bit this version defines; others are {@code -EINVAL}, and reserved. */
    public static final int FLAGS_DEFINED = FLAG_NON_EXPORTABLE;

    private final Object lock = new Object();
    private final CredentialStore store;
    /** PEM is decoded here before the store copies it; cleared after each use (it may hold a key). */
    private final byte[] decoded;
    private final CredentialOwners owners;
    private volatile OwnerResolver resolver;

    /** Over {@code store}, with {@link CredentialConfig#defaults()}'s credential size limit. */
    public TlsCredentials(CredentialStore store) {
        this(store, CredentialConfig.defaults());
    }

    public TlsCredentials(CredentialStore store, CredentialConfig cfg) {
        if (store == null) {
            throw new IllegalArgumentException("TlsCredentials: store is null");
        }
        cfg.validate();
        this.store = store;
        this.decoded = new byte[cfg.maxCredentialBytes];
        this.owners = new CredentialOwners(cfg.maxCredentials);
    }

    /**
     * Setup-time: the calls without an owner argument act as whom r names for the calling thread
     * (a MicroEJ board's Kernel &amp; Features adapter; null: the supervisor), as NetStack.zsock() does.
     */
    public void setOwnerResolver(OwnerResolver r) {
        synchronized (lock) {
            resolver = r;
        }
    }

    /** {@link #add(int, int, byte[], int, int, int)} without flags: the credential is exportable. */
    public int add(int tag, int type, byte[] cred, int off, int len) {
        return add(tag, type, cred, off, len, 0);
    }

    /**
     * Adds a copy of {@code cred[off, off+len)} (PEM decoded to DER) under (tag, type): 0, or
     * {@code -EINVAL} (reserved tag, unknown type, null, bad bounds, empty, undefined flag bits,
     * FLAG_NON_EXPORTABLE on a non-secret type, malformed PEM), {@code -EEXIST} (tag and type already
     * there), {@code -ENOMEM} (larger than a credential may be, no free slot or no room), {@code -EIO}.
     */
    public int add(int tag, int type, byte[] cred, int off, int len, int flags) {
        return addAs(caller(), tag, type, cred, off, len, flags);
    }

    /**
     * {@link #add(int, int, byte[], int, int, int)} as owner (null: the supervisor): also
     * {@code -EACCES} for a tag of another owner not granted to owner, {@code -ENOMEM} when the
     * table of tag owners is full. A tag's first credential makes it owner's.
     */
    public int addAs(Object owner, int tag, int type, byte[] cred, int off, int len, int flags) {
        if (!validKey(tag, type) || cred == null || len <= 0 || !inBounds(cred.length, off, len)
                || (flags & ~FLAGS_DEFINED) != 0 || ((flags & FLAG_NON_EXPORTABLE) != 0 && !isSecret(type))) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            if (!owners.mayUse(owner, tag)) {
                return -Errno.EACCES;
            }
            if (store.find(tag, type) >= 0) {
                return -Errno.EEXIST;
            }
            int claimed = owners.claim(owner, tag);
            if (claimed < 0) {
                return claimed;
            }
            int r = put(tag, type, cred, off, len, flags);
            if (r < 0 && claimed == 1) {
                owners.disown(tag);
            }
            return r;
        }
    }

    private int put(int tag, int type, byte[] cred, int off, int len, int flags) {
        if (type == PSK || type == PSK_ID || !Pem.isPem(cred, off, len)) {
            return len <= decoded.length ? store.put(tag, type, flags, cred, off, len) : -Errno.ENOMEM;
        }
        int kind = type == PRIVATE_KEY ? Pem.PRIVATE_KEY : Pem.CERTIFICATES;
        int n = Pem.decode(cred, off, len, kind, decoded, 0, decoded.length);
        int r = n < 0 ? n : store.put(tag, type, flags, decoded, 0, n);
        Arrays.fill(decoded, (byte) 0);
        return r;
    }

    /**
     * Copies (tag, type) to {@code out[off, off+lenInOut[0])}, as {@code tls_credential_get}: 0 with the
     * length in {@code lenInOut[0]}; {@code -EFBIG} when it does not fit, with the length it needs in
     * {@code lenInOut[0]} (so {@code out} may be null with {@code lenInOut[0] == 0} to ask the size);
     * {@code -ENOENT} (absent) and {@code -EACCES} (non-exportable) with 0 written there;
     * {@code -EINVAL} for bad arguments ({@code lenInOut} untouched); {@code -EIO}.
     */
    public int get(int tag, int type, byte[] out, int off, int[] lenInOut) {
        return getAs(caller(), tag, type, out, off, lenInOut);
    }

    /** {@link #get} as owner: also {@code -EACCES} (0 written back) for a tag of another owner not granted to it. */
    public int getAs(Object owner, int tag, int type, byte[] out, int off, int[] lenInOut) {
        if (!validKey(tag, type) || lenInOut == null || lenInOut.length < 1) {
            return -Errno.EINVAL;
        }
        int room = lenInOut[0];
        boolean sizeQuery = out == null && off == 0 && room == 0;
        if (!sizeQuery && (out == null || room < 0 || !inBounds(out.length, off, room))) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            if (!owners.mayUse(owner, tag)) {
                lenInOut[0] = 0;
                return -Errno.EACCES;
            }
            int slot = store.find(tag, type);
            if (slot < 0 || (store.flags(slot) & FLAG_NON_EXPORTABLE) != 0) {
                lenInOut[0] = 0;
                return slot < 0 ? -Errno.ENOENT : -Errno.EACCES;
            }
            int need = store.length(slot);
            lenInOut[0] = need;
            if (need > room) {
                return -Errno.EFBIG;
            }
            int r = store.read(slot, out, off);
            if (r < 0) {
                lenInOut[0] = 0;
                return r;
            }
            return 0;
        }
    }

    /** Removes (tag, type): 0, {@code -ENOENT}, {@code -EINVAL} (reserved tag, unknown type), {@code -EIO}. */
    public int delete(int tag, int type) {
        return deleteAs(caller(), tag, type);
    }

    /** {@link #delete} as owner: also {@code -EACCES} for a tag of another owner not granted to it. The tag's last credential frees it. */
    public int deleteAs(Object owner, int tag, int type) {
        if (!validKey(tag, type)) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            if (!owners.mayUse(owner, tag)) {
                return -Errno.EACCES;
            }
            int r = store.remove(tag, type);
            if (r == 0 && !hasAny(tag)) {
                owners.disown(tag);
            }
            return r;
        }
    }

    /**
     * k_object_access_grant for a sec tag: other may use owner's tag (add to it, read it, name it in
     * TLS_SEC_TAG_LIST). 0; {@code -EACCES} when owner may not use the tag itself; {@code -ENOENT}
     * for a tag no owner holds (the supervisor's tags are everyone's already); {@code -ENOMEM} past
     * {@link CredentialOwners#MAX_GRANTEES} grantees; {@code -EINVAL} for a null other or bad tag.
     */
    public int grant(Object owner, int tag, Object other) {
        if (tag < 0 || other == null) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            return owners.grant(owner, tag, other);
        }
    }

    /** k_object_access_revoke for a sec tag: 0 (also without a grant), {@code -EACCES}, {@code -EINVAL} for the tag's owner. */
    public int revoke(Object owner, int tag, Object other) {
        if (tag < 0 || other == null) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            return owners.revoke(owner, tag, other);
        }
    }

    /** For the TLS layer's TLS_SEC_TAG_LIST check: owner (null: the supervisor) may name tag. */
    boolean mayUse(Object owner, int tag) {
        synchronized (lock) {
            return owners.mayUse(owner, tag);
        }
    }

    private Object caller() {
        OwnerResolver r = resolver;
        return r == null ? null : r.currentOwner();
    }

    private boolean hasAny(int tag) {
        for (int s = store.next(-1); s >= 0; s = store.next(s)) {
            if (store.tag(s) == tag) {
                return true;
            }
        }
        return false;
    }

    /**
     * Listing for tools (Zephyr's {@code cred list}): fills {@code cursor} with the credential that
     * follows it in (tag, type) order and returns 0, or returns {@code -ENOENT} when none is left. Start
     * from a {@link CredentialInfo#reset() reset} cursor. Ordered by key rather than by slot, so a listing
     * interleaved with adds and deletes still visits every credential that stays, once.
     */
    public int next(CredentialInfo cursor) {
        if (cursor == null) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            int best = -1;
            for (int s = store.next(-1); s >= 0; s = store.next(s)) {
                if (after(store.tag(s), store.type(s), cursor.tag, cursor.type)
                        && (best < 0 || after(store.tag(best), store.type(best), store.tag(s), store.type(s)))) {
                    best = s;
                }
            }
            if (best < 0) {
                return -Errno.ENOENT;
            }
            cursor.tag = store.tag(best);
            cursor.type = store.type(best);
            cursor.length = store.length(best);
            cursor.flags = store.flags(best);
            return 0;
        }
    }

    /** Credentials stored now. */
    public int count() {
        synchronized (lock) {
            int n = 0;
            for (int s = store.next(-1); s >= 0; s = store.next(s)) {
                n++;
            }
            return n;
        }
    }

    /** The largest credential, in bytes after PEM decoding. */
    public int maxCredentialBytes() {
        return decoded.length;
    }

    /**
     * For the TLS layer, per handshake: the length of (tag, type), or {@code -ENOENT}, {@code -EINVAL}.
     * Package-private with {@link #readForTls}: the one way past {@link #FLAG_NON_EXPORTABLE}.
     */
    int lengthForTls(int tag, int type) {
        if (!validKey(tag, type)) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            int slot = store.find(tag, type);
            return slot < 0 ? slot : store.length(slot);
        }
    }

    /**
     * For the TLS layer, per handshake: copies (tag, type), exportable or not, to {@code dst[off, off+cap)}
     * and returns its length; {@code -ENOENT}, {@code -EFBIG} (more than cap), {@code -EINVAL} (bad
     * arguments), {@code -EIO}. Allocates nothing.
     */
    int readForTls(int tag, int type, byte[] dst, int off, int cap) {
        if (!validKey(tag, type) || dst == null || cap < 0 || !inBounds(dst.length, off, cap)) {
            return -Errno.EINVAL;
        }
        synchronized (lock) {
            int slot = store.find(tag, type);
            if (slot < 0) {
                return slot;
            }
            return store.length(slot) > cap ? -Errno.EFBIG : store.read(slot, dst, off);
        }
    }

    private static boolean validKey(int tag, int type) {
        return tag >= 0 && CredentialType.isValid(type);
    }

    private static boolean isSecret(int type) {
        return type == PRIVATE_KEY || type == PSK;
    }

    /** {@code off, len >= 0} and {@code off + len <= size}, without int overflow. */
    private static boolean inBounds(int size, int off, int len) {
        return off >= 0 && len >= 0 && off <= size - len;
    }

    /** (tag, type) sorts after (tag0, type0). */
    private static boolean after(int tag, int type, int tag0, int type0) {
        return tag > tag0 || (tag == tag0 && type > type0);
    }
}
