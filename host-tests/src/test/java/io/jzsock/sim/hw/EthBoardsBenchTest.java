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
        for (String row : new String[] {"two stacks, in-memory switch", "two simulated boards, RX ring 8",
                "two simulated boards, RX ring 32"}) {
            Matcher m = Pattern.compile(Pattern.quote(row) + "\\s+([0-9.]+)\\s+([0-9.]+)x").matcher(text);
            assertTrue(m.find(), text);
            assertTrue(Double.parseDouble(m.group(1)) > 0, text);
        }
        assertTrue(text.contains("RX ring 8, whole run: sender tx "), text);
    }

    @Test
    void rejectsAZeroSecondRun() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, EthBoardsBench.main(new String[] {"--seconds", "0"}, sink, sink));
    }
}
