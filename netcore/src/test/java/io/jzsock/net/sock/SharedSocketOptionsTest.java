package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.IPPROTO_IP;
import static io.jzsock.net.ZsockConstants.IPPROTO_TCP;
import static io.jzsock.net.ZsockConstants.IPPROTO_UDP;
import static io.jzsock.net.ZsockConstants.IP_LOCAL_PORT_RANGE;
import static io.jzsock.net.ZsockConstants.IP_TOS;
import static io.jzsock.net.ZsockConstants.IP_TTL;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static io.jzsock.net.ZsockConstants.SOCK_STREAM;
import static io.jzsock.net.ZsockConstants.SOL_SOCKET;
import static io.jzsock.net.ZsockConstants.SO_BINDTODEVICE;
import static io.jzsock.net.ZsockConstants.SO_BROADCAST;
import static io.jzsock.net.ZsockConstants.SO_DEBUG;
import static io.jzsock.net.ZsockConstants.SO_DOMAIN;
import static io.jzsock.net.ZsockConstants.SO_DONTROUTE;
import static io.jzsock.net.ZsockConstants.SO_OOBINLINE;
import static io.jzsock.net.ZsockConstants.SO_PRIORITY;
import static io.jzsock.net.ZsockConstants.SO_PROTOCOL;
import static io.jzsock.net.ZsockConstants.SO_RCVBUF;
import static io.jzsock.net.ZsockConstants.SO_RCVTIMEO;
import static io.jzsock.net.ZsockConstants.SO_REUSEADDR;
import static io.jzsock.net.ZsockConstants.SO_REUSEPORT;
import static io.jzsock.net.ZsockConstants.SO_SNDBUF;
import static io.jzsock.net.ZsockConstants.SO_SNDTIMEO;
import static io.jzsock.net.ZsockConstants.SO_TYPE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jzsock.net.Errno;
import io.jzsock.net.NetConfig;
import io.jzsock.net.NetStack;
import io.jzsock.net.Zsock;
import io.jzsock.bsp.SeededEntropy;
import io.jzsock.bsp.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SOL_SOCKET and IPPROTO_IP options every kind shares: the same answers on a UDP and a TCP socket. */
class SharedSocketOptionsTest {
    private final NetConfig cfg = NetConfig.defaults();
    private final NetStack stack = NetStack.create(cfg, new VirtualClock(1000), new SeededEntropy(3));
    private final Zsock z = stack.zsock();
    private final int[] out = new int[1];

    @AfterEach
    void stop() {
        stack.stop();
    }

    private int get(int s, int level, int opt) {
        out[0] = 0x7eadbeef;
        int r = z.getsockopt(s, level, opt, out);
        assertEquals(0, r, "getsockopt " + opt + ": " + Errno.name(r));
        return out[0];
    }

    @ParameterizedTest
    @ValueSource(ints = {SOCK_DGRAM, SOCK_STREAM})
    void aLocalPortRangeWithTheHighBitSetReadsBackAsSet(int type) {
        int s = z.socket(AF_INET, type, 0);
        int range = (65535 << 16) | 49152;
        assertEquals(0, z.setsockopt(s, IPPROTO_IP, IP_LOCAL_PORT_RANGE, range));
        assertEquals(range, get(s, IPPROTO_IP, IP_LOCAL_PORT_RANGE));
    }

    @ParameterizedTest
    @ValueSource(ints = {SOCK_DGRAM, SOCK_STREAM})
    void compatibilityFlagsReadBackAsSet(int type) {
        int s = z.socket(AF_INET, type, 0);
        int[] flags = {SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, SO_DEBUG, SO_DONTROUTE, SO_OOBINLINE};
        for (int opt : flags) {
            assertEquals(0, get(s, SOL_SOCKET, opt));
            assertEquals(0, z.setsockopt(s, SOL_SOCKET, opt, 1));
            assertEquals(1, get(s, SOL_SOCKET, opt), "option " + opt);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {SOCK_DGRAM, SOCK_STREAM})
    void ttlStartsAtTheStacksDefaultAndMinusOneRestoresIt(int type) {
        int s = z.socket(AF_INET, type, 0);
        assertEquals(cfg.defaultTtl, get(s, IPPROTO_IP, IP_TTL));
        assertEquals(0, z.setsockopt(s, IPPROTO_IP, IP_TTL, 7));
        assertEquals(7, get(s, IPPROTO_IP, IP_TTL));
        assertEquals(0, z.setsockopt(s, IPPROTO_IP, IP_TTL, -1));
        assertEquals(cfg.defaultTtl, get(s, IPPROTO_IP, IP_TTL));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, IPPROTO_IP, IP_TTL, 256));
    }

    @ParameterizedTest
    @ValueSource(ints = {SOCK_DGRAM, SOCK_STREAM})
    void valuesAreValidatedAlike(int type) {
        int s = z.socket(AF_INET, type, 0);
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, SO_RCVBUF, 65536));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 0));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, -1));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, SOL_SOCKET, SO_PRIORITY, 8));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, IPPROTO_IP, IP_TOS, 256));
        assertEquals(-Errno.EINVAL, z.setsockopt(s, IPPROTO_IP, IP_LOCAL_PORT_RANGE, (1000 << 16) | 2000));
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, SO_RCVBUF, 1000));
        assertEquals(1000, get(s, SOL_SOCKET, SO_RCVBUF));
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, SO_SNDBUF, 1200));
        assertEquals(1200, get(s, SOL_SOCKET, SO_SNDBUF));
        assertEquals(0, z.setsockopt(s, IPPROTO_IP, IP_TOS, 0x10));
        assertEquals(0x10, get(s, IPPROTO_IP, IP_TOS));
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, SO_PRIORITY, 5));
        assertEquals(5, get(s, SOL_SOCKET, SO_PRIORITY));
    }

    @ParameterizedTest
    @ValueSource(ints = {SOCK_DGRAM, SOCK_STREAM})
    void structFormsAreAcceptedAlike(int type) {
        int s = z.socket(AF_INET, type, 0);
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, SO_PRIORITY, new byte[] {3}, 0, 1), "Zephyr's uint8_t form");
        assertEquals(3, get(s, SOL_SOCKET, SO_PRIORITY));
        byte[] tv = new byte[8];
        OptionCodec.millisToTimeval(1500, tv, 0);
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, tv, 0, 8));
        assertEquals(1500, get(s, SOL_SOCKET, SO_SNDTIMEO));
        byte[] lo = {'l', 'o', 0};
        assertEquals(0, z.setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, lo, 0, 3));
        byte[] name = new byte[16];
        int[] len = {name.length};
        assertEquals(0, z.getsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, name, 0, len));
        assertEquals(3, len[0]);
        assertEquals("lo", new String(name, 0, 2));
        assertEquals(-Errno.ENODEV, z.setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, new byte[] {'x', 0}, 0, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {SOCK_DGRAM, SOCK_STREAM})
    void theSocketsIdentityIsReported(int type) {
        int s = z.socket(AF_INET, type, 0);
        assertEquals(type, get(s, SOL_SOCKET, SO_TYPE));
        assertEquals(type == SOCK_DGRAM ? IPPROTO_UDP : IPPROTO_TCP, get(s, SOL_SOCKET, SO_PROTOCOL));
        assertEquals(AF_INET, get(s, SOL_SOCKET, SO_DOMAIN));
        assertEquals(-Errno.ENOPROTOOPT, z.setsockopt(s, SOL_SOCKET, SO_TYPE, SOCK_DGRAM));
    }
}
