package io.jzsock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DtlsHandshakeSetupTest {
    @Test
    void theBudgetIsTheSumOfTheDoublingTimeoutsWithinMax() {
        assertEquals(1000 + 2000 + 4000 + 8000 + 16000 + 32000, DtlsHandshakeSetup.handshakeBudget(1000, 60000));
        assertEquals(100 + 200 + 400, DtlsHandshakeSetup.handshakeBudget(100, 400));
        assertEquals(100 + 200, DtlsHandshakeSetup.handshakeBudget(100, 399));
    }

    @Test
    void aMinAboveMaxStillGetsOneTimeout() {
        assertEquals(500, DtlsHandshakeSetup.handshakeBudget(500, 100));
    }
}
