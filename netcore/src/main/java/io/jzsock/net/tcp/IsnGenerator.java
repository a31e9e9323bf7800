package io.jzsock.net.tcp;

import io.jzsock.bsp.Entropy;

/**
 * Initial sequence numbers per RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where
 * M is a timer ticking every 4 microseconds (RFC 9293 §3.4.1) and F is SipHash-2-4 under a 128-bit key drawn once
 * from {@link Entropy}, over 36 bytes: the local and remote addresses in their 16-byte form (IPv4 v4-mapped, so
 * both families hash alike) and the two ports. A connection's ISNs thus advance with time, as the quiet-time
 * reasoning of RFC 9293 §3.4.1 needs, while an off-path attacker cannot predict them for a tuple it has not seen
 * (RFC 6528 §1).
 */
public final class IsnGenerator {
    /** 4 µs ticks per millisecond. */
    public static final int TICKS_PER_MS = 250;

    private final SipHash f;

    /** Draws the secret key: it must stay fixed for the life of the stack so that M orders a tuple's ISNs. */
    public IsnGenerator(Entropy entropy) {
        long k0 = ((long) entropy.nextInt() << 32) | (entropy.nextInt() & 0xffffffffL);
        long k1 = ((long) entropy.nextInt() << 32) | (entropy.nextInt() & 0xffffffffL);
        f = new SipHash(k0, k1);
    }

    /**
     * The secret keyed function over a 4-tuple and one more word, for state that must be unpredictable off-path
     * but needs no second key: the SYN cookie's hashes ({@link SynCookies}). Its 40-byte input never collides
     * with the ISN's 36-byte one.
     */
    long keyed(long aHi, long aLo, long bHi, long bLo, int ports, int extra) {
        return f.hash32(aHi, aLo, bHi, bLo, ((long) ports << 32) | (extra & 0xffffffffL), 8);
    }

    /**
     * Addresses in the two-long form of {@link io.jzsock.net.ip.IpAddress} (IPv4 held v4-mapped), so both
     * families hash the same 16-byte addresses; ports are 0..65535; {@code nowMillis} is the stack's monotonic clock.
     */
    public int isn(long localHi, long localLo, int localPort, long remoteHi, long remoteLo, int remotePort,
                   long nowMillis) {
        int m = (int) (nowMillis * TICKS_PER_MS);
        int h = (int) f.hash32(localHi, localLo, remoteHi, remoteLo, (localPort << 16) | (remotePort & 0xffff), 4);
        return m + h;
    }
}
