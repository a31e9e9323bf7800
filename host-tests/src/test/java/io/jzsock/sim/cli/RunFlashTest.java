package io.jzsock.sim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jzsock.net.Errno;
import io.jzsock.tls.TlsCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} keeps the board's flash in a file: what {@code cred} provisions there, the board boots with. */
class RunFlashTest {
    @TempDir
    Path dir;

    private static int main(ByteArrayOutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
        assertEquals(Main.OK, rc, err.toString(StandardCharsets.UTF_8));
        return rc;
    }

    @Test
    void credentialsAddedWithCredAreFoundByTheBoardRunBootsOverTheSameFile() throws Exception {
        Path flash = dir.resolve("jzsock-board.flash");
        byte[] key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        Files.write(dir.resolve("k.der"), key);
        Files.write(dir.resolve("id"), "dev-1".getBytes(StandardCharsets.US_ASCII));
        main(new ByteArrayOutputStream(), "cred", "add", "--tag", "3", "--type", "key", "--non-exportable", "--flash",
                flash.toString(), dir.resolve("k.der").toString());
        main(new ByteArrayOutputStream(), "cred", "add", "--tag", "4", "--type", "psk-id", "--flash", flash.toString(),
                dir.resolve("id").toString());
        byte[] before = Files.readAllBytes(flash);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        main(out, "run", "--forwarder", "--port", "0", "--seconds", "1", "--pcap", dir.resolve("board.pcap").toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[nucleo_f767zi] flash: " + flash.toAbsolutePath() + " (loaded)\n"), text);
        assertTrue(text.contains("[nucleo_f767zi] credentials: 2 in flash sectors 2+3 (tag 3 key " + key.length
                + " B non-exportable, tag 4 psk-id 5 B), 0 dropped, "), text);
        assertTrue(text.contains("stopped; pcap: " + dir.resolve("board.pcap").toAbsolutePath() + ", flash: "
                + flash.toAbsolutePath()), text);
        assertTrue(text.contains("HTTPS certificate (P-256, self-signed, made now, tag 443)"), text);
        byte[] withIdentity = Files.readAllBytes(flash);
        assertFalse(Arrays.equals(before, withIdentity), "the first boot keeps its HTTPS identity in flash");

        out.reset();
        main(out, "run", "--forwarder", "--port", "0", "--seconds", "1", "--pcap", dir.resolve("board2.pcap").toString());
        text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("HTTPS certificate (P-256, self-signed, from flash, tag 443)"), text);
        assertArrayEquals(withIdentity, Files.readAllBytes(flash), "a board that only read its flash leaves the file alone");
    }

    @Test
    void whatTheBoardWritesSurvivesARestart() throws Exception {
        Path flash = dir.resolve("board.flash");
        byte[] psk = new byte[32];
        Arrays.fill(psk, (byte) 0x5A);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunCommand.Session s = RunCommand.Session.open(0, dir.resolve("a.pcap"), flash, new PrintStream(log, true));
        try {
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("(not there yet: erased flash)"), log.toString());
            TlsCredentials creds = s.board().credentials().credentials();
            assertEquals(0, creds.add(1, TlsCredentials.PSK, psk, 0, psk.length));
        } finally {
            s.close();
        }
        assertTrue(Files.exists(flash), "written back at close");

        log.reset();
        s = RunCommand.Session.open(0, dir.resolve("b.pcap"), flash, new PrintStream(log, true));
        try {
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("credentials: 3 in flash sectors 2+3 (tag 1 psk 32 B, tag 443 "), text);
            byte[] back = new byte[64];
            int[] len = {back.length};
            TlsCredentials creds = s.board().credentials().credentials();
            assertEquals(0, creds.get(1, TlsCredentials.PSK, back, 0, len));
            assertArrayEquals(psk, Arrays.copyOf(back, len[0]));
            assertEquals(-Errno.ENOENT, creds.get(2, TlsCredentials.PSK, back, 0, len));
        } finally {
            s.close();
        }
    }

    @Test
    void runRefusesTheFlashFileOfAnotherBoard() throws Exception {
        Path flash = dir.resolve("f429.flash");
        Files.write(dir.resolve("psk"), new byte[16]);
        main(new ByteArrayOutputStream(), "cred", "add", "--board", "f429zi", "--tag", "1", "--type", "psk", "--flash",
                flash.toString(), dir.resolve("psk").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"run", "--forwarder", "--port", "0", "--seconds", "1", "--pcap",
            dir.resolve("r.pcap").toString(), "--flash", flash.toString()}, new PrintStream(out, true),
                new PrintStream(err, true));
        assertEquals(Main.FAILED, rc);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("run: " + flash + " holds the flash of nucleo_f429zi (2048 KB), not of nucleo_f767zi"
                + " (2048 KB)"), e);
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("boot complete"));
    }
}
