package io.jzsock.tls;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;

/**
 * The SOL_TLS options of one TLS or DTLS socket, Zephyr's {@code struct tls_context.options}: storage,
 * argument checks and the set/get semantics of sockets_tls.c, shared by the stream and the datagram
 * kind. What an option does to a handshake is the kind's business; this class only keeps values.
 * Every buffer is allocated in the constructor from {@link TlsConfig}; set and get allocate nothing.
 * Not thread-safe: the kind guards it.
 *
 * <p>Values travel as the bytes of their C form (ints little-endian, sec_tag_t and ciphersuite lists
 * as arrays of them), or through the int and int-list forms of {@code Zsock.setsockopt}. Write-only
 * options (TLS_HOSTNAME, TLS_PEER_VERIFY, TLS_DTLS_ROLE, TLS_CERT_NOCOPY, TLS_SESSION_CACHE_PURGE)
 * and read-only ones (TLS_CIPHERSUITE_USED, TLS_CERT_VERIFY_RESULT, TLS_DTLS_CID_STATUS,
 * TLS_DTLS_PEER_CID_VALUE) answer the other direction with -ENOPROTOOPT, as Zephyr's switch does.
 */
public final class TlsOptions {
    /**
     * RFC 6066 max_fragment_length, from Zephyr main's ZSOCK_TLS_MAX_FRAGMENT_LENGTH (not in the 4.2.0
     * header; the number is the next free one after TLS_CERT_VERIFY_CALLBACK, unverified upstream).
     * Values: {@link #MFL_NONE} or the RFC's codes 1..4 (2^9..2^12 bytes), mbedTLS's MBEDTLS_SSL_MAX_FRAG_LEN_*.
     */
    public static final int TLS_MAX_FRAGMENT_LENGTH = 21;
    public static final int MFL_NONE = 0;
    public static final int MFL_512 = 1;
    public static final int MFL_1024 = 2;
    public static final int MFL_2048 = 3;
    public static final int MFL_4096 = 4;

    public static final int SESSION_CACHE_DISABLED = 0;
    public static final int SESSION_CACHE_ENABLED = 1;
    public static final int CERT_NOCOPY_NONE = 0;
    public static final int CERT_NOCOPY_OPTIONAL = 1;
    public static final int DTLS_CID_DISABLED = 0;
    public static final int DTLS_CID_SUPPORTED = 1;
    public static final int DTLS_CID_ENABLED = 2;

    /** TLS_HOSTNAME never set: a client verifies the name and, having none, fails (mbedTLS 3.6.3 on). */
    public static final int HOSTNAME_UNSET = 0;
    /** TLS_HOSTNAME set to NULL: no name check. */
    public static final int HOSTNAME_NONE = 1;
    public static final int HOSTNAME_SET = 2;

    /** No handshake has verified a certificate yet: mbedTLS's mbedtls_ssl_get_verify_result gives 0xFFFFFFFF. */
    public static final int VERIFY_RESULT_NONE = -1;
    /** mbedTLS's default DTLS retransmission timeouts (MBEDTLS_SSL_DTLS_TIMEOUT_DFL_MIN/MAX), ms. */
    public static final int DTLS_TIMEOUT_MIN_DEFAULT = 1000;
    public static final int DTLS_TIMEOUT_MAX_DEFAULT = 60000;

    private final int[] intScratch = new int[1];
    private final int[] listScratch;
    private final int alpnLimit;
    private final CredentialCheck check;
    private final int[] defaultSuites;
    private final Runnable purgeSessions;
    private final int[] secTags;
    private int secTagCount;
    private final byte[] hostname;
    private int hostnameLen;
    private int hostnameState;
    private final int[] suites;
    private int suiteCount;
    private int peerVerify;
    private int dtlsRole;
    private final byte[] alpn;
    private int alpnLen;
    private int alpnCount;
    private int dtlsTimeoutMin;
    private int dtlsTimeoutMax;
    private int certNocopy;
    private int sessionCache;
    private int cidMode;
    private final byte[] cid;
    private int cidLen;
    private int cidStatus;
    private final byte[] peerCid;
    private int peerCidLen;
    private int handshakeOnConnect;
    private int verifyResult;
    private int suiteUsed;
    private int maxFragment;

