package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.MSG_DONTWAIT;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import io.jzsock.net.AllocationProbe;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seam adds no allocation: a wrapped socket's send and receive allocate 0 bytes under either lock rule. */
class WrappedZeroAllocationTest {
    private final NetStack stack = NetStack.create(NetConfig.defaults(), new VirtualClock(1000), new SeededEntropy(5));
    private final Zsock z = stack.zsock();

    @AfterEach
    void stop() {
        stack.stop();
    }

    @ParameterizedTest
    @ValueSource(ints = {SocketOps.UNDER_MONITOR, SocketOps.OUTSIDE_MONITOR})
    void aRoundTripThroughAWrappedSocketAllocatesNothing(int lockRule) {
        stack.socketKinds().register(new XorDatagramKind(stack.socketHost(), lockRule), SocketKinds.PRIORITY_SECURE);
        int a = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        int b = z.socket(AF_INET, SOCK_DGRAM, XorDatagramKind.PROTO);
        SockAddr toB = SockAddr.parse("127.0.0.1", 7200);
        assertEquals(0, z.bind(b, toB));
        byte[] msg = new byte[64];
        byte[] in = new byte[64];
        SockAddr from = new SockAddr();
        int[] got = new int[1];
        int[] sent = new int[1];
        long bytes = AllocationProbe.steadyState(() -> {
            for (int i = 0; i < 200; i++) {
                sent[0] += z.sendto(a, msg, 0, msg.length, 0, toB);
                got[0] += z.recvfrom(b, in, 0, in.length, MSG_DONTWAIT, from);
            }
        }, 100);
        assertEquals(0, bytes);
        assertEquals(sent[0], got[0], "every datagram went through");
    }
}
