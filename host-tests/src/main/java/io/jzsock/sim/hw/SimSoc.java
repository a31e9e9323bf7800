package io.jzsock.sim.hw;

import io.jzsock.bsp.stm32.Stm32Gpio;
import io.jzsock.bsp.stm32.Stm32Part;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated STM32F4/F7 chip: the {@link SimBus} with SRAM, a DMA window for pinned arrays, the
 * flash array and the register models (RCC, PWR, GPIOA..K, SYSCFG, RNG, FLASH, UID, ETH with its LAN8742A).
 */
public final class SimSoc {
    public static final int SRAM_BASE = 0x20000000;
    public static final int SRAM_SIZE = 64 * 1024;
    public static final int DMA_WINDOW_BASE = 0x20010000;
    public static final int DMA_WINDOW_SIZE = 256 * 1024;

    private final Stm32Part part;
    private final SimBus bus = new SimBus();
    private final List<PeripheralModel> models = new ArrayList<>();
    private final RccModel rcc;
    private final PwrModel pwr;
    private final SyscfgModel syscfg;
    private final RngModel rng;
    private final FlashModel flash;
    private final GpioModel[] gpio = new GpioModel[Stm32Gpio.PORT_COUNT];
    private final Ram sram;
    private final EthModel eth;

    /** A chip whose UID and RNG stream follow from {@code seed}. */
    public SimSoc(Stm32Part part, long seed) {
        this.part = part;
        sram = new Ram("SRAM", SRAM_BASE, SRAM_SIZE);
        bus.map(sram);
        bus.dmaWindow(DMA_WINDOW_BASE, DMA_WINDOW_SIZE);
        rcc = add(new RccModel(part));
        pwr = add(new PwrModel(part));
        syscfg = add(new SyscfgModel(part));
        rng = add(new RngModel(part, seed));
        flash = add(new FlashModel(part));
        eth = add(new EthModel());
        bus.map(flash.memory());
        for (int p = 0; p < gpio.length; p++) {
            gpio[p] = add(new GpioModel(p));
        }
        long h = seed * 0x9E3779B97F4A7C15L;
        add(new UidModel(part, (int) h, (int) (h >>> 32), (int) (seed ^ 0x5A5A5A5A)));
    }

    private <T extends PeripheralModel> T add(T model) {
        model.attach(this);
        models.add(model);
        bus.map(model);
        return model;
    }

    /** Power off and on: registers back to reset values; flash and the UID survive, SRAM is cleared. */
    public void powerCycle() {
        for (PeripheralModel m : models) {
            m.reset();
        }
        java.util.Arrays.fill(sram.bytes(), (byte) 0);
        bus.restorePower();
    }

    public Stm32Part part() { return part; }
    public SimBus bus() { return bus; }
    public RccModel rcc() { return rcc; }
    public PwrModel pwr() { return pwr; }
    public SyscfgModel syscfg() { return syscfg; }
    public RngModel rng() { return rng; }
    public FlashModel flash() { return flash; }
    public GpioModel gpio(int port) { return gpio[port]; }
    public EthModel eth() { return eth; }
}
