package io.jzsock.sim.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.wire.PcapReader;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
    @Test
    void twoHostsResolveEachOtherAndExchangeDatagrams() throws Exception {
        try (SimNetwork net = new SimNetwork(1).capture("two-hosts")) {
            NetStack a = net.addHost(1);
            NetStack b = net.addHost(2);
            assertTrue(a.ping(SockAddr.parse(SimNetwork.address(2), 0).ipv4(), 2000) >= 0);
            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            int server = zb.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(0, zb.bind(server, SockAddr.parse("0.0.0.0", 7)));
            int client = za.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            za.setsockopt(client, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
            zb.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
            byte[] out = new byte[1000];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (i * 7);
            }
            assertEquals(1000, za.sendto(client, out, 0, 1000, 0, SockAddr.parse(SimNetwork.address(2), 7)));
            byte[] in = new byte[1500];
            SockAddr from = new SockAddr();
            assertEquals(1000, zb.recvfrom(server, in, 0, in.length, 0, from));
            assertEquals(SimNetwork.address(1), from.toString().split(":")[0]);
            assertEquals(1000, zb.sendto(server, in, 0, 1000, 0, from));
            byte[] echo = new byte[1500];
            assertEquals(1000, za.recv(client, echo, 0, echo.length, 0));
            for (int i = 0; i < 1000; i++) {
                assertEquals(out[i], echo[i]);
            }
            assertEquals(1, a.counter(NetCounters.ICMP_TX));
            za.close(client);
            zb.close(server);
            assertEquals(a.packetBuffers(), a.freePacketBuffers() + 0, "no leaked buffers on a");
        }
    }
}
