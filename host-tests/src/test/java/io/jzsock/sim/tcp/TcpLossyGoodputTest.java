package io.jzsock.sim.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.sim.bench.TcpNetsimGrid;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's lossy path in virtual time: 1 % loss and 0.5 % reordering each way, 10 ms RTT, 64 KB,
 * against a receiver whose duplicate ACKs carry a shrinking window as Linux's do. Before RFC 6675
 * duplicate-ACK counting the window change vetoed every duplicate ACK: 31.6 % of the link with 75
 * retransmission timeouts in 30 s. Now fast recovery and the loss probe repair every loss.
 */
class TcpLossyGoodputTest {
    @Test
    void linuxLikeReceiverOnALossyPathGetsThreeQuartersOfTheLinkWithoutTimeouts() {
        TcpNetsimGrid.Cell c = TcpNetsimGrid.linuxLikeCell(20_000);
        String figures = String.format("%.1f KB/s, %.1f %% of ideal, %d RTOs, %d fast retransmits",
                c.goodput() / 1000, c.percentOfIdeal(), c.rtoRetransmits(), c.fastRetransmits());
        System.out.println("lossy Linux-like path: " + figures);
        assertTrue(c.percentOfIdeal() >= 70, figures);
        assertTrue(c.rtoRetransmits() <= 2, figures);
        assertTrue(c.fastRetransmits() > 0, figures);
    }

    @Test
    void fivePercentLossAtOneMillisecondIsRepairedByFastRecoveryNotTheTimer() {
        TcpNetsimGrid.Cell c = TcpNetsimGrid.cell(5, 1, 64 * 1024, 20_000);
        String figures = String.format("%.1f KB/s, %.1f %% of ideal, %d RTOs, %d fast retransmits",
                c.goodput() / 1000, c.percentOfIdeal(), c.rtoRetransmits(), c.fastRetransmits());
        System.out.println("5 % loss, 1 ms, 64 KB: " + figures);
        assertTrue(c.percentOfIdeal() >= 80, figures);
        assertTrue(c.rtoRetransmits() * 50 < c.fastRetransmits(), figures);
    }
}
