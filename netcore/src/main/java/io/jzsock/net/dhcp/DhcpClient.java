package io.jzsock.net.dhcp;

import io.jzsock.net.NetConfig;
import io.jzsock.net.NetCounters;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.DhcpRepr;

/**
 * The DHCP client state machine of one interface (RFC 2131 §4.4, Figure 5), with RFC 5227 conflict
 * detection between the ACK and binding. One timer, {@link #nextAt}: the next retransmission, probe,
 * T1, T2 or expiry, whichever the state waits for. States are {@link Dhcp}'s constants.
 *
 * <p>The last lease stays in RAM across {@link #stop}/{@link #start}, so a restart is an INIT-REBOOT
 * (RFC 2131 §3.2) that asks for the same address; a NAK sends the client back to INIT.
 */
final class DhcpClient {
    final NetInterface ifc;
    private final DhcpSender tx;
    private final LeaseBinding binding;
    private final AddressProbe probe;
    private final Jitter random;
    private final NetConfig cfg;
    /** The lease in force, or the last one (for INIT-REBOOT) when {@link #haveLease}. */
    private final DhcpLease lease = new DhcpLease();
    /** What the server offered or ACKed, before it is bound. */
    private final DhcpLease candidate = new DhcpLease();
    private boolean haveLease;
    int state = Dhcp.STOPPED;
    int xid;
    private long exchangeStart;
    private long lastSentAt;
    private int tries;
    long nextAt = Long.MAX_VALUE;
    int events;
    int lastEvent;

    DhcpClient(NetInterface ifc, DhcpSender tx, LeaseBinding binding, AddressProbe probe, Jitter random, NetConfig cfg) {
        this.ifc = ifc;
        this.tx = tx;
        this.binding = binding;
        this.probe = probe;
        this.random = random;
        this.cfg = cfg;
    }

    boolean bound() {
        return state == Dhcp.BOUND || state == Dhcp.RENEWING || state == Dhcp.REBINDING;
    }

    DhcpLease lease() {
        return lease;
    }

    /** INIT-REBOOT with an unexpired last lease, else INIT after RFC 2131 §4.4.1's random start delay. */
    void start(long now) {
        if (state != Dhcp.STOPPED) {
            return;
        }
        if (haveLease && lease.expiresAt > now) {
            newExchange(Dhcp.REBOOTING, now);
            sendRequest(now);
            return;
        }
        enterInit(now + random.between(0, cfg.dhcpStartDelayMaxMillis));
    }

    /** Releases a bound address (RFC 2131 §4.4.6: DHCPRELEASE to the server, unicast) and stops. */
    void stop(long now) {
        if (bound()) {
            tx.send(ifc, DhcpOptions.DHCPRELEASE, random.nextInt(), 0, lease.address, 0, lease.server, lease.address,
                    lease.server, now);
            binding.clear(ifc);
            event(Dhcp.EVENT_LOST);
        }
        probe.cancel();
        state = Dhcp.STOPPED;
        nextAt = Long.MAX_VALUE;
    }

    /** The earliest of the state's timer and a pending RFC 5227 announcement. */
    long deadline() {
        return Math.min(nextAt, probe.announceAt());
    }

    /** Runs the timer if due; true when something was sent or the state changed. */
    boolean poll(long now) {
        if (state == Dhcp.PROBING) {
            return pollProbe(now);
        }
        boolean announced = bound() && probe.pollAnnounce(ifc, now);
        if (now < nextAt) {
            return announced;
        }
        switch (state) {
            case Dhcp.INIT:
                restart(now);
                break;
            case Dhcp.SELECTING:
                sendDiscover(now);
                break;
            case Dhcp.REQUESTING:
            case Dhcp.REBOOTING:
                if (tries >= cfg.dhcpRequestRetries) {
                    restart(now);
                } else {
                    sendRequest(now);
                }
                break;
            case Dhcp.BOUND:
                newExchange(Dhcp.RENEWING, now);
                sendRequest(now);
                break;
            case Dhcp.RENEWING:
                if (now >= lease.t2At) {
                    newExchange(Dhcp.REBINDING, now);
                }
                sendRequest(now);
                break;
            case Dhcp.REBINDING:
                if (now >= lease.expiresAt) {
                    lose(now);
                } else {
                    sendRequest(now);
                }
                break;
            default:
                nextAt = Long.MAX_VALUE;
                return false;
        }
        return true;
    }