    /**
     * check vets TLS_SEC_TAG_LIST; defaultSuites is what TLS_CIPHERSUITE_LIST reads back while unset
     * (mbedTLS lists every suite it has); purgeSessions runs for TLS_SESSION_CACHE_PURGE.
     */
    public TlsOptions(TlsConfig cfg, CredentialCheck check, int[] defaultSuites, Runnable purgeSessions) {
        this.check = check;
        this.defaultSuites = defaultSuites;
        this.purgeSessions = purgeSessions;
        secTags = new int[cfg.maxSecTags];
        hostname = new byte[cfg.maxHostnameBytes];
        suites = new int[cfg.maxCipherSuites];
        alpn = new byte[cfg.maxAlpnBytes];
        cid = new byte[cfg.maxCidBytes];
        peerCid = new byte[cfg.maxCidBytes];
        listScratch = new int[Math.max(cfg.maxSecTags, cfg.maxCipherSuites) + 1];
        alpnLimit = cfg.maxAlpnProtocols;
        reset();
    }

    /** Back to a new socket's defaults (the kind reuses the object for the slot's next socket). */
    public void reset() {
        secTagCount = 0;
        hostnameLen = 0;
        hostnameState = HOSTNAME_UNSET;
        suiteCount = 0;
        peerVerify = -1;
        dtlsRole = ZsockConstants.TLS_DTLS_ROLE_CLIENT;
        alpnLen = 0;
        alpnCount = 0;
        dtlsTimeoutMin = DTLS_TIMEOUT_MIN_DEFAULT;
        dtlsTimeoutMax = DTLS_TIMEOUT_MAX_DEFAULT;
        certNocopy = CERT_NOCOPY_NONE;
        sessionCache = SESSION_CACHE_DISABLED;
        cidMode = DTLS_CID_DISABLED;
        cidLen = 0;
        cidStatus = 0;
        peerCidLen = 0;
        handshakeOnConnect = 1;
        verifyResult = VERIFY_RESULT_NONE;
        suiteUsed = 0;
        maxFragment = MFL_NONE;
    }

    /** Copies another socket's options: an accepted socket starts with its listener's (Zephyr's tls_clone). */
    public void copyFrom(TlsOptions o) {
        System.arraycopy(o.secTags, 0, secTags, 0, o.secTagCount);
        secTagCount = o.secTagCount;
        System.arraycopy(o.hostname, 0, hostname, 0, o.hostnameLen);
        hostnameLen = o.hostnameLen;
        hostnameState = o.hostnameState;
        System.arraycopy(o.suites, 0, suites, 0, o.suiteCount);
        suiteCount = o.suiteCount;
        peerVerify = o.peerVerify;
        dtlsRole = o.dtlsRole;
        System.arraycopy(o.alpn, 0, alpn, 0, o.alpnLen);
        alpnLen = o.alpnLen;
        alpnCount = o.alpnCount;
        dtlsTimeoutMin = o.dtlsTimeoutMin;
        dtlsTimeoutMax = o.dtlsTimeoutMax;
        certNocopy = o.certNocopy;
        sessionCache = o.sessionCache;
        cidMode = o.cidMode;
        System.arraycopy(o.cid, 0, cid, 0, o.cidLen);
        cidLen = o.cidLen;
        handshakeOnConnect = o.handshakeOnConnect;
        maxFragment = o.maxFragment;
        cidStatus = 0;
        peerCidLen = 0;
        verifyResult = VERIFY_RESULT_NONE;
        suiteUsed = 0;
    }

    /** True for an option of this class (SOL_TLS level); other levels belong to the inner socket. */
    public static boolean isTlsLevel(int level) {
        return level == ZsockConstants.SOL_TLS;
    }

