package io.jzsock.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.net.ip.IpAddress;
import org.junit.jupiter.api.Test;

class IsnGeneratorTest {
    private static final int LOCAL = 0xC0000201; // 192.0.2.1
    private static final int REMOTE = 0xC0000202; // 192.0.2.2

    /** The ISN of an IPv4 tuple: addresses passed in their v4-mapped two-long form, as the connection table holds them. */
    private static int isn(IsnGenerator g, int local, int localPort, int remote, int remotePort, long now) {
        return g.isn(0L, IpAddress.v4MappedLo(local), localPort, 0L, IpAddress.v4MappedLo(remote), remotePort, now);
    }

    @Test
    void sameSeedTupleAndTimeGiveSameIsn() {
        IsnGenerator a = new IsnGenerator(new SeededEntropy(42));
        IsnGenerator b = new IsnGenerator(new SeededEntropy(42));
        assertEquals(isn(a, LOCAL, 49152, REMOTE, 80, 1000), isn(b, LOCAL, 49152, REMOTE, 80, 1000));
        assertEquals(isn(a, LOCAL, 49152, REMOTE, 80, 1000), isn(a, LOCAL, 49152, REMOTE, 80, 1000));
    }

    @Test
    void differentTuplesGiveDifferentIsns() {
        IsnGenerator g = new IsnGenerator(new SeededEntropy(42));
        int base = isn(g, LOCAL, 49152, REMOTE, 80, 1000);
        assertNotEquals(base, isn(g, LOCAL, 49153, REMOTE, 80, 1000));
        assertNotEquals(base, isn(g, LOCAL, 49152, REMOTE, 81, 1000));
        assertNotEquals(base, isn(g, LOCAL + 1, 49152, REMOTE, 80, 1000));
        assertNotEquals(base, isn(g, LOCAL, 49152, REMOTE + 1, 80, 1000));
        // Swapping the ends is a different connection.
        assertNotEquals(base, isn(g, REMOTE, 80, LOCAL, 49152, 1000));
    }

    @Test
    void isnAdvances250PerMillisecond() {
        IsnGenerator g = new IsnGenerator(new SeededEntropy(7));
        int t0 = isn(g, LOCAL, 49152, REMOTE, 80, 1000);
        assertEquals(250, isn(g, LOCAL, 49152, REMOTE, 80, 1001) - t0);
        assertEquals(250_000, isn(g, LOCAL, 49152, REMOTE, 80, 2000) - t0);
    }

    @Test
    void isnWrapsModulo2To32() {
        // 2^32 ticks of 4 µs take 17179869.184 ms (about 4.77 h): 17179869 ms later M is 2^32 - 46 ticks on.
        IsnGenerator g = new IsnGenerator(new SeededEntropy(7));
        int t0 = isn(g, LOCAL, 49152, REMOTE, 80, 0);
        assertEquals(-46, isn(g, LOCAL, 49152, REMOTE, 80, 17_179_869L) - t0);
        // 2^31 ms is exactly 125 * 2^32 ticks.
        assertEquals(t0, isn(g, LOCAL, 49152, REMOTE, 80, 1L << 31));
    }

    @Test
    void differentSecretsGiveDifferentIsns() {
        IsnGenerator a = new IsnGenerator(new SeededEntropy(1));
        IsnGenerator b = new IsnGenerator(new SeededEntropy(2));
        assertNotEquals(isn(a, LOCAL, 49152, REMOTE, 80, 1000), isn(b, LOCAL, 49152, REMOTE, 80, 1000));
    }

    @Test
    void isnIsTheClockPlusSipHashOfThe36TupleBytes() {
        // RFC 6528 §3: F over (localip, localport, remoteip, remoteport); the addresses are 16 bytes each
        // (::ffff:192.0.2.1, ::ffff:192.0.2.2), then the two ports, under the key the constructor draws.
        SeededEntropy e = new SeededEntropy(42);
        long k0 = ((long) e.nextInt() << 32) | (e.nextInt() & 0xffffffffL);
        long k1 = ((long) e.nextInt() << 32) | (e.nextInt() & 0xffffffffL);
        byte[] tuple = new byte[36];
        tuple[10] = (byte) 0xff;
        tuple[11] = (byte) 0xff;
        tuple[12] = (byte) 192;
        tuple[14] = 2;
        tuple[15] = 1;
        tuple[26] = (byte) 0xff;
        tuple[27] = (byte) 0xff;
        tuple[28] = (byte) 192;
        tuple[30] = 2;
        tuple[31] = 2;
        tuple[32] = (byte) (49152 >>> 8);
        tuple[35] = 80;
        int f = (int) new SipHash(k0, k1).hash(tuple, 0, 36);
        IsnGenerator g = new IsnGenerator(new SeededEntropy(42));
        assertEquals(f + 1000 * IsnGenerator.TICKS_PER_MS, isn(g, LOCAL, 49152, REMOTE, 80, 1000));
    }

    @Test
    void anIpv6TupleHashesItsOwnAddresses() {
        IsnGenerator g = new IsnGenerator(new SeededEntropy(42));
        int v6 = g.isn(0x20010db800000000L, 1L, 49152, 0x20010db800000000L, 2L, 80, 1000);
        assertNotEquals(v6, g.isn(0x20010db800000000L, 1L, 49152, 0x20010db800000000L, 3L, 80, 1000));
        assertNotEquals(v6, isn(g, LOCAL, 49152, REMOTE, 80, 1000));
    }
}
