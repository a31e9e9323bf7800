package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;


import io.jzsock.net.Zsock;


import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The socket() dispatch table without TLS (zsock-scenarios REG-01), against Zephyr's
 * tests/net/socket/register expectations for the IPv4 rows, plus socketpair for AF_UNIX.
 */
class RegisterScenarioTest extends LoopbackScenario {
    private void assertOpens(int family, int type, int proto) {
        int fd = z.socket(family, type, proto);
        assertTrue(fd >= 0, "socket(" + family + ", " + type + ", " + proto + ") = " + fd);
        assertEquals(0, z.close(fd));
    }

    @Test
    @DisplayName("REG-01 AF_INET SOCK_DGRAM with proto 0 or IPPROTO_UDP opens a UDP socket")
    void inetDgramCombinationsSucceed() {
        assertOpens(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertOpens(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
        int[] v = new int[1];
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_PROTOCOL, v));
        assertEquals(Zsock.IPPROTO_UDP, v[0], "proto 0 defaults to UDP");
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_TYPE, v));
        assertEquals(Zsock.SOCK_DGRAM, v[0]);
        assertEquals(0, z.close(fd));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 AF_INET SOCK_STREAM with proto 0 and IPPROTO_TCP succeeds; proto 0 defaults to TCP")
    void inetStreamSucceeds() {
        assertOpens(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP);
        int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        int[] v = new int[1];
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_PROTOCOL, v));
        assertEquals(Zsock.IPPROTO_TCP, v[0]);
        assertEquals(0, z.getsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_TYPE, v));
        assertEquals(Zsock.SOCK_STREAM, v[0]);
        assertEquals(0, z.close(fd));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 AF_UNIX SOCK_STREAM socketpair succeeds")
    void unixSocketpairSucceeds() {
        int[] sv = {-1, -1};
        assertEquals(0, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, sv));
        assertTrue(sv[0] >= 0 && sv[1] >= 0 && sv[0] != sv[1]);
        assertEquals(0, z.close(sv[0]));
        assertEquals(0, z.close(sv[1]));
    }

    @Test
    @DisplayName("REG-01 AF_UNSPEC and families without a handler give EAFNOSUPPORT")
    void unsupportedFamiliesAreEafnosupport() {
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(Zsock.AF_UNSPEC, 0, 0));
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0),
                "AF_UNIX exists only through socketpair()");
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(Zsock.AF_CAN, Zsock.SOCK_RAW, Zsock.IPPROTO_RAW));
        assertEquals(-Errno.EAFNOSUPPORT, z.socket(99, Zsock.SOCK_DGRAM, 0));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 a protocol that does not fit the type gives EOPNOTSUPP")
    void mismatchedProtocolIsEopnotsupp() {
        assertEquals(-Errno.EOPNOTSUPP, z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_UDP));
        assertEquals(-Errno.EOPNOTSUPP, z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_TCP));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 an unknown protocol (254) gives EPROTONOSUPPORT")
    void unknownProtocolIsEprotonosupport() {
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 254));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 without TLS, DTLS/TLS protocols and not-yet-built raw sockets give EPROTONOSUPPORT")
    void unbuiltProtocolsAreEprotonosupport() {
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_DTLS_1_0));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, Zsock.IPPROTO_TLS_1_2));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socket(Zsock.AF_INET, Zsock.SOCK_RAW, Zsock.IPPROTO_UDP));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 an unknown socket type gives EPROTOTYPE")
    void unknownTypeIsEprototype() {
        assertEquals(-Errno.EPROTOTYPE, z.socket(Zsock.AF_INET, 42, 0));
        assertEquals(-Errno.EPROTOTYPE, z.socket(Zsock.AF_INET, 42, Zsock.IPPROTO_UDP));
    }

    @Test
    @DisplayName("REG-01 the type is checked before the protocol, as Zephyr's net_context check does")
    void unknownTypeWinsOverUnknownProtocol() {
        assertEquals(-Errno.EPROTOTYPE, z.socket(Zsock.AF_INET, 42, 254));
        assertEquals(0, stack.openFds());
    }

    @Test
    @DisplayName("REG-01 socketpair rejects AF_INET, a bad type and a bad protocol")
    void socketpairRejectsBadCombinations() {
        int[] sv = new int[2];
        assertEquals(-Errno.EAFNOSUPPORT, z.socketpair(Zsock.AF_INET, Zsock.SOCK_STREAM, 0, sv));
        assertEquals(-Errno.EPROTOTYPE, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_RAW, 0, sv));
        assertEquals(-Errno.EPROTONOSUPPORT, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, Zsock.IPPROTO_TCP, sv));
        assertEquals(-Errno.EFAULT, z.socketpair(Zsock.AF_UNIX, Zsock.SOCK_STREAM, 0, null));
        assertEquals(0, stack.openFds());
    }
}
