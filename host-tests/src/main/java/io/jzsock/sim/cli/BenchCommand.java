package io.jzsock.sim.cli;

import io.jzsock.sim.bench.EngineBench;
import io.jzsock.sim.bench.EthBoardsBench;
import io.jzsock.sim.bench.TcpBulkBench;
import io.jzsock.sim.bench.TcpNetsimGrid;
import io.jzsock.sim.bench.TlsBench;
import io.jzsock.sim.bench.UdpEchoBench;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code bench [udp|tcp|grid|eth|tls|engine|all] [--seconds N]}: the benchmarks. Without a name it is {@code udp},
 * as before there were others; {@code all} runs them all in turn with the same options and fails if
 * one fails. The options go to the benchmark unchanged (for {@code grid} --seconds counts virtual
 * seconds per cell).
 */
final class BenchCommand implements Command {
    @Override
    public String synopsis() {
        return "bench [udp|tcp|grid|eth|tls|engine|all] [--seconds N]";
    }

    @Override
    public String description() {
        return "udp (default): echo round-trips/s; tcp: bulk MB/s; grid: TCP goodput vs loss/RTT/window"
                + " in virtual time; eth: TCP MB/s through two simulated boards vs the in-memory wire; tls: BC stock vs"
                + " LeanTlsCrypto vs the JDK's SSLEngine (handshakes, allocation, retained bytes, MB/s); engine: two stacks"
                + " polled from one thread vs lwIP's raw API, UDP rt/s and TCP MB/s; all: the six";
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        String which = "udp";
        String[] options = args;
        if (args.length > 0 && !args[0].startsWith("-")) {
            which = args[0];
            options = Arrays.copyOfRange(args, 1, args.length);
        }
        switch (which) {
            case "udp":
                return UdpEchoBench.main(options, out, err);
            case "tcp":
                return TcpBulkBench.main(options, out, err);
            case "grid":
                return TcpNetsimGrid.main(options, out, err);
            case "eth":
                return EthBoardsBench.main(options, out, err);
            case "tls":
                return TlsBench.main(options, out, err);
            case "engine":
                return EngineBench.main(options, out, err);
            case "all":
                int worst = Main.OK;
                for (String name : new String[] {"udp", "tcp", "grid", "eth", "tls", "engine"}) {
                    String[] sub = new String[options.length + 1];
                    sub[0] = name;
                    System.arraycopy(options, 0, sub, 1, options.length);
                    int r = run(sub, out, err);
                    if (r == Main.USAGE) {
                        return r;
                    }
                    worst = Math.max(worst, r);
                    out.println();
                }
                return worst;
            default:
                err.println("bench: unknown benchmark: " + which);
                err.println("usage: " + synopsis());
                return Main.USAGE;
        }
    }
}
