package io.jzsock.net.dhcp;

import io.jzsock.net.NetCounters;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.udp.UdpEndpoints;
import io.jzsock.net.wire.DhcpMessage;
import io.jzsock.net.wire.DhcpOptions;
import io.jzsock.net.wire.EthernetFrame;

/**
 * Builds and sends the client's messages (RFC 2131 Table 5 says which field and option each carries)
 * in one pool buffer, through the stack's internal UDP port 68. Every message names the client by
 * option 61 (type 1 and the MAC, RFC 2132 §9.14); DISCOVER and REQUEST also send the hostname (12),
 * the largest reply the client takes (57) and the parameter request list (55); DECLINE and RELEASE
 * must not (Table 5).
 */
final class DhcpSender {
    /** RFC 1542 §3.2.1: relays may drop BOOTP messages under 300 octets; pad to that. */
    static final int MIN_BOOTP_LEN = 300;
    private static final byte[] PARAMETERS = {
        DhcpOptions.SUBNET_MASK, DhcpOptions.ROUTER, DhcpOptions.DNS_SERVERS, DhcpOptions.INTERFACE_MTU,
        DhcpOptions.LEASE_TIME, DhcpOptions.RENEWAL_T1, DhcpOptions.REBINDING_T2,
    };

    private final PacketPool pool;
    private final UdpEndpoints udp;
    private final byte[] hostname;

    DhcpSender(PacketPool pool, UdpEndpoints udp, String hostname) {
        this.pool = pool;
        this.udp = udp;
        this.hostname = new byte[hostname.length()];
        for (int i = 0; i < this.hostname.length; i++) {
            this.hostname[i] = (byte) hostname.charAt(i);
        }
    }

    /**
     * Sends a message of type (DHCPDISCOVER ...) on ifc from src to dst; requestedIp (option 50) and serverId
     * (option 54) are left out when 0. Returns 0 or a negative errno (counted where it was dropped).
     */
    int send(NetInterface ifc, int type, int xid, int secs, int ciaddr, int requestedIp, int serverId, int src, int dst,
             long now) {
        int h = udp.alloc();
        if (h < 0) {
            ifc.count(NetCounters.UDP_DROP_NO_BUFFER);
            return h;
        }
        byte[] b = pool.data[h];
        int o = pool.off[h];
        int i = DhcpMessage.writeRequestHeader(b, o, xid, secs, 0, ciaddr, ifc.mac, 0);
        i = DhcpOptions.putU8(b, i, DhcpOptions.MESSAGE_TYPE, type);
        i = DhcpOptions.putClientId(b, i, ifc.mac, 0);
        if (requestedIp != 0) {
            i = DhcpOptions.putI32(b, i, DhcpOptions.REQUESTED_IP, requestedIp);
        }
        if (serverId != 0) {
            i = DhcpOptions.putI32(b, i, DhcpOptions.SERVER_ID, serverId);
        }
        if (type == DhcpOptions.DHCPDISCOVER || type == DhcpOptions.DHCPREQUEST) {
            // RFC 2132 §9.10: the largest IP datagram the client takes: the MTU, and one pool buffer holds a frame.
            int max = Math.min(ifc.deviceMtu, pool.bufferSize() - EthernetFrame.HEADER_LEN);
            i = DhcpOptions.putU16(b, i, DhcpOptions.MAX_MESSAGE_SIZE, Math.max(DhcpOptions.MIN_MAX_MESSAGE_SIZE, max));
            if (hostname.length > 0) {
                i = DhcpOptions.putBytes(b, i, DhcpOptions.HOSTNAME, hostname, 0, hostname.length);
            }
            i = DhcpOptions.putBytes(b, i, DhcpOptions.PARAMETER_REQUEST_LIST, PARAMETERS, 0, PARAMETERS.length);
        }
        i = DhcpOptions.putEnd(b, i);
        while (i - o < MIN_BOOTP_LEN) {
            b[i++] = DhcpOptions.PAD;
        }
        pool.len[h] = i - o;
        int r = udp.send(ifc, h, src, DhcpMessage.CLIENT_PORT, dst, DhcpMessage.SERVER_PORT, now);
        if (r == 0) {
            ifc.count(NetCounters.DHCP_TX);
        }
        return r;
    }
}
