package io.jzsock.sim.hw;

import static io.jzsock.eth.Stm32Eth.*;

import io.jzsock.bsp.stm32.Stm32Rcc;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.sim.wire.FrameSink;
import io.jzsock.sim.wire.Medium;
import io.jzsock.sim.wire.OffloadChecksums;
import java.util.zip.CRC32;

/**
 * The STM32F4/F7 Ethernet MAC + DMA (RM0410 §42) with a {@link Lan8742aModel} on MDIO, and a DMA
 * engine that walks the driver's enhanced descriptors in the DMA window of the {@link SimBus}:
 * on a transmit poll demand (or when started) it sends every frame whose TDES0.OWN is set to the
 * attached {@link Medium}, inserting checksums as TDES0.CIC asks; a frame from the medium
 * ({@link #deliver}) goes into the next RX descriptor the DMA owns, with RDES4 checksum status,
 * or sets DMASR.RBUS when there is none.
 *
 * <p>Strict: registers other than the modelled ones throw, as does any ETH access with the MAC clock
 * off or during the DMA software reset, a descriptor list address or a DMA start before a software
 * reset completed, and a list address change while that DMA runs.
 *
 * <p>Threading: frames arrive on the sending board's thread. One lock guards the DMA state and the
 * PHY; the medium is called, and the interrupt raised, with it released, so two boards on a switch
 * cannot deadlock.
 */
public final class EthModel extends PeripheralModel implements FrameSink {
    /** DMABMR reads until a software reset completes. */
    static final int RESET_READS = 3;
    /** MACMIIAR reads with MB still set after a management command. */
    static final int MDIO_BUSY_READS = 2;
    private static final int CSUM_ALL = NetDevice.CSUM_IPV4 | NetDevice.CSUM_UDP | NetDevice.CSUM_TCP | NetDevice.CSUM_ICMP;
    private static final int[] MDC_DIVIDERS = {42, 62, 16, 26, 102};

    private final Object lock = new Object();
    private final Object txLock = new Object();
    private final Lan8742aModel phy = new Lan8742aModel();
    private final Reg maccr;
    private final Reg macffr;
    private final Reg hthr;
    private final Reg htlr;
    private final Reg miiar;
    private final Reg miidr;
    private final Reg a0hr;
    private final Reg a0lr;
    private final Reg dmabmr;
    private final Reg tpdr;
    private final Reg rpdr;
    private final Reg rdlar;
    private final Reg tdlar;
    private final Reg dmasr;
    private final Reg dmaomr;
    private final Reg dmaier;
    private final byte[] txFrame = new byte[16384];
    private final byte[] fcs = new byte[4];
    private final CRC32 crc = new CRC32();

    private int resetCountdown;
    private boolean dmaReady;
    private int mdioBusy;
    private int status;
    private boolean rxRunning;
    private boolean txRunning;
    private boolean rxSuspended;
    private int rxCurrent;
    private int txCurrent;
    private int cfgMaccr;
    private int cfgFfr;
    private long cfgHash;
    private long cfgMac;
    private int cfgIer;

    private Medium medium;
    private int port;
    private Runnable irq;
    private int pendingRxErrors;
    private int pendingTxUnderflows;

    private long txFrames;
    private long rxFrames;
    private long rxMissed;
    private long rxFiltered;
    private long rxDropped;
    private long txUnderflows;

    public EthModel() {
        super("ETH", BASE, 0x1400);
        maccr = reg("MACCR", MACCR, MACCR_RESET, 0x02CF7EFC, 0x00008000);
        macffr = reg("MACFFR", MACFFR, 0, 0x800007FF, 0);
        hthr = reg("MACHTHR", MACHTHR, 0, 0xFFFFFFFF, 0);
        htlr = reg("MACHTLR", MACHTLR, 0, 0xFFFFFFFF, 0);
        miiar = reg("MACMIIAR", MACMIIAR, 0, 0xFFDF, 0);
        miidr = reg("MACMIIDR", MACMIIDR, 0, 0xFFFF, 0);
        reg("MACFCR", MACFCR, 0, 0xFFFF00BF, 0);
        a0hr = reg("MACA0HR", MACA0HR, 0x8000FFFF, 0xFFFF, 0x80000000);
        a0lr = reg("MACA0LR", MACA0LR, 0xFFFFFFFF, 0xFFFFFFFF, 0);
        reg("MMCCR", MMCCR, 0, 0x3F, 0);
        reg("MMCRIMR", MMCRIMR, 0, MMCRIMR_ALL, 0);
        reg("MMCTIMR", MMCTIMR, 0, MMCTIMR_ALL, 0);
        dmabmr = reg("DMABMR", DMABMR, DMABMR_RESET, 0x07FFFFFF, 0);
        tpdr = reg("DMATPDR", DMATPDR, 0, 0xFFFFFFFF, 0);
        rpdr = reg("DMARPDR", DMARPDR, 0, 0xFFFFFFFF, 0);
        rdlar = reg("DMARDLAR", DMARDLAR, 0, 0xFFFFFFFF, 0);
        tdlar = reg("DMATDLAR", DMATDLAR, 0, 0xFFFFFFFF, 0);
        dmasr = reg("DMASR", DMASR, 0, 0, 0x3BFE0000, DMASR_W1C, 0);
        dmaomr = reg("DMAOMR", DMAOMR, 0, 0x0731E0DE, 0);
        dmaier = reg("DMAIER", DMAIER, 0, DMASR_W1C, 0);
        clearState();
    }

