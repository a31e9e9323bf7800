package io.jzsock.net.dhcp;

import io.jzsock.net.Errno;
import io.jzsock.net.sock.Waiter;

/**
 * What an application sees of the DHCP clients ({@code NetStack.dhcp()}): each interface's state, a
 * blocking wait for a lease, an event sequence to poll without allocating, the lease's values, and
 * start/stop. Interfaces are 1-based indexes as everywhere; one without DHCP answers -ENODEV.
 *
 * <pre>
 * int ifc = stack.addInterface(nic, InterfaceConfig.dhcp("eth0"));
 * if (stack.dhcp().await(ifc, 30000) == 0) { int ip = stack.dhcp().address(ifc); ... }
 * int seen = stack.dhcp().events(ifc);          // later: events(ifc) != seen means bound, renewed or lost
 * </pre>
 */
public final class Dhcp {
    /** Not running (before start, after stop). */
    public static final int STOPPED = 0;
    /** Waiting to send the first DHCPDISCOVER (RFC 2131 Figure 5), or after a NAK, a decline or an expiry. */
    public static final int INIT = 1;
    /** DHCPDISCOVER sent, waiting for an offer. */
    public static final int SELECTING = 2;
    /** DHCPREQUEST for an offer sent, waiting for the ACK. */
    public static final int REQUESTING = 3;
    /** ACKed; RFC 5227 ARP probes check that nobody uses the address before it is bound. */
    public static final int PROBING = 4;
    /** The address is configured; renewal starts at T1. */
    public static final int BOUND = 5;
    /** Past T1: DHCPREQUEST unicast to the server that gave the lease. */
    public static final int RENEWING = 6;
    /** Past T2: DHCPREQUEST broadcast to any server. */
    public static final int REBINDING = 7;
    /** INIT-REBOOT: DHCPREQUEST for the last lease's address sent, waiting for ACK or NAK. */
    public static final int REBOOTING = 8;

    /** A lease was bound (from SELECTING or INIT-REBOOT). */
    public static final int EVENT_BOUND = 1;
    /** A lease was extended (ACK in RENEWING or REBINDING); the values may have changed. */
    public static final int EVENT_RENEWED = 2;
    /** The address went: expiry, a NAK, or stop's DHCPRELEASE. */
    public static final int EVENT_LOST = 3;

    private static final String[] STATE_NAMES = {
        "STOPPED", "INIT", "SELECTING", "REQUESTING", "PROBING", "BOUND", "RENEWING", "REBINDING", "REBOOTING",
    };

    private final Object monitor;
    private final Waiter waiter;
    private final DhcpService service;
    private final Runnable wakeNetThread;

    /** Made by NetStack. */
    public Dhcp(Object monitor, Waiter waiter, DhcpService service, Runnable wakeNetThread) {
        this.monitor = monitor;
        this.waiter = waiter;
        this.service = service;
        this.wakeNetThread = wakeNetThread;
    }

    public static String stateName(int state) {
        return state >= 0 && state < STATE_NAMES.length ? STATE_NAMES[state] : "?";
    }

    /** The client's state, or -ENODEV when the interface runs no DHCP client. */
    public int state(int ifindex) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            return c == null ? -Errno.ENODEV : c.state;
        }
    }

    /**
     * Waits until the interface holds a lease (BOUND, RENEWING or REBINDING): 0, -ETIMEDOUT after timeoutMs
     * (negative: forever), -ENODEV without a DHCP client. The net thread must be running.
     */
    public int await(int ifindex, int timeoutMs) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            if (c == null) {
                return -Errno.ENODEV;
            }
            long deadline = waiter.deadline(timeoutMs);
            while (!c.bound()) {
                if (!waiter.await(deadline)) {
                    return -Errno.ETIMEDOUT;
                }
            }
            return 0;
        }
    }

    /** How many events (bound, renewed, lost) the interface has had; poll it for changes. -ENODEV as above. */
    public int events(int ifindex) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            return c == null ? -Errno.ENODEV : c.events;
        }
    }

    /** The latest EVENT_*, 0 before the first; -ENODEV as above. */
    public int lastEvent(int ifindex) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            return c == null ? -Errno.ENODEV : c.lastEvent;
        }
    }

    /** Starts the client (INIT-REBOOT when it has an unexpired last lease); 0 or -ENODEV. */
    public int start(int ifindex) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            if (c == null) {
                return -Errno.ENODEV;
            }
            c.start(waiter.now());
            service.armTimers();
            wakeNetThread.run();
            return 0;
        }
    }

    /** Stops the client, releasing a bound lease (DHCPRELEASE) and removing the address; 0 or -ENODEV. */
    public int stop(int ifindex) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            if (c == null) {
                return -Errno.ENODEV;
            }
            c.stop(waiter.now());
            waiter.wakeAll();
            return 0;
        }
    }

    /** The leased address while bound, else 0 (also without a client). */
    public int address(int ifindex) {
        synchronized (monitor) {
            DhcpLease l = boundLease(ifindex);
            return l == null ? 0 : l.address;
        }
    }

    public int netmask(int ifindex) {
        synchronized (monitor) {
            DhcpLease l = boundLease(ifindex);
            return l == null ? 0 : l.netmask;
        }
    }

    /** The router (option 3), 0 when none. */
    public int router(int ifindex) {
        synchronized (monitor) {
            DhcpLease l = boundLease(ifindex);
            return l == null ? 0 : l.router;
        }
    }

    /** The server that gave the lease (option 54). */
    public int server(int ifindex) {
        synchronized (monitor) {
            DhcpLease l = boundLease(ifindex);
            return l == null ? 0 : l.server;
        }
    }

    /** The lease time in seconds as the server gave it (-1: infinite). */
    public int leaseSeconds(int ifindex) {
        synchronized (monitor) {
            DhcpLease l = boundLease(ifindex);
            return l == null ? 0 : l.leaseSecs;
        }
    }

    /** DNS server i of the lease as the interface's resolver slots hold it (0 past the last, or unbound). */
    public int dnsServer(int ifindex, int i) {
        synchronized (monitor) {
            DhcpClient c = service.client(ifindex);
            if (c == null || !c.bound() || i < 0 || i >= c.ifc.dnsServerCount) {
                return 0;
            }
            return c.ifc.dnsServers[i];
        }
    }

    private DhcpLease boundLease(int ifindex) {
        DhcpClient c = service.client(ifindex);
        return c == null || !c.bound() ? null : c.lease();
    }
}
