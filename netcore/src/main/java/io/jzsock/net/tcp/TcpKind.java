package io.jzsock.net.tcp;

import io.jzsock.net.ZsockConstants;
import io.jzsock.net.sock.FdTable;
import io.jzsock.net.sock.InetKind;

/** socket(AF_INET or AF_INET6, SOCK_STREAM, 0 or IPPROTO_TCP). */
public final class TcpKind extends InetKind {
    private final TcpSockets tcp;

    public TcpKind(TcpSockets tcp, FdTable fds, boolean ipv6) {
        super(ZsockConstants.SOCK_STREAM, ZsockConstants.IPPROTO_TCP, tcp, fds, ipv6);
        this.tcp = tcp;
    }

    @Override
    protected int openObject(int family) {
        return tcp.open(family);
    }
}
