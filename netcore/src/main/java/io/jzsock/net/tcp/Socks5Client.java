package io.jzsock.net.tcp;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928) with optional username/password authentication
 * (RFC 1929), as a pure codec and state object: it neither reads nor writes a socket. The caller
 * sends {@link #out()} [{@link #outOff()}, +{@link #outLen()}) and reports it with
 * {@link #sent(int)}, and feeds the proxy's bytes to {@link #input}, which takes at most
 * {@link #wanted()} of them, so data the destination sends right after the CONNECT reply stays
 * with the caller. All storage is allocated once in the constructor.
 *
 * <p>Option value ({@code setsockopt(fd, SOL_SOCKET, SO_SOCKS5, v, len)}), parsed by
 * {@link #configure}:
 * <pre>
 *  0      2      4              8                       24     25          25+U   26+U
 *  +------+------+--------------+-----------------------+------+-----------+------+-----------+
 *  |family| port |  IPv4 addr   | rest of net_sockaddr  | ULEN |  UNAME    | PLEN |  PASSWD   |
 *  |u16 LE|u16 BE| network order| (ignored)             |  u8  | ULEN bytes|  u8  | PLEN bytes|
 *  +------+------+--------------+-----------------------+------+-----------+------+-----------+
 *  \---- struct sockaddr_in (8) ----/
 *  \-------------- Zephyr: any len 8..24 -----------------/\---- jzsock extension: len > 24 ----/
 * </pre>
 * Up to 24 bytes ({@code NET_SOCKADDR_MAX_SIZE}) this is exactly Zephyr's option: the proxy's
 * sockaddr, whose family must be the socket's (AF_INET), else -EINVAL. Zephyr rejects longer
 * values, so jzsock gives them a meaning: the 24-byte sockaddr area is followed by the RFC 1929
 * §2 credential fields as they go on the wire (ULEN 1..255, UNAME, PLEN 1..255, PASSWD) and the
 * length must match them exactly.
 *
 * <p>Failures ({@link #error()}, positive errno): reply 0x03 network unreachable → ENETUNREACH,
 * 0x04 host unreachable → EHOSTUNREACH, 0x05 refused and every other non-zero reply (general
 * failure, ruleset, TTL expired, command or address type not supported) → ECONNREFUSED; the
 * proxy accepts none of our methods (0xFF) or rejects the credentials → EACCES, so a
 * configuration error is told apart from an unreachable destination; a reply that is not SOCKS5
 * (wrong version, unknown address type, a method we did not offer) → ECONNREFUSED.
 */
final class Socks5Client {
    static final int IDLE = 0;
    /** Destination recorded, the transport to the proxy is not up yet. */
    static final int CONNECTING = 1;
    /** Greeting sent (RFC 1928 §3), waiting for VER METHOD. */
    static final int AWAIT_METHOD = 2;
    /** Credentials sent (RFC 1929 §2), waiting for VER STATUS. */
    static final int AWAIT_AUTH = 3;
    /** CONNECT sent (RFC 1928 §4), waiting for the reply (§6). */
    static final int AWAIT_REPLY = 4;
    static final int DONE = 5;
    static final int FAILED = 6;

    static final int VERSION = 0x05;
    static final int AUTH_VERSION = 0x01;
    static final int METHOD_NONE = 0x00;
    static final int METHOD_USERPASS = 0x02;
    static final int METHOD_REJECTED = 0xff;
    static final int CMD_CONNECT = 0x01;
    static final int ATYP_IPV4 = 0x01;
    static final int ATYP_DOMAIN = 0x03;
    static final int ATYP_IPV6 = 0x04;
    static final int REP_SUCCEEDED = 0x00;
    static final int REP_NETWORK_UNREACHABLE = 0x03;
    static final int REP_HOST_UNREACHABLE = 0x04;
    static final int REP_REFUSED = 0x05;

    /** NET_SOCKADDR_MAX_SIZE: the longest value Zephyr accepts, and where credentials start. */
    static final int SOCKADDR_MAX = 24;
    static final int SOCKADDR_IN_LEN = ZsockConstants.SIZEOF_SOCKADDR_IN;
    static final int MAX_FIELD = 255;
    /** VER ULEN UNAME PLEN PASSWD at their longest. */
    static final int AUTH_MAX = 3 + 2 * MAX_FIELD;
    static final int CONNECT_LEN = 10;
    /** VER REP RSV ATYP and the first address byte (the length of a domain name). */
    private static final int REPLY_HEAD = 5;

    /** The RFC 1929 request, built once by configure: VER ULEN UNAME PLEN PASSWD. */
    private final byte[] auth = new byte[AUTH_MAX];
    /** Greeting or CONNECT request. */
    private final byte[] request = new byte[CONNECT_LEN];

    private boolean enabled;
    private int authLen;
    private int proxyIp;
    private int proxyPort;
    private int dstIp;
    private int dstPort;

    private int state;
    private int error;
    private byte[] out;
    private int outOff;
    private int outLen;
    /** Bytes of the current reply taken so far, and the reply's length once known (0 before). */
    private int have;
    private int total;
    private int rep;
    private int atyp;

    /**
     * Stores the SO_SOCKS5 value (layout in the class comment). 0, or -EINVAL for a short value,
     * another family, or malformed credentials; a rejected value leaves the previous one in place.
     */
    int configure(byte[] v, int off, int len) {
        if (len < SOCKADDR_IN_LEN || family(v, off) != ZsockConstants.AF_INET) {
            return -Errno.EINVAL;
        }
        int credLen = 0;
        if (len > SOCKADDR_MAX) {
            int at = off + SOCKADDR_MAX;
            int end = off + len;
            int ulen = v[at] & 0xff;
            if (ulen == 0 || at + 1 + ulen >= end) {
                return -Errno.EINVAL;
            }
            int plen = v[at + 1 + ulen] & 0xff;
            if (plen == 0 || at + 2 + ulen + plen != end) {
                return -Errno.EINVAL;
            }
            credLen = len - SOCKADDR_MAX;
            auth[0] = AUTH_VERSION;
            System.arraycopy(v, at, auth, 1, credLen);
        }
        authLen = credLen == 0 ? 0 : credLen + 1;
        proxyPort = ((v[off + 2] & 0xff) << 8) | (v[off + 3] & 0xff);
        proxyIp = ((v[off + 4] & 0xff) << 24) | ((v[off + 5] & 0xff) << 16) | ((v[off + 6] & 0xff) << 8)
                | (v[off + 7] & 0xff);
        enabled = true;
        return 0;
    }

    /** sa_family_t: 16 bits in the MCU's (little-endian) byte order. */
    private static int family(byte[] v, int off) {
        return (v[off] & 0xff) | ((v[off + 1] & 0xff) << 8);
    }

    /** Forgets the proxy: the connection object serves a new socket. */
    void reset() {
        enabled = false;
        authLen = 0;
        state = IDLE;
        error = 0;
        outLen = 0;
    }

    boolean enabled() {
        return enabled;
    }

    boolean hasCredentials() {
        return authLen > 0;
    }

    int proxyIp() {
        return proxyIp;
    }

    int proxyPort() {
        return proxyPort;
    }

    int dstIp() {
        return dstIp;
    }

    int dstPort() {
        return dstPort;
    }

    int state() {
        return state;
    }

    /** Positive errno once FAILED, else 0. */
    int error() {
        return error;
    }

    /** Connecting through the proxy and not yet finished either way. */
    boolean pending() {
        return state >= CONNECTING && state <= AWAIT_REPLY;
    }

    /** Records the destination; the handshake starts with {@link #start} once TCP is up. */
    void target(int ip, int port) {
        dstIp = ip;
        dstPort = port;
        error = 0;
        outLen = 0;
        state = CONNECTING;
    }

    /** RFC 1928 §3: VER NMETHODS METHODS, offering username/password only when it is configured. */
    void start() {
        request[0] = VERSION;
        if (authLen > 0) {
            request[1] = 2;
            request[2] = METHOD_NONE;
            request[3] = METHOD_USERPASS;
            emit(request, 4);
        } else {
            request[1] = 1;
            request[2] = METHOD_NONE;
            emit(request, 3);
        }
        expect(AWAIT_METHOD);
    }

    private void emit(byte[] b, int len) {
        out = b;
        outOff = 0;
        outLen = len;
    }

    private void expect(int next) {
        state = next;
        have = 0;
        total = 0;
    }

    byte[] out() {
        return out;
    }

    int outOff() {
        return outOff;
    }

    /** Request bytes not yet handed to the transport. */
    int outLen() {
        return outLen;
    }

    void sent(int n) {
        outOff += n;
        outLen -= n;
    }

    /** How many proxy bytes the current state can take; 0 when it takes none. */
    int wanted() {
        if (state == AWAIT_METHOD || state == AWAIT_AUTH) {
            return 2 - have;
        }
        if (state == AWAIT_REPLY) {
            return total == 0 ? REPLY_HEAD - have : total - have;
        }
        return 0;
    }

    /** Takes up to {@link #wanted()} bytes of the proxy's replies; returns how many it took. */
    int input(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && wanted() > 0) {
            take(b[off + n] & 0xff);
            n++;
        }
        return n;
    }

    private void take(int x) {
        int i = have++;
        if (state == AWAIT_METHOD) {
            onMethodByte(i, x);
        } else if (state == AWAIT_AUTH) {
            onAuthByte(i, x);
        } else {
            onReplyByte(i, x);
        }
    }

    /** RFC 1928 §3: VER METHOD. */
    private void onMethodByte(int i, int x) {
        if (i == 0) {
            if (x != VERSION) {
                fail(Errno.ECONNREFUSED);
            }
            return;
        }
        if (x == METHOD_NONE) {
            sendConnect();
        } else if (x == METHOD_USERPASS && authLen > 0) {
            emit(auth, authLen);
            expect(AWAIT_AUTH);
        } else if (x == METHOD_REJECTED) {
            fail(Errno.EACCES);
        } else {
            fail(Errno.ECONNREFUSED);
        }
    }

    /** RFC 1929 §2: VER STATUS, 0x00 is success. */
    private void onAuthByte(int i, int x) {
        if (i == 0) {
            if (x != AUTH_VERSION) {
                fail(Errno.ECONNREFUSED);
            }
            return;
        }
        if (x == 0) {
            sendConnect();
        } else {
            fail(Errno.EACCES);
        }
    }

    /** RFC 1928 §4: VER CMD RSV ATYP DST.ADDR DST.PORT with an IPv4 destination. */
    private void sendConnect() {
        request[0] = VERSION;
        request[1] = CMD_CONNECT;
        request[2] = 0;
        request[3] = ATYP_IPV4;
        request[4] = (byte) (dstIp >>> 24);
        request[5] = (byte) (dstIp >>> 16);
        request[6] = (byte) (dstIp >>> 8);
        request[7] = (byte) dstIp;
        request[8] = (byte) (dstPort >>> 8);
        request[9] = (byte) dstPort;
        emit(request, CONNECT_LEN);
        expect(AWAIT_REPLY);
    }

    /**
     * RFC 1928 §6: VER REP RSV ATYP BND.ADDR BND.PORT. A failure code ends the handshake at once
     * (the proxy closes the connection anyway); success waits for the whole reply so that none
     * of it is left for the application. RSV is not checked.
     */
    private void onReplyByte(int i, int x) {
        if (i == 0) {
            if (x != VERSION) {
                fail(Errno.ECONNREFUSED);
            }
        } else if (i == 1) {
            rep = x;
            if (x != REP_SUCCEEDED) {
                fail(errnoForReply(x));
            }
        } else if (i == 3) {
            atyp = x;
            if (x == ATYP_IPV4) {
                total = 4 + 4 + 2;
            } else if (x == ATYP_IPV6) {
                total = 4 + 16 + 2;
            } else if (x != ATYP_DOMAIN) {
                fail(Errno.ECONNREFUSED);
            }
        } else if (i == 4 && atyp == ATYP_DOMAIN) {
            total = 4 + 1 + x + 2;
        }
        if (state == AWAIT_REPLY && total != 0 && have == total) {
            state = DONE;
        }
    }

    static int errnoForReply(int code) {
        if (code == REP_NETWORK_UNREACHABLE) {
            return Errno.ENETUNREACH;
        }
        if (code == REP_HOST_UNREACHABLE) {
            return Errno.EHOSTUNREACH;
        }
        return Errno.ECONNREFUSED;
    }

    /** The last reply code seen (RFC 1928 §6 REP), for diagnostics. */
    int replyCode() {
        return rep;
    }

    /** Ends the handshake with errno (also used by the transport: EOF, reset, timeout). */
    void fail(int errno) {
        state = FAILED;
        error = errno;
        outLen = 0;
    }
}
