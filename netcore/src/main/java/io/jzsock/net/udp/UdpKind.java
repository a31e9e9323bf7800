package io.jzsock.net.udp;

import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.FdTable;
import io.jzsock.net.sock.InetKind;

/** socket(AF_INET or AF_INET6, SOCK_DGRAM, 0 or IPPROTO_UDP). */
public final class UdpKind extends InetKind {
    private final UdpSockets udp;

    public UdpKind(UdpSockets udp, FdTable fds, boolean ipv6) {
        super(ZsockConstants.SOCK_DGRAM, ZsockConstants.IPPROTO_UDP, udp, fds, ipv6);
        this.udp = udp;
    }

    @Override
    protected int openObject(int family) {
        return udp.open(family);
    }
}
