package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.sock.TagAccess;

/** TlsCredentials' tag owners as netcore's {@link TagAccess}: a TLS_SEC_TAG_LIST naming another owner's tag is -EACCES. */
final class CredentialTagAccess implements TagAccess {
    private final TlsCredentials creds;

    CredentialTagAccess(TlsCredentials creds) {
        this.creds = creds;
    }

    @Override
    public int check(Object owner, int[] tags, int count) {
        if (owner == null) {
            return 0;
        }
        for (int i = 0; i < count; i++) {
            if (!creds.mayUse(owner, tags[i])) {
                return -Errno.EACCES;
            }
        }
        return 0;
    }
}
