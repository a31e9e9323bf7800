package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertNull;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh default stack (loopback only) per test, stopped afterwards so no net thread outlives it. */
abstract class LoopbackScenario {
    /** Upper-bound slack for timing checks on a loaded 2-core CI machine. */
    static final long SLACK_MS = 300;

    NetStack stack;
    Zsock z;

    @BeforeEach
    void startStack() {
        stack = NetStack.start(NetConfig.defaults());
        z = stack.zsock();
    }

    @AfterEach
    void stopStack() {
        stack.stop();
        assertNull(stack.netThreadFailure(), "the net thread hit a stack bug");
    }

    long now() {
        return stack.clock().nowMillis();
    }
}
