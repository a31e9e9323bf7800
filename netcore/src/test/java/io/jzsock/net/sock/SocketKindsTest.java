package io.jzsock.net.sock;

import static io.jzsock.net.ZsockConstants.AF_INET;
import static io.jzsock.net.ZsockConstants.AF_UNIX;
import static io.jzsock.net.ZsockConstants.IPPROTO_DTLS_1_2;
import static io.jzsock.net.ZsockConstants.IPPROTO_TCP;
import static io.jzsock.net.ZsockConstants.IPPROTO_TLS_1_2;
import static io.jzsock.net.ZsockConstants.IPPROTO_TLS_1_3;
import static io.jzsock.net.ZsockConstants.IPPROTO_UDP;
import static io.jzsock.net.ZsockConstants.SOCK_DGRAM;
import static io.jzsock.net.ZsockConstants.SOCK_RAW;
import static io.jzsock.net.ZsockConstants.SOCK_STREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jzsock.net.Errno;
import io.jzsock.net.AllocationProbe;
import org.junit.jupiter.api.Test;

class SocketKindsTest {
    /** Stands in for a kind: create answers a marker so the test sees which kind was asked. */
    private static final class FakeKind extends SocketKind {
        private final int type;
        private final int lowProto;
        private final int highProto;
        private final int marker;
        int created;

        FakeKind(int type, int lowProto, int highProto, int marker) {
            this.type = type;
            this.lowProto = lowProto;
            this.highProto = highProto;
            this.marker = marker;
        }

        @Override
        public boolean takesFamily(int family) {
            return family == AF_INET;
        }

        @Override
        public boolean takesType(int t) {
            return t == type;
        }

        @Override
        public boolean takesProtocol(int proto) {
            return proto >= lowProto && proto <= highProto;
        }

        @Override
        public int create(int family, int t, int proto) {
            created++;
            return marker;
        }
    }

    private final SocketKinds kinds = new SocketKinds(new Object());
    private final FakeKind udp = new FakeKind(SOCK_DGRAM, 0, 0, 100);
    private final FakeKind tcp = new FakeKind(SOCK_STREAM, 0, 0, 200);

    private void registerInet() {
        kinds.register(udp, SocketKinds.PRIORITY_INET);
        kinds.register(tcp, SocketKinds.PRIORITY_INET);
    }

    @Test
    void inetKindsAnswerTheirTypes() {
        registerInet();
        assertEquals(100, kinds.socket(AF_INET, SOCK_DGRAM, 0));
        assertEquals(200, kinds.socket(AF_INET, SOCK_STREAM, 0));
    }

    @Test
    void combinationsNoKindTakesKeepZephyrsErrnos() {
        kinds.register(new FakeKind(SOCK_DGRAM, IPPROTO_UDP, IPPROTO_UDP, 100), SocketKinds.PRIORITY_INET);
        kinds.register(new FakeKind(SOCK_STREAM, IPPROTO_TCP, IPPROTO_TCP, 200), SocketKinds.PRIORITY_INET);
        assertEquals(-Errno.EAFNOSUPPORT, kinds.socket(AF_UNIX, SOCK_STREAM, 0));
        assertEquals(-Errno.EPROTOTYPE, kinds.socket(AF_INET, 42, 254));
        assertEquals(-Errno.EOPNOTSUPP, kinds.socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
        assertEquals(-Errno.EOPNOTSUPP, kinds.socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
        assertEquals(-Errno.EPROTONOSUPPORT, kinds.socket(AF_INET, SOCK_DGRAM, 254));
        assertEquals(-Errno.EPROTONOSUPPORT, kinds.socket(AF_INET, SOCK_RAW, IPPROTO_UDP));
        assertEquals(-Errno.EPROTONOSUPPORT, kinds.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2));
    }

    @Test
    void noKindRegisteredIsEafnosupport() {
        assertEquals(-Errno.EAFNOSUPPORT, kinds.socket(AF_INET, SOCK_STREAM, 0));
    }

    @Test
    void aSecureKindRegisteredAfterInetIsAskedFirstForItsProtocols() {
        registerInet();
        FakeKind tls = new FakeKind(SOCK_STREAM, 0, IPPROTO_TLS_1_3, 300);
        kinds.register(tls, SocketKinds.PRIORITY_SECURE);
        FakeKind dtls = new FakeKind(SOCK_DGRAM, IPPROTO_DTLS_1_2, IPPROTO_DTLS_1_2, 400);
        kinds.register(dtls, SocketKinds.PRIORITY_SECURE);
        assertEquals(300, kinds.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2));
        assertEquals(400, kinds.socket(AF_INET, SOCK_DGRAM, IPPROTO_DTLS_1_2));
        // The fake TLS kind also takes proto 0: being asked first, it wins over TCP.
        assertEquals(300, kinds.socket(AF_INET, SOCK_STREAM, 0));
        assertEquals(100, kinds.socket(AF_INET, SOCK_DGRAM, 0));
        assertEquals(0, tcp.created);
        assertEquals(-Errno.EOPNOTSUPP, kinds.socket(AF_INET, SOCK_DGRAM, IPPROTO_TLS_1_2));
    }

    @Test
    void equalPrioritiesAreAskedInRegistrationOrder() {
        FakeKind first = new FakeKind(SOCK_DGRAM, 0, 0, 1);
        FakeKind second = new FakeKind(SOCK_DGRAM, 0, 0, 2);
        kinds.register(first, SocketKinds.PRIORITY_INET);
        kinds.register(second, SocketKinds.PRIORITY_INET);
        assertEquals(1, kinds.socket(AF_INET, SOCK_DGRAM, 0));
    }

    @Test
    void registryFullOrKindTwiceIsASetupError() {
        registerInet();
        assertThrows(IllegalStateException.class, () -> kinds.register(udp, SocketKinds.PRIORITY_INET));
        for (int i = kinds.count(); i < SocketKinds.MAX_KINDS; i++) {
            kinds.register(new FakeKind(SOCK_RAW, i, i, i), SocketKinds.PRIORITY_INET + i);
        }
        assertThrows(IllegalStateException.class,
                () -> kinds.register(new FakeKind(SOCK_RAW, 0, 0, 0), SocketKinds.PRIORITY_INET));
    }

    @Test
    void askingTheRegistryAllocatesNothing() {
        registerInet();
        kinds.register(new FakeKind(SOCK_STREAM, IPPROTO_TLS_1_2, IPPROTO_TLS_1_3, 300), SocketKinds.PRIORITY_SECURE);
        long bytes = AllocationProbe.steadyState(() -> {
            for (int i = 0; i < 1000; i++) {
                kinds.socket(AF_INET, SOCK_STREAM, IPPROTO_TLS_1_2);
                kinds.socket(AF_INET, SOCK_DGRAM, 0);
                kinds.socket(AF_INET, SOCK_DGRAM, 254);
            }
        }, 50);
        assertEquals(0, bytes);
    }
}