    /**
     * A well-formed reply with our xid and chaddr (the service checked both). Returns false when it is
     * not one this state takes (counted by the caller as not ours).
     */
    boolean reply(DhcpRepr r, long now) {
        int type = r.messageType;
        if (state == Dhcp.SELECTING && type == DhcpOptions.DHCPOFFER) {
            if (!DhcpLease.usable(r.yiaddr) || !r.has(DhcpRepr.HAS_SERVER_ID)) {
                return false;
            }
            // RFC 2131 §4.4.1 lets a client wait for several offers; the first one will do.
            candidate.take(r);
            state = Dhcp.REQUESTING;
            tries = 0;
            sendRequest(now);
            return true;
        }
        // Any server may answer a broadcast that names none: INIT-REBOOT (RFC 2131 §3.2) and REBINDING (§4.4.5).
        boolean fromOurServer = state == Dhcp.REBOOTING || state == Dhcp.REBINDING || !r.has(DhcpRepr.HAS_SERVER_ID)
                || r.serverId == serverAsked();
        if (type == DhcpOptions.DHCPNAK && fromOurServer && (state == Dhcp.REQUESTING || state == Dhcp.REBOOTING
                || state == Dhcp.RENEWING || state == Dhcp.REBINDING)) {
            ifc.count(NetCounters.DHCP_NAK_RX);
            if (bound()) {
                lose(now);
            } else {
                haveLease = false;
                restart(now);
            }
            return true;
        }
        if (type != DhcpOptions.DHCPACK || !DhcpLease.usable(r.yiaddr) || !r.has(DhcpRepr.HAS_LEASE)) {
            return false;
        }
        if (state == Dhcp.REQUESTING || state == Dhcp.REBOOTING) {
            if (!fromOurServer || (state == Dhcp.REQUESTING && r.yiaddr != candidate.address)) {
                return false;
            }
            if (state == Dhcp.REBOOTING) {
                candidate.copyFrom(lease);
            }
            candidate.take(r);
            candidate.schedule(lastSentAt);
            state = Dhcp.PROBING;
            if (probe.start(candidate.address, now)) {
                nextAt = probe.nextAt();
            } else {
                bindCandidate(now);
            }
            return true;
        }
        if (state == Dhcp.RENEWING || state == Dhcp.REBINDING) {
            candidate.copyFrom(lease);
            candidate.take(r);
            candidate.schedule(lastSentAt);
            lease.copyFrom(candidate);
            configure(now);
            state = Dhcp.BOUND;
            nextAt = lease.t1At;
            event(Dhcp.EVENT_RENEWED);
            return true;
        }
        return false;
    }

    void arpSeen(int op, int senderIp, byte[] b, int senderMacOff, int targetIp) {
        if (state == Dhcp.PROBING) {
            probe.arpSeen(ifc, op, senderIp, b, senderMacOff, targetIp);
        }
    }

    /** The server the current exchange talks to: the offer's while requesting, the lease's when renewing. */
    private int serverAsked() {
        return state == Dhcp.REQUESTING ? candidate.server : lease.server;
    }

    private boolean pollProbe(long now) {
        int r = probe.poll(ifc, now);
        if (r == AddressProbe.PROBING) {
            nextAt = probe.nextAt();
            return false;
        }
        if (r == AddressProbe.CONFLICT) {
            // RFC 2131 §3.1 step 5 and RFC 5227 §2.1.1: decline the address, wait, start again.
            tx.send(ifc, DhcpOptions.DHCPDECLINE, xid, 0, 0, candidate.address, candidate.server, 0, -1, now);
            ifc.count(NetCounters.DHCP_DECLINE_SENT);
            haveLease = false;
            enterInit(now + cfg.dhcpDeclineWaitMillis);
            return true;
        }
        bindCandidate(now);
        return true;
    }

