package io.jzsock.sim.passt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start one passt: addresses, port forwards, where it runs, what it records. Setters return this. */
public final class PasstConfig {
    final GatewayAddressing addressing;
    final List<String> tcpForwards = new ArrayList<>();
    final List<String> udpForwards = new ArrayList<>();
    final List<String> launcher = new ArrayList<>();
    Path pcap;
    Path log;
    String executable = Passt.EXECUTABLE;
    long startMillis = 10_000;

    public PasstConfig(GatewayAddressing addressing) {
        this.addressing = addressing;
    }

    /**
     * Forwards TCP {@code hostAddress:hostPort} to the board's {@code boardPort} (passt's
     * {@code -t ADDR/PORT:TARGET}); passt listens on the host side of the namespace it runs in.
     */
    public PasstConfig forwardTcp(String hostAddress, int hostPort, int boardPort) {
        tcpForwards.add(spec(hostAddress, hostPort, boardPort));
        return this;
    }

    /** As {@link #forwardTcp} for UDP ({@code -u}). */
    public PasstConfig forwardUdp(String hostAddress, int hostPort, int boardPort) {
        udpForwards.add(spec(hostAddress, hostPort, boardPort));
        return this;
    }

    private static String spec(String hostAddress, int hostPort, int boardPort) {
        if (hostPort < 1 || hostPort > 65535 || boardPort < 1 || boardPort > 65535) {
            throw new IllegalArgumentException("port forward " + hostPort + " -> " + boardPort);
        }
        return hostAddress + "/" + hostPort + ":" + boardPort;
    }

    /** Runs passt under a prefix, e.g. {@code ip netns exec NS}, so it sees that namespace's network. */
    public PasstConfig launcher(List<String> prefix) {
        launcher.clear();
        launcher.addAll(prefix);
        return this;
    }

    /** passt's own capture of the frames on its socket, copied here when it stops. */
    public PasstConfig pcap(Path file) {
        pcap = file;
        return this;
    }

    /** passt's log file (default: in its working directory, removed on close). */
    public PasstConfig log(Path file) {
        log = file;
        return this;
    }

    /** Another passt binary (tests of the missing-passt path name one that does not exist). */
    public PasstConfig executable(String nameOrPath) {
        executable = nameOrPath;
        return this;
    }

    /** How long passt may take to listen on its socket. */
    public PasstConfig startTimeout(long millis) {
        startMillis = millis;
        return this;
    }
}
