package io.jzsock.boards;

import io.jzsock.eth.EthDriver;
import io.jzsock.net.NetConfig;

/**
 * How much {@link StatusApp} serves at once and the stack it needs for that, fitted to a board's
 * RAM. A TCP connection object costs about 6.5 KB (the default 2920 B receive and send rings plus its
 * state) and an HTTP slot 5.4 KB (1 KB request, 4.3 KB response); the stack with
 * {@link NetConfig#defaults()} is about 77 KB (StatusSizingTest measures all of it). Stack and app
 * together stay under half the board's RAM: the F767ZI (512 KB) takes 4 slots, a backlog of 8 and a
 * 16-frame RX ring (about 190 KB), the F746ZG (320 KB) 3 and 4 (about 140 KB), the F429ZI (256 KB)
 * 2 and 2 with 13 packet buffers beside the ring instead of 16 (about 127 KB: IPv6's tables took the
 * room of three buffers), both with the driver's default 8-frame ring.
 */
public final class StatusSizing {
    /** What {@link NetConfig#defaults()} (4 TCP connections) holds: the app alone on a small heap. */
    public static final StatusSizing MINIMAL = new StatusSizing(2, 2);

    /** Connections served at once, each with its own request and response buffer. */
    public final int httpSlots;
    /** Listen backlog: connections handshaking or established but not yet in a slot. */
    public final int backlog;

    /**
     * Ethernet RX descriptors, each holding a packet buffer: a burst of {@link #clients()} SYNs and
     * requests must fit, or the MAC misses frames and the clients wait for a retransmission.
     */
    public final int rxDescriptors;
    /** Packet buffers beside the RX ring's, for transmission, socket queues and reassembly. */
    public final int spareBuffers;

    public StatusSizing(int httpSlots, int backlog) {
        this(httpSlots, backlog, EthDriver.DEFAULT_RX_DESCRIPTORS);
    }

    public StatusSizing(int httpSlots, int backlog, int rxDescriptors) {
        this(httpSlots, backlog, rxDescriptors, 16);
    }

    public StatusSizing(int httpSlots, int backlog, int rxDescriptors, int spareBuffers) {
        if (httpSlots < 1 || backlog < 1 || rxDescriptors < 2 || spareBuffers < 8) {
            throw new IllegalArgumentException("httpSlots, backlog >= 1, rxDescriptors >= 2, spareBuffers >= 8");
        }
        this.httpSlots = httpSlots;
        this.backlog = backlog;
        this.rxDescriptors = rxDescriptors;
        this.spareBuffers = spareBuffers;
    }

    /** The sizing for {@code def}'s RAM (see the class comment). */
    public static StatusSizing forBoard(BoardDefinition def) {
        if (def.ramSize >= 512 * 1024) {
            return new StatusSizing(4, 8, 16);
        }
        return def.ramSize >= 320 * 1024 ? new StatusSizing(3, 4)
                : new StatusSizing(2, 2, EthDriver.DEFAULT_RX_DESCRIPTORS, 13);
    }

    /** Connections a front end may open to the board at once without one SYN being dropped. */
    public int clients() {
        return httpSlots + backlog;
    }

    /**
     * TCP objects: the listener, the backlog, the slots, and two for connections the server closed
     * that still wait for the peer's FIN (FIN-WAIT, not yet a recyclable TIME-WAIT). A client that
     * finds them all taken has its SYN dropped and counted and retransmits it (RFC 6298 §5).
     */
    public int tcpConnections() {
        return 1 + backlog + httpSlots + 2;
    }

    /** {@link #netConfig()} with room for the HTTPS server as well ({@link StatusHttps}: listener, backlog, slots). */
    public NetConfig netConfigWithHttps() {
        NetConfig cfg = netConfig();
        cfg.maxTcpConnections += 1 + StatusHttps.BACKLOG + StatusHttps.SLOTS;
        cfg.maxFds += 1 + StatusHttps.SLOTS;
        return cfg;
    }

    /** {@link NetConfig#defaults()} with the TCP table, SYN queue and fd table sized for this. */
    public NetConfig netConfig() {
        NetConfig cfg = NetConfig.defaults();
        cfg.maxTcpConnections = tcpConnections();
        cfg.tcpSynQueue = backlog;
        cfg.maxFds = Math.max(cfg.maxFds, 4 + httpSlots);
        // The RX ring keeps its buffers; the rest serve transmission, socket queues and reassembly.
        cfg.packetBuffers = rxDescriptors + spareBuffers;
        return cfg;
    }
}
