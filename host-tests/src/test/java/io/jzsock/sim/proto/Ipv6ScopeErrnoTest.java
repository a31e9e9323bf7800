package io.jzsock.sim.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.Errno;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import org.junit.jupiter.api.Test;

/**
 * Scope ids of link-local addresses (RFC 4007 §11) on a stack with a real interface (eth0, index 2), UDP and
 * TCP: bind needs the zone and an address of that interface, connect and sendto take an unknown zone as ENODEV
 * and, without one, the default interface (Zephyr's choice; Linux would say EINVAL); a zone other than the one
 * the socket is bound to is EINVAL. IPV6_V6ONLY after bind is accepted, as Zephyr's set_bool_option does.
 */
class Ipv6ScopeErrnoTest {
    private static final int PORT = 5009;
    private static final byte[] DATA = {1, 2, 3};

    private static SockAddr scoped(byte[] a, int scope) {
        return new SockAddr().setIpv6(a, 0, PORT, scope);
    }

    @Test
    void bindChecksTheZoneAndTheAddressOfThatInterface() {
        try (V6Rig rig = new V6Rig()) {
            rig.bringUp();
            Zsock z = rig.stack.zsock();
            byte[] ours = rig.linkLocal();
            for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
                int s = z.socket(Zsock.AF_INET6, type, 0);
                assertEquals(-Errno.EINVAL, z.bind(s, scoped(ours, 0)), "link-local without a zone");
                assertEquals(-Errno.ENODEV, z.bind(s, scoped(ours, 9)), "a zone that is no interface");
                assertEquals(-Errno.EADDRNOTAVAIL, z.bind(s, scoped(ours, 1)), "our eth0 address is not lo's");
                assertEquals(-Errno.EADDRNOTAVAIL, z.bind(s, scoped(V6Rig.PEER_LL, 2)), "the peer's address");
                assertEquals(0, z.bind(s, scoped(ours, 2)));
                SockAddr name = new SockAddr();
                assertEquals(0, z.getsockname(s, name));
                assertEquals(2, name.scopeId(), "the name carries its zone");
                assertEquals(0, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_V6ONLY, 0),
                        "V6ONLY after bind: Zephyr has no bound check (Linux: EINVAL)");
                z.close(s);
            }
        }
    }

    @Test
    void connectAndSendtoTakeAnUnknownZoneAsEnodevAndAnotherZoneThanTheBoundOneAsEinval() {
        try (V6Rig rig = new V6Rig()) {
            rig.bringUp();
            rig.introducePeer();
            Zsock z = rig.stack.zsock();
            int u = z.socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM, 0);
            assertEquals(-Errno.ENODEV, z.sendto(u, DATA, 0, DATA.length, 0, scoped(V6Rig.PEER_LL, 9)));
            assertEquals(-Errno.ENODEV, z.connect(u, scoped(V6Rig.PEER_LL, 9)));
            assertEquals(DATA.length, z.sendto(u, DATA, 0, DATA.length, 0, scoped(V6Rig.PEER_LL, 0)),
                    "no zone: the default interface, as Zephyr picks it");
            int t = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0);
            z.fcntl(t, Zsock.F_SETFL, Zsock.O_NONBLOCK);
            assertEquals(-Errno.ENODEV, z.connect(t, scoped(V6Rig.PEER_LL, 9)));
            int bound = z.socket(Zsock.AF_INET6, Zsock.SOCK_STREAM, 0);
            z.fcntl(bound, Zsock.F_SETFL, Zsock.O_NONBLOCK);
            assertEquals(0, z.bind(bound, scoped(rig.linkLocal(), 2)));
            assertEquals(-Errno.EINVAL, z.connect(bound, scoped(V6Rig.PEER_LL, 1)), "bound to eth0, asked for lo");
            assertEquals(-Errno.EINPROGRESS, z.connect(bound, scoped(V6Rig.PEER_LL, 2)));
            SockAddr peer = new SockAddr();
            assertEquals(-Errno.ENOTCONN, z.getpeername(t, peer));
            z.close(u);
            z.close(t);
            z.close(bound);
        }
    }
}
