package io.jzsock.sim.hw;

import io.jzsock.sim.wire.VirtualSwitch;
import io.jzsock.net.NetStack;
import io.jzsock.net.NetConfig;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.bsp.SystemClock;
import io.jzsock.bsp.SeededEntropy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.eth.EthDriver;
import io.jzsock.net.buf.PacketPool;

/** Test helper: a clocked simulated chip with the Ethernet driver initialised, and frame builders. */
final class EthBoard {
    static final byte[] MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final byte[] PEER = {0x02, 0, 0, 0, 0, 0x02};

    final SimSoc soc;
    final EthDriver driver;
    /** Set by {@link #boot}: the stack running on this board. */
    NetStack stack;

    EthBoard(Stm32Part part, long seed, byte[] mac) {
        soc = Boards.clocked(part, seed);
        driver = new EthDriver(soc.bus(), soc.bus(), part, mac);
    }

    /**
     * A board at 198.18.0.{host}/24 on the switch: ETH model plugged in, interrupt wired, link polled
     * by the system clock, driver initialised, a started stack with the driver as eth0.
     */
    static EthBoard boot(VirtualSwitch sw, Stm32Part part, int host) {
        byte[] mac = {0x02, 0, 0, 0, 0, (byte) host};
        EthBoard b = new EthBoard(part, host, mac);
        int port = sw.attachSink(b.soc.eth());
        b.soc.eth().attach(sw, port);
        b.soc.eth().onInterrupt(b.driver::interrupt);
        b.driver.pollLinkBy(SystemClock.INSTANCE);
        assertEquals(0, b.driver.init());
        b.stack = NetStack.start(NetConfig.defaults(), SystemClock.INSTANCE, new SeededEntropy(host));
        b.stack.addInterface(b.driver, InterfaceConfig.ipv4("eth0", "198.18.0." + host, 24, null));
        return b;
    }

    static EthBoard opened(PacketPool pool) {
        EthBoard b = new EthBoard(Stm32Part.F767, 1, MAC);
        assertEquals(0, b.driver.init());
        b.driver.open(pool, () -> { });
        return b;
    }

    /** Ethernet + IPv4 + UDP with both checksums left 0, for the hardware to fill. */
    static byte[] udpFrame(byte[] dst, byte[] src, int payload, int seed) {
        byte[] f = new byte[14 + 20 + 8 + payload];
        System.arraycopy(dst, 0, f, 0, 6);
        System.arraycopy(src, 0, f, 6, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        int ipLen = 20 + 8 + payload;
        f[16] = (byte) (ipLen >> 8);
        f[17] = (byte) ipLen;
        f[22] = 64;
        f[23] = 17;
        byte[] ips = {(byte) 198, 18, 0, 1, (byte) 198, 18, 0, 2};
        System.arraycopy(ips, 0, f, 26, 8);
        f[34] = 0x30;
        f[35] = 0x39;
        f[36] = 0x00;
        f[37] = 0x07;
        f[38] = (byte) ((8 + payload) >> 8);
        f[39] = (byte) (8 + payload);
        for (int i = 0; i < payload; i++) {
            f[42 + i] = (byte) (i * 31 + seed);
        }
        return f;
    }

    static int alloc(PacketPool pool, byte[] frame) {
        int h = pool.alloc(16);
        System.arraycopy(frame, 0, pool.data[h], 16, frame.length);
        pool.len[h] = frame.length;
        return h;
    }

    static byte[] bytes(PacketPool pool, int h) {
        byte[] b = new byte[pool.len[h]];
        System.arraycopy(pool.data[h], pool.off[h], b, 0, b.length);
        return b;
    }
}
