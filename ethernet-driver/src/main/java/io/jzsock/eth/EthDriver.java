package io.jzsock.eth;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.DmaMemory;
import io.jzsock.bsp.RegisterBus;
import io.jzsock.bsp.stm32.Gpio;
import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Syscfg;
import io.jzsock.net.Errno;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;

/**
 * STM32F4/F7 Ethernet MAC + DMA with a LAN8742A on RMII, as a {@link NetDevice}. Descriptor rings are
 * pinned {@code int[]} arrays of enhanced descriptors in chain mode; RX descriptors point straight at
 * packet-pool buffers (zero copy), so a received frame is handed to the stack as the handle the DMA
 * filled and the descriptor gets a fresh buffer. Bring-up follows RM0410 §42.6 and ST's HAL
 * (HAL_ETH_Init, ETH_MACDMAConfig, HAL_ETH_Start): {@link #init()} before {@code NetStack.addInterface}.
 *
 * <p>Threading: {@link #receive()}, {@link #transmit(int)}, {@link #pollLink()} and {@link #close()} run
 * on the stack's thread with its monitor held. {@link #interrupt()} is the ETH IRQ entry and only wakes
 * the stack. Nothing is allocated after {@link #open}.
 */
public final class EthDriver implements NetDevice {
    public static final int MTU = 1500;
    /** Largest frame without FCS: header, one 802.1Q tag, 1500 bytes of payload. */
    public static final int MAX_FRAME = 14 + 4 + MTU;
    public static final int DEFAULT_RX_DESCRIPTORS = 8;

    /**
     * An RX ring long enough that a whole receive window of full-sized segments arriving before the
     * stack polls is not dropped: ceil(window / segment payload) descriptors; one for the sender's tail
     * loss probe, which resends the window's last segment (RFC 8985 §7.3) exactly when a receiver that
     * does not poll has let the window fill its ring, so it arrives beyond the window; one for a frame
     * outside the flow (ARP, an ACK of the other direction); never fewer than the default. Each
     * descriptor holds a packet buffer, so NetConfig.packetBuffers must cover the ring and the stack.
     */
    public static int rxDescriptorsFor(int rxWindowBytes, int segmentPayloadBytes) {
        int frames = (rxWindowBytes + segmentPayloadBytes - 1) / segmentPayloadBytes + 2;
        return Math.max(DEFAULT_RX_DESCRIPTORS, frames);
    }
    public static final int DEFAULT_TX_DESCRIPTORS = 8;
    /** LAN8742A strap address on ST's Nucleo-144 and Discovery boards. */
    public static final int DEFAULT_PHY_ADDRESS = 0;
    /** receive() calls between two PHY status reads. */
    static final int LINK_POLL_EVERY = 64;
    /** With a clock, the PHY is read at most this often, however busy or idle the link is. */
    static final int LINK_POLL_MS = 250;
    static final int RESET_POLLS = 100000;
    private static final int FCS_LEN = 4;
    private static final int CSUM_ALL = CSUM_IPV4 | CSUM_UDP | CSUM_TCP | CSUM_ICMP;

    private final RegisterBus bus;
    private final DmaMemory dma;
    private final Rcc rcc;
    private final Mdio mdio;
    private final Lan8742a phy;
    private final byte[] mac = new byte[6];
    private final int[] rxDesc;
    private final int[] txDesc;
    private final int[] rxHandle;
    private final int[] txHandle;
    private final int[] hashRefs = new int[64];
    private final int rxCount;
    private final int txCount;
    private int rxDescAddr;
    private int txDescAddr;
    private int[] bufAddr;
    private PacketPool pool;
    private Runnable rxReady;

    private int rxNext;
    private int txNext;
    private int txDirty;
    private boolean rxSuspended;
    private int linkStatus;
    private int linkPollCountdown;
    private Clock linkClock;
    private long nextLinkPollAt;
    private boolean initialised;

    private long rxFrames;
    private long txFrames;
    private long rxErrors;
    private long rxNoBuffer;
    private long txDropped;
    private long txErrors;
    private long rxBufferUnavailable;
    private long txUnderflows;

