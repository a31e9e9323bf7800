package io.jzsock.net.sock;

import io.jzsock.net.Errno;
import io.jzsock.net.ZsockConstants;

/**
 * An inet socket kind of one type and one protocol, for AF_INET and AF_INET6, taking proto 0 as that
 * protocol: UDP is (SOCK_DGRAM, IPPROTO_UDP), TCP (SOCK_STREAM, IPPROTO_TCP). The subclass opens its own
 * object, of the family asked for (an AF_INET6 socket is dual-stack once IPV6_V6ONLY is cleared). A stack
 * built without IPv6 (NetConfig.ipv6 off) still takes AF_INET6 and refuses it with -EPFNOSUPPORT, as Zephyr's
 * inet kind takes both families and net_context_get's check answers "IPv6 disabled" (CONFIG_NET_CONTEXT_CHECK).
 */
public abstract class InetKind extends SocketKind {
    private final int type;
    private final int protocol;
    private final SocketOps ops;
    private final FdTable fds;
    private final boolean ipv6;

    /** ipv6: whether the stack has its IPv6 layer (AF_INET6 sockets can be opened). */
    protected InetKind(int type, int protocol, SocketOps ops, FdTable fds, boolean ipv6) {
        this.type = type;
        this.protocol = protocol;
        this.ops = ops;
        this.fds = fds;
        this.ipv6 = ipv6;
    }

    /** A new object of the kind and family (its table index), or a negative errno. */
    protected abstract int openObject(int family);

    @Override
    public final boolean takesFamily(int family) {
        return family == ZsockConstants.AF_INET || family == ZsockConstants.AF_INET6;
    }

    @Override
    public final boolean takesType(int t) {
        return t == type;
    }

    @Override
    public final boolean takesProtocol(int proto) {
        return proto == 0 || proto == protocol;
    }

    /**
     * The fd is checked first so a full table keeps no object (-ENFILE, as Zephyr's fdtable, which
     * zsock_socket reserves before net_context_get checks the family).
     */
    @Override
    public final int create(int family, int t, int proto) {
        if (!fds.hasFree()) {
            return -Errno.ENFILE;
        }
        if (family == ZsockConstants.AF_INET6 && !ipv6) {
            return -Errno.EPFNOSUPPORT;
        }
        int s = openObject(family);
        return s < 0 ? s : fds.open(ops, s);
    }
}
