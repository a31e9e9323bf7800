package io.jzsock.sim.hw;

/**
 * The LAN8742A PHY behind the MAC's MDIO: BMCR (soft reset self-clears after a few reads),
 * BMSR (link latches low, IEEE 802.3 §22.2.4.2.13; autonegotiation completes after a few reads
 * when a cable is in), PHYID1/2, and PHYSCSR with the negotiated speed and duplex. Other PHY
 * registers are not modelled and throw. Guarded by the owning {@link EthModel}'s lock.
 */
public final class Lan8742aModel {
    public static final int BMCR = 0;
    public static final int BMSR = 1;
    public static final int PHYID1 = 2;
    public static final int PHYID2 = 3;
    public static final int PHYSCSR = 31;
    static final int RESET_READS = 2;
    static final int AUTONEG_READS = 3;

    private static final int BMCR_RESET = 1 << 15;
    private static final int BMCR_ANEN = 1 << 12;
    private static final int BMCR_RESTART_AN = 1 << 9;
    private static final int BMCR_RW = 0x7F80 | BMCR_RESET;
    /** 100BASE-TX FD/HD, 10BASE-T FD/HD, autonegotiation ability, extended capabilities. */
    private static final int BMSR_CAPS = 0x7809 | 1 << 3;
    private static final int BMSR_LINK = 1 << 2;
    private static final int BMSR_AN_COMPLETE = 1 << 5;

    private int bmcr = 0x3100;
    private int resetCountdown;
    private int anCountdown = -1;
    private boolean anComplete;
    private boolean cable = true;
    private boolean linkLatchedLow;
    private boolean partner100 = true;
    private boolean partnerFull = true;
    private int resets;

    int read(int reg) {
        switch (reg) {
            case BMCR:
                if (resetCountdown > 0 && --resetCountdown == 0) {
                    bmcr = 0x3100;
                    startAutonegotiation();
                }
                return bmcr;
            case BMSR: {
                if (anCountdown > 0 && --anCountdown == 0) {
                    anComplete = cable;
                    anCountdown = cable ? -1 : 0;
                }
                boolean link = cable && anComplete && !linkLatchedLow;
                linkLatchedLow = false;
                return BMSR_CAPS | (anComplete ? BMSR_AN_COMPLETE : 0) | (link ? BMSR_LINK : 0);
            }
            case PHYID1:
                return 0x0007;
            case PHYID2:
                return 0xC131;
            case PHYSCSR:
                if (!anComplete) {
                    return 0x0040;
                }
                return 1 << 12 | 0x0040 | (partner100 ? 2 << 2 : 1 << 2) | (partnerFull ? 4 << 2 : 0);
            default:
                throw new HwRuleViolation("LAN8742A register " + reg, "PHY register not modelled");
        }
    }

    void write(int reg, int value) {
        if (reg != BMCR) {
            throw new HwRuleViolation("LAN8742A register " + reg, "write to a PHY register this model does not support");
        }
        if ((value & ~BMCR_RW & 0xFFFF) != 0) {
            throw new HwRuleViolation("LAN8742A BMCR", String.format("write of 0x%04X sets reserved bits", value));
        }
        if ((value & BMCR_RESET) != 0) {
            resets++;
            bmcr = BMCR_RESET | 0x3100;
            resetCountdown = RESET_READS;
            anComplete = false;
            return;
        }
        bmcr = value & ~BMCR_RESTART_AN;
        if ((value & BMCR_ANEN) != 0 && (value & BMCR_RESTART_AN) != 0) {
            startAutonegotiation();
        }
    }

    private void startAutonegotiation() {
        anComplete = false;
        anCountdown = AUTONEG_READS;
    }

    /** Cable in or out; plugging in renegotiates. */
    void setCable(boolean in) {
        if (cable && !in) {
            linkLatchedLow = true;
            anComplete = false;
        }
        if (!cable && in && (bmcr & BMCR_ANEN) != 0) {
            startAutonegotiation();
        }
        cable = in;
    }

    void setPartner(boolean hundred, boolean full) {
        partner100 = hundred;
        partnerFull = full;
    }

    boolean linkUp() {
        return cable && anComplete;
    }

    int resets() {
        return resets;
    }
}