    public EthDriver(RegisterBus bus, DmaMemory dma, Stm32Part part, byte[] macAddress) {
        this(bus, dma, part, macAddress, DEFAULT_RX_DESCRIPTORS, DEFAULT_TX_DESCRIPTORS, DEFAULT_PHY_ADDRESS);
    }

    public EthDriver(RegisterBus bus, DmaMemory dma, Stm32Part part, byte[] macAddress, int rxDescriptors,
            int txDescriptors, int phyAddress) {
        if (macAddress == null || macAddress.length != 6 || rxDescriptors < 2 || txDescriptors < 2) {
            throw new IllegalArgumentException("EthDriver needs a 6-byte MAC and at least 2 descriptors per ring");
        }
        this.bus = bus;
        this.dma = dma;
        this.rcc = new Rcc(bus, part);
        this.mdio = new Mdio(bus);
        this.phy = new Lan8742a(mdio, phyAddress);
        System.arraycopy(macAddress, 0, mac, 0, 6);
        rxCount = rxDescriptors;
        txCount = txDescriptors;
        rxDesc = new int[rxDescriptors * Stm32Eth.DESC_WORDS];
        txDesc = new int[txDescriptors * Stm32Eth.DESC_WORDS];
        rxHandle = new int[rxDescriptors];
        txHandle = new int[txDescriptors];
    }

    /**
     * Board bring-up and MAC/DMA configuration, in the reference manual's order: RMII select with the
     * MAC clocks off, pins, MAC clocks, ETHMACRST pulse, DMA software reset, MDC range, PHY reset and
     * autonegotiation, MAC and DMA configuration. Returns 0 or a negative errno. The link may still
     * be down (no cable): {@link #pollLink()} picks it up later.
     */
    public int init() {
        rcc.enableSyscfg();
        if (new Syscfg(bus).selectRmii() != 0) {
            return -Errno.EIO;
        }
        rcc.enableGpio(Gpio.RMII_PORT_MASK);
        new Gpio(bus).configureRmii();
        rcc.enableEthernet();
        rcc.resetEthernet();
        // RM0410 §42.8.2: SR resets the MAC and DMA; it self-clears once all clock domains are reset.
        bus.modify32(Stm32Eth.BASE + Stm32Eth.DMABMR, 0, Stm32Eth.DMABMR_SR);
        if (!waitClear(Stm32Eth.DMABMR, Stm32Eth.DMABMR_SR)) {
            return -Errno.ETIMEDOUT;
        }
        mdio.setClockRange(Mdio.clockRangeFor(rcc.sysclkHz()));
        int r = phy.reset();
        if (r < 0) {
            return r;
        }
        r = phy.startAutonegotiation();
        if (r < 0) {
            return r;
        }
        r = phy.awaitAutonegotiation();
        if (r < 0 && r != -Errno.EAGAIN) {
            return r;
        }
        r = phy.status();
        if (r < 0) {
            return r;
        }
        linkStatus = r;
        configureMac(r);
        int a = Stm32Eth.BASE;
        // Perfect unicast filter on MACA0, broadcast (BFD=0), multicast through the 64-bit hash table.
        bus.write32(a + Stm32Eth.MACFFR, Stm32Eth.MACFFR_HM);
        bus.write32(a + Stm32Eth.MACHTHR, 0);
        bus.write32(a + Stm32Eth.MACHTLR, 0);
        bus.write32(a + Stm32Eth.MACA0HR, (mac[5] & 0xFF) << 8 | (mac[4] & 0xFF));
        bus.write32(a + Stm32Eth.MACA0LR,
                (mac[3] & 0xFF) << 24 | (mac[2] & 0xFF) << 16 | (mac[1] & 0xFF) << 8 | (mac[0] & 0xFF));
        bus.write32(a + Stm32Eth.MMCRIMR, Stm32Eth.MMCRIMR_ALL);
        bus.write32(a + Stm32Eth.MMCTIMR, Stm32Eth.MMCTIMR_ALL);
        // Store and forward both ways: TX checksum insertion needs the whole frame in the FIFO (RM0410 §42.5.8).
        bus.write32(a + Stm32Eth.DMAOMR, Stm32Eth.DMAOMR_RSF | Stm32Eth.DMAOMR_TSF | Stm32Eth.DMAOMR_OSF);
        bus.write32(a + Stm32Eth.DMABMR, Stm32Eth.DMABMR_AAB | Stm32Eth.DMABMR_FB | 32 << Stm32Eth.DMABMR_RDP_SHIFT
                | 32 << Stm32Eth.DMABMR_PBL_SHIFT | Stm32Eth.DMABMR_USP | Stm32Eth.DMABMR_EDFE);
        bus.write32(a + Stm32Eth.DMAIER, Stm32Eth.DMAIER_NISE | Stm32Eth.DMAIER_RIE
                | Stm32Eth.DMAIER_AISE | Stm32Eth.DMAIER_RBUIE | Stm32Eth.DMAIER_TUIE);
        initialised = true;
        return 0;
    }

