package io.jzsock.tls;

import static io.jzsock.net.ZsockConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.Errno;
import org.junit.jupiter.api.Test;

/** SOL_TLS storage: Zephyr's defaults, argument checks and set/get directions, without sockets. */
class TlsOptionsTest {
    private int purged;
    private final TlsOptions o = new TlsOptions(TlsConfig.defaults(), (tags, n) -> tags[0] == 7 ? -Errno.ENOENT : 0,
            new int[] {0x1301, 0xC02B}, () -> purged++);
    private final int[] v = new int[1];

    @Test
    void peerVerifyDefaultsToNoneForServersAndRequiredForClientsAndIsWriteOnly() {
        assertEquals(TLS_PEER_VERIFY_NONE, o.peerVerify(true));
        assertEquals(TLS_PEER_VERIFY_REQUIRED, o.peerVerify(false));
        assertEquals(-Errno.EINVAL, o.setInt(TLS_PEER_VERIFY, 3));
        assertEquals(0, o.setInt(TLS_PEER_VERIFY, TLS_PEER_VERIFY_OPTIONAL));
        assertEquals(TLS_PEER_VERIFY_OPTIONAL, o.peerVerify(false));
        assertEquals(-Errno.ENOPROTOOPT, o.getInt(TLS_PEER_VERIFY, v));
    }

    @Test
    void secTagListIsCheckedBeforeItIsStoredAndBoundedByTheConfig() {
        assertEquals(-Errno.ENOENT, o.setList(TLS_SEC_TAG_LIST, new int[] {7}, 1));
        assertEquals(0, o.secTagCount());
        assertEquals(-Errno.EINVAL, o.setList(TLS_SEC_TAG_LIST, new int[] {1, 2, 3, 4, 5}, 5));
        byte[] le = {2, 0, 0, 0, 3, 0, 0, 0};
        assertEquals(0, o.setBytes(TLS_SEC_TAG_LIST, le, 0, 8));
        assertEquals(2, o.secTagCount());
        assertEquals(-Errno.EINVAL, o.setBytes(TLS_SEC_TAG_LIST, le, 0, 6));
    }

    @Test
    void cipherSuiteListReadsBackTheDefaultsUntilSetAndUsedIsEnotconnBeforeAHandshake() {
        byte[] b = new byte[16];
        int[] len = {16};
        assertEquals(0, o.getBytes(TLS_CIPHERSUITE_LIST, b, 0, len));
        assertEquals(8, len[0]);
        assertEquals(0x1301, b[0] & 0xff | (b[1] & 0xff) << 8, "little-endian IANA number");
        assertEquals(-Errno.ENOTCONN, o.getInt(TLS_CIPHERSUITE_USED, v));
        assertEquals(-Errno.ENOPROTOOPT, o.setInt(TLS_CIPHERSUITE_USED, 1));
        o.publishSuiteUsed(0xC02B);
        assertEquals(0, o.getInt(TLS_CIPHERSUITE_USED, v));
        assertEquals(0xC02B, v[0]);
    }

    @Test
    void hostnameIsWriteOnlyANulDroppedAndNullDisablesTheCheck() {
        assertEquals(TlsOptions.HOSTNAME_UNSET, o.hostnameState());
        byte[] h = "example.com\0".getBytes();
        assertEquals(0, o.setBytes(TLS_HOSTNAME, h, 0, h.length));
        assertEquals(11, o.hostnameLength());
        assertEquals(TlsOptions.HOSTNAME_SET, o.hostnameState());
        assertEquals(0, o.setBytes(TLS_HOSTNAME, null, 0, 0));
        assertEquals(TlsOptions.HOSTNAME_NONE, o.hostnameState());
        assertEquals(-Errno.ENOPROTOOPT, o.getBytes(TLS_HOSTNAME, h, 0, new int[] {h.length}));
    }

    @Test
    void sessionCacheDtlsOptionsVerifyResultAndPurge() {
        assertEquals(0, o.getInt(TLS_SESSION_CACHE, v));
        assertEquals(TlsOptions.SESSION_CACHE_DISABLED, v[0]);
        assertEquals(-Errno.EINVAL, o.setInt(TLS_SESSION_CACHE, 2));
        assertEquals(0, o.setInt(TLS_SESSION_CACHE_PURGE, 0));
        assertEquals(1, purged);
        assertEquals(0, o.getInt(TLS_DTLS_HANDSHAKE_TIMEOUT_MIN, v));
        assertEquals(1000, v[0]);
        assertEquals(0, o.getInt(TLS_DTLS_HANDSHAKE_TIMEOUT_MAX, v));
        assertEquals(60000, v[0]);
        assertEquals(-Errno.EINVAL, o.setInt(TLS_DTLS_ROLE, 2));
        assertEquals(-Errno.EINVAL, o.setInt(TLS_DTLS_CID, 3));
        assertEquals(0, o.getInt(TLS_CERT_VERIFY_RESULT, v));
        assertEquals(TlsOptions.VERIFY_RESULT_NONE, v[0]);
        assertEquals(-Errno.ENOPROTOOPT, o.setInt(TLS_NATIVE, 1));
        assertEquals(-Errno.ENOPROTOOPT, o.setInt(99, 1));
        assertEquals(0, o.setInt(TLS_CERT_NOCOPY, TlsOptions.CERT_NOCOPY_OPTIONAL));
        assertEquals(-Errno.EINVAL, o.setInt(TLS_CERT_NOCOPY, 2));
    }
}
