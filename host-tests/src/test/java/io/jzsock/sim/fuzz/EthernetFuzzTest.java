package io.jzsock.sim.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Ethernet input (EthernetLink): the fuzzer's bytes are the whole frame, any length, any destination MAC
 * and EtherType, on a stack with a bound UDP socket and a TCP listener so IPv4 payloads have somewhere to go.
 * Seeds: a frame of each kind the stack handles (ARP, ICMP, UDP, TCP, IGMP) and runts.
 */
class EthernetFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyFrame(byte[] frame) {
        FuzzStack s = new FuzzStack();
        s.udpSocket();
        s.listen();
        s.receive(frame);
        s.settle(null);
        s.assertHealthy();
    }
}
