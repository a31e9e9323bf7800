package io.jzsock.net;

import io.jzsock.bsp.Clock;
import io.jzsock.bsp.Entropy;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.SystemClock;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.dhcp.Dhcp;
import io.jzsock.net.dhcp.DhcpService;
import io.jzsock.net.iface.EthernetLink;
import io.jzsock.net.iface.Ipv4InterfaceState;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.Loopback;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.ip.Igmp;
import io.jzsock.net.wire.EthernetFrame;
import io.jzsock.net.ip.Icmpv6;
import io.jzsock.net.ip.Ipv4;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Ipv6Address;
import io.jzsock.net.resolve.HostResolver;
import io.jzsock.net.ip.Reassembly;
import io.jzsock.net.service.ServiceHandle;
import io.jzsock.net.service.ServiceRegistry;
import io.jzsock.net.service.StackService;
import io.jzsock.net.sock.Actor;
import io.jzsock.net.sock.EphemeralPorts;
import io.jzsock.net.sock.FdTable;
import io.jzsock.net.sock.Owners;
import io.jzsock.net.sock.SocketHost;
import io.jzsock.net.sock.SocketKinds;
import io.jzsock.net.sock.SocketPairs;
import io.jzsock.net.sock.TagAccess;
import io.jzsock.net.sock.Waiter;
import io.jzsock.net.tcp.TcpEngine;
import io.jzsock.net.tcp.TcpKind;
import io.jzsock.net.tcp.TcpSockets;
import io.jzsock.net.udp.UdpKind;
import io.jzsock.net.udp.UdpSockets;

/**
 * One TCP/IP stack instance: it allocates everything {@link NetConfig} sizes in its constructor and
 * nothing afterwards. A net thread runs {@link #poll(long)} when a device signals frames, a timer is
 * due or an API call queued work; API calls from application threads hold the stack's monitor and
 * wait on it (DESIGN §4).
 *
 * <p>{@link #create} builds a stack without a thread so deterministic tests drive {@link #poll(long)}
 * themselves on a virtual clock.
 */
public final class NetStack {
    /** Longest the net thread sleeps without a timer, so a lost wake-up costs at most this. */
    private static final long IDLE_POLL_MS = 100;
    /** Services one stack can hold: TCP plus the clients netcore may start (DHCP, DNS) and room. */
    private static final int MAX_SERVICES = 12;

    final Object monitor = new Object();
    final NetConfig cfg;
    final Clock clock;
    final Entropy entropy;
    final PacketPool pool;
    final Ipv4 ipv4;
    /** IPv6 and everything of it (ND, MLD, path MTU, ...), or null when NetConfig.ipv6 is off. */
    private final Ipv6Layer ip6;
    final EthernetLink ethernet;
    final Igmp igmp;
    final Loopback loopback;
    final FdTable fds;
    final Waiter waiter;
    final UdpSockets udp;
    final TcpEngine tcp;
    final TcpSockets tcpSockets;
    final SocketPairs pairs;
    final SocketKinds kinds;
    private final SocketHost host;
    final HostResolver resolver;
    final DhcpService dhcpService;
    private final Dhcp dhcp;
    /**
     * Timers of the protocols and clients on the net thread: ARP, reassembly, ND, path MTU aging and MLD (with
     * IPv6 only), IGMP, TCP, DHCP and DNS, in that order.
     */
    final ServiceRegistry services = new ServiceRegistry(MAX_SERVICES);
    private final Zsock zsock;
    /** Owners, views and the tag rule of socket ownership (NetConfig.socketOwnership). */
    final StackOwnership ownership;
    private final WakeSignal signal = new WakeSignal();
    private final Runnable netLoop;
    private Thread netThread;
    private volatile boolean running;
    private volatile RuntimeException netThreadFailure;
    private int pingSeq;

