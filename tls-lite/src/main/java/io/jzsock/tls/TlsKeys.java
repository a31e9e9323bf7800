package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.tls.bc.BcKeys;

/**
 * The TLS layer's side of {@link TlsCredentials}: checks a TLS_SEC_TAG_LIST before it is stored
 * (Zephyr's test_tls_bad_cred: a tag with no credential is -ENOENT, a credential the engine cannot
 * parse, or a PSK longer than the sockets' buffers for it, -EINVAL) and reads credentials,
 * exportable or not, for a handshake. One scratch buffer of the store's largest credential, guarded
 * by this object.
 */
final class TlsKeys implements CredentialCheck {
    private static final int[] TYPES = {
        TlsCredentials.CA_CERTIFICATE, TlsCredentials.SERVER_CERTIFICATE, TlsCredentials.PRIVATE_KEY,
        TlsCredentials.PSK, TlsCredentials.PSK_ID,
    };

    private final TlsCredentials creds;
    private final byte[] scratch;
    private final int maxPsk;
    private final int maxPskIdentity;

    TlsKeys(TlsCredentials creds, TlsConfig cfg) {
        this.creds = creds;
        this.scratch = new byte[creds.maxCredentialBytes()];
        this.maxPsk = cfg.maxPskBytes;
        this.maxPskIdentity = cfg.maxPskIdentityBytes;
    }

    @Override
    public synchronized int check(int[] tags, int count) {
        for (int i = 0; i < count; i++) {
            int r = checkTag(tags[i]);
            if (r < 0) {
                return r;
            }
        }
        return 0;
    }

    /** Copies (tag, type) to dst: its length, -ENOENT, or -EFBIG when dst is too small. */
    int read(int tag, int type, byte[] dst, int off, int cap) {
        return creds.readForTls(tag, type, dst, off, cap);
    }

    /** The length of (tag, type), or -ENOENT. */
    int length(int tag, int type) {
        return creds.lengthForTls(tag, type);
    }

    int maxCredentialBytes() {
        return scratch.length;
    }

    private int checkTag(int tag) {
        if (tag < 0) {
            return -Errno.EINVAL;
        }
        int found = 0;
        for (int t = 0; t < TYPES.length; t++) {
            int type = TYPES[t];
            int len = creds.readForTls(tag, type, scratch, 0, scratch.length);
            if (len == -Errno.ENOENT) {
                continue;
            }
            if (len < 0) {
                return -Errno.EINVAL;
            }
            found++;
            int r = checkOne(type, len);
            if (r < 0) {
                return r;
            }
        }
        return found == 0 ? -Errno.ENOENT : 0;
    }

    private int checkOne(int type, int len) {
        switch (type) {
            case TlsCredentials.CA_CERTIFICATE:
            case TlsCredentials.SERVER_CERTIFICATE:
                return BcKeys.checkCertificates(scratch, 0, len);
            case TlsCredentials.PRIVATE_KEY:
                return BcKeys.checkPrivateKey(scratch, 0, len);
            case TlsCredentials.PSK:
                return len > 0 && len <= maxPsk ? 0 : -Errno.EINVAL;
            case TlsCredentials.PSK_ID:
                return len > 0 && len <= maxPskIdentity ? 0 : -Errno.EINVAL;
            default:
                return len > 0 ? 0 : -Errno.EINVAL;
        }
    }
}
