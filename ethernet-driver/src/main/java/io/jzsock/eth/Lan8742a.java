package io.jzsock.eth;

import io.jzsock.net.Errno;

/**
 * Microchip LAN8742A RMII PHY over MDIO: IEEE 802.3 clause 22 registers (BMCR, BMSR) and the vendor
 * PHY Special Control/Status register for the negotiated speed and duplex (LAN8742A datasheet §4.2).
 */
public final class Lan8742a {
    public static final int BMCR = 0;
    public static final int BMSR = 1;
    public static final int PHYID1 = 2;
    public static final int PHYID2 = 3;
    public static final int PHYSCSR = 31;

    public static final int BMCR_RESET = 1 << 15;
    public static final int BMCR_SPEED100 = 1 << 13;
    public static final int BMCR_ANEN = 1 << 12;
    public static final int BMCR_RESTART_AN = 1 << 9;
    public static final int BMCR_FULL_DUPLEX = 1 << 8;
    public static final int BMSR_AN_COMPLETE = 1 << 5;
    public static final int BMSR_LINK = 1 << 2;
    public static final int PHYSCSR_AUTODONE = 1 << 12;
    public static final int PHYSCSR_SPEED_MASK = 7 << 2;
    public static final int PHYSCSR_100 = 2 << 2;
    public static final int PHYSCSR_FD = 4 << 2;
    /** Microchip OUI in PHYID1. */
    public static final int OUI_ID1 = 0x0007;

    /** Polls of BMCR.RESET and of BMSR.AN_COMPLETE before giving up (the PHY needs up to ~500 ms). */
    static final int RESET_POLLS = 1000;
    static final int AUTONEG_POLLS = 1000;

    /** Link state bits returned by {@link #status()}. */
    public static final int LINK_UP = 1;
    public static final int SPEED_100 = 2;
    public static final int FULL_DUPLEX = 4;

    private final Mdio mdio;
    private final int address;

    public Lan8742a(Mdio mdio, int address) {
        this.mdio = mdio;
        this.address = address;
    }

    /** Soft reset, waits for BMCR.RESET to self-clear; 0, -ENODEV (no PHY answers) or -ETIMEDOUT. */
    public int reset() {
        int id = mdio.read(address, PHYID1);
        if (id < 0) {
            return id;
        }
        if (id != OUI_ID1) {
            return -Errno.ENODEV;
        }
        int r = mdio.write(address, BMCR, BMCR_RESET);
        if (r < 0) {
            return r;
        }
        for (int i = 0; i < RESET_POLLS; i++) {
            int v = mdio.read(address, BMCR);
            if (v < 0) {
                return v;
            }
            if ((v & BMCR_RESET) == 0) {
                return 0;
            }
        }
        return -Errno.ETIMEDOUT;
    }

    /** Enables and restarts autonegotiation; 0 or -ETIMEDOUT. */
    public int startAutonegotiation() {
        return mdio.write(address, BMCR, BMCR_ANEN | BMCR_RESTART_AN);
    }

    /** Polls BMSR until autonegotiation completes (bounded); 0, -EAGAIN (not yet, e.g. no cable), or -ETIMEDOUT. */
    public int awaitAutonegotiation() {
        for (int i = 0; i < AUTONEG_POLLS; i++) {
            int v = mdio.read(address, BMSR);
            if (v < 0) {
                return v;
            }
            if ((v & BMSR_AN_COMPLETE) != 0) {
                return 0;
            }
        }
        return -Errno.EAGAIN;
    }

    /**
     * LINK_UP | SPEED_100 | FULL_DUPLEX bits, or a negative errno. BMSR.LINK latches low
     * (IEEE 802.3 §22.2.4.2.13): the first read reports a drop since the last read, the second the state now.
     */
    public int status() {
        int v = mdio.read(address, BMSR);
        if (v < 0) {
            return v;
        }
        v = mdio.read(address, BMSR);
        if (v < 0) {
            return v;
        }
        if ((v & BMSR_LINK) == 0 || (v & BMSR_AN_COMPLETE) == 0) {
            return 0;
        }
        int s = mdio.read(address, PHYSCSR);
        if (s < 0) {
            return s;
        }
        int out = LINK_UP;
        if ((s & PHYSCSR_100) != 0) {
            out |= SPEED_100;
        }
        if ((s & PHYSCSR_FD) != 0) {
            out |= FULL_DUPLEX;
        }
        return out;
    }
}
