package io.jzsock.sim.cli;

import io.jzsock.net.Errno;
import io.jzsock.net.NetCounters;
import io.jzsock.net.NetStack;
import io.jzsock.net.SockAddr;
import io.jzsock.net.Zsock;
import io.jzsock.sim.bench.JzsockEchoServer;
import io.jzsock.sim.net.SimNetwork;
import io.jzsock.sim.wire.PcapReader;
import io.jzsock.sim.wire.PcapWriter;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two stacks on a virtual switch with a pcap tap: shows the interfaces, pings host 2 from host 1,
 * runs a UDP echo exchange checked byte by byte, prints the counters and the capture.
 */
final class DemoCommand implements Command {
    static final String DEFAULT_PCAP = "jzsock-demo.pcap";
    static final int ECHO_PORT = 7;
    static final int TIMEOUT_MS = 2000;

    @Override
    public String synopsis() {
        return "demo [--pcap FILE] [--count N] [--pings N]";
    }

    @Override
    public String description() {
        return "two stacks on a virtual switch: ping, UDP echo, counters, pcap (default ./" + DEFAULT_PCAP + ")";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path pcapPath = Path.of(DEFAULT_PCAP);
        int count = 10;
        int pings = 3;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            if (i + 1 >= args.length) {
                return badUsage(err, opt);
            }
            String v = args[++i];
            if (opt.equals("--pcap")) {
                pcapPath = Path.of(v);
            } else if (opt.equals("--count") || opt.equals("--pings")) {
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    return badUsage(err, opt);
                }
                if (n < 1) {
                    return badUsage(err, opt);
                }
                if (opt.equals("--count")) {
                    count = n;
                } else {
                    pings = n;
                }
            } else {
                return badUsage(err, opt);
            }
        }
        Path parent = pcapPath.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        boolean ok;
        PcapWriter pcap = new PcapWriter(pcapPath);
        try (pcap; SimNetwork net = new SimNetwork(1)) {
            net.switchFabric().addTap(pcap);
            ok = exchange(net, count, pings, out, err);
        }
        int frames = PcapReader.read(pcapPath).records().size();
        out.println("pcap: " + pcapPath.toAbsolutePath() + " (" + frames + " packets; open with Wireshark)");
        ok &= frames > 0;
        out.println(ok ? "demo OK" : "demo FAILED");
        return ok ? Main.OK : Main.FAILED;
    }

    private static int badUsage(PrintStream err, String opt) {
        err.println("demo: bad option or value: " + opt);
        err.println("usage: " + new DemoCommand().synopsis());
        return Main.USAGE;
    }

    private static boolean exchange(SimNetwork net, int count, int pings, PrintStream out, PrintStream err) {
        NetStack h1 = net.addHost(1);
        NetStack h2 = net.addHost(2);
        NetStack[] hosts = {h1, h2};
        for (int h = 0; h < hosts.length; h++) {
            out.println("host " + (h + 1) + ":");
            for (int i = 1; i <= hosts[h].interfaceCount(); i++) {
                out.println("  " + i + ": " + hosts[h].describeInterface(i));
            }
        }
        boolean ok = ping(h1, SimNetwork.address(2), pings, out, err);
        ok &= udpEcho(h1, h2, count, out, err);
        ok &= tcpTransfer(h1, h2, out, err);
        for (int h = 0; h < hosts.length; h++) {
            printCounters("host " + (h + 1), hosts[h], out);
            if (hosts[h].openFds() != 0 || hosts[h].freePacketBuffers() != hosts[h].packetBuffers()) {
                err.println("host " + (h + 1) + ": " + hosts[h].openFds() + " fds open, "
                        + hosts[h].freePacketBuffers() + "/" + hosts[h].packetBuffers() + " packet buffers free");
                ok = false;
            }
        }
        return ok;
    }

    private static boolean ping(NetStack from, String to, int pings, PrintStream out, PrintStream err) {
        int dst = SockAddr.parse(to, 0).ipv4();
        boolean ok = true;
        for (int seq = 1; seq <= pings; seq++) {
            long t0 = System.nanoTime();
            int r = from.ping(dst, TIMEOUT_MS);
            long micros = (System.nanoTime() - t0) / 1000;
            if (r >= 0) {
                out.println("ping " + to + " seq " + seq + ": reply, rtt " + micros + " us (stack clock " + r + " ms)");
            } else {
                err.println("ping " + to + " seq " + seq + ": " + Errno.name(-r));
                ok = false;
            }
        }
        return ok;
    }

    /** N datagrams of growing size (1..1472 bytes, the largest that fits one frame), each echo compared. */
    private static boolean udpEcho(NetStack client, NetStack server, int count, PrintStream out, PrintStream err) {
        Zsock z = client.zsock();
        SockAddr dst = SockAddr.parse(SimNetwork.address(2), ECHO_PORT);
        byte[] msg = new byte[1472];
        byte[] echo = new byte[1500];
        int intact = 0;
        try (JzsockEchoServer echoServer = JzsockEchoServer.start(server.zsock(), ECHO_PORT, "demo-echo-server")) {
            int fd = z.socket(Zsock.AF_INET, Zsock.SOCK_DGRAM, 0);
            int r0 = fd < 0 ? fd : z.setsockopt(fd, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, TIMEOUT_MS);
            if (r0 < 0) {
                err.println("udp echo: client socket failed: " + Errno.name(-r0));
                return false;
            }
            for (int i = 0; i < count; i++) {
                int len = count == 1 ? 64 : 1 + (int) ((long) (msg.length - 1) * i / (count - 1));
                for (int k = 0; k < len; k++) {
                    msg[k] = (byte) (i * 31 + k);
                }
                int r = z.sendto(fd, msg, 0, len, 0, dst);
                if (r != len) {
                    err.println("udp echo #" + i + ": sendto " + describe(r));
                    continue;
                }
                r = z.recv(fd, echo, 0, echo.length, 0);
                int diff = firstDifference(msg, echo, len);
                if (r != len || diff >= 0) {
                    err.println("udp echo #" + i + ": sent " + len + " bytes, got " + describe(r)
                            + (diff >= 0 ? ", first difference at byte " + diff : ""));
                    continue;
                }
                intact++;
            }
            z.close(fd);
            if (echoServer.lastError() != 0) {
                err.println("udp echo server: " + Errno.name(-echoServer.lastError()));
            }
        }
        out.println("udp echo " + SimNetwork.address(1) + " -> " + SimNetwork.address(2) + ":" + ECHO_PORT + ": "
                + intact + "/" + count + " datagrams (1.." + msg.length + " bytes) echoed intact");
        return intact == count;
    }

    static final int TCP_PORT = 5001;
    static final int TCP_BYTES = 256 * 1024;

    /** A byte-checked TCP stream from host 1 to host 2: connect, send, close; the receiver checks every byte. */
    private static boolean tcpTransfer(NetStack client, NetStack server, PrintStream out, PrintStream err) {
        Zsock zs = server.zsock();
        int l = zs.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        int r = l < 0 ? l : zs.bind(l, SockAddr.parse("0.0.0.0", TCP_PORT));
        r = r < 0 ? r : zs.listen(l, 1);
        if (r < 0) {
            err.println("tcp: listen failed: " + Errno.name(-r));
            return false;
        }
        long[] received = new long[1];
        String[] failure = new String[1];
        Thread receiver = new Thread(() -> {
            int a = zs.accept(l, null);
            if (a < 0) {
                failure[0] = "accept " + Errno.name(-a);
                return;
            }
            zs.setsockopt(a, Zsock.SOL_SOCKET, Zsock.SO_RCVTIMEO, TIMEOUT_MS);
            byte[] buf = new byte[4096];
            int n;
            while ((n = zs.recv(a, buf, 0, buf.length, 0)) > 0) {
                for (int k = 0; k < n; k++) {
                    if (buf[k] != (byte) (received[0] + k)) {
                        failure[0] = "byte " + (received[0] + k) + " differs";
                    }
                }
                received[0] += n;
            }
            if (n < 0) {
                failure[0] = "recv " + Errno.name(-n);
            }
            zs.close(a);
        }, "demo-tcp-receiver");
        receiver.start();
        Zsock zc = client.zsock();
        long t0 = System.nanoTime();
        int fd = zc.socket(Zsock.AF_INET, Zsock.SOCK_STREAM, 0);
        r = fd < 0 ? fd : zc.connect(fd, SockAddr.parse(SimNetwork.address(2), TCP_PORT));
        byte[] chunk = new byte[4096];
        long sent = 0;
        while (r >= 0 && sent < TCP_BYTES) {
            int len = (int) Math.min(chunk.length, TCP_BYTES - sent);
            for (int k = 0; k < len; k++) {
                chunk[k] = (byte) (sent + k);
            }
            int off = 0;
            while (off < len && r >= 0) {
                r = zc.send(fd, chunk, off, len - off, 0);
                off += Math.max(r, 0);
            }
            sent += off;
        }
        if (fd >= 0) {
            zc.close(fd);
        }
        try {
            receiver.join(TIMEOUT_MS * 5L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        zs.close(l);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (r < 0 || failure[0] != null || received[0] != TCP_BYTES) {
            err.println("tcp: " + (r < 0 ? "send/connect " + Errno.name(-r) : failure[0]) + ", received " + received[0]);
            return false;
        }
        out.println("tcp " + SimNetwork.address(1) + " -> " + SimNetwork.address(2) + ":" + TCP_PORT + ": " + TCP_BYTES
                + " bytes in " + ms + " ms, every byte checked");
        return true;
    }

    private static String describe(int r) {
        return r < 0 ? Errno.name(-r) : r + " bytes";
    }

    private static int firstDifference(byte[] a, byte[] b, int len) {
        for (int k = 0; k < len; k++) {
            if (a[k] != b[k]) {
                return k;
            }
        }
        return -1;
    }

    private static void printCounters(String label, NetStack s, PrintStream out) {
        StringBuilder sb = new StringBuilder(label).append(" counters (non-zero):");
        for (int id = 0; id < NetCounters.COUNT; id++) {
            long v = s.counter(id);
            if (v != 0) {
                sb.append(' ').append(NetCounters.name(id)).append('=').append(v);
            }
        }
        out.println(sb);
    }
}