    /** Plugs the MAC into a medium (a VirtualSwitch port: {@code sw.attachSink(eth)}). */
    public void attach(Medium m, int medPort) {
        synchronized (lock) {
            medium = m;
            port = medPort;
        }
    }

    /** The ETH interrupt line: run (without the model's lock) when an enabled DMASR event is raised. */
    public void onInterrupt(Runnable isr) {
        synchronized (lock) {
            irq = isr;
        }
    }

    /** Cable in or out at the PHY. */
    public void setLink(boolean up) {
        synchronized (lock) {
            phy.setCable(up);
        }
    }

    /** What the link partner advertises; takes effect at the next autonegotiation. */
    public void setPartner(boolean hundred, boolean fullDuplex) {
        synchronized (lock) {
            phy.setPartner(hundred, fullDuplex);
        }
    }

    /** The next {@code n} received frames get a CRC error (RDES0.ES|CE). */
    public void injectRxCrcErrors(int n) {
        synchronized (lock) {
            pendingRxErrors += n;
        }
    }

    /**
     * The next {@code n} transmitted frames underflow the TX FIFO: each is closed with TDES0.ES|UF,
     * DMASR.TUS is raised and the transmit DMA suspends until TUS is cleared and a poll demand is given.
     */
    public void injectTxUnderflows(int n) {
        synchronized (lock) {
            pendingTxUnderflows += n;
        }
    }

    /** RCC ETHMACRST: every register back to its reset value; a software reset is needed again. */
    void macReset() {
        synchronized (lock) {
            super.reset();
            clearState();
            dmaReady = false;
        }
    }

    @Override
    public void reset() {
        macReset();
    }

    private void clearState() {
        resetCountdown = 0;
        mdioBusy = 0;
        status = 0;
        rxRunning = false;
        txRunning = false;
        rxSuspended = false;
        cfgMaccr = MACCR_RESET;
        cfgFfr = 0;
        cfgHash = 0;
        cfgMac = 0xFFFFFFFFFFFFL;
        cfgIer = 0;
    }

    @Override
    protected void checkClock(Reg r) {
        if (!soc.rcc().enabled(Stm32Rcc.AHB1ENR, Stm32Rcc.AHB1_ETHMAC)) {
            throw violation(r, "accessed with the MAC clock off (RCC_AHB1ENR.ETHMACEN=0)");
        }
        synchronized (lock) {
            if (resetCountdown > 0 && r != dmabmr) {
                throw violation(r, "accessed during the DMA software reset (wait for DMABMR.SR to read 0)");
            }
        }
    }

    @Override
    protected int onRead(Reg r) {
        synchronized (lock) {
            if (r == dmabmr && resetCountdown > 0 && --resetCountdown == 0) {
                dmabmr.value &= ~DMABMR_SR;
                dmaReady = true;
            } else if (r == miiar && mdioBusy > 0 && --mdioBusy == 0) {
                miiar.value &= ~MACMIIAR_MB;
            } else if (r == dmasr) {
                int rps = !rxRunning ? 0 : rxSuspended ? 4 : 3;
                int tps = txRunning ? 6 : 0;
                return status | rps << DMASR_RPS_SHIFT | tps << DMASR_TPS_SHIFT;
            }
            return r.value;
        }
    }