    private void configureMac(int status) {
        int set = Stm32Eth.MACCR_IPCO;
        if ((status & Lan8742a.SPEED_100) != 0) {
            set |= Stm32Eth.MACCR_FES;
        }
        if ((status & Lan8742a.FULL_DUPLEX) != 0) {
            set |= Stm32Eth.MACCR_DM;
        }
        bus.modify32(Stm32Eth.BASE + Stm32Eth.MACCR, Stm32Eth.MACCR_FES | Stm32Eth.MACCR_DM, set);
    }

    private boolean waitClear(int reg, int bits) {
        for (int i = 0; i < RESET_POLLS; i++) {
            if ((bus.read32(Stm32Eth.BASE + reg) & bits) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Builds both descriptor rings over pool buffers and starts MAC and DMA (HAL_ETH_Start order). */
    @Override
    public void open(PacketPool p, Runnable wake) {
        if (!initialised) {
            throw new IllegalStateException("EthDriver.init() must succeed before open");
        }
        pool = p;
        rxReady = wake;
        bufAddr = new int[p.capacity()];
        for (int h = 0; h < bufAddr.length; h++) {
            bufAddr[h] = dma.addressOf(p.data[h]);
        }
        rxDescAddr = dma.addressOf(rxDesc);
        txDescAddr = dma.addressOf(txDesc);
        int rbs = (p.bufferSize() & ~3) > Stm32Eth.RDES1_RBS1_MASK ? Stm32Eth.RDES1_RBS1_MASK & ~3 : p.bufferSize() & ~3;
        for (int i = 0; i < rxCount; i++) {
            int h = p.alloc(0);
            if (h < 0) {
                throw new IllegalStateException("packet pool too small for the RX ring");
            }
            int d = i * Stm32Eth.DESC_WORDS;
            rxHandle[i] = h;
            rxDesc[d + 1] = Stm32Eth.RDES1_RCH | rbs;
            rxDesc[d + 2] = bufAddr[h];
            rxDesc[d + 3] = rxDescAddr + ((i + 1) % rxCount) * Stm32Eth.DESC_WORDS * 4;
            rxDesc[d] = Stm32Eth.RDES0_OWN;
        }
        for (int i = 0; i < txCount; i++) {
            int d = i * Stm32Eth.DESC_WORDS;
            txHandle[i] = -1;
            txDesc[d] = Stm32Eth.TDES0_TCH;
            txDesc[d + 3] = txDescAddr + ((i + 1) % txCount) * Stm32Eth.DESC_WORDS * 4;
        }
        rxNext = 0;
        txNext = 0;
        txDirty = 0;
        bus.dcacheClean(rxDescAddr, rxDesc.length * 4);
        bus.dcacheClean(txDescAddr, txDesc.length * 4);
        bus.dsb();
        int a = Stm32Eth.BASE;
        bus.write32(a + Stm32Eth.DMATDLAR, txDescAddr);
        bus.write32(a + Stm32Eth.DMARDLAR, rxDescAddr);
        bus.modify32(a + Stm32Eth.MACCR, 0, Stm32Eth.MACCR_TE);
        bus.modify32(a + Stm32Eth.MACCR, 0, Stm32Eth.MACCR_RE);
        bus.modify32(a + Stm32Eth.DMAOMR, 0, Stm32Eth.DMAOMR_FTF);
        waitClear(Stm32Eth.DMAOMR, Stm32Eth.DMAOMR_FTF);
        bus.modify32(a + Stm32Eth.DMAOMR, 0, Stm32Eth.DMAOMR_ST);
        bus.modify32(a + Stm32Eth.DMAOMR, 0, Stm32Eth.DMAOMR_SR);
        linkPollCountdown = LINK_POLL_EVERY;
    }

    /** The ETH interrupt: wakes the stack, which drains the ring from its own thread. */
    public void interrupt() {
        Runnable r = rxReady;
        if (r != null) {
            r.run();
        }
    }

    @Override
    public int receive() {
        if (pool == null) {
            return -Errno.EAGAIN;
        }
        serviceStatus();
        if (linkClock != null) {
            long now = linkClock.nowMillis();
            if (now >= nextLinkPollAt) {
                nextLinkPollAt = now + LINK_POLL_MS;
                pollLink();
            }
        } else if (--linkPollCountdown <= 0) {
            pollLink();
        }
        for (int n = 0; n < rxCount; n++) {
            int i = rxNext;
            int d = i * Stm32Eth.DESC_WORDS;
            bus.dcacheInvalidate(rxDescAddr + d * 4, Stm32Eth.DESC_WORDS * 4);
            int d0 = rxDesc[d];
            if ((d0 & Stm32Eth.RDES0_OWN) != 0) {
                return -Errno.EAGAIN;
            }
            int h = rxHandle[i];
            int whole = Stm32Eth.RDES0_FS | Stm32Eth.RDES0_LS;
            int len = ((d0 & Stm32Eth.RDES0_FL_MASK) >>> Stm32Eth.RDES0_FL_SHIFT) - FCS_LEN;
            if ((d0 & Stm32Eth.RDES0_ES) != 0 || (d0 & whole) != whole || len < 14) {
                rxErrors++;
                giveBack(i, h);
                continue;
            }
            int fresh = pool.alloc(0);
            if (fresh < 0) {
                rxNoBuffer++; // the frame stays in the ring and is retried on the next poll
                return -Errno.EAGAIN;
            }
            bus.dcacheInvalidate(bufAddr[h], len);
            pool.off[h] = 0;
            pool.len[h] = len;
            pool.flags[h] = (d0 & Stm32Eth.RDES0_ESA) != 0 ? checksumFlags(rxDesc[d + 4]) : 0;
            giveBack(i, fresh);
            rxFrames++;
            return h;
        }
        return -Errno.EAGAIN;
    }

    private static int checksumFlags(int rdes4) {
        if ((rdes4 & Stm32Eth.RDES4_IPV4PR) == 0 || (rdes4 & Stm32Eth.RDES4_IPCB) != 0) {
            return 0;
        }
        int f = 0;
        if ((rdes4 & Stm32Eth.RDES4_IPHE) == 0) {
            f |= PacketPool.RX_IPV4_CSUM_OK;
            int pt = rdes4 & Stm32Eth.RDES4_IPPT_MASK;
            if (pt >= Stm32Eth.RDES4_IPPT_UDP && pt <= Stm32Eth.RDES4_IPPT_ICMP && (rdes4 & Stm32Eth.RDES4_IPPE) == 0) {
                f |= PacketPool.RX_L4_CSUM_OK;
            }
        }
        return f;
    }

    /** Hands descriptor i back to the DMA with buffer h, and resumes a receive DMA suspended on RBUS. */
    private void giveBack(int i, int h) {
        int d = i * Stm32Eth.DESC_WORDS;
        rxHandle[i] = h;
        rxDesc[d + 2] = bufAddr[h];
        rxDesc[d + 4] = 0;
        bus.dsb();
        rxDesc[d] = Stm32Eth.RDES0_OWN;
        bus.dcacheClean(rxDescAddr + d * 4, Stm32Eth.DESC_WORDS * 4);
        bus.dsb();
        rxNext = (i + 1) % rxCount;
        if (rxSuspended) {
            rxSuspended = false;
            // RM0410 §42.6.8: a suspended receive DMA re-reads the descriptor on a poll demand.
            bus.write32(Stm32Eth.BASE + Stm32Eth.DMARPDR, 0);
        }
    }

    /** Reads DMASR, clears what it saw (W1C) and starts RBUS/TUS recovery. */
    private void serviceStatus() {
        int sr = bus.read32(Stm32Eth.BASE + Stm32Eth.DMASR) & Stm32Eth.DMASR_W1C;
        if (sr == 0) {
            return;
        }
        bus.write32(Stm32Eth.BASE + Stm32Eth.DMASR, sr);
        if ((sr & Stm32Eth.DMASR_RBUS) != 0) {
            rxBufferUnavailable++;
            rxSuspended = true;
            bus.dcacheInvalidate(rxDescAddr + rxNext * Stm32Eth.DESC_WORDS * 4, 4);
            if ((rxDesc[rxNext * Stm32Eth.DESC_WORDS] & Stm32Eth.RDES0_OWN) != 0) {
                // Descriptors were given back after the DMA suspended: resume it now.
                rxSuspended = false;
                bus.write32(Stm32Eth.BASE + Stm32Eth.DMARPDR, 0);
            }
        }
        if ((sr & Stm32Eth.DMASR_TUS) != 0) {
            txUnderflows++;
            bus.write32(Stm32Eth.BASE + Stm32Eth.DMATPDR, 0);
        }
    }

    @Override
    public int transmit(int h) {
        PacketPool p = pool;
        if (p == null) {
            throw new IllegalStateException("transmit on an EthDriver that is not open");
        }
        int n = p.len[h];
        if ((linkStatus & Lan8742a.LINK_UP) == 0) {
            txDropped++;
            p.release(h);
            return -Errno.ENETDOWN;
        }
        if (n < 14 || n > MAX_FRAME) {
            txDropped++;
            p.release(h);
            return -Errno.EMSGSIZE;
        }
        reclaimTx();
        int i = txNext;
        int d = i * Stm32Eth.DESC_WORDS;
        if (txHandle[i] >= 0) {
            txDropped++;
            p.release(h);
            return -Errno.ENOBUFS;
        }
        int addr = bufAddr[h] + p.off[h];
        bus.dcacheClean(addr, n);
        txHandle[i] = h;
        txDesc[d + 1] = n & Stm32Eth.TDES1_TBS1_MASK;
        txDesc[d + 2] = addr;
        bus.dsb();
        txDesc[d] = Stm32Eth.TDES0_OWN | Stm32Eth.TDES0_IC | Stm32Eth.TDES0_FS | Stm32Eth.TDES0_LS
                | Stm32Eth.TDES0_TCH | Stm32Eth.TDES0_CIC_FULL;
        bus.dcacheClean(txDescAddr + d * 4, Stm32Eth.DESC_WORDS * 4);
        bus.dsb();
        txNext = (i + 1) % txCount;
        txFrames++;
        // A transmit DMA suspended on a descriptor it did not own resumes on a poll demand.
        bus.write32(Stm32Eth.BASE + Stm32Eth.DMATPDR, 0);
        return 0;
    }

    /** Returns the buffers of descriptors the DMA has finished with. */
    private void reclaimTx() {
        for (int n = 0; n < txCount; n++) {
            int i = txDirty;
            int h = txHandle[i];
            if (h < 0) {
                return;
            }
            int d = i * Stm32Eth.DESC_WORDS;
            bus.dcacheInvalidate(txDescAddr + d * 4, 4);
            int d0 = txDesc[d];
            if ((d0 & Stm32Eth.TDES0_OWN) != 0) {
                return;
            }
            if ((d0 & Stm32Eth.TDES0_ES) != 0) {
                txErrors++;
            }
            pool.release(h);
            txHandle[i] = -1;
            txDirty = (i + 1) % txCount;
        }
    }

    /**
     * Reads the PHY every {@link #LINK_POLL_MS} of this clock instead of every {@link #LINK_POLL_EVERY}
     * receive() calls: on an idle link the count alone can take seconds to come round, and a cable
     * plugged back in would wait that long (setup-time call).
     */
    public void pollLinkBy(Clock clock) {
        linkClock = clock;
    }

    /** Reads the PHY and reprograms MACCR speed/duplex when the link changed; returns whether it is up. */
    public boolean pollLink() {
        linkPollCountdown = LINK_POLL_EVERY;
        int s = phy.status();
        if (s < 0) {
            return (linkStatus & Lan8742a.LINK_UP) != 0;
        }
        if (s != linkStatus && (s & Lan8742a.LINK_UP) != 0) {
            configureMac(s);
        }
        linkStatus = s;
        return (s & Lan8742a.LINK_UP) != 0;
    }

    @Override
    public boolean linkUp() {
        return (linkStatus & Lan8742a.LINK_UP) != 0;
    }

    /** Lan8742a.LINK_UP | SPEED_100 | FULL_DUPLEX as last read from the PHY. */
    public int linkStatus() {
        return linkStatus;
    }

    @Override
    public void macAddress(byte[] out, int off) {
        System.arraycopy(mac, 0, out, off, 6);
    }

    @Override
    public int mtu() {
        return MTU;
    }

    @Override
    public int txChecksumOffload() {
        return CSUM_ALL;
    }

    @Override
    public int rxChecksumOffload() {
        return CSUM_ALL;
    }

    /**
     * Multicast through the MAC's 64-bin hash filter (RM0410 §42.5.3): the bin is the upper 6 bits of
     * the bit-reversed CRC-32 of the address. Bins are reference counted, as groups may share one.
     */
    @Override
    public void multicastFilter(byte[] addr, int off, boolean join) {
        if ((addr[off] & 1) == 0) {
            return;
        }
        int bin = hashBin(addr, off);
        if (join) {
            if (hashRefs[bin]++ != 0) {
                return;
            }
        } else if (hashRefs[bin] == 0 || --hashRefs[bin] != 0) {
            return;
        }
        int reg = bin >= 32 ? Stm32Eth.MACHTHR : Stm32Eth.MACHTLR;
        int bit = 1 << (bin & 31);
        bus.modify32(Stm32Eth.BASE + reg, join ? 0 : bit, join ? bit : 0);
    }

    /** Hash bin of a MAC address: bit-reverse of the low 6 bits of its IEEE 802.3 CRC-32. */
    public static int hashBin(byte[] addr, int off) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < 6; i++) {
            crc ^= addr[off + i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc >>> 1) ^ (0xEDB88320 & -(crc & 1));
            }
        }
        crc = ~crc;
        int bin = 0;
        for (int b = 0; b < 6; b++) {
            if ((crc >>> b & 1) != 0) {
                bin |= 1 << (5 - b);
            }
        }
        return bin;
    }

