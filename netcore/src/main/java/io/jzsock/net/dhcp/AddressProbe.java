package io.jzsock.net.dhcp;

import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.ArpPacket;
import io.jzsock.net.wire.Bytes;

/**
 * RFC 5227 §2.1 address conflict detection for one candidate address: after a random 0..PROBE_WAIT,
 * PROBE_NUM ARP probes a random PROBE_MIN..PROBE_MAX apart, then ANNOUNCE_WAIT; the address is in use
 * when, meanwhile, any ARP packet has it as sender address, or another host probes for it too
 * (§2.1.1: a request with sender address 0 and it as target, from a MAC not ours). Once the address is
 * bound, §2.3's ANNOUNCE_NUM announcements ANNOUNCE_INTERVAL apart claim it.
 */
final class AddressProbe {
    static final int PROBING = 0;
    static final int FREE = 1;
    static final int CONFLICT = 2;
    /** RFC 5227 §1.1 ANNOUNCE_NUM and ANNOUNCE_INTERVAL. */
    static final int ANNOUNCE_NUM = 2;
    static final int ANNOUNCE_INTERVAL_MS = 2000;

    private final EthernetLink ethernet;
    private final Jitter random;
    private final int count;
    private final int waitMillis;
    private final int minMillis;
    private final int maxMillis;
    private final int announceWaitMillis;
    private int target;
    private int sent;
    private boolean conflict;
    private boolean active;
    private long nextAt;
    private int announceIp;
    private int announcesLeft;
    private long announceAt;

    AddressProbe(EthernetLink ethernet, Jitter random, int count, int waitMillis, int minMillis, int maxMillis,
                 int announceWaitMillis) {
        this.ethernet = ethernet;
        this.random = random;
        this.count = count;
        this.waitMillis = waitMillis;
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.announceWaitMillis = announceWaitMillis;
    }

    /** False when probing is configured off (PROBE_NUM 0): the address counts as free at once. */
    boolean start(int ip, long now) {
        target = ip;
        sent = 0;
        conflict = false;
        active = count > 0;
        nextAt = now + random.between(0, waitMillis);
        return active;
    }

    long nextAt() {
        return nextAt;
    }

    /** Sends the probe that is due; PROBING, FREE once ANNOUNCE_WAIT after the last has passed, or CONFLICT. */
    int poll(NetInterface ifc, long now) {
        if (conflict) {
            active = false;
            return CONFLICT;
        }
        if (now < nextAt) {
            return PROBING;
        }
        if (sent == count) {
            active = false;
            return FREE;
        }
        ethernet.sendProbe(ifc, target);
        sent++;
        nextAt = now + (sent < count ? random.between(minMillis, maxMillis) : announceWaitMillis);
        return PROBING;
    }

    /** Sends the first announcement of ip now and schedules the rest. */
    void announce(NetInterface ifc, int ip, long now) {
        ethernet.sendAnnouncement(ifc, ip);
        announceIp = ip;
        announcesLeft = ANNOUNCE_NUM - 1;
        announceAt = now + ANNOUNCE_INTERVAL_MS;
    }

    /** Sends an announcement that is due; true if one went out. */
    boolean pollAnnounce(NetInterface ifc, long now) {
        if (announcesLeft == 0 || now < announceAt) {
            return false;
        }
        ethernet.sendAnnouncement(ifc, announceIp);
        announcesLeft--;
        announceAt = now + ANNOUNCE_INTERVAL_MS;
        return true;
    }

    /** When the next announcement is due, or Long.MAX_VALUE. */
    long announceAt() {
        return announcesLeft > 0 ? announceAt : Long.MAX_VALUE;
    }

    /** Probing and announcing both stop (the address is gone or given up). */
    void cancel() {
        active = false;
        announcesLeft = 0;
    }

    void arpSeen(NetInterface ifc, int op, int senderIp, byte[] b, int senderMacOff, int targetIp) {
        if (!active) {
            return;
        }
        boolean otherProber = op == ArpPacket.OP_REQUEST && senderIp == 0 && targetIp == target
                && !Bytes.equal(b, senderMacOff, ifc.mac, 0, 6);
        if (senderIp == target || otherProber) {
            conflict = true;
        }
    }
}
