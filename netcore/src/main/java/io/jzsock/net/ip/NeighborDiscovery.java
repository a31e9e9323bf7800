package io.jzsock.net.ip;

import io.jzsock.net.InterfaceConfig;
import io.jzsock.net.buf.PacketPool;
import io.jzsock.net.iface.Ipv6InterfaceState;
import io.jzsock.net.iface.NeighborResolver;
import io.jzsock.net.iface.NetInterface;
import io.jzsock.net.service.StackService;
import io.jzsock.net.wire.Bytes;
import io.jzsock.net.wire.Ipv6Address;

/**
 * Neighbor Discovery for a host (RFC 4861). Skeleton: the interface start-up (all-nodes, a stable link-local
 * address, the static one) without DAD; messages are dropped until the next commit.
 */
public final class NeighborDiscovery implements NeighborResolver, StackService {
    private final PacketPool pool;
    private final StableIid iids;

    /** secret: RFC 7217's secret_key, 16 bytes or more. */
    public NeighborDiscovery(PacketPool pool, byte[] secret) {
        this.pool = pool;
        this.iids = new StableIid(secret);
    }

    /**
     * Starts IPv6 on an interface (setup-time): all-nodes joined (RFC 4291 §2.8), the link-local address
     * fe80::/64 with a stable identifier (RFC 4862 §5.3, RFC 7217), and the static address of the configuration.
     */
    public void start(NetInterface ifc, InterfaceConfig cfg, long now) {
        ifc.v6.enabled = true;
        ifc.joinIpv6Group(Ipv6Address.ALL_NODES_HI, Ipv6Address.ALL_NODES_LO);
        long iid = iids.iid(Ipv6Address.LINK_LOCAL_HI, ifc, 0);
        ifc.addIpv6(Ipv6Address.LINK_LOCAL_HI, iid, 64, Ipv6InterfaceState.PREFERRED, Ipv6InterfaceState.ORIGIN_LINK_LOCAL,
                Ipv6InterfaceState.FOREVER, Ipv6InterfaceState.FOREVER);
        if (cfg.ipv6Address != null) {
            ifc.addIpv6(Bytes.i64(cfg.ipv6Address, 0), Bytes.i64(cfg.ipv6Address, 8), cfg.ipv6PrefixLength,
                    Ipv6InterfaceState.PREFERRED, Ipv6InterfaceState.ORIGIN_STATIC, Ipv6InterfaceState.FOREVER,
                    Ipv6InterfaceState.FOREVER);
        }
    }

    /** The Default Router List entry of ifc to send off-link traffic to (RFC 4861 §6.3.6), or -1. */
    static int defaultRouter(NetInterface ifc) {
        return ifc.v6.routers == null ? -1 : ifc.v6.routers.anyRouter();
    }

    void input(NetInterface ifc, int h, int type, long srcHi, long srcLo, long dstHi, long dstLo, long now) {
        pool.release(h);
    }

    @Override
    public void startResolution(NetInterface ifc, int i, long now) {
    }

    @Override
    public boolean poll(long now) {
        return false;
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }
}
