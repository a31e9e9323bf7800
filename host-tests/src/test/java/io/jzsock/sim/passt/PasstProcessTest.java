package io.jzsock.sim.passt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The passt process wrapper against stand-in executables (the real passt runs in the interop tests):
 * the command line it builds, waiting for the socket, failing with passt's own words, stopping it and
 * keeping its capture.
 */
class PasstProcessTest {
    @TempDir
    Path dir;

    private Path script(String body) throws IOException {
        Path s = dir.resolve("fake-passt");
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwxr-xr-x"));
        return s;
    }

    private static String arg(String args, String opt) {
        String[] a = args.trim().split(" ");
        for (int i = 0; i + 1 < a.length; i++) {
            if (a[i].equals(opt)) {
                return a[i + 1];
            }
        }
        throw new AssertionError(opt + " not in " + args);
    }

    @Test
    void aMissingExecutableIsReportedBeforeAnythingStarts() {
        assertFalse(Passt.find("/nonexistent/passt").isPresent());
        IOException e = assertThrows(IOException.class,
                () -> Passt.start(new PasstConfig(GatewayAddressing.RUN).executable("/nonexistent/passt")));
        assertEquals("/nonexistent/passt: not found", e.getMessage());
    }

    @Test
    void passtExitingBeforeItListensFailsWithWhatItPrinted() throws IOException {
        Path fake = script("echo 'Failed to send 47 bytes to syslog'; echo 'No external routable interface for IPv4';"
                + " echo 'External interface not usable'; exit 1");
        IOException e = assertThrows(IOException.class,
                () -> Passt.start(new PasstConfig(GatewayAddressing.RUN).executable(fake.toString())));
        assertEquals("passt exited 1: External interface not usable\n"
                + "No external routable interface for IPv4\nExternal interface not usable", e.getMessage());
    }

    @Test
    void passtThatNeverListensTimesOutAndIsStopped() throws IOException {
        Path fake = script("exec sleep 30");
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> Passt.start(
                new PasstConfig(GatewayAddressing.RUN).executable(fake.toString()).startTimeout(300)));
        assertTrue(e.getMessage().contains("within 300 ms"), e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void theCommandLineCarriesTheAddressingAndForwardsAndTheCaptureIsKeptAfterStop() throws Exception {
        Path args = dir.resolve("args");
        Path fake = script("echo \"$@\" > " + args + "\n"
                + "while [ $# -gt 1 ]; do case $1 in -s) s=$2;; -p) p=$2;; esac; shift; done\n"
                + "printf 'capture' > \"$p\"; : > \"$s\"; exec sleep 30");
        Path pcap = dir.resolve("kept.pcap");
        PasstConfig cfg = new PasstConfig(GatewayAddressing.RUN).executable(fake.toString())
                .forwardTcp("127.0.0.1", 8080, 80).forwardUdp("127.0.0.1", 5353, 53).pcap(pcap);
        Passt p = Passt.start(cfg);
        assertTrue(p.isAlive());
        String line = Files.readString(args);
        assertEquals("198.18.0.2", arg(line, "-a"));
        assertEquals("24", arg(line, "-n"));
        assertEquals("198.18.0.1", arg(line, "-g"));
        assertEquals("198.18.0.1", arg(line, "-D"));
        assertEquals("198.18.0.1", arg(line, "--dns-forward"));
        assertEquals("127.0.0.1/8080:80", arg(line, "-t"));
        assertEquals("127.0.0.1/5353:53", arg(line, "-u"));
        assertEquals(p.socketPath().toString(), arg(line, "-s"));
        assertTrue(line.startsWith("-f -4 "), line);
        Path work = p.socketPath().getParent().getParent();
        p.close();
        assertFalse(p.isAlive());
        assertEquals("capture", Files.readString(pcap));
        assertFalse(Files.exists(work), "the working directory is removed");
    }
}
