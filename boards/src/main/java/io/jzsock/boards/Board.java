package io.jzsock.boards;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.DmaMemory;
import io.jzsock.bsp.RegisterBus;
import io.jzsock.bsp.stm32.Gpio;
import io.jzsock.bsp.stm32.HardwareRng;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Syscfg;
import io.jzsock.bsp.stm32.UniqueId;
import io.jzsock.eth.EthDriver;
import io.jzsock.net.Errno;
import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;

/**
 * Boots a board from reset to a running stack: clocks, RMII pins, SYSCFG RMII select, hardware RNG
 * as the stack's entropy, MAC from the UID, Ethernet driver, stack, interface. Setup time only; a
 * step that fails throws IllegalStateException naming the step and the error.
 */
public final class Board {
    private final BoardDefinition definition;
    private final EthDriver driver;
    private final HardwareRng rng;
    private final NetStack stack;
    private final byte[] mac;
    private final int ifindex;

    private Board(BoardDefinition definition, EthDriver driver, HardwareRng rng, NetStack stack, byte[] mac,
            int ifindex) {
        this.definition = definition;
        this.driver = driver;
        this.rng = rng;
        this.stack = stack;
        this.mac = mac;
        this.ifindex = ifindex;
    }

    /** Boots and returns the running stack with the board's Ethernet interface added. */
    public static NetStack start(BoardDefinition def, RegisterBus bus, DmaMemory dma, Clock clock, NetConfig cfg,
            InterfaceConfig ifcfg) {
        return boot(def, bus, dma, clock, cfg, ifcfg, null).stack;
    }

    /** As {@link #start}, reporting each step to {@code listener} (may be null); returns the whole board. */
    public static Board boot(BoardDefinition def, RegisterBus bus, DmaMemory dma, Clock clock, NetConfig cfg,
            InterfaceConfig ifcfg, BootListener listener) {
        return boot(def, bus, dma, clock, cfg, EthDriver.DEFAULT_RX_DESCRIPTORS, ifcfg, listener);
    }

    /**
     * As above with an RX ring of {@code rxDescriptors} (each holds one of {@code cfg}'s packet
     * buffers): a deeper ring absorbs longer bursts before the MAC misses frames.
     */
    public static Board boot(BoardDefinition def, RegisterBus bus, DmaMemory dma, Clock clock, NetConfig cfg,
            int rxDescriptors, InterfaceConfig ifcfg, BootListener listener) {
        Rcc rcc = new Rcc(bus, def.part);
        check("clock tree", rcc.initClocks());
        report(listener, "clocks: SYSCLK " + rcc.sysclkHz() / 1000000 + " MHz (" + def.part.name + ")");

        rcc.enableGpio(Gpio.RMII_PORT_MASK);
        new Gpio(bus).configureRmii();
        report(listener, "gpio: " + Gpio.rmiiPinCount() + " RMII pins on AF11");

        rcc.enableSyscfg();
        check("SYSCFG RMII select", new Syscfg(bus).selectRmii());
        report(listener, "syscfg: RMII selected");

        rcc.enableRng();
        HardwareRng rng = new HardwareRng(bus);
        rng.start();
        long first = rng.nextWord();
        check("hardware RNG", first < 0 ? (int) first : 0);
        report(listener, "rng: running");

        byte[] mac = new byte[6];
        UniqueId uid = new UniqueId(bus, def.part);
        uid.macAddress(mac, 0);
        report(listener, "uid: MAC " + macText(mac));
        NetConfig stackCfg = cfg;
        if (cfg.ipv6StableSecret == null) {
            stackCfg = cfg.copy();
            stackCfg.ipv6StableSecret = uidSecret(uid);
        }

        EthDriver driver = new EthDriver(bus, dma, def.part, mac, rxDescriptors,
                EthDriver.DEFAULT_TX_DESCRIPTORS, def.phyAddress);
        driver.pollLinkBy(clock);
        check("Ethernet init", driver.init());
        report(listener, "eth: MAC and DMA configured, PHY " + def.phyAddress + ", link "
                + (driver.linkUp() ? "up" : "down"));

        NetStack stack = NetStack.start(stackCfg, clock, rng);
        int ifindex;
        try {
            ifindex = stack.addInterface(driver, ifcfg);
        } catch (RuntimeException e) {
            stack.stop();
            throw e;
        }
        report(listener, "net: " + stack.describeInterface(ifindex));
        return new Board(def, driver, rng, stack, mac, ifindex);
    }

    /**
     * RFC 7217's secret_key from the 96-bit device UID, so a board keeps its IPv6 addresses across resets (the
     * point of stable identifiers). The UID is not confidential (it is readable by any code on the chip and partly
     * made of lot and wafer coordinates), so this gives stability, not RFC 7217 §7's unpredictability against
     * someone who knows the chip: an application that needs that stores a random secret in flash and passes it
     * as NetConfig.ipv6StableSecret.
     */
    static byte[] uidSecret(UniqueId uid) {
        int[] words = new int[3];
        uid.read(words);
        byte[] s = {'j', 'z', '6', 's', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int i = 0; i < 3; i++) {
            int w = words[i];
            s[4 + 4 * i] = (byte) (w >>> 24);
            s[5 + 4 * i] = (byte) (w >>> 16);
            s[6 + 4 * i] = (byte) (w >>> 8);
            s[7 + 4 * i] = (byte) w;
        }
        return s;
    }

    private static void check(String step, int r) {
        if (r < 0) {
            throw new IllegalStateException(step + " failed: " + Errno.name(r));
        }
    }

    private static void report(BootListener listener, String line) {
        if (listener != null) {
            listener.step(line);
        }
    }

    static String macText(byte[] mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            int v = mac[i] & 0xFF;
            if (i > 0) {
                sb.append(':');
            }
            sb.append(HEX.charAt(v >> 4)).append(HEX.charAt(v & 15));
        }
        return sb.toString();
    }

    private static final String HEX = "0123456789abcdef";

    public BoardDefinition definition() {
        return definition;
    }

    /** The driver, whose {@link EthDriver#interrupt()} the ETH IRQ handler calls. */
    public EthDriver driver() {
        return driver;
    }

    public HardwareRng rng() {
        return rng;
    }

    public NetStack stack() {
        return stack;
    }

    public int ifindex() {
        return ifindex;
    }

    public void macAddress(byte[] out, int off) {
        System.arraycopy(mac, 0, out, off, 6);
    }
}
