package io.jzsock.sim.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.sim.bench.EthBoardsBench;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EthBoardsBenchTest {
    @Test
    void oneSecondRunReportsEveryPathWithNonZeroThroughput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, EthBoardsBench.main(new String[] {"--seconds", "1"}, out, err));
        String text = bytes.toString(StandardCharsets.UTF_8);
        int windowRing = EthBoardsBench.windowRing();
        for (String row : new String[] {"two stacks, in-memory switch, 16 KB", "two simulated boards, defaults, RX ring 8",
                "two simulated boards, 64 KB window, RX ring 8", "two simulated boards, 64 KB window, RX ring " + windowRing}) {
            Matcher m = Pattern.compile(Pattern.quote(row) + "\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)x").matcher(text);
            assertTrue(m.find(), text);
            assertTrue(Double.parseDouble(m.group(1)) > 0, text);
        }
        assertTrue(text.contains("RX ring 8, whole run: sender tx "), text);
        // A ring that holds the whole receive window and a loss probe overflows only on frames beyond both
        // (an RTO retransmission, a frame outside the flow): at most 1 % of the frames, where the 8-slot ring
        // misses 2-4 %.
        Matcher ring = Pattern.compile("RX ring " + windowRing + ", whole run: sender tx [0-9]+ frames, receiver rx"
                + " ([0-9]+) frames, rx missed \\(ring full\\) ([0-9]+);").matcher(text);
        assertTrue(ring.find(), text);
        assertTrue(Long.parseLong(ring.group(2)) * 100 <= Long.parseLong(ring.group(1)), text);
        Matcher perFrame = Pattern.compile("receiver driver: [0-9]+ rx frames, per rx frame ([0-9.]+) register reads"
                + " \\+ ([0-9.]+) writes").matcher(text);
        assertTrue(perFrame.find(), text);
        assertTrue(Double.parseDouble(perFrame.group(1)) >= 1, "receive() reads DMASR at least once per frame: " + text);
    }

    @Test
    void rejectsAZeroSecondRun() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, EthBoardsBench.main(new String[] {"--seconds", "0"}, sink, sink));
    }
}