    @Override
    protected void beforeWrite(Reg r, int old, int next, int written) {
        synchronized (lock) {
            if (r == dmabmr && resetCountdown > 0) {
                throw violation(r, "written during the DMA software reset");
            }
            if (r == miiar || r == miidr) {
                if (mdioBusy > 0) {
                    throw violation(r, "written while MACMIIAR.MB=1 (a management command is in progress)");
                }
            }
            if (r == miiar && (written & MACMIIAR_MB) != 0) {
                checkMdc(r, written);
            }
            if ((r == rdlar || r == tdlar || (r == dmaomr && (next & ~old & (DMAOMR_SR | DMAOMR_ST)) != 0))
                    && !dmaReady) {
                throw violation(r, "DMA used before a software reset (DMABMR.SR) completed (RM0410 §42.6.1)");
            }
            if (r == rdlar && rxRunning || r == tdlar && txRunning) {
                throw violation(r, "descriptor list address written while that DMA runs (stop it first)");
            }
            if (r == dmaomr && rose(old, next, DMAOMR_SR) && rdlar.value == 0) {
                throw violation(r, "receive DMA started with DMARDLAR unset");
            }
            if (r == dmaomr && rose(old, next, DMAOMR_ST) && tdlar.value == 0) {
                throw violation(r, "transmit DMA started with DMATDLAR unset");
            }
        }
    }

    private void checkMdc(Reg r, int written) {
        int cr = (written & MACMIIAR_CR_MASK) >>> MACMIIAR_CR_SHIFT;
        if (cr >= MDC_DIVIDERS.length) {
            throw violation(r, "CR=" + cr + " is reserved");
        }
        long mdc = soc.rcc().hclkHz() / MDC_DIVIDERS[cr];
        if (mdc > 2500000) {
            throw violation(r, "MDC " + mdc + " Hz above 2.5 MHz (CR=" + cr + " for HCLK " + soc.rcc().hclkHz() + " Hz)");
        }
    }

    @Override
    protected void afterWrite(Reg r, int old, int written) {
        boolean walkTx = false;
        synchronized (lock) {
            if (r == dmabmr && (written & DMABMR_SR) != 0) {
                super.reset();
                clearState();
                dmabmr.value |= DMABMR_SR;
                resetCountdown = RESET_READS;
                dmaReady = false;
            } else if (r == dmasr) {
                status &= ~(written & DMASR_W1C);
                summarise();
            } else if (r == miiar && (written & MACMIIAR_MB) != 0) {
                int pa = (written >>> MACMIIAR_PA_SHIFT) & 0x1F;
                int mr = (written >>> MACMIIAR_MR_SHIFT) & 0x1F;
                if (pa == 0) {
                    if ((written & MACMIIAR_MW) != 0) {
                        phy.write(mr, miidr.value);
                    } else {
                        miidr.value = phy.read(mr);
                    }
                } else if ((written & MACMIIAR_MW) == 0) {
                    miidr.value = 0xFFFF; // nobody drives MDIO: the pull-up reads all ones
                }
                mdioBusy = MDIO_BUSY_READS;
            } else if (r == dmaomr) {
                if (rose(old, r.value, DMAOMR_SR)) {
                    rxRunning = true;
                    rxSuspended = false;
                    rxCurrent = rdlar.value;
                }
                if (rose(old, r.value, DMAOMR_ST)) {
                    txRunning = true;
                    txCurrent = tdlar.value;
                    walkTx = true;
                }
                if ((r.value & DMAOMR_SR) == 0) {
                    rxRunning = false;
                }
                if ((r.value & DMAOMR_ST) == 0) {
                    txRunning = false;
                }
                r.value &= ~DMAOMR_FTF; // the TX FIFO flush completes at once
            } else if (r == rpdr) {
                if (rxRunning && rxSuspended) {
                    rxSuspended = false;
                    if ((descWord(rxCurrent, 0) & RDES0_OWN) == 0) {
                        rxSuspended = true;
                        status |= DMASR_RBUS;
                        summarise();
                    }
                }
            } else if (r == tpdr) {
                walkTx = txRunning;
            }
            cfgMaccr = maccr.value;
            cfgFfr = macffr.value;
            cfgHash = (hthr.value & 0xFFFFFFFFL) << 32 | (htlr.value & 0xFFFFFFFFL);
            cfgMac = (a0hr.value & 0xFFFFL) << 32 | (a0lr.value & 0xFFFFFFFFL);
            cfgIer = dmaier.value;
        }
        if (walkTx) {
            walkTx();
        }
    }

    private void summarise() {
        status &= ~(DMASR_NIS | DMASR_AIS);
        if ((status & (DMASR_TS | DMASR_TBUS | DMASR_RS | 1 << 14)) != 0) {
            status |= DMASR_NIS;
        }
        if ((status & (DMASR_TPSS | 1 << 3 | DMASR_ROS | DMASR_TUS | DMASR_RBUS | DMASR_RPSS | 1 << 9 | 1 << 10
                | DMASR_FBES)) != 0) {
            status |= DMASR_AIS;
        }
    }

