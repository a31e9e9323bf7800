package io.jzsock.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;


import io.jzsock.net.PollFd;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;


import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SO_REUSEADDR / SO_REUSEPORT on UDP sockets (zsock-scenarios RA-01, RA-02, RA-05, RA-06), following
 * Zephyr's tests/net/socket/reuseaddr_reuseport with 127.0.0.1 as the specific address.
 */
class ReuseScenarioTest extends LoopbackScenario {
    private static final String ANY = "0.0.0.0";
    private static final String MY = "127.0.0.1";
    private static final int PORT = 4242;


    private int udp() {
        int s = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, Zsock.IPPROTO_UDP);
        assertTrue(s >= 0, "socket: " + s);
        return s;
    }

    private int get(int s, int opt) {
        int[] v = {-7};
        assertEquals(0, z.getsockopt(s, Zsock.SOL_SOCKET, opt, v));
        return v[0];
    }

    private void enable(int s, int opt) {
        assertEquals(0, z.setsockopt(s, Zsock.SOL_SOCKET, opt, 1));
    }

    @Test
    @DisplayName("RA-01 SO_REUSEADDR and SO_REUSEPORT default to 0; any non-zero int reads back as 1")
    void reuseOptionsNormaliseToOne() {
        int s = udp();
        for (int opt : new int[] {Zsock.SO_REUSEADDR, Zsock.SO_REUSEPORT}) {
            assertEquals(0, get(s, opt));
            for (int value : new int[] {1, 2, 0x100, -1}) {
                assertEquals(0, z.setsockopt(s, Zsock.SOL_SOCKET, opt, value));
                assertEquals(1, get(s, opt), "value " + value);
            }
            assertEquals(0, z.setsockopt(s, Zsock.SOL_SOCKET, opt, 0));
            assertEquals(0, get(s, opt));
        }
        byte[] raw = new byte[4];
        int[] len = {4};
        z.setsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, 5);
        assertEquals(0, z.getsockopt(s, Zsock.SOL_SOCKET, Zsock.SO_REUSEADDR, raw, 0, len));
        assertEquals(4, len[0], "option length is sizeof(int)");
        assertEquals(1, raw[0]);
    }

    /** Zephyr's test_reuseaddr_unspecified_specified_common. */
    private void reuseAddrCase(String first, String second, boolean succeeds) {
        int s1 = udp();
        int s2 = udp();
        assertEquals(0, z.bind(s1, SockAddr.parse(first, PORT)));
        assertEquals(-Errno.EADDRINUSE, z.bind(s2, SockAddr.parse(second, PORT)));
        enable(s2, Zsock.SO_REUSEADDR);
        assertEquals(succeeds ? 0 : -Errno.EADDRINUSE, z.bind(s2, SockAddr.parse(second, PORT)),
                first + " then " + second);
        assertEquals(0, z.close(s1));
        assertEquals(0, z.close(s2));
    }

    @Test
    @DisplayName("RA-02 second bind fails; with SO_REUSEADDR ANY then specific succeeds")
    void reuseAddrFirstUnspecified() {
        reuseAddrCase(ANY, MY, true);
    }

    @Test
    @DisplayName("RA-02 with SO_REUSEADDR specific then ANY succeeds")
    void reuseAddrSecondUnspecified() {
        reuseAddrCase(MY, ANY, true);
    }

    @Test
    @DisplayName("RA-02 SO_REUSEADDR never allows ANY + ANY")
    void reuseAddrBothUnspecifiedFails() {
        reuseAddrCase(ANY, ANY, false);
    }

    @Test
    @DisplayName("RA-02 SO_REUSEADDR does not allow the same specific address twice")
    void reuseAddrSameSpecificFails() {
        reuseAddrCase(MY, MY, false);
    }

    /** Zephyr's test_reuseport_unspecified_specified_common: REUSEPORT on the first only if it should work. */
    private void reusePortCase(String first, String second, boolean succeeds) {
        int s1 = udp();
        int s2 = udp();
        if (succeeds) {
            enable(s1, Zsock.SO_REUSEPORT);
        }
        assertEquals(0, z.bind(s1, SockAddr.parse(first, PORT)));
        assertEquals(-Errno.EADDRINUSE, z.bind(s2, SockAddr.parse(second, PORT)));
        enable(s2, Zsock.SO_REUSEPORT);
        assertEquals(succeeds ? 0 : -Errno.EADDRINUSE, z.bind(s2, SockAddr.parse(second, PORT)),
                first + " then " + second);
        assertEquals(0, z.close(s1));
        assertEquals(0, z.close(s2));
    }

    @Test
    @DisplayName("RA-05 SO_REUSEPORT only on the second socket is not enough (ANY/ANY, specific, mixed)")
    void reusePortNeedsBothSockets() {
        reusePortCase(ANY, ANY, false);
        reusePortCase(MY, MY, false);
        reusePortCase(ANY, MY, false);
        reusePortCase(MY, ANY, false);
    }

    @Test
    @DisplayName("RA-05 SO_REUSEPORT on both sockets allows ANY/ANY, specific/specific and mixed binds")
    void reusePortOnBothSockets() {
        reusePortCase(ANY, ANY, true);
        reusePortCase(MY, MY, true);
        reusePortCase(ANY, MY, true);
        reusePortCase(MY, ANY, true);
    }

    private static final int NONE_SET = 0;
    private static final int FIRST_SET = 1;
    private static final int SECOND_SET = 2;
    private static final int BOTH_SET = 3;

    /** Zephyr's test_reuseport_udp_server_client_common. */
    private void udpServerClient(int setup) {
        SockAddr serverAddr = SockAddr.parse(MY, PORT);
        int server = udp();
        int client = udp();
        if (setup == FIRST_SET || setup == BOTH_SET) {
            enable(server, Zsock.SO_REUSEPORT);
        }
        assertEquals(0, z.bind(server, serverAddr));
        assertEquals(0, z.bind(client, SockAddr.parse(MY, 0)));
        byte[] tx = {0x55};
        byte[] rx = new byte[1];
        assertEquals(1, z.sendto(client, tx, 0, 1, 0, serverAddr));
        SockAddr from = new SockAddr();
        awaitReadable(server);
        assertEquals(1, z.recvfrom(server, rx, 0, 1, Zsock.MSG_DONTWAIT, from));
        assertEquals(0x55, rx[0]);

        int accepted = udp();
        if (setup == SECOND_SET || setup == BOTH_SET) {
            enable(accepted, Zsock.SO_REUSEPORT);
        }
        assertEquals(setup == BOTH_SET ? 0 : -Errno.EADDRINUSE, z.bind(accepted, serverAddr));
        assertEquals(0, z.connect(accepted, from));

        assertEquals(1, z.sendto(client, tx, 0, 1, 0, serverAddr));
        int winner = setup == BOTH_SET ? accepted : server;
        int loser = setup == BOTH_SET ? server : accepted;
        awaitReadable(winner);
        rx[0] = 0;
        assertEquals(1, z.recv(winner, rx, 0, 1, Zsock.MSG_DONTWAIT));
        assertEquals(0x55, rx[0]);
        assertEquals(-Errno.EAGAIN, z.recv(loser, rx, 0, 1, Zsock.MSG_DONTWAIT));

        assertEquals(0, z.close(accepted));
        assertEquals(0, z.close(client));
        assertEquals(0, z.close(server));
    }

    private void awaitReadable(int s) {
        PollFd[] set = {new PollFd(s, Zsock.POLLIN)};
        assertEquals(1, z.poll(set, 1, 1000), "datagram on fd " + s);
    }

    @Test
    @DisplayName("RA-06 UDP REUSEPORT set on neither: the specific socket cannot bind; the server gets the data")
    void udpReusePortNoneSet() {
        udpServerClient(NONE_SET);
    }

    @Test
    @DisplayName("RA-06 UDP REUSEPORT set on the first only: bind fails; the server gets the data")
    void udpReusePortFirstSet() {
        udpServerClient(FIRST_SET);
    }

    @Test
    @DisplayName("RA-06 UDP REUSEPORT set on the second only: bind fails; the server gets the data")
    void udpReusePortSecondSet() {
        udpServerClient(SECOND_SET);
    }

    @Test
    @DisplayName("RA-06 UDP REUSEPORT set on both: the connected specific socket gets the data")
    void udpReusePortBothSet() {
        udpServerClient(BOTH_SET);
    }
}
