package io.jzsock.net.udp;

import io.jzsock.net.iface.NetInterface;

/**
 * A netcore-internal UDP port: a protocol client (DHCP) that receives datagrams through a callback
 * instead of an fd. Registered with {@link UdpEndpoints#register} at start-up.
 */
public interface UdpEndpoint {
    /**
     * A datagram for the endpoint's port arrived on ifc: its payload is b[off, off + len). The bytes are
     * valid only during the call (the packet returns to the pool afterwards). Runs on the net thread
     * with the stack's monitor held; must not allocate.
     */
    void datagram(NetInterface ifc, byte[] b, int off, int len, int src, int srcPort, int dst, long now);
}