    private NetStack(NetConfig config, Clock clock, Entropy entropy) {
        this.cfg = config.copy();
        cfg.validate();
        this.clock = clock;
        this.entropy = entropy;
        pool = new PacketPool(cfg.packetBuffers, cfg.packetBufferSize);
        ipv4 = new Ipv4(pool, cfg.maxInterfaces, entropy.nextInt(), cfg.defaultTtl, cfg.icmpErrorBurst,
                cfg.icmpErrorIntervalMillis);
        ethernet = new EthernetLink(pool, ipv4, ipv4.interfaces(), cfg.arpRetries, cfg.arpRetryMillis,
                cfg.arpExpiryMillis);
        ServiceHandle arpTimer = services.register(ethernet);
        loopback = new Loopback(pool, cfg.packetBuffers, entropy, signal);
        ipv4.attach(ethernet, loopback);
        Reassembly reassembly = new Reassembly(pool, cfg.reassemblySlots, cfg.reassemblyBudget(), cfg.reassemblyTimeoutMillis);
        ipv4.attachReassembly(reassembly);
        reassembly.attachTimer(services.register(reassembly));
        ip6 = cfg.ipv6 ? new Ipv6Layer(cfg, pool, entropy, ipv4, ethernet, loopback, reassembly, services) : null;
        ethernet.attachTimers(arpTimer, ip6 != null ? ip6.ndTimer : ServiceHandle.DETACHED);
        igmp = new Igmp(pool, ipv4, entropy);
        ipv4.attachIgmp(igmp);
        igmp.attachTimer(services.register(igmp));
        NetInterface lo = new NetInterface(1, "lo", null, InterfaceConfig.ipv4("lo", "127.0.0.1", 8, null), 1500, cfg);
        if (ip6 != null) {
            ip6.addLoopbackAddress(lo);
        }
        loopback.attach(lo);
        ipv4.addInterface(lo);
        fds = new FdTable(cfg.maxFds, cfg.socketOwnership);
        ownership = new StackOwnership(cfg);
        waiter = new Waiter(monitor, clock);
        EphemeralPorts ports = new EphemeralPorts(entropy, cfg.ephemeralPortLow, cfg.ephemeralPortHigh);
        udp = new UdpSockets(cfg.maxSockets, cfg.udpRxQueue, cfg.maxMulticastGroups, ports, pool, ipv4, waiter,
                cfg.defaultTtl, cfg.defaultMulticastTtl);
        udp.setFragmentation(cfg.ipFragmentation);
        tcp = new TcpEngine(cfg, pool, ipv4, entropy, ports);
        tcp.attachTimer(services.register(tcp));
        dhcpService = new DhcpService(cfg, pool, udp.endpoints, ethernet, entropy, tcp, cfg.maxInterfaces);
        dhcpService.attachTimer(services.register(dhcpService));
        dhcp = new Dhcp(monitor, waiter, dhcpService, signal);
        tcpSockets = new TcpSockets(tcp, ipv4, waiter, fds, cfg.tcpConnectTimeoutMillis);
        if (ip6 != null) {
            ip6.attachTransports(udp, tcp, tcpSockets);
        }
        kinds = new SocketKinds(monitor);
        kinds.register(new UdpKind(udp, fds, ip6 != null), SocketKinds.PRIORITY_INET);
        kinds.register(new TcpKind(tcpSockets, fds, ip6 != null), SocketKinds.PRIORITY_INET);
        pairs = new SocketPairs(cfg.maxSocketPairs, cfg.socketPairBuffer, fds, waiter);
        resolver = new HostResolver(monitor, waiter, ipv4, udp, entropy, cfg, signal);
        resolver.attachTimer(services.registerReadingInput(resolver.service()));
        zsock = new Zsock(this, ownership.plainActor);
        netLoop = new Runnable() {
            @Override
            public void run() {
                runNetThread();
            }
        };
        host = new SocketHost(monitor, fds, waiter, kinds, new Runnable() {
            @Override
            public void run() {
                deliverLoopbackNow();
            }
        });
    }

    /** A running stack on the system clock with loopback 127.0.0.1 up. */
    public static NetStack start(NetConfig cfg) {
        return start(cfg, SystemClock.INSTANCE, SeededEntropy.fromTime());
    }

    public static NetStack start(NetConfig cfg, Clock clock, Entropy entropy) {
        NetStack s = new NetStack(cfg, clock, entropy);
        s.running = true;
        s.netThread = new Thread(s.netLoop, "jzsock-net");
        s.netThread.setDaemon(true);
        s.netThread.start();
        return s;
    }

    /** A stack without a net thread: the caller calls {@link #poll(long)}. For deterministic tests. */
    public static NetStack create(NetConfig cfg, Clock clock, Entropy entropy) {
        return new NetStack(cfg, clock, entropy);
    }

