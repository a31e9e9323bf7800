package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.bsp.stm32.Rcc;
import io.jzsock.bsp.stm32.Stm32Part;
import io.jzsock.bsp.stm32.Stm32Rcc;
import io.jzsock.bsp.stm32.Stm32Syscfg;
import io.jzsock.bsp.stm32.Syscfg;
import io.jzsock.eth.EthDriver;
import io.jzsock.eth.Lan8742a;
import io.jzsock.eth.Stm32Eth;
import io.jzsock.net.Errno;
import io.jzsock.net.NetDevice;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.sim.wire.OffloadChecksums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EthDriverTest {
    private static final int ETH = Stm32Eth.BASE;
    private static final int FULL = Lan8742a.LINK_UP | Lan8742a.SPEED_100 | Lan8742a.FULL_DUPLEX;

    @Test
    void ringForAWindowHoldsItsSegmentsALossProbeAndOneFrameMore() {
        // 65536 / 1448 (MSS 1460 less the timestamp option) is 45.3: 46 segments, a probe, an ARP.
        assertEquals(48, EthDriver.rxDescriptorsFor(65536, 1448));
        assertEquals(EthDriver.DEFAULT_RX_DESCRIPTORS, EthDriver.rxDescriptorsFor(2920, 1448),
                "NetConfig.defaults()' window fits the default ring");
    }

    @Test
    void initFollowsTheReferenceManualsOrder() {
        EthBoard b = EthBoard.opened(new PacketPool(16, 1536));
        SimBus bus = b.soc.bus();

        int rmii = bus.firstWriteSetting(Stm32Syscfg.BASE + Stm32Syscfg.PMC, Stm32Syscfg.PMC_MII_RMII_SEL);
        int clock = bus.firstWriteSetting(Stm32Rcc.BASE + Stm32Rcc.AHB1ENR, Stm32Rcc.AHB1_ETHMAC);
        int macReset = bus.firstWriteSetting(Stm32Rcc.BASE + Stm32Rcc.AHB1RSTR, Stm32Rcc.AHB1_ETHMAC);
        int dmaReset = bus.firstWriteSetting(ETH + Stm32Eth.DMABMR, Stm32Eth.DMABMR_SR);
        int rxList = bus.firstWriteSetting(ETH + Stm32Eth.DMARDLAR, 0);
        int txList = bus.firstWriteSetting(ETH + Stm32Eth.DMATDLAR, 0);
        int macOn = bus.firstWriteSetting(ETH + Stm32Eth.MACCR, Stm32Eth.MACCR_TE | Stm32Eth.MACCR_RE);
        int dmaOn = bus.firstWriteSetting(ETH + Stm32Eth.DMAOMR, Stm32Eth.DMAOMR_ST | Stm32Eth.DMAOMR_SR);
        String order = "rmii " + rmii + " clock " + clock + " macReset " + macReset + " dmaReset " + dmaReset
                + " rxList " + rxList + " txList " + txList + " macOn " + macOn + " dmaOn " + dmaOn;
        assertTrue(rmii >= 0 && rmii < clock, order);
        assertTrue(clock < macReset && macReset < dmaReset, order);
        assertTrue(dmaReset < rxList && dmaReset < txList, order);
        assertTrue(rxList < macOn && txList < macOn && macOn < dmaOn, order);
        assertTrue(bus.trace().get(dmaOn - 1).op().equals("R32"), order);
    }

    @Test
    void initNegotiates100FullDuplexAndProgramsTheMac() {
        PacketPool pool = new PacketPool(16, 1536);
        EthBoard b = EthBoard.opened(pool);

        assertTrue(b.driver.linkUp());
        assertEquals(FULL, b.driver.linkStatus());
        int maccr = b.soc.eth().maccr();
        int want = Stm32Eth.MACCR_FES | Stm32Eth.MACCR_DM | Stm32Eth.MACCR_TE | Stm32Eth.MACCR_RE | Stm32Eth.MACCR_IPCO;
        assertEquals(want, maccr & want);
        assertEquals(1, b.soc.eth().phyResets());
        assertEquals(0x0100, b.soc.eth().value(Stm32Eth.MACA0HR) & 0xFFFF);
        assertEquals(0x00000002, b.soc.eth().value(Stm32Eth.MACA0LR));
        assertEquals(Stm32Eth.MACFFR_HM, b.soc.eth().value(Stm32Eth.MACFFR));
        assertEquals(16 - EthDriver.DEFAULT_RX_DESCRIPTORS, pool.available());
        assertEquals(NetDevice.CSUM_IPV4 | NetDevice.CSUM_UDP | NetDevice.CSUM_TCP | NetDevice.CSUM_ICMP,
                b.driver.txChecksumOffload());
    }

    @Test
    void mdcDividerFollowsHclk() {
        EthBoard fast = EthBoard.opened(new PacketPool(16, 1536));
        assertEquals(Stm32Eth.CR_DIV102, (fast.soc.eth().value(Stm32Eth.MACMIIAR) >>> 2) & 7);

        SimSoc slow = new SimSoc(Stm32Part.F429, 3);   // HSI 16 MHz, no PLL
        EthDriver d = new EthDriver(slow.bus(), slow.bus(), Stm32Part.F429, EthBoard.MAC);
        assertEquals(0, d.init());
        assertEquals(Stm32Eth.CR_DIV16, (slow.eth().value(Stm32Eth.MACMIIAR) >>> 2) & 7);
    }

    @Test
    void linkDownAtInitComesUpWhenTheCableIsPluggedIn() {
        EthBoard b = new EthBoard(Stm32Part.F429, 2, EthBoard.MAC);
        b.soc.eth().setLink(false);
        assertEquals(0, b.driver.init());
        PacketPool pool = new PacketPool(16, 1536);
        b.driver.open(pool, () -> { });
        assertFalse(b.driver.linkUp());
        assertEquals(-Errno.ENETDOWN, b.driver.transmit(EthBoard.alloc(pool, EthBoard.udpFrame(EthBoard.PEER, EthBoard.MAC, 10, 0))));

        b.soc.eth().setPartner(false, false);
        b.soc.eth().setLink(true);
        boolean up = false;
        for (int i = 0; i < 5 && !up; i++) {
            up = b.driver.pollLink();
        }
        assertTrue(up);
        assertEquals(Lan8742a.LINK_UP, b.driver.linkStatus());
        assertEquals(0, b.soc.eth().maccr() & (Stm32Eth.MACCR_FES | Stm32Eth.MACCR_DM));

        b.soc.eth().setLink(false);
        assertFalse(b.driver.pollLink());
        assertEquals(16 - EthDriver.DEFAULT_RX_DESCRIPTORS, pool.available());
    }

    @Test
    void frameRoundTripsThroughTheDmaWithChecksumsInsertedAndVerified() {
        PacketPool pool = new PacketPool(16, 1536);
        EthBoard b = EthBoard.opened(pool);
        List<byte[]> wire = new ArrayList<>();
        b.soc.eth().attach((port, f, off, len, t) -> wire.add(Arrays.copyOfRange(f, off, off + len)), 0);
        byte[] frame = EthBoard.udpFrame(EthBoard.PEER, EthBoard.MAC, 100, 7);

        assertEquals(0, b.driver.transmit(EthBoard.alloc(pool, frame)));

        assertEquals(1, wire.size());
        byte[] sent = wire.get(0);
        assertEquals(frame.length, sent.length);
        int ok = PacketPool.RX_IPV4_CSUM_OK | PacketPool.RX_L4_CSUM_OK;
        assertEquals(ok, OffloadChecksums.verify(sent, 0, sent.length, 15));
        assertNotEquals(0, sent[24] | sent[25]);

        byte[] back = sent.clone();
        System.arraycopy(EthBoard.MAC, 0, back, 0, 6);
        System.arraycopy(EthBoard.PEER, 0, back, 6, 6);
        b.soc.eth().deliver(back, 0, back.length, 0);
        int h = b.driver.receive();

        assertTrue(h >= 0, "receive returned " + h);
        assertArrayEquals(back, EthBoard.bytes(pool, h));
        assertEquals(ok, pool.flags[h]);
        assertEquals(-Errno.EAGAIN, b.driver.receive());
        assertEquals(1, b.driver.rxFrames());
        assertEquals(1, b.driver.txFrames());
    }

    @Test
    void corruptedChecksumIsReportedNotVerified() {
        PacketPool pool = new PacketPool(16, 1536);
        EthBoard b = EthBoard.opened(pool);
        byte[] f = EthBoard.udpFrame(EthBoard.MAC, EthBoard.PEER, 20, 1);
        OffloadChecksums.fill(f, 0, f.length, 15);
        f[45] ^= 0x55;   // payload byte: the UDP checksum no longer matches

        b.soc.eth().deliver(f, 0, f.length, 0);
        int h = b.driver.receive();

        assertEquals(PacketPool.RX_IPV4_CSUM_OK, pool.flags[h]);
    }

    @Test
    void framesForOtherStationsAreFilteredAndJoinedMulticastPasses() {
        PacketPool pool = new PacketPool(16, 1536);
        EthBoard b = EthBoard.opened(pool);
        byte[] group = {0x01, 0x00, 0x5e, 0x01, 0x02, 0x03};
        byte[] other = {0x01, 0x00, 0x5e, 0x7f, 0x00, 0x09};

        b.soc.eth().deliver(EthBoard.udpFrame(EthBoard.PEER, EthBoard.PEER, 10, 0), 0, 52, 0);
        b.soc.eth().deliver(EthBoard.udpFrame(group, EthBoard.PEER, 10, 0), 0, 52, 0);
        b.driver.multicastFilter(group, 0, true);
        b.soc.eth().deliver(EthBoard.udpFrame(group, EthBoard.PEER, 10, 0), 0, 52, 0);
        b.soc.eth().deliver(EthBoard.udpFrame(other, EthBoard.PEER, 10, 0), 0, 52, 0);
        b.soc.eth().deliver(EthBoard.udpFrame(new byte[] {-1, -1, -1, -1, -1, -1}, EthBoard.PEER, 10, 0), 0, 52, 0);

        assertNotEquals(EthDriver.hashBin(group, 0), EthDriver.hashBin(other, 0));
        assertEquals(2, b.soc.eth().rxFrames());
        assertEquals(3, b.soc.eth().rxFiltered());
        b.driver.multicastFilter(group, 0, false);
        assertEquals(0, b.soc.eth().value(Stm32Eth.MACHTHR) | b.soc.eth().value(Stm32Eth.MACHTLR));
    }

    @Test
    void errorFramesAreDroppedAndCounted() {
        PacketPool pool = new PacketPool(16, 1536);
        EthBoard b = EthBoard.opened(pool);
        b.soc.eth().injectRxCrcErrors(1);
        byte[] f = EthBoard.udpFrame(EthBoard.MAC, EthBoard.PEER, 30, 3);
        b.soc.eth().deliver(f, 0, f.length, 0);
        b.soc.eth().deliver(f, 0, f.length, 0);

        int h = b.driver.receive();

        assertTrue(h >= 0);
        assertEquals(1, b.driver.rxErrors());
        assertEquals(1, b.driver.rxFrames());
        assertEquals(-Errno.EAGAIN, b.driver.receive());
        pool.release(h);
        assertEquals(16 - EthDriver.DEFAULT_RX_DESCRIPTORS, pool.available());
    }

    @Test
    void exhaustedRxRingSuspendsTheDmaAndRecoversWhenDrained() {
        PacketPool pool = new PacketPool(32, 1536);
        EthBoard b = EthBoard.opened(pool);
        int ring = EthDriver.DEFAULT_RX_DESCRIPTORS;
        for (int i = 0; i < ring + 4; i++) {
            byte[] f = EthBoard.udpFrame(EthBoard.MAC, EthBoard.PEER, 10, i);
            b.soc.eth().deliver(f, 0, f.length, 0);
        }
        assertEquals(4, b.soc.eth().rxMissed());
        assertTrue(b.soc.eth().receiveSuspended());

        for (int i = 0; i < ring; i++) {
            int h = b.driver.receive();
            assertTrue(h >= 0, "frame " + i);
            assertEquals((byte) (i * 0 + i), pool.data[h][42]);
            pool.release(h);
        }
        assertEquals(-Errno.EAGAIN, b.driver.receive());
        assertFalse(b.soc.eth().receiveSuspended());
        assertEquals(1, b.driver.rxBufferUnavailable());
        assertEquals(0, b.soc.eth().value(Stm32Eth.DMASR) & Stm32Eth.DMASR_RBUS);

        for (int i = 0; i < 3; i++) {
            byte[] f = EthBoard.udpFrame(EthBoard.MAC, EthBoard.PEER, 10, 100 + i);
            b.soc.eth().deliver(f, 0, f.length, 0);
        }
        for (int i = 0; i < 3; i++) {
            int h = b.driver.receive();
            assertEquals((byte) (100 + i), pool.data[h][42]);
            pool.release(h);
        }
        assertEquals(ring + 3, b.driver.rxFrames());
        assertEquals(4, b.soc.eth().rxMissed());
    }

    @Test
    void fullTxRingRefusesWithEnobufsUntilTheDmaCatchesUp() {
        PacketPool pool = new PacketPool(32, 1536);
        EthBoard b = EthBoard.opened(pool);
        b.soc.eth().attach((port, f, off, len, t) -> { }, 0);
        int before = pool.available();
        for (int i = 0; i < 20; i++) {
            assertEquals(0, b.driver.transmit(EthBoard.alloc(pool, EthBoard.udpFrame(EthBoard.PEER, EthBoard.MAC, 10, i))));
        }
        assertEquals(20, b.soc.eth().txFrames());
        assertTrue(pool.available() >= before - EthDriver.DEFAULT_TX_DESCRIPTORS);
    }

    @Test
    void transmitUnderflowSuspendsTheDmaUntilTheDriverClearsTusAndPolls() {
        PacketPool pool = new PacketPool(32, 1536);
        EthBoard b = EthBoard.opened(pool);
        List<byte[]> wire = new ArrayList<>();
        b.soc.eth().attach((port, f, off, len, t) -> wire.add(Arrays.copyOfRange(f, off, off + len)), 0);
        b.soc.eth().injectTxUnderflows(1);

        for (int i = 0; i < 3; i++) {
            assertEquals(0, b.driver.transmit(EthBoard.alloc(pool, EthBoard.udpFrame(EthBoard.PEER, EthBoard.MAC, 10, i))));
        }
        assertEquals(0, wire.size());
        assertEquals(Stm32Eth.DMASR_TUS, readStatus(b) & Stm32Eth.DMASR_TUS);

        assertEquals(-Errno.EAGAIN, b.driver.receive());

        assertEquals(2, wire.size());
        assertEquals(1, wire.get(0)[42]);
        assertEquals(2, wire.get(1)[42]);
        assertEquals(1, b.driver.txUnderflows());
        assertEquals(0, readStatus(b) & Stm32Eth.DMASR_TUS);
        assertEquals(0, b.driver.transmit(EthBoard.alloc(pool, EthBoard.udpFrame(EthBoard.PEER, EthBoard.MAC, 10, 3))));
        assertEquals(1, b.driver.txErrors());
        assertEquals(3, wire.size());
    }

    private static int readStatus(EthBoard b) {
        return b.soc.bus().read32(ETH + Stm32Eth.DMASR);
    }

    @Test
    void ethmacrstPutsTheMacBackToResetAndRequiresANewSoftwareReset() {
        EthBoard b = EthBoard.opened(new PacketPool(16, 1536));
        new Rcc(b.soc.bus(), Stm32Part.F767).resetEthernet();

        assertEquals(Stm32Eth.MACCR_RESET, b.soc.eth().maccr());
        HwRuleViolation v = assertThrows(HwRuleViolation.class,
                () -> b.soc.bus().write32(ETH + Stm32Eth.DMATDLAR, 0x20010000));
        assertEquals("ETH_DMATDLAR", v.register());
    }

    @Test
    void frameWaitsInTheRingWhileThePoolIsEmpty() {
        PacketPool pool = new PacketPool(EthDriver.DEFAULT_RX_DESCRIPTORS + 1, 1536);
        EthBoard b = EthBoard.opened(pool);
        int held = pool.alloc(0);
        byte[] f = EthBoard.udpFrame(EthBoard.MAC, EthBoard.PEER, 10, 9);
        b.soc.eth().deliver(f, 0, f.length, 0);

        assertEquals(-Errno.EAGAIN, b.driver.receive());
        assertEquals(1, b.driver.rxNoBuffer());
        pool.release(held);
        int h = b.driver.receive();

        assertArrayEquals(f, EthBoard.bytes(pool, h));
        assertEquals(0, pool.available());
    }

    @Test
    void receivePollsThePhyAndNoticesAPulledCable() {
        EthBoard b = EthBoard.opened(new PacketPool(16, 1536));
        b.soc.eth().setLink(false);

        for (int i = 0; i < 64; i++) {
            b.driver.receive();
        }

        assertFalse(b.driver.linkUp());
        b.soc.eth().setLink(true);
        for (int i = 0; i < 64 * 3; i++) {
            b.driver.receive();
        }
        assertTrue(b.driver.linkUp());
    }

    @Test
    void closeReturnsEveryHandle() {
        PacketPool pool = new PacketPool(16, 1536);
        EthBoard b = EthBoard.opened(pool);
        b.soc.eth().attach((port, f, off, len, t) -> { }, 0);
        for (int i = 0; i < 3; i++) {
            b.driver.transmit(EthBoard.alloc(pool, EthBoard.udpFrame(EthBoard.PEER, EthBoard.MAC, 10, i)));
        }
        byte[] f = EthBoard.udpFrame(EthBoard.MAC, EthBoard.PEER, 10, 0);
        b.soc.eth().deliver(f, 0, f.length, 0);

        b.driver.close();

        assertEquals(16, pool.available());
        b.soc.eth().deliver(f, 0, f.length, 0);
        assertEquals(1, b.soc.eth().rxFrames());
    }

    @Test
    void dmaUseBeforeItsSoftwareResetIsRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        Rcc rcc = new Rcc(soc.bus(), Stm32Part.F767);
        rcc.enableSyscfg();
        new Syscfg(soc.bus()).selectRmii();
        rcc.enableEthernet();

        HwRuleViolation v = assertThrows(HwRuleViolation.class, () -> soc.bus().write32(ETH + Stm32Eth.DMARDLAR, 0x20010000));
        assertEquals("ETH_DMARDLAR", v.register());
        assertTrue(v.rule().contains("software reset"), v.getMessage());

        soc.bus().write32(ETH + Stm32Eth.DMABMR, Stm32Eth.DMABMR_RESET | Stm32Eth.DMABMR_SR);
        HwRuleViolation during = assertThrows(HwRuleViolation.class, () -> soc.bus().read32(ETH + Stm32Eth.MACCR));
        assertEquals("ETH_MACCR", during.register());
    }

    @Test
    void unmodelledEthRegisterAndClockOffAreRejected() {
        SimSoc soc = Boards.clocked(Stm32Part.F767, 1);
        HwRuleViolation off = assertThrows(HwRuleViolation.class, () -> soc.bus().read32(ETH + Stm32Eth.MACCR));
        assertTrue(off.rule().contains("ETHMACEN=0"), off.getMessage());

        EthBoard b = EthBoard.opened(new PacketPool(16, 1536));
        HwRuleViolation v = assertThrows(HwRuleViolation.class, () -> b.soc.bus().read32(ETH + 0x28));
        assertTrue(v.register().startsWith("ETH+0x28"), v.getMessage());
        assertTrue(v.rule().contains("not modelled"), v.getMessage());
    }
}
