package io.jzsock.net.tcp;

import io.jzsock.net.wire.TcpOptions;

/**
 * SYN cookies (RFC 4987 §3.6) in Linux's layout (net/ipv4/syncookies.c), so that a listener whose SYN queue is
 * full still answers every SYN without keeping state, and the returning ACK alone re-creates the connection:
 * <pre>
 *  ISS = H1(tuple) + SEG.SEQ + (count &lt;&lt; 24) + ((H2(tuple, count) + mssIndex) mod 2^24)
 * </pre>
 * H1 and H2 are the ISN secret's SipHash ({@link IsnGenerator#keyed}) with different last words; count ticks
 * once a minute and a cookie stays valid while count has moved on by at most one (Linux's tcp_cookie_time and
 * MAX_SYNCOOKIE_AGE). The peer's MSS is rounded down to one of four values (Linux's msstab). With timestamps,
 * the SYN-ACK's TSval carries the peer's window scale and SACK-permitted in its low six bits and comes back in
 * the ACK's TSecr (Linux's cookie_init_timestamp); without timestamps both are lost, as in Linux.
 */
final class SynCookies {
    static final int COUNTER_MILLIS = 60000;
    /** Cookies of this counter and the one before are accepted. */
    static final int MAX_AGE = 2;
    /** Linux's TCP_SYNCOOKIE_VALID: cookie ACKs are checked only this long after the last cookie was sent. */
    static final int VALID_MILLIS = MAX_AGE * COUNTER_MILLIS;
    private static final int COOKIE_BITS = 24;
    private static final int COOKIE_MASK = (1 << COOKIE_BITS) - 1;
    private static final int[] MSS_TABLE = {536, 1300, 1440, 1460};
    private static final int TS_BITS = 6;
    /** Low TSval bits: window scale 0..14, or 15 for none; then SACK-permitted (Linux's TS_OPT_*). */
    private static final int TS_NO_WSCALE = 0xf;
    private static final int TS_SACK = 0x10;

    private final IsnGenerator keys;

    SynCookies(IsnGenerator keys) {
        this.keys = keys;
    }

    /** The ISS for a SYN with sequence number {@code peerIss} whose MSS encodes as {@code mssIndex}. */
    int cookie(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort, int peerIss,
               int mssIndex, long now) {
        int count = counter(now);
        int ports = (remotePort << 16) | (localPort & 0xffff);
        return h(localHi, localLo, remoteHi, remoteLo, ports, 0) + peerIss + (count << COOKIE_BITS)
                + ((h(localHi, localLo, remoteHi, remoteLo, ports, count | 0x80000000) + mssIndex) & COOKIE_MASK);
    }

    /**
     * The MSS index of a returning ACK's cookie (SEG.ACK - 1) for its SEG.SEQ - 1, or -1 when the hash is wrong
     * or the cookie older than {@link #MAX_AGE} counters.
     */
    int check(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort, int peerIss,
              int cookie, long now) {
        int count = counter(now);
        int ports = (remotePort << 16) | (localPort & 0xffff);
        int rest = cookie - (h(localHi, localLo, remoteHi, remoteLo, ports, 0) + peerIss);
        int age = (count - (rest >>> COOKIE_BITS)) & (0xffffffff >>> COOKIE_BITS);
        if (age >= MAX_AGE) {
            return -1;
        }
        int index = (rest - h(localHi, localLo, remoteHi, remoteLo, ports, (count - age) | 0x80000000)) & COOKIE_MASK;
        return index < MSS_TABLE.length ? index : -1;
    }

    /** The keyed hash of the 4-tuple (addresses in the form of {@code IpAddress}) and one word. */
    private int h(long localHi, long localLo, long remoteHi, long remoteLo, int ports, int word) {
        return (int) keys.keyed(remoteHi, remoteLo, localHi, localLo, ports, word);
    }

    private static int counter(long now) {
        return (int) (now / COUNTER_MILLIS);
    }

    /** The largest table MSS not above the peer's (Linux rounds down the same way; 536 for less). */
    static int mssIndex(int peerMss) {
        int i = MSS_TABLE.length - 1;
        while (i > 0 && peerMss < MSS_TABLE[i]) {
            i--;
        }
        return i;
    }

    static int mss(int index) {
        return MSS_TABLE[index];
    }

    /**
     * The SYN-ACK's TSval: the clock with its low bits replaced by the options, moved back rather than ahead
     * of the clock so that later TSvals never run backwards (RFC 7323 §5.4 monotonic).
     */
    static int timestamp(long now, int windowScale, boolean sackOk) {
        int t = (int) now;
        int ts = (t & -(1 << TS_BITS)) | (windowScale >= 0 ? windowScale : TS_NO_WSCALE) | (sackOk ? TS_SACK : 0);
        return Seq.gt(ts, t) ? ts - (1 << TS_BITS) : ts;
    }

    /** The window scale an echoed cookie timestamp carries (0..14, as the 4 bits allow with 15 taken), or -1. */
    static int windowScale(int tsEcr) {
        int ws = tsEcr & TS_NO_WSCALE;
        return ws == TS_NO_WSCALE ? -1 : Math.min(ws, TcpOptions.MAX_WINDOW_SCALE);
    }

    static boolean sackOk(int tsEcr) {
        return (tsEcr & TS_SACK) != 0;
    }
}