    /** Stops MAC and DMA and gives every buffer the rings hold back to the pool. */
    @Override
    public void close() {
        PacketPool p = pool;
        if (p == null) {
            return;
        }
        int a = Stm32Eth.BASE;
        bus.modify32(a + Stm32Eth.DMAOMR, Stm32Eth.DMAOMR_ST | Stm32Eth.DMAOMR_SR, 0);
        bus.modify32(a + Stm32Eth.MACCR, Stm32Eth.MACCR_TE | Stm32Eth.MACCR_RE, 0);
        for (int i = 0; i < rxCount; i++) {
            rxDesc[i * Stm32Eth.DESC_WORDS] = 0;
            if (rxHandle[i] >= 0) {
                p.release(rxHandle[i]);
                rxHandle[i] = -1;
            }
        }
        for (int i = 0; i < txCount; i++) {
            txDesc[i * Stm32Eth.DESC_WORDS] = 0;
            if (txHandle[i] >= 0) {
                p.release(txHandle[i]);
                txHandle[i] = -1;
            }
        }
        pool = null;
        rxReady = null;
    }

    public long rxFrames() { return rxFrames; }
    public long txFrames() { return txFrames; }
    /** Frames the DMA flagged with ES (CRC, overflow, ...) or that spanned descriptors; dropped. */
    public long rxErrors() { return rxErrors; }
    /** Polls that found a frame but no pool buffer to replace it; the frame stayed in the ring. */
    public long rxNoBuffer() { return rxNoBuffer; }
    public long txDropped() { return txDropped; }
    public long txErrors() { return txErrors; }
    /** Times the receive DMA ran out of descriptors (DMASR.RBUS) and was resumed. */
    public long rxBufferUnavailable() { return rxBufferUnavailable; }
    public long txUnderflows() { return txUnderflows; }
}
