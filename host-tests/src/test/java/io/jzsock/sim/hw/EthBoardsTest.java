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
import io.jzsock.sim.wire.PcapWriter;
import io.jzsock.sim.wire.VirtualSwitch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Two simulated boards, each SimSoc + EthDriver + NetStack, on one VirtualSwitch. */
class EthBoardsTest {
    private static NetStack boot(VirtualSwitch sw, Stm32Part part, int host) {
        return EthBoard.boot(sw, part, host).stack;
    }

    /** Every frame on the switch goes to target/pcap/{name}.pcap. */
    private static PcapWriter capture(VirtualSwitch sw, String name) throws IOException {
        Path dir = Path.of("target", "pcap");
        Files.createDirectories(dir);
        PcapWriter pcap = new PcapWriter(dir.resolve(name + ".pcap"));
        sw.addTap(pcap);
        return pcap;
    }

    @Test
    void twoBoardsAnswerArpAndPingAndExchangeUdp() throws Exception {
        VirtualSwitch sw = new VirtualSwitch();
        PcapWriter pcap = capture(sw, "eth-boards-udp");
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
            pcap.close();
        }
        assertNull(a.netThreadFailure());
        assertNull(b.netThreadFailure());
    }

    @Test
    void tcpBulkTransferBetweenTwoBoards() throws Exception {
        VirtualSwitch sw = new VirtualSwitch();
        PcapWriter pcap = capture(sw, "eth-boards-tcp");
        NetStack a = boot(sw, Stm32Part.F767, 3);
        NetStack b = boot(sw, Stm32Part.F767, 4);
        int total = 1024 * 1024;
        try {
            Zsock za = a.zsock();
            Zsock zb = b.zsock();
            int l = zb.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, zb.bind(l, SockAddr.parse("0.0.0.0", 5001)));
            assertEquals(0, zb.listen(l, 1));
            long[] sum = new long[2];
            Thread reader = new Thread(() -> {
                int c = zb.accept(l, new SockAddr());
                byte[] buf = new byte[4096];
                int n;
                while ((n = zb.recv(c, buf, 0, buf.length, 0)) > 0) {
                    for (int i = 0; i < n; i++) {
                        sum[0] += (buf[i] & 0xFF) * (long) ((sum[1] + i) % 251 + 1);
                    }
                    sum[1] += n;
                }
                zb.close(c);
            });
            reader.start();
            int c = za.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
            assertEquals(0, za.connect(c, SockAddr.parse("198.18.0.4", 5001)));
            byte[] data = new byte[total];
            long expect = 0;
            for (int i = 0; i < total; i++) {
                data[i] = (byte) (i * 7 + 3);
                expect += (data[i] & 0xFF) * (long) (i % 251 + 1);
            }
            for (int sent = 0; sent < total; ) {
                int w = za.send(c, data, sent, Math.min(1000, total - sent), 0);
                assertTrue(w > 0, "send " + w);
                sent += w;
            }
            assertEquals(0, za.close(c));
            reader.join(20000);
            assertEquals(total, sum[1]);
            assertEquals(expect, sum[0]);
            zb.close(l);
        } finally {
            a.stop();
            b.stop();
            pcap.close();
        }
        assertNull(a.netThreadFailure());
        assertNull(b.netThreadFailure());
    }
}