    private int descWord(int addr, int word) {
        return soc.bus().read32(addr + word * 4);
    }

    private void setDescWord(int addr, int word, int v) {
        soc.bus().write32(addr + word * 4, v);
    }

    private int nextDescriptor(int addr, int list, boolean chained, boolean end) {
        if (chained) {
            return descWord(addr, 3);
        }
        if (end) {
            return list;
        }
        int dsl = (dmabmr.value >>> 2) & 0x1F;
        return addr + ((dmabmr.value & DMABMR_EDFE) != 0 ? 32 : 16) + dsl * 4;
    }

    /** The transmit DMA: sends owned descriptors until it meets one it does not own (TBUS). */
    private void walkTx() {
        synchronized (txLock) {
            while (true) {
                int len;
                Medium m;
                int medPort;
                Runnable isr = null;
                synchronized (lock) {
                    if (!txRunning || (status & DMASR_TUS) != 0) {
                        return;
                    }
                    int d = txCurrent;
                    int d0 = descWord(d, 0);
                    if ((d0 & TDES0_OWN) == 0) {
                        status |= DMASR_TBUS;
                        summarise();
                        return;
                    }
                    if ((d0 & (TDES0_FS | TDES0_LS)) != (TDES0_FS | TDES0_LS)) {
                        throw new HwRuleViolation("TDES0 at " + String.format("0x%08X", d),
                                "frames spanning several descriptors are not modelled (set FS and LS)");
                    }
                    txCurrent = nextDescriptor(d, tdlar.value, (d0 & TDES0_TCH) != 0, (d0 & TDES0_TER) != 0);
                    boolean underflow = pendingTxUnderflows > 0;
                    if (underflow) {
                        pendingTxUnderflows--;
                        txUnderflows++;
                        setDescWord(d, 0, (d0 & ~TDES0_OWN) | TDES0_ES | TDES0_UF);
                        status |= DMASR_TUS;
                        len = 0;
                    } else {
                        len = descWord(d, 1) & TDES1_TBS1_MASK;
                        soc.bus().copyIn(descWord(d, 2), txFrame, 0, len);
                        int cic = (d0 & TDES0_CIC_MASK) >>> TDES0_CIC_SHIFT;
                        if (cic != 0) {
                            OffloadChecksums.fill(txFrame, 0, len, cic == 1 ? NetDevice.CSUM_IPV4 : CSUM_ALL);
                        }
                        setDescWord(d, 0, d0 & ~TDES0_OWN);
                        status |= DMASR_TS;
                        txFrames++;
                    }
                    summarise();
                    int enabled = underflow ? DMAIER_AISE | DMAIER_TUIE : DMAIER_NISE | DMAIER_TIE;
                    if ((cfgIer & enabled) == enabled && (underflow || (d0 & TDES0_IC) != 0)) {
                        isr = irq;
                    }
                    boolean send = !underflow && (cfgMaccr & MACCR_TE) != 0 && phy.linkUp() && medium != null;
                    m = send ? medium : null;
                    medPort = port;
                }
                if (m != null) {
                    m.send(medPort, txFrame, 0, len, 0);
                }
                if (isr != null) {
                    isr.run();
                }
            }
        }
    }

