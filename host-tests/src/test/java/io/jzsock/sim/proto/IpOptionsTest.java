package io.jzsock.sim.proto;

import static io.jzsock.sim.proto.WiredStack.OUR_IP;
import static io.jzsock.sim.proto.WiredStack.OUR_MAC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.NetCounters;
import io.jzsock.net.wire.Ipv4Header;
import io.jzsock.sim.testkit.RawPeer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 791 §3.1 options and RFC 1122 §3.2.1.8: an echo request whose options are malformed is dropped
 * and counted, not answered; well-formed options, known or not, are ignored and the request is answered.
 */
class IpOptionsTest {
    final WiredStack w = new WiredStack();

    @AfterEach
    void stop() {
        w.close();
    }

    private static byte[] pingWith(int... options) {
        byte[] o = new byte[options.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = (byte) options[i];
        }
        return RawPeer.withIpOptions(WiredStack.ping(RawPeer.IP, OUR_IP, OUR_MAC, 64), o);
    }

    static List<Arguments> malformed() {
        return List.of(
                Arguments.of("unknown option of length 0", new int[] {0x19, 0, 0, 0}),
                Arguments.of("unknown option of length 1", new int[] {0x19, 1, 0, 0}),
                Arguments.of("record route of length 0", new int[] {7, 0, 4, 0}),
                Arguments.of("record route of length 1", new int[] {7, 1, 4, 0}),
                Arguments.of("option running past the header", new int[] {0x19, 8, 0, 0}),
                Arguments.of("option after NOPs running past the header", new int[] {1, 1, 0x19, 3}),
                Arguments.of("multi-byte option with no room for its length", new int[] {1, 1, 1, 0x19}),
                Arguments.of("record route with pointer below 4", new int[] {7, 3, 3, 0}),
                Arguments.of("record route of length 2 (no pointer)", new int[] {7, 2, 1, 0}),
                Arguments.of("timestamp with pointer below 5", new int[] {68, 4, 4, 0}),
                Arguments.of("router alert of length 6", new int[] {148, 6, 0, 0, 0, 0, 0, 0}),
                Arguments.of("stream id of length 2", new int[] {136, 2, 0, 0}),
                Arguments.of("malformed option after a good one", new int[] {148, 4, 0, 0, 0x19, 0, 0, 0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void echoRequestWithMalformedOptionsIsDroppedAndCountedThenPlainPingIsAnswered(String name, int[] options) {
        w.assertDroppedAndCounted(pingWith(options), NetCounters.IP_DROP_BAD_OPTIONS);
        assertEquals(0, w.stack.counter(NetCounters.ICMP_RX), "never reached ICMP");
        WiredStack.assertEchoReply(w.exchange(WiredStack.ping(RawPeer.IP, OUR_IP, OUR_MAC, 64)));
    }

    static List<Arguments> sourceRoutes() {
        return List.of(
                Arguments.of("loose source route", new int[] {131, 7, 4, 198, 18, 0, 9, 0}),
                Arguments.of("strict source route", new int[] {137, 7, 8, 198, 18, 0, 9, 0}));
    }

    /** RFC 7126 §4.3/§4.4, Linux's accept_source_route=0: a host that forwards nothing drops source routes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sourceRoutes")
    void sourceRoutedEchoRequestIsDroppedAndCounted(String name, int[] options) {
        w.assertDroppedAndCounted(pingWith(options), NetCounters.IP_DROP_SOURCE_ROUTE);
        WiredStack.assertEchoReply(w.exchange(WiredStack.ping(RawPeer.IP, OUR_IP, OUR_MAC, 64)));
    }

    static List<Arguments> wellFormed() {
        return List.of(
                Arguments.of("NOPs then router alert", new int[] {1, 1, 1, 1, 148, 4, 0, 0}),
                Arguments.of("end of list followed by padding garbage", new int[] {0, 0x19, 0, 0xff}),
                Arguments.of("unknown option of length 2", new int[] {0x19, 2, 1, 0}),
                Arguments.of("record route with room for one address", new int[] {7, 7, 4, 0, 0, 0, 0, 0}),
                Arguments.of("timestamp with room for one stamp", new int[] {68, 8, 5, 0, 0, 0, 0, 0}),
                Arguments.of("40 bytes of NOP", new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void echoRequestWithWellFormedOptionsIsAnsweredWithAPlainHeader(String name, int[] options) {
        byte[] reply = w.exchange(pingWith(options));
        WiredStack.assertEchoReply(reply);
        assertEquals(Ipv4Header.MIN_LEN, Ipv4Header.headerLen(reply, WiredStack.E));
        assertEquals(0, w.stack.counter(NetCounters.IP_DROP_BAD_OPTIONS));
    }
}
