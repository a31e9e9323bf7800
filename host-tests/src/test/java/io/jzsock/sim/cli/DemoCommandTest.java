package io.jzsock.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.sim.wire.PcapReader;
import io.jzsock.sim.wire.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void demoPingsEchoesAndWritesAReadablePcap(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("sub").resolve("demo.pcap");

        int code = Main.run(new String[] {"demo", "--pcap", pcap.toString(), "--count", "5"}, out, err);

        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, () -> text + errBytes.toString(StandardCharsets.UTF_8));
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(pcap));
        PcapReader r = PcapReader.read(pcap);
        assertEquals(PcapWriter.LINKTYPE_ETHERNET, r.linkType());
        // 3 pings and 5 echoes: 6 + 10 frames at least, plus ARP.
        assertTrue(r.records().size() >= 16, () -> r.records().size() + " records");
        assertTrue(text.contains("eth0 198.18.0.1/24 mac 02:00:00:00:00:01 up"), text);
        assertTrue(text.contains("eth0 198.18.0.2/24 mac 02:00:00:00:00:02 up"), text);
        assertTrue(text.contains("ping 198.18.0.2 seq 3: reply"), text);
        assertTrue(text.contains("5/5 datagrams"), text);
        assertTrue(text.contains("udp.rx=5"), text);
        assertTrue(text.contains("(" + r.records().size() + " packets"), text);
        assertTrue(text.endsWith("demo OK" + System.lineSeparator()), text);
    }

    @Test
    void unknownCommandPrintsUsageAndExitsWith2() {
        assertEquals(2, Main.run(new String[] {"frobnicate"}, out, err));
        String e = errBytes.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("unknown command: frobnicate"), e);
        assertTrue(e.contains("usage: java -jar jzsock-sim.jar <command>"), e);
        assertEquals("", outBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandExitsWith2() {
        assertEquals(2, Main.run(new String[0], out, err));
    }

    @Test
    void helpListsEveryCommandAndExitsWith0() {
        assertEquals(0, Main.run(new String[] {"help"}, out, err));
        String text = outBytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\n  demo "), text);
        assertTrue(text.contains("\n  bench "), text);
        assertTrue(text.contains("\n  help "), text);
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertEquals(2, Main.run(new String[] {"demo", "--count", "zero"}, out, err));
        assertEquals(2, Main.run(new String[] {"demo", "--pcap"}, out, err));
        assertEquals(2, Main.run(new String[] {"bench", "--seconds", "0"}, out, err));
        assertEquals(2, Main.run(new String[] {"bench", "--fast"}, out, err));
    }
}