    /**
     * The API. With NetConfig.socketOwnership on it acts as the supervisor (every fd, like Zephyr's
     * supervisor threads), or, once {@link #setOwnerResolver} installed one, as the owner the
     * resolver names for the calling thread.
     */
    public Zsock zsock() {
        return zsock;
    }

    /**
     * The API acting as owner (any object, compared by identity), registered in the owner table if
     * new: fds it creates are owner's, fds of other owners are -EBADF until granted
     * ({@link Zsock#grant}). The same view for the same owner until {@link #release}; afterwards the
     * old view fails (-EBADF, -EPERM). Setup-time: the first call for an owner allocates its view.
     * Throws IllegalStateException when the table of NetConfig.maxOwners is full; with ownership off
     * it is {@link #zsock()}.
     */
    public Zsock zsock(Object owner) {
        if (owner == null) {
            throw new IllegalArgumentException("null owner");
        }
        Owners owners = ownership.owners;
        if (owners == null) {
            return zsock;
        }
        synchronized (monitor) {
            int id = owners.register(owner);
            if (id < 0) {
                throw new IllegalStateException("owner table full (NetConfig.maxOwners = " + cfg.maxOwners
                        + ") or owner being released");
            }
            Zsock v = ownership.views[id];
            if (v == null || v.ownerGeneration() != owners.generation(id)) {
                v = new Zsock(this, Actor.owner(owners, id));
                ownership.views[id] = v;
            }
            return v;
        }
    }

    /**
     * Setup-time, ownership on: {@link #zsock()} asks r who calls (a MicroEJ board's Kernel &amp;
     * Features adapter, see {@link OwnerResolver}); r answering null means the supervisor.
     */
    public void setOwnerResolver(OwnerResolver r) {
        if (ownership.owners == null) {
            throw new IllegalStateException("NetConfig.socketOwnership is off");
        }
        synchronized (monitor) {
            ownership.plainActor.resolveWith(r);
        }
    }

    /**
     * Setup-time: the credential module's rule for which owner may name which sec tag (tls-lite's
     * TlsSockets.install installs TlsCredentials' owners). Only asked when ownership is on.
     */
    public void setTagAccess(TagAccess access) {
        synchronized (monitor) {
            ownership.tagAccess = access;
        }
    }

    /**
     * An owner stops (an application is stopped or uninstalled): its views fail from now on, every
     * fd it owns is closed as {@link Zsock#close} closes it (TCP by SO_LINGER: RST for linger 0,
     * else FIN; TLS with close_notify; listen ports and multicast memberships freed; threads blocked
     * on those fds, and the owner's blocked poll, select and accept, return -EINTR), its grants on
     * other owners' fds are revoked, and its slot is freed. No other owner's socket is touched.
     * Returns the number of fds closed, or -ENOENT for an owner not in the table (or ownership off).
     */
    public int release(Object owner) {
        Owners owners = ownership.owners;
        int id;
        synchronized (monitor) {
            if (owners == null || owner == null) {
                return -Errno.ENOENT;
            }
            id = owners.beginRelease(owner);
            if (id < 0) {
                return id;
            }
            fds.revokeEverywhere(id);
            waiter.wakeAll();
        }
        int closed = 0;
        for (int fd = 0; fd < fds.capacity(); fd++) {
            if (zsock.closeFd(fd, id) != -Errno.EBADF) {
                closed++;
            }
        }
        synchronized (monitor) {
            owners.endRelease(id);
            ownership.views[id] = null;
        }
        return closed;
    }

    /** Owners in the table now (0 without ownership): a leak gate for tests. */
    public int owners() {
        synchronized (monitor) {
            return ownership.owners == null ? 0 : ownership.owners.count();
        }
    }

    /**
     * The kinds {@code socket()} asks, UDP and TCP registered; a module with its own sockets (TLS)
     * registers here at setup, ahead of inet for its protocol numbers ({@link SocketKinds#PRIORITY_SECURE}).
     */
    public SocketKinds socketKinds() {
        return kinds;
    }

    /** The stack's side of the socket SPI: fds, inner sockets, the monitor and wake-ups for another module's kind. */
    public SocketHost socketHost() {
        return host;
    }

