package io.jzsock.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import io.jzsock.bsp.SeededEntropy;
import org.junit.jupiter.api.Test;

class IsnGeneratorTest {
    private static final int LOCAL = 0xC0000201; // 192.0.2.1
    private static final int REMOTE = 0xC0000202; // 192.0.2.2

    @Test
    void sameSeedTupleAndTimeGiveSameIsn() {
        IsnGenerator a = new IsnGenerator(new SeededEntropy(42));
        IsnGenerator b = new IsnGenerator(new SeededEntropy(42));
        assertEquals(a.isn(LOCAL, 49152, REMOTE, 80, 1000), b.isn(LOCAL, 49152, REMOTE, 80, 1000));
        assertEquals(a.isn(LOCAL, 49152, REMOTE, 80, 1000), a.isn(LOCAL, 49152, REMOTE, 80, 1000));
    }

    @Test
    void differentTuplesGiveDifferentIsns() {
        IsnGenerator g = new IsnGenerator(new SeededEntropy(42));
        int base = g.isn(LOCAL, 49152, REMOTE, 80, 1000);
        assertNotEquals(base, g.isn(LOCAL, 49153, REMOTE, 80, 1000));
        assertNotEquals(base, g.isn(LOCAL, 49152, REMOTE, 81, 1000));
        assertNotEquals(base, g.isn(LOCAL + 1, 49152, REMOTE, 80, 1000));
        assertNotEquals(base, g.isn(LOCAL, 49152, REMOTE + 1, 80, 1000));
        // Swapping the ends is a different connection.
        assertNotEquals(base, g.isn(REMOTE, 80, LOCAL, 49152, 1000));
    }

    @Test
    void isnAdvances250PerMillisecond() {
        IsnGenerator g = new IsnGenerator(new SeededEntropy(7));
        int t0 = g.isn(LOCAL, 49152, REMOTE, 80, 1000);
        assertEquals(250, g.isn(LOCAL, 49152, REMOTE, 80, 1001) - t0);
        assertEquals(250_000, g.isn(LOCAL, 49152, REMOTE, 80, 2000) - t0);
    }

    @Test
    void isnWrapsModulo2To32() {
        // 2^32 ticks of 4 µs take 17179869.184 ms (about 4.77 h): 17179869 ms later M is 2^32 - 46 ticks on.
        IsnGenerator g = new IsnGenerator(new SeededEntropy(7));
        int t0 = g.isn(LOCAL, 49152, REMOTE, 80, 0);
        assertEquals(-46, g.isn(LOCAL, 49152, REMOTE, 80, 17_179_869L) - t0);
        // 2^31 ms is exactly 125 * 2^32 ticks.
        assertEquals(t0, g.isn(LOCAL, 49152, REMOTE, 80, 1L << 31));
    }

    @Test
    void differentSecretsGiveDifferentIsns() {
        IsnGenerator a = new IsnGenerator(new SeededEntropy(1));
        IsnGenerator b = new IsnGenerator(new SeededEntropy(2));
        assertNotEquals(a.isn(LOCAL, 49152, REMOTE, 80, 1000), b.isn(LOCAL, 49152, REMOTE, 80, 1000));
    }
}
