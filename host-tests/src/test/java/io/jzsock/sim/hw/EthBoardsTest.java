package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.wire.VirtualSwitch;
import org.junit.jupiter.api.Test;

/** Two simulated boards, each SimSoc + EthDriver + NetStack, on one VirtualSwitch. */
class EthBoardsTest {
    private static NetStack boot(VirtualSwitch sw, Stm32Part part, int host) {
        byte[] mac = {0x02, 0, 0, 0, 0, (byte) host};
        EthBoard b = new EthBoard(part, host, mac);
        int port = sw.attachSink(b.soc.eth());
        b.soc.eth().attach(sw, port);
        b.soc.eth().onInterrupt(b.driver::interrupt);
        assertEquals(0, b.driver.init());
        NetStack s = NetStack.start(NetConfig.defaults(), SystemClock.INSTANCE, new SeededEntropy(host));
        s.addInterface(b.driver, InterfaceConfig.ipv4("eth0", "198.18.0." + host, 24, null));
        return s;
    }

    @Test
    void twoBoardsAnswerArpAndPingAndExchangeUdp() throws Exception {
        VirtualSwitch sw = new VirtualSwitch();
        NetStack a = boot(sw, Stm32Part.F767, 1);
        NetStack b = boot(sw, Stm32Part.F429, 2);
        try {
            assertTrue(a.ping(SockAddr.parse("198.18.0.2", 0).ipv4(), 2000) >= 0);
            assertTrue(b.ping(SockAddr.parse("198.18.0.1", 0).ipv4(), 2000) >= 0);

            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            int server = zb.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            assertEquals(0, zb.bind(server, SockAddr.parse("0.0.0.0", 7)));
            int client = za.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            za.setsockopt(client, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
            zb.setsockopt(server, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, 2000);
            byte[] out = new byte[1200];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (i * 13);
            }
            for (int round = 0; round < 20; round++) {
                out[0] = (byte) round;
                assertEquals(1200, za.sendto(client, out, 0, 1200, 0, SockAddr.parse("198.18.0.2", 7)));
                byte[] in = new byte[1500];
                SockAddr from = new SockAddr();
                assertEquals(1200, zb.recvfrom(server, in, 0, in.length, 0, from));
                assertEquals(1200, zb.sendto(server, in, 0, 1200, 0, from));
                byte[] echo = new byte[1500];
                assertEquals(1200, za.recv(client, echo, 0, echo.length, 0));
                for (int i = 0; i < 1200; i++) {
                    assertEquals(out[i], echo[i]);
                }
            }
            za.close(client);
            zb.close(server);
        } finally {
            a.stop();
            b.stop();
        }
        assertNull(a.netThreadFailure());
        assertNull(b.netThreadFailure());
    }
}