    /** The DHCP clients of interfaces added with {@link InterfaceConfig#dhcp}: state, await, events, lease. */
    public Dhcp dhcp() {
        return dhcp;
    }

    public Loopback loopback() {
        return loopback;
    }

    /** False once {@link #stop()} has begun: a kind's own thread (the TLS pump) ends with the stack. */
    public boolean isRunning() {
        return running;
    }

    /** The stack's randomness, for a kind of another module that needs it too (TLS nonces and key shares). */
    public Entropy entropy() {
        return entropy;
    }

    /**
     * Adds another module's timers to the net thread (tls-lite's DTLS idle timer): its deadline bounds
     * the net thread's sleep and it is polled on every pass (it has no handle to say when it armed a
     * timer, as the stack's own services do). Setup-time.
     */
    public void addService(StackService s) {
        synchronized (monitor) {
            services.registerEveryPass(s);
        }
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Brings up an Ethernet interface on dev; returns its index (loopback is 1). Setup-time: the
     * device may take RX buffers from the pool here.
     */
    public int addInterface(NetDevice dev, InterfaceConfig ifcfg) {
        synchronized (monitor) {
            if (ifcfg.ipv6 && ip6 == null) {
                throw new IllegalArgumentException("NetConfig: ipv6 is off, so interface " + ifcfg.name
                        + " cannot run IPv6 (InterfaceConfig.ipv6)");
            }
            int index = ipv4.interfaceCount() + 1;
            if (index > cfg.maxInterfaces) {
                throw new IllegalStateException("NetConfig.maxInterfaces = " + cfg.maxInterfaces + " reached");
            }
            NetInterface ifc = new NetInterface(index, ifcfg.name, dev, ifcfg, dev.mtu(), cfg);
            ipv4.addInterface(ifc);
            dev.open(pool, signal);
            requireBuffersBeside(ifcfg.name);
            // RFC 1112 §4: every host belongs to 224.0.0.1 (IGMP queries arrive there).
            byte[] allSystems = new byte[6];
            EthernetFrame.ipv4MulticastMac(Ipv4InterfaceState.ALL_SYSTEMS, allSystems, 0);
            dev.multicastFilter(allSystems, 0, true);
            if (ifcfg.dhcp) {
                dhcpService.add(ifc, clock.nowMillis());
            }
            if (ifcfg.ipv6) {
                ip6.nd.start(ifc, ifcfg, clock.nowMillis());
            }
            services.markStale();
            signal.run();
            return index;
        }
    }

    /**
     * Setup-time: what the devices keep for their receive rings (an Ethernet DMA ring holds one packet buffer
     * per descriptor for good) plus one UDP socket's full queue must leave a buffer to send with, or the
     * first full queue silences the stack. Throws IllegalArgumentException; the stack is then unusable.
     */
    private void requireBuffersBeside(String name) {
        int held = cfg.packetBuffers - pool.available();
        if (held + cfg.udpRxQueue >= cfg.packetBuffers) {
            throw new IllegalArgumentException("NetConfig: receive rings (" + held + " buffers held, " + name
                    + "'s included) + udpRxQueue (" + cfg.udpRxQueue + ") must be < packetBuffers ("
                    + cfg.packetBuffers + "): raise packetBuffers or lower the ring or the queue");
        }
    }

    /**
     * One pass of the stack at time now: receive from every device (up to NetConfig.rxBudget frames
     * each), deliver loopback traffic, run timers. Returns true if anything happened; waiting
     * threads are then woken.
     */
    public boolean poll(long now) {
        synchronized (monitor) {
            return pollHoldingMonitor(now);
        }
    }

    /**
     * The net thread's pass: the clock is read once the monitor is held. Read before, while an
     * application's send held the monitor and stamped its segments with a later time, the pass ran
     * on a reading up to tens of milliseconds old (TCP keeps its TSval monotonic anyway, RFC 7323
     * §5.4, but timers and receive timestamps should not run on a stale time either).
     */
    private boolean pollNow() {
        synchronized (monitor) {
            return pollHoldingMonitor(clock.nowMillis());
        }
    }

    private boolean pollHoldingMonitor(long now) {
        waiter.enterPoll();
        try {
            return pollDevicesAndTimers(now);
        } finally {
            waiter.exitPoll();
        }
    }

    /** poll's pass, with the monitor held. */
    private boolean pollDevicesAndTimers(long now) {
        boolean worked = false;
        for (int i = 1; i <= ipv4.interfaceCount(); i++) {
            NetInterface ifc = ipv4.byIndex(i);
            if (ifc.loopback) {
                worked |= loopback.poll(ipv4, cfg.rxBudget, now) > 0;
                continue;
            }
            for (int n = 0; n < cfg.rxBudget; n++) {
                int h = ifc.device.receive();
                if (h < 0) {
                    break;
                }
                if (pool.timeNanos[h] == 0) {
                    // No hardware timestamp: SO_TIMESTAMPING reports the stack's receive time.
                    pool.timeNanos[h] = now * 1000000L;
                }
                ethernet.input(ifc, h, now);
                worked = true;
            }
        }
        if (worked) {
            // Frames or loopback packets arrived: a client reading its own socket (DNS) looks this pass.
            services.inputArrived();
        }
        worked |= services.poll(now);
        if (worked) {
            waiter.wakeAll();
        }
        return worked;
    }

    /** When poll should run next without new input: the earliest timer, or Long.MAX_VALUE. */
    public long pollAt() {
        synchronized (monitor) {
            if (loopback.hasWork()) {
                return 0;
            }
            return services.nextDeadline();
        }
    }

    private void runNetThread() {
        while (running) {
            boolean worked;
            try {
                worked = pollNow();
            } catch (RuntimeException e) {
                // A stack bug must not silently kill the only thread that drains the devices:
                // keep it for netThreadFailure() and go on serving.
                netThreadFailure = e;
                worked = false;
            }
            if (worked) {
                continue;
            }
            long next = pollAt();
            long wait = next == Long.MAX_VALUE ? IDLE_POLL_MS : Math.min(IDLE_POLL_MS, next - clock.nowMillis());
            if (wait > 0) {
                signal.await(wait);
            }
        }
    }

    /**
     * Delivers what a send just queued on loopback right away on the caller's thread, as Linux
     * runs loopback on the sending CPU: a loopback round trip then needs no hand-off to the net
     * thread. Called with the monitor held, after the send's own work; what the delivery queues in
     * turn (an ICMP error) is taken by the same bounded loop, never by recursion.
     */
    void deliverLoopbackNow() {
        if (loopback.hasWork() && loopback.poll(ipv4, cfg.rxBudget, clock.nowMillis()) > 0) {
            services.inputArrived();
            waiter.wakeAll();
        }
    }

    /** Called by API calls that queued work for the net thread. */
    void wakeNetThread() {
        signal.run();
    }

    /**
     * Sends an ICMP echo request and waits for the reply. Returns the round-trip time in ms, or
     * -ETIMEDOUT, -ENETUNREACH, -ENOBUFS. Blocks the calling thread; needs the net thread.
     */
    public int ping(int dstIpv4, int timeoutMs) {
        synchronized (monitor) {
            long start = clock.nowMillis();
            int seq = ++pingSeq & 0xffff;
            int r = ipv4.icmp().sendEcho(dstIpv4, 0x4a5a, seq, 32, start);
            if (r < 0) {
                return r;
            }
            long deadline = waiter.deadline(timeoutMs);
            while (!ipv4.icmp().echoAnswered()) {
                if (!waiter.await(deadline)) {
                    return -Errno.ETIMEDOUT;
                }
            }
            return (int) (clock.nowMillis() - start);
        }
    }

    /**
     * Sends an ICMPv6 echo request to a 16-byte address (ifindex: the scope of a link-local one, else 0) and
     * waits for the reply. Returns the round-trip time in ms, or -ETIMEDOUT, -ENETUNREACH (always without IPv6,
     * NetConfig.ipv6 off), -EADDRNOTAVAIL, -ENOBUFS. Blocks the calling thread; needs the net thread.
     */
    public int ping6(byte[] dst, int ifindex, int timeoutMs) {
        synchronized (monitor) {
            if (ip6 == null) {
                return -Errno.ENETUNREACH;
            }
            long start = clock.nowMillis();
            int seq = ++pingSeq & 0xffff;
            Icmpv6 icmp6 = ip6.ipv6.icmp();
            int r = icmp6.sendEcho(Bytes.i64(dst, 0), Bytes.i64(dst, 8), ifindex, 0x4a5a, seq, 32, start);
            if (r < 0) {
                return r;
            }
            long deadline = waiter.deadline(timeoutMs);
            while (!icmp6.echoAnswered()) {
                if (!waiter.await(deadline)) {
                    return -Errno.ETIMEDOUT;
                }
            }
            return (int) (clock.nowMillis() - start);
        }
    }

    /**
     * The IPv6 address in slot n of an interface, copied into out (16 bytes); returns its state (an
     * {@link Ipv6InterfaceState} constant, FREE for an empty slot) or -1 past the last slot or interface.
     */
    public int ipv6Address(int ifindex, int n, byte[] out) {
        synchronized (monitor) {
            NetInterface ifc = ipv4.byIndex(ifindex);
            if (ifc == null || n < 0 || n >= ifc.v6.addressSlots()) {
                return -1;
            }
            Bytes.putI64(out, 0, ifc.v6.addrHi[n]);
            Bytes.putI64(out, 8, ifc.v6.addrLo[n]);
            return ifc.v6.state[n];
        }
    }

    /** How the IPv6 address in slot n of an interface came to be (an {@link Ipv6InterfaceState} ORIGIN_*), or -1. */
    public int ipv6AddressOrigin(int ifindex, int n) {
        synchronized (monitor) {
            NetInterface ifc = ipv4.byIndex(ifindex);
            if (ifc == null || n < 0 || n >= ifc.v6.addressSlots() || ifc.v6.state[n] == Ipv6InterfaceState.FREE) {
                return -1;
            }
            return ifc.v6.origin[n];
        }
    }

    /**
     * Adds a static IPv6 address (16 bytes, never expiring) to an interface, tentative until DAD passes, its
     * prefix on-link (Zephyr's {@code net_if_ipv6_addr_add} with NET_ADDR_MANUAL). An address marked for removal
     * while a socket held it is kept again. Returns 0, -ENODEV for an unknown or non-IPv6 interface, -EEXIST,
     * -EINVAL for a multicast or unspecified address or a prefix length past 128, -ENOMEM when its slots are full.
     */
    public int addIpv6Address(int ifindex, byte[] addr, int prefixLen) {
        synchronized (monitor) {
            NetInterface ifc = ipv4.byIndex(ifindex);
            if (ifc == null || ifc.loopback || !ifc.v6.enabled) {
                return -Errno.ENODEV;
            }
            long hi = Bytes.i64(addr, 0);
            long lo = Bytes.i64(addr, 8);
            if (Ipv6Address.isMulticast(hi) || hi == 0 && lo == 0 || prefixLen < 0 || prefixLen > 128) {
                return -Errno.EINVAL;
            }
            int slot = ifc.v6.find(hi, lo);
            if (slot >= 0) {
                if (!ifc.v6.removePending[slot]) {
                    return -Errno.EEXIST;
                }
                ifc.v6.removePending[slot] = false;
                return 0;
            }
            if (ip6.nd.addStatic(ifc, hi, lo, prefixLen, clock.nowMillis()) < 0) {
                return -Errno.ENOMEM;
            }
            services.markStale();
            signal.run();
            return 0;
        }
    }

    /**
     * Removes an IPv6 address from an interface as Zephyr's {@code net_if_ipv6_addr_rm} does (UDP-19): while a
     * UDP or TCP socket is bound to it, it stays (usable by that socket) and goes when the last of them closes or
     * rebinds; returns 0 when removed now, -EBUSY when so deferred, -ENOENT for an address the interface does
     * not have, -ENODEV for an unknown interface.
     */
    public int removeIpv6Address(int ifindex, byte[] addr) {
        synchronized (monitor) {
            NetInterface ifc = ipv4.byIndex(ifindex);
            if (ifc == null) {
                return -Errno.ENODEV;
            }
            int slot = ifc.v6.find(Bytes.i64(addr, 0), Bytes.i64(addr, 8));
            if (slot < 0) {
                return -Errno.ENOENT;
            }
            services.markStale();
            return ip6.removeAddress(ifc, slot) ? 0 : -Errno.EBUSY;
        }
    }

    /**
     * The path MTU towards a 16-byte IPv6 address (ifindex: the scope of a link-local one, else 0): the link's,
     * a router-advertised one, or what Packet Too Big lowered it to (RFC 8201); or the negative errno of routing
     * (-ENETUNREACH without IPv6).
     */
    public int ipv6PathMtu(byte[] dst, int ifindex) {
        synchronized (monitor) {
            if (ip6 == null) {
                return -Errno.ENETUNREACH;
            }
            return ip6.ipv6.pathMtu(Bytes.i64(dst, 0), Bytes.i64(dst, 8), ifindex, ifindex);
        }
    }

    /** Stops the net thread, releases DHCP leases, closes every fd and device, and returns every buffer to the pool. */
    public void stop() {
        running = false;
        signal.run();
        if (netThread != null && netThread != Thread.currentThread()) {
            try {
                netThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (monitor) {
            dhcpService.stopAll(clock.nowMillis());
            for (int fd = 0; fd < fds.capacity(); fd++) {
                if (fds.ops(fd) != null) {
                    fds.ops(fd).close(fds.obj(fd));
                    fds.free(fd);
                }
            }
            for (int i = 1; i <= ipv4.interfaceCount(); i++) {
                NetInterface ifc = ipv4.byIndex(i);
                if (!ifc.loopback) {
                    ethernet.releaseParked(ifc);
                    ifc.device.close();
                }
            }
            loopback.clear();
            waiter.wakeAll();
        }
    }

    /** A counter summed over all interfaces (see {@link NetCounters}). */
    public long counter(int id) {
        synchronized (monitor) {
            long sum = 0;
            for (int i = 1; i <= ipv4.interfaceCount(); i++) {
                sum += ipv4.byIndex(i).counters[id];
            }
            return sum;
        }
    }

    /** A counter of one interface. */
    public long counter(int ifindex, int id) {
        synchronized (monitor) {
            NetInterface ifc = ipv4.byIndex(ifindex);
            return ifc == null ? 0 : ifc.counters[id];
        }
    }

    public int interfaceCount() {
        synchronized (monitor) {
            return ipv4.interfaceCount();
        }
    }

    /** Name, MAC, IPv4 address, prefix and link state of an interface, for status pages and tests. */
    public String describeInterface(int ifindex) {
        synchronized (monitor) {
            NetInterface ifc = ipv4.byIndex(ifindex);
            if (ifc == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            sb.append(ifc.name).append(' ');
            byte[] a = new byte[4];
            a[0] = (byte) (ifc.v4.address >>> 24);
            a[1] = (byte) (ifc.v4.address >>> 16);
            a[2] = (byte) (ifc.v4.address >>> 8);
            a[3] = (byte) ifc.v4.address;
            sb.append(InetText.ntop(ZsockConstants.AF_INET, a)).append('/').append(prefixLength(ifc.v4.netmask));
            if (!ifc.loopback) {
                sb.append(" mac ");
                for (int i = 0; i < 6; i++) {
                    int v = ifc.mac[i] & 0xff;
                    sb.append(i == 0 ? "" : ":").append(HEX.charAt(v >> 4)).append(HEX.charAt(v & 15));
                }
            }
            sb.append(ifc.linkUp() ? " up" : " down");
            return sb.toString();
        }
    }

    private static final String HEX = "0123456789abcdef";

    private static int prefixLength(int mask) {
        int n = 0;
        while (n < 32 && (mask << n) < 0) {
            n++;
        }
        return n;
    }

    /** The last exception a poll pass threw on the net thread (a stack bug), or null. Tests assert null. */
    public RuntimeException netThreadFailure() {
        return netThreadFailure;
    }

    /** Free packet buffers now (a leak check: back to NetConfig.packetBuffers when idle). */
    public int freePacketBuffers() {
        synchronized (monitor) {
            return pool.available();
        }
    }

    public int packetBuffers() {
        return pool.capacity();
    }

    /** TCP connection objects in use, TIME_WAIT included (the leak gate: 0 when all is closed and expired). */
    public int tcpConnectionsInUse() {
        synchronized (monitor) {
            return tcp.connectionsInUse();
        }
    }

    /** TCP connection states and sequence variables, one line each (diagnostics; allocates). */
    public String describeTcp() {
        synchronized (monitor) {
            return tcp.describe();
        }
    }

    /** Open fds (leak gate for tests). */
    public int openFds() {
        synchronized (monitor) {
            return fds.openCount();
        }
    }

    public NetConfig config() {
        return cfg.copy();
    }
}