    /** A frame from the wire: MAC filter, then the receive DMA writes it into the next owned descriptor. */
    @Override
    public void deliver(byte[] frame, int off, int len, long timeNanos) {
        Runnable isr = null;
        synchronized (lock) {
            if ((cfgMaccr & MACCR_RE) == 0 || !phy.linkUp() || len < 14) {
                rxDropped++;
                return;
            }
            if (!accepts(frame, off)) {
                rxFiltered++;
                return;
            }
            if (!rxRunning) {
                rxMissed++;
                return;
            }
            // A suspended receive DMA re-fetches its descriptor when the next frame arrives.
            int d = rxCurrent;
            int d0 = descWord(d, 0);
            if ((d0 & RDES0_OWN) == 0) {
                rxSuspended = true;
                rxMissed++;
                status |= DMASR_RBUS;
                summarise();
                if ((cfgIer & DMAIER_RBUIE) != 0 && (cfgIer & DMAIER_AISE) != 0) {
                    isr = irq;
                }
            } else {
                rxSuspended = false;
                int d1 = descWord(d, 1);
                int rbs = d1 & RDES1_RBS1_MASK;
                if (len + 4 > rbs) {
                    throw new HwRuleViolation("RDES1 at " + String.format("0x%08X", d), "buffer of " + rbs
                            + " bytes is smaller than a " + (len + 4) + "-byte frame; frames spanning "
                            + "descriptors are not modelled");
                }
                int buf = descWord(d, 2);
                soc.bus().copyOut(buf, frame, off, len);
                crc.reset();
                crc.update(frame, off, len);
                long c = crc.getValue();
                for (int i = 0; i < 4; i++) {
                    fcs[i] = (byte) (c >>> (8 * i));
                }
                soc.bus().copyOut(buf + len, fcs, 0, 4);
                int type = (frame[off + 12] & 0xFF) << 8 | (frame[off + 13] & 0xFF);
                int s = RDES0_FS | RDES0_LS | (len + 4) << RDES0_FL_SHIFT | (type >= 0x600 ? RDES0_FT : 0);
                if ((cfgMaccr & MACCR_IPCO) != 0) {
                    setDescWord(d, 4, checksumStatus(frame, off, len));
                    s |= RDES0_ESA;
                }
                if (pendingRxErrors > 0) {
                    pendingRxErrors--;
                    s |= RDES0_ES | RDES0_CE;
                }
                setDescWord(d, 0, s);
                rxCurrent = nextDescriptor(d, rdlar.value, (d1 & RDES1_RCH) != 0, (d1 & RDES1_RER) != 0);
                rxFrames++;
                status |= DMASR_RS;
                summarise();
                if ((cfgIer & DMAIER_RIE) != 0 && (cfgIer & DMAIER_NISE) != 0) {
                    isr = irq;
                }
            }
        }
        if (isr != null) {
            isr.run();
        }
    }

    /** RDES4 as the checksum offload engine reports it (IPv4 only; IPv6 frames are left unmarked). */
    private static int checksumStatus(byte[] f, int off, int len) {
        int type = (f[off + 12] & 0xFF) << 8 | (f[off + 13] & 0xFF);
        if (type != 0x0800 || len < 34) {
            return 0;
        }
        int flags = OffloadChecksums.verify(f, off, len, CSUM_ALL);
        int v = RDES4_IPV4PR;
        if ((flags & PacketPool.RX_IPV4_CSUM_OK) == 0) {
            return v | RDES4_IPHE;
        }
        int frag = (f[off + 20] & 0x3F) << 8 | (f[off + 21] & 0xFF);
        int proto = f[off + 23] & 0xFF;
        int pt = proto == 17 ? RDES4_IPPT_UDP : proto == 6 ? RDES4_IPPT_TCP : proto == 1 ? RDES4_IPPT_ICMP : 0;
        if (pt == 0 || frag != 0) {
            return v;
        }
        return v | pt | ((flags & PacketPool.RX_L4_CSUM_OK) == 0 ? RDES4_IPPE : 0);
    }

    private boolean accepts(byte[] f, int off) {
        long dst = 0;
        for (int i = 0; i < 6; i++) {
            dst |= (f[off + i] & 0xFFL) << (8 * i);
        }
        if ((cfgFfr & MACFFR_PM) != 0) {
            return true;
        }
        if (dst == 0xFFFFFFFFFFFFL) {
            return (cfgFfr & MACFFR_BFD) == 0;
        }
        if ((f[off] & 1) != 0) {
            if ((cfgFfr & MACFFR_PAM) != 0) {
                return true;
            }
            if ((cfgFfr & MACFFR_HM) == 0) {
                return false;
            }
            crc.reset();
            crc.update(f, off, 6);
            int bin = Integer.reverse((int) crc.getValue()) >>> 26;
            return (cfgHash >>> bin & 1) != 0;
        }
        return dst == cfgMac;
    }

    /** Whether the PHY reports the link up (cable in, autonegotiation done). */
    public boolean phyLinkUp() {
        synchronized (lock) {
            return phy.linkUp();
        }
    }

    public int phyResets() {
        synchronized (lock) {
            return phy.resets();
        }
    }

    public boolean receiveSuspended() {
        synchronized (lock) {
            return rxSuspended;
        }
    }

    public int maccr() {
        synchronized (lock) {
            return cfgMaccr;
        }
    }

    public long txFrames() { synchronized (lock) { return txFrames; } }
    public long rxFrames() { synchronized (lock) { return rxFrames; } }
    /** Frames lost because the receive DMA owned no descriptor (DMASR.RBUS) or was stopped. */
    public long rxMissed() { synchronized (lock) { return rxMissed; } }
    public long rxFiltered() { synchronized (lock) { return rxFiltered; } }
    public long txUnderflows() { synchronized (lock) { return txUnderflows; } }
    public long rxDropped() { synchronized (lock) { return rxDropped; } }
}