    private void bindCandidate(long now) {
        lease.copyFrom(candidate);
        haveLease = true;
        configure(now);
        state = Dhcp.BOUND;
        nextAt = lease.t1At;
        event(Dhcp.EVENT_BOUND);
    }

    /** Puts the lease on the interface; a new address is announced (RFC 5227 §2.3). */
    private void configure(long now) {
        int old = ifc.v4.address;
        binding.bind(ifc, lease);
        if (ifc.v4.address != old) {
            probe.announce(ifc, ifc.v4.address, now);
        }
    }

    /** The lease ran out or was refused while bound: the address goes, the client starts over at once. */
    private void lose(long now) {
        probe.cancel();
        binding.clear(ifc);
        haveLease = false;
        ifc.count(NetCounters.DHCP_LEASE_LOST);
        event(Dhcp.EVENT_LOST);
        restart(now);
    }

    private void enterInit(long at) {
        probe.cancel();
        state = Dhcp.INIT;
        nextAt = at;
    }

    /** INIT at once: a new DISCOVER (after a NAK, an expiry, unanswered REQUESTs). */
    private void restart(long now) {
        probe.cancel();
        newExchange(Dhcp.SELECTING, now);
        sendDiscover(now);
    }

    /** A new transaction (RFC 2131 §4.4.1: a fresh xid; 'secs' counts from here). */
    private void newExchange(int newState, long now) {
        state = newState;
        xid = random.nextInt();
        exchangeStart = now;
        tries = 0;
    }

    private void sendDiscover(long now) {
        tx.send(ifc, DhcpOptions.DHCPDISCOVER, xid, secs(now), 0, 0, 0, 0, -1, now);
        backOff(now);
    }

    /**
     * DHCPREQUEST as RFC 2131 §4.3.2 and Table 5 set it per state: SELECTING names the offer (50) and
     * the server (54); INIT-REBOOT asks for the last address (50); RENEWING is unicast to the server from
     * ciaddr; REBINDING is the same, broadcast.
     */
    private void sendRequest(long now) {
        lastSentAt = now;
        if (state == Dhcp.REQUESTING) {
            tx.send(ifc, DhcpOptions.DHCPREQUEST, xid, secs(now), 0, candidate.address, candidate.server, 0, -1, now);
            backOff(now);
        } else if (state == Dhcp.REBOOTING) {
            tx.send(ifc, DhcpOptions.DHCPREQUEST, xid, secs(now), 0, lease.address, 0, 0, -1, now);
            backOff(now);
        } else if (state == Dhcp.RENEWING) {
            tx.send(ifc, DhcpOptions.DHCPREQUEST, xid, secs(now), lease.address, 0, 0, lease.address, lease.server, now);
            nextAt = halfwayTo(lease.t2At, now);
        } else {
            tx.send(ifc, DhcpOptions.DHCPREQUEST, xid, secs(now), lease.address, 0, 0, lease.address, -1, now);
            nextAt = halfwayTo(lease.expiresAt, now);
        }
    }

    /** RFC 2131 §4.1: 4 s, doubling to 64 s, each randomised by up to the jitter either way. */
    private void backOff(long now) {
        long base = (long) cfg.dhcpRetransmitMillis << Math.min(tries, 16);
        base = Math.min(base, cfg.dhcpRetransmitMaxMillis);
        nextAt = now + base + random.between(-cfg.dhcpJitterMillis, cfg.dhcpJitterMillis);
        tries++;
    }

    /** RFC 2131 §4.4.5: wait half the time left until end, at least the minimum, never past end. */
    private long halfwayTo(long end, long now) {
        long wait = Math.max((end - now) / 2, cfg.dhcpRenewRetryMinMillis);
        return Math.min(now + wait, end);
    }

    private int secs(long now) {
        return (int) Math.min((now - exchangeStart) / 1000, 0xffff);
    }

    private void event(int e) {
        events++;
        lastEvent = e;
    }
}