    /** The int form of setsockopt; list and byte-string options need the other forms (-EINVAL here). */
    public int setInt(int opt, int value) {
        switch (opt) {
            case ZsockConstants.TLS_PEER_VERIFY:
                if (value < ZsockConstants.TLS_PEER_VERIFY_NONE || value > ZsockConstants.TLS_PEER_VERIFY_REQUIRED) {
                    return -Errno.EINVAL;
                }
                peerVerify = value;
                return 0;
            case ZsockConstants.TLS_DTLS_ROLE:
                if (value != ZsockConstants.TLS_DTLS_ROLE_CLIENT && value != ZsockConstants.TLS_DTLS_ROLE_SERVER) {
                    return -Errno.EINVAL;
                }
                dtlsRole = value;
                return 0;
            case ZsockConstants.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN:
                if (value <= 0) {
                    return -Errno.EINVAL;
                }
                dtlsTimeoutMin = value;
                return 0;
            case ZsockConstants.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX:
                if (value <= 0) {
                    return -Errno.EINVAL;
                }
                dtlsTimeoutMax = value;
                return 0;
            case ZsockConstants.TLS_CERT_NOCOPY:
                if (value != CERT_NOCOPY_NONE && value != CERT_NOCOPY_OPTIONAL) {
                    return -Errno.EINVAL;
                }
                certNocopy = value;
                return 0;
            case ZsockConstants.TLS_SESSION_CACHE:
                if (value != SESSION_CACHE_DISABLED && value != SESSION_CACHE_ENABLED) {
                    return -Errno.EINVAL;
                }
                sessionCache = value;
                return 0;
            case ZsockConstants.TLS_SESSION_CACHE_PURGE:
                // Zephyr ignores the value and empties the cache of every socket.
                if (purgeSessions != null) {
                    purgeSessions.run();
                }
                return 0;
            case ZsockConstants.TLS_DTLS_CID:
                if (value < DTLS_CID_DISABLED || value > DTLS_CID_ENABLED) {
                    return -Errno.EINVAL;
                }
                cidMode = value;
                return 0;
            case ZsockConstants.TLS_DTLS_HANDSHAKE_ON_CONNECT:
                if (value != 0 && value != 1) {
                    return -Errno.EINVAL;
                }
                handshakeOnConnect = value;
                return 0;
            case TLS_MAX_FRAGMENT_LENGTH:
                if (value < MFL_NONE || value > MFL_4096) {
                    return -Errno.EINVAL;
                }
                maxFragment = value;
                return 0;
            case ZsockConstants.TLS_SEC_TAG_LIST:
            case ZsockConstants.TLS_CIPHERSUITE_LIST:
                intScratch[0] = value;
                return setList(opt, intScratch, 1);
            case ZsockConstants.TLS_HOSTNAME:
            case ZsockConstants.TLS_ALPN_LIST:
            case ZsockConstants.TLS_DTLS_CID_VALUE:
                return -Errno.EINVAL;
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    /** TLS_SEC_TAG_LIST and TLS_CIPHERSUITE_LIST from an int array (sec_tag_t[], int[]). */
    public int setList(int opt, int[] values, int count) {
        if (opt == ZsockConstants.TLS_SEC_TAG_LIST) {
            if (count > secTags.length) {
                return -Errno.EINVAL;
            }
            if (check != null) {
                int r = check.check(values, count);
                if (r < 0) {
                    return r;
                }
            }
            System.arraycopy(values, 0, secTags, 0, count);
            secTagCount = count;
            return 0;
        }
        if (opt == ZsockConstants.TLS_CIPHERSUITE_LIST) {
            if (count > suites.length) {
                return -Errno.EINVAL;
            }
            for (int i = 0; i < count; i++) {
                if (values[i] <= 0 || values[i] > 0xffff) {
                    return -Errno.EINVAL;
                }
            }
            System.arraycopy(values, 0, suites, 0, count);
            suiteCount = count;
            return 0;
        }
        return isKnown(opt) ? -Errno.EINVAL : -Errno.ENOPROTOOPT;
    }

    /** The byte form: C values (little-endian ints, arrays of them, strings); v may be null with len 0. */
    public int setBytes(int opt, byte[] v, int off, int len) {
        switch (opt) {
            case ZsockConstants.TLS_SEC_TAG_LIST:
            case ZsockConstants.TLS_CIPHERSUITE_LIST: {
                if ((len & 3) != 0 || v == null && len > 0) {
                    return -Errno.EINVAL;
                }
                int n = len / 4;
                if (n > listScratch.length) {
                    return -Errno.EINVAL;
                }
                for (int i = 0; i < n; i++) {
                    listScratch[i] = le32(v, off + 4 * i);
                }
                return setList(opt, listScratch, n);
            }
            case ZsockConstants.TLS_HOSTNAME:
                return setHostname(v, off, len);
            case ZsockConstants.TLS_ALPN_LIST:
                return setAlpn(v, off, len);
            case ZsockConstants.TLS_DTLS_CID_VALUE:
                if (len > cid.length) {
                    return -Errno.EINVAL;
                }
                if (len > 0) {
                    System.arraycopy(v, off, cid, 0, len);
                }
                cidLen = len;
                return 0;
            default:
                if (!isKnown(opt)) {
                    return -Errno.ENOPROTOOPT;
                }
                if (len != 4 || v == null) {
                    return -Errno.EINVAL;
                }
                return setInt(opt, le32(v, off));
        }
    }

    /** The int form of getsockopt. */
    public int getInt(int opt, int[] out) {
        switch (opt) {
            case ZsockConstants.TLS_CIPHERSUITE_USED:
                if (suiteUsed == 0) {
                    return -Errno.ENOTCONN;
                }
                out[0] = suiteUsed;
                return 0;
            case ZsockConstants.TLS_DTLS_HANDSHAKE_TIMEOUT_MIN:
                out[0] = dtlsTimeoutMin;
                return 0;
            case ZsockConstants.TLS_DTLS_HANDSHAKE_TIMEOUT_MAX:
                out[0] = dtlsTimeoutMax;
                return 0;
            case ZsockConstants.TLS_SESSION_CACHE:
                out[0] = sessionCache;
                return 0;
            case ZsockConstants.TLS_DTLS_CID:
                out[0] = cidMode;
                return 0;
            case ZsockConstants.TLS_DTLS_CID_STATUS:
                out[0] = cidStatus;
                return 0;
            case ZsockConstants.TLS_DTLS_HANDSHAKE_ON_CONNECT:
                out[0] = handshakeOnConnect;
                return 0;
            case ZsockConstants.TLS_CERT_VERIFY_RESULT:
                out[0] = verifyResult;
                return 0;
            case TLS_MAX_FRAGMENT_LENGTH:
                out[0] = maxFragment;
                return 0;
            case ZsockConstants.TLS_SEC_TAG_LIST:
                if (secTagCount == 0) {
                    return -Errno.EINVAL;
                }
                out[0] = secTags[0];
                return 0;
            case ZsockConstants.TLS_CIPHERSUITE_LIST:
                out[0] = suiteCount > 0 ? suites[0] : defaultSuites[0];
                return 0;
            default:
                return -Errno.ENOPROTOOPT;
        }
    }

    /** The byte form; lenInOut[0] is the room on entry and the bytes written on return. */
    public int getBytes(int opt, byte[] v, int off, int[] lenInOut) {
        switch (opt) {
            case ZsockConstants.TLS_SEC_TAG_LIST:
                return putList(secTags, secTagCount, v, off, lenInOut);
            case ZsockConstants.TLS_CIPHERSUITE_LIST:
                return suiteCount > 0 ? putList(suites, suiteCount, v, off, lenInOut)
                        : putList(defaultSuites, defaultSuites.length, v, off, lenInOut);
            case ZsockConstants.TLS_ALPN_LIST:
                return putBytes(alpn, alpnLen, v, off, lenInOut);
            case ZsockConstants.TLS_DTLS_CID_VALUE:
                return putBytes(cid, cidLen, v, off, lenInOut);
            case ZsockConstants.TLS_DTLS_PEER_CID_VALUE:
                return putBytes(peerCid, peerCidLen, v, off, lenInOut);
            default: {
                if (lenInOut[0] < 4) {
                    return isKnown(opt) ? -Errno.EINVAL : -Errno.ENOPROTOOPT;
                }
                int r = getInt(opt, intScratch);
                if (r < 0) {
                    return r;
                }
                putLe32(v, off, intScratch[0]);
                lenInOut[0] = 4;
                return 0;
            }
        }
    }

    public int secTagCount() {
        return secTagCount;
    }

    public int secTag(int i) {
        return secTags[i];
    }

    /** The list itself, for handing to the verifier without a copy; read entries [0, secTagCount). */
    public int[] secTags() {
        return secTags;
    }

    public int hostnameState() {
        return hostnameState;
    }

    /** The TLS_HOSTNAME bytes, trailing NUL dropped: [0, hostnameLength). */
    public byte[] hostname() {
        return hostname;
    }

    public int hostnameLength() {
        return hostnameLen;
    }

    public int cipherSuiteCount() {
        return suiteCount;
    }

    public int cipherSuite(int i) {
        return suites[i];
    }

    /** TLS_PEER_VERIFY as set, or the role's default: NONE for a server, REQUIRED for a client. */
    public int peerVerify(boolean server) {
        if (peerVerify >= 0) {
            return peerVerify;
        }
        return server ? ZsockConstants.TLS_PEER_VERIFY_NONE : ZsockConstants.TLS_PEER_VERIFY_REQUIRED;
    }

    public int dtlsRole() {
        return dtlsRole;
    }

    public int alpnCount() {
        return alpnCount;
    }

    /** The ALPN names as set, each followed by a NUL: [0, alpnLength). */
    public byte[] alpn() {
        return alpn;
    }

    public int alpnLength() {
        return alpnLen;
    }

    public int dtlsTimeoutMin() {
        return dtlsTimeoutMin;
    }

    public int dtlsTimeoutMax() {
        return dtlsTimeoutMax;
    }

    public int certNocopy() {
        return certNocopy;
    }

    public boolean sessionCacheEnabled() {
        return sessionCache == SESSION_CACHE_ENABLED;
    }

    public int cidMode() {
        return cidMode;
    }

    public byte[] cid() {
        return cid;
    }

    public int cidLength() {
        return cidLen;
    }

    public boolean handshakeOnConnect() {
        return handshakeOnConnect != 0;
    }

    public int maxFragmentLength() {
        return maxFragment;
    }

    /** After a handshake verified (or failed to verify) the peer: TLS_CERT_VERIFY_RESULT's flags. */
    public void publishVerifyResult(int flags) {
        verifyResult = flags;
    }

    /** After a handshake: the IANA number of the negotiated suite (0 again for "none yet"). */
    public void publishSuiteUsed(int suite) {
        suiteUsed = suite;
    }

    /** The DTLS kind publishes what Connection ID negotiation gave (TLS_DTLS_CID_STATUS, _PEER_CID_VALUE). */
    public void publishCid(int status, byte[] peer, int off, int len) {
        cidStatus = status;
        int n = Math.min(len, peerCid.length);
        if (n > 0) {
            System.arraycopy(peer, off, peerCid, 0, n);
        }
        peerCidLen = n;
    }

    private int setHostname(byte[] v, int off, int len) {
        if (v == null) {
            hostnameLen = 0;
            hostnameState = HOSTNAME_NONE;
            return 0;
        }
        int n = len;
        if (n > 0 && v[off + n - 1] == 0) {
            n--;
        }
        if (n > hostname.length) {
            return -Errno.EINVAL;
        }
        System.arraycopy(v, off, hostname, 0, n);
        hostnameLen = n;
        hostnameState = n == 0 ? HOSTNAME_NONE : HOSTNAME_SET;
        return 0;
    }

    /** Names separated by NULs, as Zephyr's array of C strings; each 1..255 bytes (RFC 7301 §3.1). */
    private int setAlpn(byte[] v, int off, int len) {
        int n = len;
        if (n > 0 && v[off + n - 1] == 0) {
            n--;
        }
        if (n + 1 > alpn.length && n > 0) {
            return -Errno.EINVAL;
        }
        int count = 0;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || v[off + i] == 0) {
                int nameLen = i - start;
                if (nameLen < 1 || nameLen > 255) {
                    return n == 0 ? clearAlpn() : -Errno.EINVAL;
                }
                count++;
                start = i + 1;
            }
        }
        if (count > alpnLimit) {
            return -Errno.EINVAL;
        }
        System.arraycopy(v, off, alpn, 0, n);
        alpn[n] = 0;
        alpnLen = n + 1;
        alpnCount = count;
        return 0;
    }

    private int clearAlpn() {
        alpnLen = 0;
        alpnCount = 0;
        return 0;
    }

    private static int putList(int[] src, int count, byte[] v, int off, int[] lenInOut) {
        int n = Math.min(count, lenInOut[0] / 4);
        for (int i = 0; i < n; i++) {
            putLe32(v, off + 4 * i, src[i]);
        }
        lenInOut[0] = n * 4;
        return 0;
    }

    private static int putBytes(byte[] src, int len, byte[] v, int off, int[] lenInOut) {
        if (lenInOut[0] < len) {
            return -Errno.EINVAL;
        }
        if (len > 0) {
            System.arraycopy(src, 0, v, off, len);
        }
        lenInOut[0] = len;
        return 0;
    }

    private static boolean isKnown(int opt) {
        return opt >= ZsockConstants.TLS_SEC_TAG_LIST && opt <= ZsockConstants.TLS_CERT_VERIFY_RESULT
                && opt != ZsockConstants.TLS_NATIVE || opt == TLS_MAX_FRAGMENT_LENGTH;
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xff) | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff) << 16 | (b[o + 3] & 0xff) << 24;
    }

    private static void putLe32(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

}
