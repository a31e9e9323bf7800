package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.net.Zsock;
import io.jzsock.net.sock.OptionCodec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The IPPROTO_IPV6 options of spec/zsock-api.md: defaults, set/get, and each errno row. */
class Ipv6OptionsTest extends LoopbackScenario {
    private int socket(int family, int type) {
        int s = z.socket(family, type, 0);
        assertTrue(s >= 0, "socket: " + s);
        return s;
    }

    private int get(int s, int opt) {
        int[] v = new int[1];
        assertEquals(0, z.getsockopt(s, Zsock.IPPROTO_IPV6, opt, v), "getsockopt " + opt);
        return v[0];
    }

    private int set(int s, int opt, int v) {
        return z.setsockopt(s, Zsock.IPPROTO_IPV6, opt, v);
    }

    @Test
    @DisplayName("IPV6_UNICAST_HOPS: 64 by default, 0..255 kept, -1 restores, -2 and 256 EINVAL; UDP and TCP")
    void unicastHops() {
        for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
            int s = socket(Zsock.AF_INET6, type);
            assertEquals(64, get(s, Zsock.IPV6_UNICAST_HOPS));
            assertEquals(0, set(s, Zsock.IPV6_UNICAST_HOPS, 0));
            assertEquals(0, get(s, Zsock.IPV6_UNICAST_HOPS));
            assertEquals(0, set(s, Zsock.IPV6_UNICAST_HOPS, 255));
            assertEquals(255, get(s, Zsock.IPV6_UNICAST_HOPS));
            assertEquals(0, set(s, Zsock.IPV6_UNICAST_HOPS, -1));
            assertEquals(64, get(s, Zsock.IPV6_UNICAST_HOPS));
            assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_UNICAST_HOPS, -2));
            assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_UNICAST_HOPS, 256));
        }
    }

    @Test
    @DisplayName("IPV6_MULTICAST_HOPS: 1 by default, -1 restores, out of range EINVAL; IPV6_MULTICAST_LOOP 1 by default, 0/1 only")
    void multicastHopsAndLoop() {
        int s = socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM);
        assertEquals(1, get(s, Zsock.IPV6_MULTICAST_HOPS));
        assertEquals(0, set(s, Zsock.IPV6_MULTICAST_HOPS, 8));
        assertEquals(8, get(s, Zsock.IPV6_MULTICAST_HOPS));
        assertEquals(0, set(s, Zsock.IPV6_MULTICAST_HOPS, -1));
        assertEquals(1, get(s, Zsock.IPV6_MULTICAST_HOPS));
        assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_MULTICAST_HOPS, 256));
        assertEquals(1, get(s, Zsock.IPV6_MULTICAST_LOOP));
        assertEquals(0, set(s, Zsock.IPV6_MULTICAST_LOOP, 0));
        assertEquals(0, get(s, Zsock.IPV6_MULTICAST_LOOP));
        assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_MULTICAST_LOOP, 2));
    }

    @Test
    @DisplayName("UDP-21 IPV6_MULTICAST_IF: 0 by default, an interface index kept, an unknown index ENODEV; on a v4 socket EAFNOSUPPORT")
    void multicastIf() {
        int s = socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM);
        assertEquals(0, get(s, Zsock.IPV6_MULTICAST_IF));
        assertEquals(0, set(s, Zsock.IPV6_MULTICAST_IF, 1));
        assertEquals(1, get(s, Zsock.IPV6_MULTICAST_IF));
        byte[] v = new byte[4];
        int[] len = {4};
        assertEquals(0, z.getsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_MULTICAST_IF, v, 0, len));
        assertEquals(1, OptionCodec.getInt(v, 0));
        assertEquals(-Errno.ENODEV, set(s, Zsock.IPV6_MULTICAST_IF, 99));
        assertEquals(0, set(s, Zsock.IPV6_MULTICAST_IF, 0));
        int v4 = socket(Zsock.AF_INET, Zsock.SOCK_DGRAM);
        assertEquals(-Errno.EAFNOSUPPORT, z.getsockopt(v4, Zsock.IPPROTO_IPV6, Zsock.IPV6_MULTICAST_IF, new int[1]));
        assertEquals(-Errno.EAFNOSUPPORT, set(v4, Zsock.IPV6_MULTICAST_IF, 1));
    }

    @Test
    @DisplayName("IPV6_TCLASS: 0 by default, 0..255 kept, -1 is 0 (RFC 3542), 256 EINVAL; UDP and TCP")
    void trafficClass() {
        for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
            int s = socket(Zsock.AF_INET6, type);
            assertEquals(0, get(s, Zsock.IPV6_TCLASS));
            assertEquals(0, set(s, Zsock.IPV6_TCLASS, 0xb8));
            assertEquals(0xb8, get(s, Zsock.IPV6_TCLASS));
            assertEquals(0, set(s, Zsock.IPV6_TCLASS, -1));
            assertEquals(0, get(s, Zsock.IPV6_TCLASS));
            assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_TCLASS, 256));
            assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_TCLASS, -2));
        }
    }

    @Test
    @DisplayName("IPV6_ADDR_PREFERENCES: single preferences kept; contradicting pairs and unknown bits EINVAL (RFC 5014 §2)")
    void addrPreferences() {
        int s = socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM);
        assertEquals(0, get(s, Zsock.IPV6_ADDR_PREFERENCES));
        assertEquals(0, set(s, Zsock.IPV6_ADDR_PREFERENCES, Zsock.IPV6_PREFER_SRC_PUBLIC));
        assertEquals(Zsock.IPV6_PREFER_SRC_PUBLIC, get(s, Zsock.IPV6_ADDR_PREFERENCES));
        assertEquals(0, set(s, Zsock.IPV6_ADDR_PREFERENCES, Zsock.IPV6_PREFER_SRC_TMP | Zsock.IPV6_PREFER_SRC_HOME));
        assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_ADDR_PREFERENCES,
                Zsock.IPV6_PREFER_SRC_TMP | Zsock.IPV6_PREFER_SRC_PUBLIC));
        assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_ADDR_PREFERENCES,
                Zsock.IPV6_PREFER_SRC_COA | Zsock.IPV6_PREFER_SRC_HOME));
        assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_ADDR_PREFERENCES,
                Zsock.IPV6_PREFER_SRC_CGA | Zsock.IPV6_PREFER_SRC_NONCGA));
        assertEquals(-Errno.EINVAL, set(s, Zsock.IPV6_ADDR_PREFERENCES, 0x10000));
        assertEquals(Zsock.IPV6_PREFER_SRC_TMP | Zsock.IPV6_PREFER_SRC_HOME, get(s, Zsock.IPV6_ADDR_PREFERENCES));
    }

    @Test
    @DisplayName("IPV6_V6ONLY set and cleared reads back; IPV6_MTU is get-only (ENOPROTOOPT) and ENOTCONN unconnected")
    void v6onlyAndMtu() {
        int s = socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM);
        assertEquals(0, set(s, Zsock.IPV6_V6ONLY, 0));
        assertEquals(0, get(s, Zsock.IPV6_V6ONLY));
        assertEquals(0, set(s, Zsock.IPV6_V6ONLY, 5));
        assertEquals(1, get(s, Zsock.IPV6_V6ONLY));
        assertEquals(-Errno.ENOPROTOOPT, set(s, Zsock.IPV6_MTU, 1280));
        assertEquals(-Errno.ENOTCONN, z.getsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_MTU, new int[1]));
        assertEquals(-Errno.ENOPROTOOPT, set(s, 99, 1), "unknown IPv6 option");
    }

    @Test
    @DisplayName("Every IPv6 option on an AF_INET socket is EAFNOSUPPORT, UDP and TCP; IP_TOS still works on AF_INET6")
    void ipv6OptionsOnIpv4Socket() {
        for (int type : new int[] {Zsock.SOCK_DGRAM, Zsock.SOCK_STREAM}) {
            int v4 = socket(Zsock.AF_INET, type);
            for (int opt : new int[] {Zsock.IPV6_V6ONLY, Zsock.IPV6_UNICAST_HOPS, Zsock.IPV6_TCLASS,
                    Zsock.IPV6_ADDR_PREFERENCES, Zsock.IPV6_RECVPKTINFO}) {
                assertEquals(-Errno.EAFNOSUPPORT, set(v4, opt, 1), "set " + opt);
                assertEquals(-Errno.EAFNOSUPPORT, z.getsockopt(v4, Zsock.IPPROTO_IPV6, opt, new int[1]), "get " + opt);
            }
            int v6 = socket(Zsock.AF_INET6, type);
            assertEquals(0, z.setsockopt(v6, Zsock.IPPROTO_IP, Zsock.IP_TOS, 0x20));
        }
    }

    @Test
    @DisplayName("IPV6_JOIN_GROUP/LEAVE_GROUP: struct ipv6_mreq only; non-multicast EINVAL, unknown ifindex ENODEV, twice EADDRINUSE, leave unjoined EADDRNOTAVAIL")
    void joinAndLeave() {
        int s = socket(Zsock.AF_INET6, Zsock.SOCK_DGRAM);
        byte[] mreq = new byte[20];
        assertEquals(1, z.inet_pton(Zsock.AF_INET6, "ff02::1:3", mreq));
        OptionCodec.putInt(mreq, 16, 1);
        assertEquals(-Errno.EINVAL, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_JOIN_GROUP, mreq, 0, 16));
        assertEquals(0, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_JOIN_GROUP, mreq, 0, 20));
        assertEquals(-Errno.EADDRINUSE, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_ADD_MEMBERSHIP, mreq, 0, 20));
        assertEquals(0, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_LEAVE_GROUP, mreq, 0, 20));
        assertEquals(-Errno.EADDRNOTAVAIL, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_DROP_MEMBERSHIP, mreq, 0, 20));
        OptionCodec.putInt(mreq, 16, 99);
        assertEquals(-Errno.ENODEV, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_JOIN_GROUP, mreq, 0, 20));
        byte[] unicast = new byte[20];
        z.inet_pton(Zsock.AF_INET6, "2001:db8::1", unicast);
        assertEquals(-Errno.EINVAL, z.setsockopt(s, Zsock.IPPROTO_IPV6, Zsock.IPV6_JOIN_GROUP, unicast, 0, 20));
    }
}
